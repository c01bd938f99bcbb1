"""actions.ocr_confidence: how sure OCR was of an action read from a scanned page.

Revision ID: 0004_ocr_confidence
Revises: 0003_search
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from plantables.schema.migrations import has_column

revision = "0004_ocr_confidence"
down_revision = "0003_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a plain ADD COLUMN on every backend (SQLite keeps no comment, and needs no table copy)
    if has_column("actions", "ocr_confidence"):  # added by a run killed before it recorded 0004 (MariaDB)
        return
    op.add_column("actions", sa.Column(
        "ocr_confidence", sa.Float(), nullable=True,
        comment="mean OCR confidence 0..1 of the action's text (scanned pages); NULL: read from a text layer"))


def downgrade() -> None:
    with op.batch_alter_table("actions") as batch:  # SQLite drops a column by copying the table
        batch.drop_column("ocr_confidence")
