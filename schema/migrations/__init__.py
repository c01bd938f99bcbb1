"""Alembic migrations (``versions/``), run by :func:`plantables.schema.db.upgrade`.

MariaDB commits each DDL statement on its own, so a migration killed halfway leaves part of it done
under the previous revision, and running it again met "already exists". The helpers below let a
migration add what is missing only, so it can be run again over a half-applied copy of itself.
"""

from __future__ import annotations


def has_table(name: str) -> bool:
    """``name`` exists on the migration's connection."""
    import sqlalchemy as sa
    from alembic import op

    return sa.inspect(op.get_bind()).has_table(name)


def has_column(table: str, column: str) -> bool:
    """``table`` has ``column`` on the migration's connection."""
    import sqlalchemy as sa
    from alembic import op

    return any(c["name"] == column for c in sa.inspect(op.get_bind()).get_columns(table))
