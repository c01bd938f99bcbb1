"""The single database writer: discover, skip what is loaded, load what a backend read, record the run.

:func:`import_paths` discovers the files, takes the import lock, and runs one
loop (:func:`read_ahead`) over them whatever the backend: a file already
loaded (same size and mtime, or same content) is recorded as skipped without
being read; any other goes to the backend (``pipeline/backends/``) and what
comes back is loaded in its own transaction and recorded in ``import_runs`` /
``import_files``. A re-run over unchanged files of a SQLite database is decided
and recorded by :mod:`plantables.schema.unchanged` before SQLAlchemy is even
imported.

A bad file costs one recorded one-line error; the batch goes on (unless
``fail_fast``). Nothing is half-written: a document and its ``import_files``
row commit together.
"""

from __future__ import annotations

import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plantables.pipeline.files import discover, file_info, path_text, settled
from plantables.pipeline.results import (
    DEFERRED,
    FAILED,
    IMPORTED,
    NOT_A_PLAN,
    PRUNED,
    SKIPPED,
    FileResult,
    ImportResult,
    ImportSettings,
)
from plantables.schema import unchanged
from plantables.schema.db import resolve_db_url
from plantables.schema.lock import import_lock, sqlite_file_lock
from plantables.schema.runlog import NOT_STORED, safe_text

# SQLAlchemy, the loader, the backends and the readers are imported when a file needs them:
# a re-run over unchanged files (schema/unchanged.py) ends before that
if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from plantables.pipeline.backends.base import Backend, Outcome
    from plantables.schema.loader import FileInfo
    from plantables.schema.runs import SqlRunLog

log = logging.getLogger("plantables.import")


def import_paths(
    paths: Iterable[str | os.PathLike[str]],
    *,
    db: str | os.PathLike[str] | None = None,
    organisation: str | None = None,
    settings: ImportSettings | None = None,
    on_start: Callable[[int], None] | None = None,
    on_file: Callable[[FileResult], None] | None = None,
) -> ImportResult:
    """Import files and folders into ``db``; see the module docstring.

    Raises ``UsageError`` for a missing path, ``ImportLocked`` when another
    import holds the database (and ``settings.wait`` is false) and
    ``ExecutorError`` when the executor cannot run.
    """
    settings = settings or ImportSettings()
    if organisation:
        settings.organisation = organisation
    roots = [_resolved(Path(p)) for p in paths]
    unreadable: list[tuple[str, str]] = []
    files, deferred = settled(discover(roots, settings.exclude, unreadable), settings.min_age_s)
    problems = [(*p, FAILED) for p in unreadable] + [(*p, DEFERRED) for p in deferred]
    result = ImportResult(None, resolve_db_url(db))
    db_file = unchanged.sqlite_file(result.db_url)
    # Dask: even a no-op run connects to the scheduler (and fails when it is down), so it runs in full
    plain_names = not problems and all(path_text(f) == str(f) for f in files)
    if (db_file is not None and db_file.is_file() and not settings.prune and settings.executor == "process"
            and plain_names):
        with sqlite_file_lock(db_file, wait=settings.wait) as identity:
            done = unchanged.record_if_unchanged(db_file, files)
            if done is not None:
                result.run_id, skipped = done
                if on_start:
                    on_start(len(files))
                for name, doc_id, seconds in skipped:
                    log.info("%s: already loaded (document %s)", name, doc_id)
                    result.files.append(FileResult(name, SKIPPED, seconds, document_id=doc_id))
                    if on_file:
                        on_file(result.files[-1])
                return result
            return _run(result, files, roots, settings, on_start, on_file, held=(identity, db_file),
                        problems=problems)
    return _run(result, files, roots, settings, on_start, on_file, problems=problems)


def _resolved(p: Path) -> Path:
    """``p`` made absolute through its symlinks; a loop stays as named (discover reports it)."""
    try:
        return p.resolve()
    except (OSError, RuntimeError):
        return p.absolute()


