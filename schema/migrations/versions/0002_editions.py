"""Editions made plain: action_overview gains plan_id, edition, is_latest, missing_since;
view current_actions; action_history.edition_date is the document's own date (NULL when it
names none), never the import date.

Revision ID: 0002_editions
Revises: 0001
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

from plantables.schema import views

revision = "0002_editions"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    views.drop_views(op.execute)
    views.create_views(op.execute, op.get_bind().dialect.name, cells=False)  # 0005 adds the cells


def downgrade() -> None:
    views.drop_views(op.execute)  # the 0001 views are not kept; upgrade again to restore views
