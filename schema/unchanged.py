"""The no-op re-run of a SQLite database, decided and recorded without SQLAlchemy.

Importing a folder that is already loaded is the common nightly case, and the
full pipeline spends most of such a run importing SQLAlchemy, the readers and
the normaliser only to skip every file. For a plain ``sqlite:///FILE``
database, :func:`record_if_unchanged` checks with the stdlib ``sqlite3`` module
instead — the schema is at the newest migration, and every file's size and
mtime match a live document (one ``stat`` and one indexed query per file,
the pipeline's pre-check) — and then writes what the
pipeline would have written: stale ``running`` runs marked interrupted, an
``import_runs`` row (``ok``, every file skipped) and one ``skipped``
``import_files`` row per file, in one transaction. In any other case (a file
new or changed, another database, a schema to migrate, any SQLite error) it
writes nothing and returns None: the caller runs the full pipeline.

The caller holds the import lock (:func:`plantables.schema.lock.sqlite_file_lock`).
"""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from plantables.schema.db import SQLITE_BUSY_TIMEOUT_MS, _sqlite_pragmas, head_revision
from plantables.schema.runlog import (
    INTERRUPTED,
    OK,
    RUNNING,
    SQLITE_DATETIME,
    file_row,
    finished_row,
    host_name,
    run_row,
    utcnow,
)

__all__ = ["SqliteRunLog", "host_name", "record_if_unchanged", "sqlite_file"]


def sqlite_file(url: str) -> Path | None:
    """The database file of a plain ``sqlite:///PATH`` URL (what ``--db PATH`` resolves to).

    None for anything this module does not handle alike to SQLAlchemy — other
    databases, drivers, query strings, escapes, in-memory SQLite — so those
    take the full pipeline.
    """
    prefix = "sqlite:///"
    if not url.startswith(prefix) or any(c in url for c in "?%#"):
        return None
    database = url[len(prefix):]
    if not database or database == ":memory:":
        return None
    return Path(database)


def record_if_unchanged(db_file: Path, files: list[Path]) -> tuple[int, list[tuple[str, int, float]]] | None:
    """If every file is loaded unchanged, record the run: ``(run_id, [(path, document_id, seconds)])``.

    Otherwise (or on any SQLite error) nothing is written and the result is None.
    """
    if not db_file.is_file():  # sqlite3 would create it; a new database takes the full pipeline
        return None
    started_at = utcnow()
    try:
        conn = sqlite3.connect(db_file, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error:
        return None
    log = SqliteRunLog(conn, started_at)
    try:
        _sqlite_pragmas(conn, None)
        # the write lock from the start: the check and the records are one snapshot
        conn.execute("BEGIN IMMEDIATE")
        try:
            skipped = _match(log, files)
            if skipped is None:
                conn.execute("ROLLBACK")
                return None
            run_id = log.start()
            for name, doc_id, seconds in skipped:
                log.record_file(conn, run_id, name, "skipped", document_id=doc_id, duration_s=seconds)
            n = len(skipped)
            log.finish(run_id, OK, seen=n, imported=0, skipped=n, failed=0, errors=[])
            conn.execute("COMMIT")
        except sqlite3.Error:
            conn.execute("ROLLBACK")
            raise
        except BaseException:  # Ctrl-C, SIGTERM: recorded as the pipeline records them
            conn.execute("ROLLBACK")
            try:
                log.finish(log.start(), INTERRUPTED, seen=0, imported=0, skipped=0, failed=0, errors=[])
            except sqlite3.Error:
                pass
            raise
        return run_id, skipped
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def _match(log: SqliteRunLog, files: list[Path]) -> list[tuple[str, int, float]] | None:
    """``(path, document_id, seconds)`` of every file, None if one is not loaded unchanged."""
    versions = log.conn.execute("SELECT version_num FROM alembic_version").fetchall()
    if versions != [(head_revision(),)]:
        return None
    out = []
    for f in files:
        t = time.monotonic()
        try:
            doc_id = log.already_loaded(log.conn, f)
        except OSError:
            return None  # the pipeline records the error
        if doc_id is None:
            return None
        out.append((str(f), doc_id, time.monotonic() - t))
    return out


class SqliteRunLog:
    """:class:`~plantables.schema.runlog.RunLog` on a stdlib ``sqlite3`` connection (the caller's transaction).

    Rows as :mod:`plantables.schema.runlog` builds them; times as SQLAlchemy writes them.
    """

    def __init__(self, conn: sqlite3.Connection, started_at: datetime) -> None:
        self.conn = conn
        self.started_at = started_at

    def start(self) -> int:
        started = self.started_at.strftime(SQLITE_DATETIME)
        self.conn.execute("UPDATE import_runs SET status = ?, finished_at = ? WHERE status = ?",
                          (INTERRUPTED, started, RUNNING))
        run_id = self._insert("import_runs", run_row(self.started_at))
        assert run_id is not None
        return run_id

    def already_loaded(self, conn: sqlite3.Connection, path: Path) -> int | None:
        st = os.stat(path)
        # one indexed look-up per file (what the pipeline asks, lowest id as its path index
        # finds it): the cost follows the files imported, not the documents loaded
        row = conn.execute(
            "SELECT id FROM documents WHERE path = ? AND size = ? AND mtime = ? AND missing_since IS NULL "
            "ORDER BY id LIMIT 1", (str(path), st.st_size, st.st_mtime),
        ).fetchone()
        return None if row is None else int(row[0])

    def record_file(self, conn: sqlite3.Connection, run_id: int, path: str, status: str, **fields: Any) -> None:
        self._insert("import_files", file_row(run_id, path, status, **fields), conn)

    def finish(self, run_id: int, status: str, *, seen: int, imported: int, skipped: int, failed: int,
               errors: list[str]) -> None:
        row = _stored(finished_row(status, seen=seen, imported=imported, skipped=skipped, failed=failed,
                                   errors=errors))
        self.conn.execute(f"UPDATE import_runs SET {', '.join(f'{c} = ?' for c in row)} WHERE id = ?",
                          (*row.values(), run_id))

    def _insert(self, table: str, row: dict[str, Any], conn: sqlite3.Connection | None = None) -> int | None:
        row = _stored(row)
        sql = f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})"
        return (conn or self.conn).execute(sql, tuple(row.values())).lastrowid


def _stored(row: dict[str, Any]) -> dict[str, Any]:
    """Times as SQLAlchemy stores a DateTime in SQLite."""
    return {k: v.strftime(SQLITE_DATETIME) if isinstance(v, datetime) else v for k, v in row.items()}
