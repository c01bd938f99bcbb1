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
from datetime import datetime, timezone
from pathlib import Path

from plantables.schema.db import SQLITE_BUSY_TIMEOUT_MS, _sqlite_pragmas, head_revision

#: how SQLAlchemy stores a DateTime in SQLite (always with microseconds)
_SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"


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


def _now() -> str:
    return datetime.now(timezone.utc).replace(tzinfo=None).strftime(_SQLITE_DATETIME)


def record_if_unchanged(db_file: Path, files: list[Path]) -> tuple[int, list[tuple[str, int, float]]] | None:
    """If every file is loaded unchanged, record the run: ``(run_id, [(path, document_id, seconds)])``.

    Otherwise (or on any SQLite error) nothing is written and the result is None.
    """
    if not db_file.is_file():  # sqlite3 would create it; a new database takes the full pipeline
        return None
    started_at = _now()
    try:
        conn = sqlite3.connect(db_file, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        _sqlite_pragmas(conn, None)
        # the write lock from the start: the check and the records are one snapshot
        conn.execute("BEGIN IMMEDIATE")
        try:
            skipped = _match(conn, files)
            if skipped is None:
                conn.execute("ROLLBACK")
                return None
            run_id = _record(conn, started_at, skipped)
            conn.execute("COMMIT")
        except sqlite3.Error:
            conn.execute("ROLLBACK")
            raise
        except BaseException:  # Ctrl-C, SIGTERM: recorded as the pipeline records them
            conn.execute("ROLLBACK")
            try:
                _record_interrupted(conn, started_at)
            except sqlite3.Error:
                pass
            raise
        return run_id, skipped
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def _match(conn: sqlite3.Connection, files: list[Path]) -> list[tuple[str, int, float]] | None:
    """``(path, document_id, seconds)`` of every file, None if one is not loaded unchanged."""
    versions = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    if versions != [(head_revision(),)]:
        return None
    out = []
    for f in files:
        t = time.monotonic()
        name = str(f)
        try:
            st = os.stat(f)
        except OSError:
            return None  # the pipeline records the error
        # one indexed look-up per file (what the pipeline asks, lowest id as its path index
        # finds it): the cost follows the files imported, not the documents loaded
        row = conn.execute(
            "SELECT id FROM documents WHERE path = ? AND size = ? AND mtime = ? AND missing_since IS NULL "
            "ORDER BY id LIMIT 1", (name, st.st_size, st.st_mtime),
        ).fetchone()
        if row is None:
            return None
        out.append((name, row[0], time.monotonic() - t))
    return out


def _record(conn: sqlite3.Connection, started_at: str, skipped: list[tuple[str, int, float]]) -> int:
    """Write the run as the pipeline does (``schema.runs``); its id."""
    conn.execute("UPDATE import_runs SET status = 'interrupted', finished_at = ? WHERE status = 'running'",
                 (started_at,))
    run_id = conn.execute(
        "INSERT INTO import_runs (started_at, status, pid, host, files_seen, files_imported, files_skipped, "
        "files_failed) VALUES (?, 'running', ?, ?, 0, 0, 0, 0)",
        (started_at, os.getpid(), host_name()),
    ).lastrowid
    conn.executemany(
        "INSERT INTO import_files (run_id, path, status, document_id, duration_s) VALUES (?, ?, 'skipped', ?, ?)",
        [(run_id, name, doc_id, seconds) for name, doc_id, seconds in skipped],
    )
    n = len(skipped)
    conn.execute(
        "UPDATE import_runs SET status = 'ok', finished_at = ?, files_seen = ?, files_imported = 0, "
        "files_skipped = ?, files_failed = 0, errors = NULL WHERE id = ?",
        (_now(), n, n, run_id),
    )
    return run_id


def _record_interrupted(conn: sqlite3.Connection, started_at: str) -> None:
    conn.execute(
        "INSERT INTO import_runs (started_at, finished_at, status, pid, host, files_seen, files_imported, "
        "files_skipped, files_failed) VALUES (?, ?, 'interrupted', ?, ?, 0, 0, 0, 0)",
        (started_at, _now(), os.getpid(), host_name()),
    )


def host_name() -> str:
    """The host recorded in ``import_runs`` (the kernel's node name: what ``socket.gethostname`` returns,
    without importing ``socket``)."""
    try:
        return os.uname().nodename[:255]
    except AttributeError:  # Windows
        import socket

        return socket.gethostname()[:255]
