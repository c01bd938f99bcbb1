"""The schema comes from the Alembic migrations, on every supported database."""

from __future__ import annotations

import sqlalchemy as sa

from plantables.schema import db, search, views
from plantables.schema.models import Base


def test_migrations_create_every_model_table_and_view(db_url):
    engine = db.open_engine(db_url)
    try:
        insp = sa.inspect(engine)
        tables = set(insp.get_table_names())
        assert set(Base.metadata.tables) <= tables
        assert set(views.VIEW_NAMES) <= set(insp.get_view_names())
        assert db.current_revision(engine) == db.head_revision()
        with engine.connect() as conn:
            cols = list(conn.execute(sa.text("SELECT * FROM action_overview")).keys())
            assert cols == list(views.ACTION_OVERVIEW_COLUMNS)
            cols = list(conn.execute(sa.text("SELECT * FROM lead_directory")).keys())
            assert cols == ["organisation", "alias", "lead", "role_type", "decision", "score"]
    finally:
        engine.dispose()


def test_upgrade_is_idempotent_and_open_engine_upgrades_empty_db(sqlite_url):
    engine = db.open_engine(sqlite_url)
    db.upgrade(engine)  # a second upgrade changes nothing and does not fail
    assert db.current_revision(engine) == db.head_revision()
    engine.dispose()


def test_migrated_schema_matches_the_models(db_url):
    """Autogenerate finds nothing to do: models and migrations agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    engine = db.open_engine(db_url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        # comments are not reflected the same way everywhere; tables, columns, FKs and indexes are
        diff = [d for d in diff if not (isinstance(d, list) and d and "comment" in d[0][0])]
        # the full-text index is no model: FTS5 on SQLite, a tsvector/FULLTEXT table elsewhere (schema/search.py)
        diff = [d for d in diff if not (isinstance(d, tuple) and (
            (d[0] == "remove_table" and search.is_index_table(d[1].name))
            or (d[0] == "remove_index" and search.is_index_table(d[1].table.name))))]
        assert diff == []
    finally:
        engine.dispose()


def test_document_delete_cascades(sqlite_url):
    engine = db.open_engine(sqlite_url)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO plans (id, plan_key) VALUES (1, 'k')"))
        conn.execute(sa.text(
            "INSERT INTO documents (id, plan_id, edition, file_name, path, sha256, size, mtime, format, imported_at) "
            "VALUES (1, 1, 1, 'f.txt', '/f.txt', 'x', 1, 0, 'text', '2024-01-01 00:00:00')"))
        conn.execute(sa.text("INSERT INTO actions (id, document_id, position, title) VALUES (1, 1, 0, 't')"))
        conn.execute(sa.text("INSERT INTO action_months (action_id, month) VALUES (1, '2024-01')"))
    with engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM documents WHERE id = 1"))
        assert conn.execute(sa.text("SELECT count(*) FROM actions")).scalar() == 0
        assert conn.execute(sa.text("SELECT count(*) FROM action_months")).scalar() == 0
    engine.dispose()
