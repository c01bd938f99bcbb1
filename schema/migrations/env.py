"""Alembic environment: run programmatically by :mod:`plantables.schema.db`.

The caller passes an open connection in ``config.attributes["connection"]``;
there is no ``alembic.ini`` to edit and no URL in a file.
"""

from __future__ import annotations

from alembic import context

from plantables.schema import migration_faults
from plantables.schema.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only the programmatic path is supported
    raise RuntimeError("run migrations through plantables.schema.db.upgrade()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    **(migration_faults.arm(context.script, connection) or {}),
)
with context.begin_transaction():
    context.run_migrations()
