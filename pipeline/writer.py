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
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from plantables.pipeline.files import discover, file_info, path_text, settled
from plantables.pipeline.load import import_one
from plantables.pipeline.prune import prune_missing
from plantables.pipeline.readahead import read_ahead
from plantables.pipeline.results import (
    DEFERRED,
    FAILED,
    IMPORTED,
    SKIPPED,
    FileResult,
    ImportResult,
    ImportSettings,
)
from plantables.schema import unchanged
from plantables.schema.db import resolve_db_url
from plantables.schema.lock import import_lock, sqlite_file_lock

# SQLAlchemy, the loader, the backends and the readers are imported when a file needs them:
# a re-run over unchanged files (schema/unchanged.py) ends before that
if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from plantables.pipeline.backends.base import Backend
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
                yield import_one(engine, run_log, path, run_id, settings, outcome)
        finally:
            backend.close()
    finally:
        check.close()