def _run(result: ImportResult, files: list[Path], roots: list[Path], settings: ImportSettings,
         on_start: Callable[[int], None] | None, on_file: Callable[[FileResult], None] | None,
         *, held: tuple[tuple[int, int], Path] | None = None,
         problems: list[tuple[str, str, str]] | None = None) -> ImportResult:
    """The full pipeline; ``held``: the SQLite file's identity and path when the caller holds its lock."""
    backend = None
    if settings.executor == "process" and files:
        # workers start now: their start-up overlaps the writer's (SQLAlchemy, migrations, lock);
        # a Dask client is made in the loop, so a scheduler that cannot be reached ends a recorded run
        from plantables.pipeline.backends import make_backend

        backend = make_backend(settings)
        backend.start(len(files))
    try:
        from plantables.normalise.config import using

        with using(settings.config):  # the lead matcher's thresholds and glossary, in the writer
            return _run_writer(result, files, roots, settings, on_start, on_file, held, backend, problems or [])
    finally:
        if backend is not None:
            backend.close()  # already closed when the files were read; not when the run stopped before


def _run_writer(result: ImportResult, files: list[Path], roots: list[Path], settings: ImportSettings,
                on_start: Callable[[int], None] | None, on_file: Callable[[FileResult], None] | None,
                held: tuple[tuple[int, int], Path] | None, backend: Backend | None,
                problems: list[tuple[str, str, str]]) -> ImportResult:
    from plantables.schema import runs
    from plantables.schema.db import ensure_schema, open_engine
    from plantables.schema.lock import sqlite_lock_guard

    log.info("%d files to look at; database %s", len(files), engine_label(result.db_url))
    engine = open_engine(result.db_url, upgrade_schema=False)  # migrations run under the lock, below
    run_log = runs.SqlRunLog(engine)
    try:
        with sqlite_lock_guard(engine, *held) if held else import_lock(engine, wait=settings.wait):
            log.info("import lock taken")
            ensure_schema(engine)
            run_id = result.run_id = run_log.start()
            if on_start:
                on_start(len(files) + len(problems))
            try:
                for path, reason, status in problems:  # FIFOs, loops, unlistable folders; files being written
                    error = f"{path}: {reason}"
                    with engine.begin() as conn:
                        run_log.record_file(conn, run_id, path, status, error=error)
                    log.log(logging.ERROR if status == FAILED else logging.WARNING, "%s", error)
                    result.files.append(FileResult(path, status, error=error))
                    if on_file:
                        on_file(result.files[-1])
                for fr in _file_results(engine, run_log, files, run_id, settings, backend):
                    result.files.append(fr)
                    if on_file:
                        on_file(fr)
                    if fr.status == FAILED and settings.fail_fast:
                        log.warning("stopping at the first failure (--fail-fast)")
                        break
                if settings.prune:
                    result.files += prune_missing(engine, run_log, run_id, roots, {path_text(f) for f in files})
            except BaseException:
                result.interrupted = True
                _finish(run_log, result, runs.INTERRUPTED)
                raise
            _finish(run_log, result, runs.FAILED if result.failed else runs.OK)
    finally:
        engine.dispose()
    return result


