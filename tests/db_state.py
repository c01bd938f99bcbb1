"""What "the database equals a clean import" compares (the SIGKILL and disk-full tests of issue 16):
the schema (tables, their columns, views, revision) and every row read from the documents, without
the ids and times a killed run may have used up."""

from __future__ import annotations

import sqlalchemy as sa

from plantables.schema import db

DOCUMENTS = "SELECT file_name, sha256, size, title, organisation FROM documents ORDER BY file_name"
ACTIONS = ("SELECT d.file_name, a.position, a.ref, a.title, a.status, a.due_month, a.status_source "
           "FROM documents d JOIN actions a ON a.document_id = d.id ORDER BY d.file_name, a.position")
#: tables whose row count follows from the documents alone (import_runs/import_files record every run)
COUNTED = ("plans", "documents", "sections", "objectives", "plan_actions", "actions", "action_steps",
           "action_cells", "leads", "lead_aliases", "action_leads", "action_months", "targets", "risk_refs",
           "action_search", "action_overview", "current_actions")


def database_state(url: str) -> dict[str, object]:
    engine = db.make_engine(url)
    try:
        with engine.connect() as conn:
            insp = sa.inspect(conn)
            tables = {t: sorted(c["name"] for c in insp.get_columns(t)) for t in insp.get_table_names()}
            return {
                "tables": tables,
                "views": sorted(insp.get_view_names()),
                "revision": conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all(),
                "documents": [tuple(r) for r in conn.execute(sa.text(DOCUMENTS))],
                "actions": [tuple(r) for r in conn.execute(sa.text(ACTIONS))],
                "counts": {t: conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar() for t in COUNTED},
                "running_imports": conn.execute(sa.text(
                    "SELECT count(*) FROM import_runs WHERE status = 'running'")).scalar(),
            }
    finally:
        engine.dispose()


def wipe(url: str) -> None:
    """Drop every table and view of a server database (a SQLite test takes a new file instead)."""
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "postgresql":
                conn.execute(sa.text("DROP SCHEMA public CASCADE"))
                conn.execute(sa.text("CREATE SCHEMA public"))
                return
            insp = sa.inspect(conn)
            conn.execute(sa.text("SET FOREIGN_KEY_CHECKS = 0"))
            for view in insp.get_view_names():
                conn.execute(sa.text(f"DROP VIEW `{view}`"))
            for table in insp.get_table_names():
                conn.execute(sa.text(f"DROP TABLE `{table}`"))
            conn.execute(sa.text("SET FOREIGN_KEY_CHECKS = 1"))
    finally:
        engine.dispose()
