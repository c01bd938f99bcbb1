"""Bulk inserts that give back the new ids, on every database (the loader and the lead store use it)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, CursorResult, func, insert, select


def insert_returning_ids(conn: Connection, model: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Bulk insert; the new primary keys in the order of ``rows``."""
    if not rows:
        return []
    if conn.dialect.name == "sqlite":
        # SQLAlchemy cannot order a batch's RETURNING rows on SQLite, so it would send
        # one INSERT per row: give the rows the ids SQLite gives (largest + 1, in order)
        # and send them in one executemany. Inside the caller's write transaction no
        # other writer can take them (if one did since our snapshot, SQLite refuses the insert).
        start = (conn.execute(select(func.max(model.id))).scalar() or 0) + 1
        ids = list(range(start, start + len(rows)))
        conn.execute(insert(model), [{**r, "id": i} for r, i in zip(rows, ids)])
        return ids
    if conn.dialect.insert_executemany_returning_sort_by_parameter_order:
        stmt = insert(model).returning(model.id, sort_by_parameter_order=True)
        return list(conn.execute(stmt, rows).scalars())
    plain = insert(model)  # one statement, compiled once, executed per row
    return [new_id(conn.execute(plain, r)) for r in rows]


def new_id(result: CursorResult[Any]) -> int:
    """The primary key of the row an INSERT of one row made."""
    key = result.inserted_primary_key
    assert key is not None, "not the result of an INSERT"
    return int(key[0])
