"""Opening databases: URLs, SQLite settings, migrations, read-only connections.

``--db`` takes a SQLAlchemy URL or a file path; :func:`resolve_db_url` turns
either into a URL (env ``PLANTABLES_DB``, else ``./plantables.db``).
:func:`open_engine` returns an engine whose schema is at the newest migration:
an empty database is upgraded on the spot, an older one is upgraded too
(migrations only add). SQLite runs in WAL mode so readers never block on, or
see part of, an import's transaction.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

# SQLAlchemy is imported where it is used: resolving a URL and reading the head
# revision (all the no-op re-run needs, see schema/unchanged.py) stay light
if TYPE_CHECKING:
    from sqlalchemy import Engine

DEFAULT_DB = "plantables.db"
SQLITE_BUSY_TIMEOUT_MS = 30_000  # a reader never fails just because a writer commits


def resolve_db_url(db: str | os.PathLike | None = None) -> str:
    """A SQLAlchemy URL for ``db`` (URL or path), else ``$PLANTABLES_DB``, else ``./plantables.db``."""
    value = str(db) if db else os.environ.get("PLANTABLES_DB") or DEFAULT_DB
    if "://" in value:
        return value
    # SQLAlchemy unquotes %XX in the database part and splits at '?': escape those
    # three so that 'pct%41.db' and 'q?x.db' are those files, not 'pctA.db' and 'q'
    path = str(Path(value).expanduser().resolve())
    return "sqlite:///" + "".join(f"%{ord(c):02X}" if c in "%?#" else c for c in path)


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL; None for other databases and in-memory SQLite."""
    from sqlalchemy.engine import make_url

    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # Python's sqlite3 opens a transaction only before INSERT/UPDATE/DELETE, so CREATE TABLE
    # would run outside any: a schema creation killed halfway stayed half made. The driver is
    # told to leave transactions alone and SQLAlchemy's begin emits BEGIN (_sqlite_begin).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable at checkpoints, never corrupt
    cur.close()


def make_engine(url: str) -> Engine:
    """An engine with plantables' connection settings, schema untouched."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import make_url

    if make_url(url).get_backend_name() == "sqlite":
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    engine = create_engine(url, pool_pre_ping=True)
    if make_url(url).get_backend_name() in ("mysql", "mariadb"):
        event.listen(engine, "connect", _mysql_session)
    return engine


def _sqlite_begin(conn) -> None:
    conn.exec_driver_sql("BEGIN")


def _mysql_session(dbapi_conn, _record) -> None:
    # GROUP_CONCAT silently truncates at 1024 bytes by default.
    cur = dbapi_conn.cursor()
    cur.execute("SET SESSION group_concat_max_len = 1048576")
    cur.close()


def _alembic_config(connection):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "plantables.schema:migrations")
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the Alembic migrations up to ``revision`` (idempotent)."""
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), revision)


# Opening a database that is already up to date must not import Alembic (0.15 s of
# every import run's start-up): both revisions are read without it.

def current_revision(engine: Engine) -> str | None:
    """The database's migration (None before the first), read with plain SQL."""
    from sqlalchemy import inspect, text

    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return versions[0] if len(versions) == 1 else None  # branches: let upgrade() sort them out


def head_revision() -> str:
    """The newest migration: the one no other migration revises (from the files' constants)."""
    revisions: set[str] = set()
    revised: set[str | None] = set()
    for path in (Path(__file__).parent / "migrations" / "versions").glob("*.py"):
        constants = _module_constants(path)
        if "revision" in constants:
            revisions.add(constants["revision"])
            down = constants.get("down_revision")
            revised.update(down if isinstance(down, (tuple, list)) else [down])
    heads = revisions - revised
    if len(heads) == 1:
        return heads.pop()
    from alembic.script import ScriptDirectory  # several heads or none: Alembic decides and explains

    head = ScriptDirectory.from_config(_alembic_config(None)).get_current_head()
    if head is None:
        raise RuntimeError("the migrations have no head")
    return str(head)


def _module_constants(path: Path) -> dict:
    """Module-level ``name = literal`` assignments of a Python file, without running it."""
    import ast

    out = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        target, value = None, None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        if isinstance(target, ast.Name) and value is not None:
            try:
                out[target.id] = ast.literal_eval(value)
            except ValueError:
                pass
    return out


def open_engine(db: str | os.PathLike | None = None, *, upgrade_schema: bool = True) -> Engine:
    """Engine for ``db``; brings the schema to the newest migration when needed, under the import
    lock (waiting for a running import), so two first uses cannot both create it."""
    engine = make_engine(resolve_db_url(db))
    if upgrade_schema and current_revision(engine) != head_revision():
        from plantables.schema.lock import import_lock

        with import_lock(engine, wait=True):
            ensure_schema(engine)
    return engine


def existing_engine(db: str | os.PathLike | None = None) -> Engine:
    """Engine for a database that must already exist (a missing SQLite file is ``FileNotFoundError``,
    never created); for commands that run their own fixed SQL (search, report) on it."""
    url = resolve_db_url(db)
    path = sqlite_path(url)
    if path is not None and not path.is_file():
        raise FileNotFoundError(f"no database at {path}")
    return open_engine(url)


def ensure_schema(engine: Engine) -> None:
    """Upgrade to the newest migration if needed; the caller holds the import lock."""
    current, head = current_revision(engine), head_revision()
    if current is None and engine.dialect.name in ("mysql", "mariadb"):
        _drop_half_created_schema(engine)
    if current != head:
        import logging

        logging.getLogger("plantables.schema").info("schema %s -> %s", current or "empty", head)
        upgrade(engine)


def _drop_half_created_schema(engine: Engine) -> None:
    """MariaDB commits each CREATE TABLE on its own, so a first schema creation killed halfway leaves
    some tables and no revision, and every later run failed on "table already exists". No migration
    finished (the revision is written after each), so no document was loaded: what is there of
    plantables' schema is dropped and created again."""
    import logging

    from sqlalchemy import inspect

    from plantables.schema.models import Base
    from plantables.schema.views import VIEW_NAMES

    with engine.begin() as conn:
        insp = inspect(conn)
        views = [v for v in insp.get_view_names() if v in VIEW_NAMES]
        tables = [t for t in insp.get_table_names() if t in Base.metadata.tables or t in ("alembic_version",
                                                                                          "action_search")]
        if not views and not tables:
            return
        logging.getLogger("plantables.schema").warning(
            "a first schema creation was interrupted (%d tables, no revision): creating it again", len(tables))
        raw = conn.connection.driver_connection
        assert raw is not None
        cur = raw.cursor()  # the driver's own cursor: no parameter parsing of the names
        cur.execute("SET FOREIGN_KEY_CHECKS = 0")
        for v in views:
            cur.execute(f"DROP VIEW IF EXISTS `{v}`")
        for t in tables:
            cur.execute(f"DROP TABLE IF EXISTS `{t}`")
        cur.execute("SET FOREIGN_KEY_CHECKS = 1")
        cur.close()


def has_schema(engine: Engine) -> bool:
    from sqlalchemy import inspect

    return inspect(engine).has_table("documents")


def ping(engine: Engine) -> None:
    from sqlalchemy import text

    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
