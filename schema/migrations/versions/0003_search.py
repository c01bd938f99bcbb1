"""Full-text search: the action_search index (SQLite FTS5, PostgreSQL tsvector + GIN, MariaDB
FULLTEXT), filled for the actions already loaded; action_overview gains action_id and the
JSON-array companions leads_json and active_months_json.

Revision ID: 0003_search
Revises: 0002_editions
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

from plantables.schema import search, views

revision = "0003_search"
down_revision = "0002_editions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    views.drop_views(op.execute)
    views.create_views(op.execute, dialect, cells=False)  # 0005 adds the cells
    search.drop_index(op.execute, dialect)  # one half made by a killed run (MariaDB) is made again
    search.create_index(op.execute, dialect)
    search.reindex_all(op.execute, dialect)


def downgrade() -> None:
    search.drop_index(op.execute, op.get_bind().dialect.name)
