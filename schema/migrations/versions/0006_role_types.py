"""action_overview gains role_types_json: the role types of the action's leads as a JSON array
(each once), so analysts can facet actions by role type.

Revision ID: 0006_role_types
Revises: 0005_action_cells
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

from plantables.schema import views

revision = "0006_role_types"
down_revision = "0005_action_cells"
branch_labels = None
depends_on = None


def upgrade() -> None:
    views.drop_views(op.execute)
    views.create_views(op.execute, op.get_bind().dialect.name)


def downgrade() -> None:
    views.drop_views(op.execute)  # upgrade again to restore the views
