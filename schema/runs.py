"""The run log through SQLAlchemy: ``import_runs`` (one per invocation) and ``import_files``.

A run row is committed as ``running`` before any file is touched. A run that
never finished (the process was killed) is marked ``interrupted`` by the next
run, which holds the import lock, so it cannot be mistaken for a live one.
The rows and the clock are :mod:`plantables.schema.runlog`'s, shared with the
``sqlite3`` run log of the no-op re-run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from plantables.schema.bulk import new_id
from plantables.schema.models import DocumentRow, ImportFile, ImportRun
from plantables.schema.runlog import (
    FAILED,
    INTERRUPTED,
    NOT_STORED,
    OK,
    RUNNING,
    file_row,
    finished_row,
    path_text,
    run_row,
    utcnow,
)

#: failures that were not the file's (it changed while read; the database refused it): read again
RETRIED = ("changed while it was being read", NOT_STORED)

__all__ = ["FAILED", "INTERRUPTED", "OK", "RUNNING", "SqlRunLog"]


class SqlRunLog:
    """:class:`~plantables.schema.runlog.RunLog` on a SQLAlchemy engine (any database)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def start(self) -> int:
        """Mark stale runs interrupted, then open (and commit) a new ``running`` run."""
        with self.engine.begin() as conn:
            now = utcnow()
            conn.execute(update(ImportRun).where(ImportRun.status == RUNNING).values(status=INTERRUPTED,
                                                                                     finished_at=now))
            return new_id(conn.execute(insert(ImportRun).values(**run_row(now))))

    def already_loaded(self, conn: Connection, path: Path) -> int | None:
        """A live document at this path with the same size and mtime."""
        st = path.stat()
        found: int | None = conn.execute(
            select(DocumentRow.id).where(
                DocumentRow.path == path_text(path), DocumentRow.size == st.st_size, DocumentRow.mtime == st.st_mtime,
                DocumentRow.missing_since.is_(None),
            ).limit(1)
        ).scalar()
        return found

    def record_file(self, conn: Connection, run_id: int, path: str, status: str, **fields: Any) -> None:
        """One file's outcome, and the run's counters with it (same transaction), so a run that
        is killed shows exactly what it committed."""
        conn.execute(insert(ImportFile).values(**file_row(run_id, path, status, **fields)))
        counter = {"imported": ImportRun.files_imported, "skipped": ImportRun.files_skipped,
                   "failed": ImportRun.files_failed}.get(status)
        values = {ImportRun.files_seen: ImportRun.files_seen + 1}
        if counter is not None:
            values[counter] = counter + 1
        conn.execute(update(ImportRun).where(ImportRun.id == run_id).values(values))

    def failed_before(self, conn: Connection, path: str, sha256: str) -> str | None:
        """The error of this file's latest recorded outcome, if that was a failure of this very content."""
        row = conn.execute(
            select(ImportFile.status, ImportFile.sha256, ImportFile.error)
            .where(ImportFile.path == path).order_by(ImportFile.id.desc()).limit(1)
        ).first()
        if (row is not None and row.status == FAILED and row.sha256 == sha256
                and not any(why in (row.error or "") for why in RETRIED)):  # those are worth a retry
            return row.error or "failed"
        return None

    def finish(self, run_id: int, status: str, *, seen: int, imported: int, skipped: int, failed: int,
               errors: list[str]) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(ImportRun).where(ImportRun.id == run_id).values(
                **finished_row(status, seen=seen, imported=imported, skipped=skipped, failed=failed, errors=errors)))
