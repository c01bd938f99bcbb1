"""The run log (``import_runs`` / ``import_files``): one protocol, its columns and its clock.

Two implementations write it: :class:`plantables.schema.runs.SqlRunLog`
(SQLAlchemy, every full import) and :class:`plantables.schema.unchanged.SqliteRunLog`
(the stdlib ``sqlite3``, for the no-op re-run that ends before SQLAlchemy is
imported). Both build their rows with :func:`run_row`, :func:`run_counts` and
:func:`file_row` (one column list), stamp them with :func:`utcnow` and, in
SQLite, write times as :data:`SQLITE_DATETIME` (SQLAlchemy's own format), so a
run looks the same whichever wrote it (tests/integration/test_unchanged_rerun.py compares
them row for row). This module imports nothing heavy.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol, TypeVar

RUNNING, OK, FAILED, INTERRUPTED = "running", "ok", "failed", "interrupted"

#: how SQLAlchemy stores a DateTime in SQLite (always with microseconds)
SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"
#: a file's failure that was the database's (disk full, connection lost), not the file's: the
#: next run reads it again even without --retry-failed
NOT_STORED = "the database could not store it"

Conn = TypeVar("Conn", contravariant=True)


def path_text(path: str | os.PathLike[str]) -> str:
    """A path as text the database takes: a name that is not UTF-8 keeps its other characters and
    shows each undecodable byte as ``\\xNN`` (the file itself is still opened by its real name)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def safe_text(text: str) -> str:
    """Text that may hold a non-UTF-8 file name (surrogate escapes) as the database takes it."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def utcnow() -> datetime:
    """Now, in UTC, without a time zone (how every timestamp of the database is stored)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def host_name() -> str:
    """The host recorded in ``import_runs`` (the kernel's node name: what ``socket.gethostname`` returns,
    without importing ``socket``)."""
    try:
        return os.uname().nodename[:255]
    except AttributeError:  # Windows
        import socket

        return socket.gethostname()[:255]


def run_row(started_at: datetime, status: str = RUNNING) -> dict[str, Any]:
    """The columns of a new ``import_runs`` row."""
    return {"started_at": started_at, "status": status, "pid": os.getpid(), "host": host_name(),
            **run_counts(seen=0, imported=0, skipped=0, failed=0)}


def run_counts(*, seen: int, imported: int, skipped: int, failed: int) -> dict[str, Any]:
    """The file counts of an ``import_runs`` row."""
    return {"files_seen": seen, "files_imported": imported, "files_skipped": skipped, "files_failed": failed}


def finished_row(status: str, *, seen: int, imported: int, skipped: int, failed: int,
                 errors: list[str]) -> dict[str, Any]:
    """The columns a finished run updates."""
    return {"status": status, "finished_at": utcnow(), **run_counts(seen=seen, imported=imported,
            skipped=skipped, failed=failed), "errors": "\n".join(errors) or None}


def file_row(run_id: int, path: str, status: str, *, sha256: str | None = None, document_id: int | None = None,
             duration_s: float | None = None, rows: int | None = None, error: str | None = None,
             warnings: list[str] | None = None) -> dict[str, Any]:
    """The columns of an ``import_files`` row."""
    return {"run_id": run_id, "path": safe_text(path), "sha256": sha256, "status": status,
            "document_id": document_id, "duration_s": duration_s, "rows": rows,
            "error": None if error is None else safe_text(error),
            "warnings": safe_text("\n".join(warnings or [])) or None}


class RunLog(Protocol[Conn]):
    """Where an import records its run. ``Conn``: the connection a file's record is written on
    (the one its document is loaded on, so both commit together)."""

    def start(self) -> int:
        """Mark runs left ``running`` interrupted and open a new run; its id."""
        ...

    def already_loaded(self, conn: Conn, path: Path) -> int | None:
        """A live document at this path with the file's size and mtime (the pre-check), or None."""
        ...

    def record_file(self, conn: Conn, run_id: int, path: str, status: str, **fields: Any) -> None:
        """One ``import_files`` row (``fields``: those of :func:`file_row`)."""
        ...

    def finish(self, run_id: int, status: str, *, seen: int, imported: int, skipped: int, failed: int,
               errors: list[str]) -> None:
        """Close the run with its status and counts."""
        ...
