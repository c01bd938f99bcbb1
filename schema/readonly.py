"""Connections that cannot write, whatever one statement says; the read-only role.

``plantables query`` checks its SQL first (schema/sqlguard.py); these are the
database's own guarantees under that check:

* SQLite: the file opened ``mode=ro`` through a URI built from the path's bytes
  (so ``#``, ``?`` and ``%41`` in a name are that file, not a query string or
  an escape), ``PRAGMA query_only``, and an authorizer that allows reading only:
  no ATTACH, no writes, no schema or pragma changes, no transaction control.
* PostgreSQL: the session's transactions are ``READ ONLY`` and the statement is
  sent in the extended protocol (psycopg ``prepare=True``), which takes exactly
  one statement: it cannot ``COMMIT`` and start a read-write transaction.
* MariaDB/MySQL: ``START TRANSACTION READ ONLY``; PyMySQL does not enable
  multi-statements, so the server takes exactly one statement.

On the servers the real guarantee is a role that can only read:
:func:`create_reader` makes one (``plantables db create-reader``).
"""

from __future__ import annotations

import os
import re
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from plantables.schema.db import SQLITE_BUSY_TIMEOUT_MS, resolve_db_url, sqlite_path
from plantables.schema.sqlguard import DENIED_FUNCTIONS

_READ_ACTIONS = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_RECURSIVE}
# pragmas that only describe the schema (their table-valued forms are how analysts list columns)
_READ_PRAGMAS = {"table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo",
                 "foreign_key_list", "function_list", "module_list", "pragma_list", "collation_list"}
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}\Z")


class ReadOnlyError(ValueError):
    """The database cannot be opened for reading (missing file, bad URL …)."""


def sqlite_uri(path: str | os.PathLike, mode: str = "ro") -> str:
    """A ``file:`` URI naming exactly ``path`` (every byte outside [A-Za-z0-9/._-~] percent-encoded)."""
    raw = os.fsencode(Path(path).resolve())
    return f"file:{quote(raw, safe='/')}?mode={mode}"