def engine_label(url: str) -> str:
    """The database URL without its password (for the log)."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _finish(run_log: SqlRunLog, result: ImportResult, status: str) -> None:
    assert result.run_id is not None
    run_log.finish(result.run_id, status, seen=len(result.files), imported=result.count(IMPORTED),
                   skipped=result.count(SKIPPED), failed=result.count(FAILED),
                   errors=[f.error for f in result.failed if f.error])


def read_ahead(
    files: Iterable[Path],
    backend: Backend,
    needs_reading: Callable[[Path], bool],
    options: dict[str, Any],
    *,
    window: int,
) -> Iterator[tuple[Path, Outcome | None]]:
    """``(file, outcome)`` in file order, reading up to ``window`` files ahead on ``backend``.

    ``outcome`` is None for a file ``needs_reading`` said is loaded already
    (nothing was sent for it). Files are taken from ``files`` lazily, so no more
    than ``window`` documents are in flight or waiting: memory stays flat as
    the corpus grows, and documents are loaded in discovery order (editions of
    one plan numbered as a one-at-a-time run numbers them).
    """
    window = max(window, 1)
    pending: deque[tuple[int, Path, bool]] = deque()  # taken, not yet yielded, in order
    queued: deque[tuple[int, Path]] = deque()  # to send when a slot is free
    finished: dict[int, Outcome] = {}
    source = iter(files)
    seq = 0
    while True:
        while len(pending) < window:
            path = next(source, None)
            if path is None:
                break
            need = needs_reading(path)
            pending.append((seq, path, need))
            if need:
                queued.append((seq, path))
            seq += 1
        while queued and backend.free > 0:
            s, path = queued.popleft()
            backend.submit(s, str(path), options)
        if not pending:
            return
        head, path, need = pending[0]
        if not need:
            pending.popleft()
            yield path, None
        elif head in finished:
            pending.popleft()
            yield path, finished.pop(head)
        else:
            for s, outcome in backend.poll(1.0):
                finished[s] = outcome


def _file_results(engine: Engine, run_log: SqlRunLog, files: list[Path], run_id: int, settings: ImportSettings,
                  backend: Backend | None = None) -> Iterator[FileResult]:
    """The ``FileResult`` of each file, in order, the reading done by ``backend`` (made here if None).

    Only files that need reading are sent: one already loaded (size + mtime, or
    its content) is skipped without reading, so a second run over an unchanged
    folder starts no worker. ``backend`` is closed here either way.
    """
    from plantables.pipeline.backends import make_backend
    from plantables.schema.loader import find_loaded

    check = engine.connect()  # one connection for every look-up, each in its own short transaction

    def needs_reading(path: Path) -> bool:
        # only a hint: the writer checks again, and reads here if the hint was wrong
        try:
            if run_log.already_loaded(check, path) is not None:
                return False
            sha256 = file_info(path).sha256
            return find_loaded(check, sha256) is None and (
                settings.retry_failed or run_log.failed_before(check, path_text(path), sha256) is None)
        except OSError:
            return False  # the writer records the error
        finally:
            check.rollback()  # no snapshot held open while the writer commits

    try:
        if backend is None:
            backend = make_backend(settings)
            backend.start(len(files))
        options = dict(organisation=settings.organisation, config=settings.config, **settings.reader_options)
        try:
            for path, outcome in read_ahead(files, backend, needs_reading, options, window=backend.window):
                yield _import_one(engine, run_log, path, run_id, settings, outcome)
        finally:
            backend.close()
    finally:
        check.close()


def _import_one(engine: Engine, run_log: SqlRunLog, path: Path, run_id: int, settings: ImportSettings,
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


def prune_missing(engine: Engine, run_log: SqlRunLog, run_id: int, roots: list[Path],
                  present: set[str] | frozenset[str] = frozenset()) -> list[FileResult]:
    """Mark (never delete) documents under ``roots`` whose files are gone."""
    from sqlalchemy import select, update

    from plantables.schema.models import DocumentRow
    from plantables.schema.runlog import utcnow

    results: list[FileResult] = []
    with engine.begin() as conn:
        rows = conn.execute(
            select(DocumentRow.id, DocumentRow.path).where(DocumentRow.missing_since.is_(None))
        ).all()
        for doc_id, doc_path in rows:
            p = Path(doc_path)
            under = any(p == r or r in p.parents for r in roots)
            if under and doc_path not in present and not p.exists():
                conn.execute(update(DocumentRow).where(DocumentRow.id == doc_id).values(missing_since=utcnow()))
                run_log.record_file(conn, run_id, doc_path, PRUNED, document_id=doc_id)
                results.append(FileResult(doc_path, PRUNED, document_id=doc_id))
                log.warning("%s: file is gone; document %s marked missing", doc_path, doc_id)
    return results
