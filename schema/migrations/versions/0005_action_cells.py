"""No cell left behind: action_cells keeps every non-empty cell of an action's rows as printed
(column position, header, the field it was read into or NULL, text); actions gains status_source
(column, phrase, prose, colour); action_overview gains status_source and, last, other_columns
(the cells no field takes, as a JSON object header -> text).

Revision ID: 0005_action_cells
Revises: 0004_ocr_confidence
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from plantables.schema import views
from plantables.schema.migrations import has_column, has_table

revision = "0005_action_cells"
down_revision = "0004_ocr_confidence"
branch_labels = None
depends_on = None


def upgrade() -> None:
    views.drop_views(op.execute)
    # what a run killed before it recorded 0005 added already (MariaDB commits DDL at once) is kept
    if not has_table("action_cells"):
        op.create_table(
            "action_cells",
            sa.Column("action_id", sa.Integer(), nullable=False),
            sa.Column("position", sa.Integer(), nullable=False, comment="column position in its table, from 0"),
            sa.Column("header", sa.Text(), nullable=True,
                      comment="the column's header as printed; NULL when the table has none"),
            sa.Column("field", sa.String(length=32), nullable=True,
                      comment="the field the column was read into (action, lead, …); NULL: no field takes it"),
            sa.Column("text", sa.Text(), nullable=False,
                      comment="the cell's text as printed (a column's cells joined by line breaks)"),
            sa.ForeignKeyConstraint(["action_id"], ["actions.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("action_id", "position"),
        )
    if not has_column("actions", "status_source"):
        with op.batch_alter_table("actions") as batch:
            batch.add_column(sa.Column(
                "status_source", sa.String(length=16), nullable=True,
                comment="where the status was read: column, phrase (opening the update), prose, colour"))
    views.create_views(op.execute, op.get_bind().dialect.name)


def downgrade() -> None:
    views.drop_views(op.execute)
    with op.batch_alter_table("actions") as batch:
        batch.drop_column("status_source")
    op.drop_table("action_cells")
