"""SQL run by tests on the database under test, through a plain engine (no schema upgrade)."""

from __future__ import annotations

import sqlalchemy as sa

from plantables.schema import db


def rows(url: str, sql: str, **params: object) -> list[tuple]:
    engine = db.make_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(sa.text(sql), params)]
    finally:
        engine.dispose()
