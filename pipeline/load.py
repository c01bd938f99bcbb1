"""One file into the database: skipped when its content is loaded, recorded again when it failed before
unchanged, else loaded from what the backend read; every outcome recorded in the run (``import_files``)
in the same transaction as the document."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

from plantables.pipeline.files import file_info, path_text
from plantables.pipeline.results import FAILED, IMPORTED, NOT_A_PLAN, SKIPPED, FileResult, ImportSettings
from plantables.schema.runlog import NOT_STORED, safe_text

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from plantables.pipeline.backends.base import Outcome
    from plantables.schema.loader import FileInfo
    from plantables.schema.runs import SqlRunLog

log = logging.getLogger("plantables.import")


def import_one(engine: Engine, run_log: SqlRunLog, path: Path, run_id: int, settings: ImportSettings,
                outcome: Outcome | None) -> FileResult:
    """Check and load one file, recording it in the run; ``outcome``: what the backend read
    (None when the hint said the file is loaded: if it is not, it is read here)."""
    from sqlalchemy import update

    from plantables.extract.model import ExtractError
    from plantables.pipeline.backends.base import ReaderFailed
    from plantables.schema.loader import FileInfo, find_loaded, load_document
    from plantables.schema.models import DocumentRow

    # the file's time counts its reading on the worker, then the writer's work
    started = time.monotonic() - (outcome.read_seconds if outcome else 0.0)
    name = path_text(path)
    info = None
    try:
        with engine.begin() as conn:
            doc_id = run_log.already_loaded(conn, path)
            if doc_id is None:
                info = file_info(path)
                doc_id = find_loaded(conn, info.sha256)
            if doc_id is not None:
                # content already loaded: only note it (and that a pruned file came back;
                # the size+mtime check only matches documents that are not missing)
                if info is not None:
                    conn.execute(update(DocumentRow).where(DocumentRow.id == doc_id).values(missing_since=None))
                run_log.record_file(conn, run_id, name, SKIPPED, sha256=info.sha256 if info else None,
                                 document_id=doc_id, duration_s=time.monotonic() - started)
                log.info("%s: already loaded (document %s)", name, doc_id)
                return FileResult(name, SKIPPED, time.monotonic() - started, document_id=doc_id)
        assert info is not None
        if not settings.retry_failed:
            with engine.connect() as conn:
                before = run_log.failed_before(conn, name, info.sha256)
            if before is not None:
                return _record_failed_again(engine, run_log, run_id, name, info, before)
        if outcome is None:
            from plantables.pipeline.backends.inline import read_now

            options = dict(organisation=settings.organisation, config=settings.config, **settings.reader_options)
            outcome = read_now(name, options, settings.max_seconds_per_file, settings.max_memory_mb)
        plan = outcome.result(name)
        if outcome.read_info is not None and outcome.read_info[0] != info.sha256:
            # the file changed between the look-up and the read: store what was read, under its own hash
            info = FileInfo(name, *outcome.read_info)
            with engine.connect() as conn:
                doc_id = find_loaded(conn, info.sha256)
            if doc_id is not None:
                with engine.begin() as conn:
                    run_log.record_file(conn, run_id, name, SKIPPED, sha256=info.sha256, document_id=doc_id,
                                        duration_s=time.monotonic() - started)
                return FileResult(name, SKIPPED, time.monotonic() - started, document_id=doc_id)
        with engine.begin() as conn:
            loaded = load_document(conn, plan, info, run_id=run_id)
            duration = time.monotonic() - started
            run_log.record_file(conn, run_id, name, IMPORTED, sha256=info.sha256, document_id=loaded.document_id,
                             duration_s=duration, rows=loaded.actions, warnings=plan.warnings)
        log.info("%s: %d actions (edition %d)", name, loaded.actions, loaded.edition)
        for warning in plan.warnings:
            log.warning("%s: %s", name, warning)
        return FileResult(name, IMPORTED, duration, loaded.actions, None, loaded.document_id, list(plan.warnings))
    except ExtractError as exc:
        if exc.kind == NOT_A_PLAN:
            return _record_not_a_plan(engine, run_log, run_id, name, info, exc.reason, started)
        error = str(exc)
    except (TimeoutError, OSError, ReaderFailed) as exc:
        error = f"{name}: {exc}"
    except Exception as exc:  # a loader bug must not stop the batch; one line, traceback at debug
        log.debug("unexpected error on %s", name, exc_info=True)
        orig = getattr(exc, "orig", None)  # a database error (disk full …): the driver's words, read again next run
        error = f"{name}: {type(exc).__name__}: {exc}" if orig is None else f"{name}: {NOT_STORED}: {orig}"
    error = safe_text(" ".join(error.split()))
    duration = time.monotonic() - started
    with engine.begin() as conn:
        run_log.record_file(conn, run_id, name, FAILED, sha256=info.sha256 if info else None,
                         duration_s=duration, error=error)
    log.error("%s", error)
    return FileResult(name, FAILED, duration, error=error)


AGAIN = "(unchanged since it failed; --retry-failed reads it again)"


def _record_failed_again(engine: Engine, run_log: SqlRunLog, run_id: int, name: str, info: FileInfo,
                         before: str) -> FileResult:
    """A file that failed before with this very content: not read again, the failure recorded again."""
    error = before if before.endswith(AGAIN) else f"{before} {AGAIN}"
    with engine.begin() as conn:
        run_log.record_file(conn, run_id, name, FAILED, sha256=info.sha256, duration_s=0.0, error=error)
    log.error("%s", error)
    return FileResult(name, FAILED, 0.0, error=error)


def _record_not_a_plan(engine: Engine, run_log: SqlRunLog, run_id: int, name: str, info: FileInfo | None,
                       reason: str, started: float) -> FileResult:
    """A document with no plan table: recorded (status, one-line reason), no actions, not a failure."""
    reason = " ".join(reason.split())
    duration = time.monotonic() - started
    with engine.begin() as conn:
        run_log.record_file(conn, run_id, name, NOT_A_PLAN, sha256=info.sha256 if info else None,
                         duration_s=duration, error=reason)
    log.warning("%s: %s", name, reason)
    return FileResult(name, NOT_A_PLAN, duration, error=reason)