def _authorize(action: int, arg1: str | None, arg2: str | None, _db: str | None, _trigger: str | None) -> int:
    if action in _READ_ACTIONS:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_FUNCTION:
        return sqlite3.SQLITE_DENY if (arg2 or "").lower() in DENIED_FUNCTIONS else sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_UPDATE and arg1 in ("sqlite_master", "sqlite_temp_master"):
        # SQLite asks this while (re)loading the schema; mode=ro and query_only stop a real write
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA and (arg1 or "").lower() in _READ_PRAGMAS:  # pragma_table_info(…)
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def open_sqlite_readonly(path: str | os.PathLike) -> sqlite3.Connection:
    """``path`` opened read-only with the authorizer installed."""
    if not Path(path).is_file():
        raise ReadOnlyError(f"no database at {path}")
    uri = sqlite_uri(path)
    folder = Path(path).resolve().parent
    wal = Path(f"{path}-wal")
    if not os.access(folder, os.W_OK) and not (wal.exists() and wal.stat().st_size > 0):
        # a WAL database opened read-only needs to create its -shm beside it; in a folder that
        # cannot be written (a read-only mount, a copy on a CD) with no pending WAL, the file is
        # all there is and nothing can change it
        uri += "&immutable=1"
    conn = sqlite3.connect(uri, uri=True, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000,
                           isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA query_only=ON")
    conn.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    conn.set_authorizer(_authorize)
    return conn


@contextmanager
def readonly_connection(db: str | os.PathLike | None) -> Iterator[tuple[str, Any]]:
    """``(backend, DB-API connection)`` that cannot write; for servers a read-only transaction is open."""
    from sqlalchemy.engine import make_url

    url = resolve_db_url(db)
    try:
        backend = make_url(url).get_backend_name()
    except Exception as exc:  # sqlalchemy.exc.ArgumentError: not a URL SQLAlchemy knows
        raise ReadOnlyError(f"cannot read the database URL: {exc}") from None
    if backend == "sqlite":
        path = sqlite_path(url)
        if path is None:
            raise ReadOnlyError("query needs a database file, not an in-memory database")
        conn = open_sqlite_readonly(path)
        try:
            yield backend, conn
        finally:
            conn.close()
        return
    from sqlalchemy import create_engine

    engine = create_engine(url, poolclass=_null_pool())
    try:
        raw = engine.raw_connection()
        dbapi = raw.driver_connection
        assert dbapi is not None, "a raw connection always has its driver's"
        try:
            cur = dbapi.cursor()
            if backend == "postgresql":
                cur.execute("SET TRANSACTION READ ONLY")
            else:
                cur.execute("SET SESSION group_concat_max_len = 1048576")  # the views' lists are long
                cur.execute("START TRANSACTION READ ONLY")
            cur.close()
            yield backend, dbapi
        finally:
            try:
                dbapi.rollback()
            finally:
                raw.close()
    finally:
        engine.dispose()


def is_database_error(exc: BaseException) -> bool:
    """A DB-API error of any of the three drivers (or SQLAlchemy's wrapper of one)."""
    if isinstance(exc, sqlite3.Error):
        return True
    for module, name in (("psycopg", "Error"), ("pymysql", "Error"), ("sqlalchemy.exc", "SQLAlchemyError")):
        mod = sys.modules.get(module)
        if mod is not None and isinstance(exc, getattr(mod, name)):
            return True
    return False


def one_line(exc: BaseException) -> str:
    """The database's own message, on one line."""
    orig = getattr(exc, "orig", None) or exc
    args: tuple[object, ...] = getattr(orig, "args", ())
    if len(args) == 2 and isinstance(args[0], int):  # PyMySQL: (code, message)
        orig = args[1]
    return " ".join(str(orig).split())[:500]


def _null_pool():
    from sqlalchemy.pool import NullPool

    return NullPool


def create_reader(db: str | os.PathLike | None, name: str, password: str) -> list[str]:
    """Create (or update) a login that can only read this database; returns the statements run.

    PostgreSQL: a role with ``SELECT`` on the schema's tables and views (now and
    later), ``default_transaction_read_only`` on, no other rights. MariaDB/MySQL:
    a user with ``SELECT, SHOW VIEW`` on this database only.
    """
    from sqlalchemy.engine import make_url

    if not _NAME.match(name):
        raise ReadOnlyError(f"reader name {name!r}: letters, digits and _ only, starting with a letter")
    url = make_url(resolve_db_url(db))
    backend = url.get_backend_name()
    if backend == "sqlite":
        raise ReadOnlyError("SQLite has no roles: give analysts read permission on the file only; "
                            "plantables query opens it read-only")
    from plantables.schema.db import make_engine

    engine = make_engine(url.render_as_string(hide_password=False))
    try:
        return _run_reader_statements(engine, backend, name, password)
    except Exception as exc:
        if not is_database_error(exc):
            raise
        raise ReadOnlyError(f"cannot create reader {name}: {one_line(exc)}") from None
    finally:
        engine.dispose()


def _run_reader_statements(engine, backend: str, name: str, password: str) -> list[str]:
    from sqlalchemy import text

    with engine.begin() as conn:
        if backend == "postgresql":
            exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first()
            pw = conn.execute(text("SELECT quote_literal(:p)"), {"p": password}).scalar()
            database = conn.execute(text("SELECT current_database()")).scalar()
            schema = conn.execute(text("SELECT current_schema()")).scalar()
            statements = [
                f"{'ALTER' if exists else 'CREATE'} ROLE {name} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE "
                f"NOINHERIT PASSWORD {pw}",
                f"ALTER ROLE {name} SET default_transaction_read_only = on",
                f'GRANT CONNECT ON DATABASE "{database}" TO {name}',
                f'GRANT USAGE ON SCHEMA "{schema}" TO {name}',
                f'GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO {name}',
                f'ALTER DEFAULT PRIVILEGES IN SCHEMA "{schema}" GRANT SELECT ON TABLES TO {name}',
            ]
        elif backend in ("mysql", "mariadb"):
            pw = conn.execute(text("SELECT QUOTE(:p)"), {"p": password}).scalar()
            database = conn.execute(text("SELECT DATABASE()")).scalar()
            statements = [
                f"CREATE USER IF NOT EXISTS '{name}'@'%' IDENTIFIED BY {pw}",
                f"ALTER USER '{name}'@'%' IDENTIFIED BY {pw}",
                f"GRANT SELECT, SHOW VIEW ON `{database}`.* TO '{name}'@'%'",
            ]
        else:
            raise ReadOnlyError(f"no reader role for {backend}")
        cur = conn.connection.driver_connection.cursor()
        for statement in statements:  # no parameters: a '%' in the password is text
            cur.execute(statement)
        cur.close()
    return [s.replace(pw, "'…'") for s in statements]
