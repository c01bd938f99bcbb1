"""Read-only SQL for analysts: ``plantables query``.

:func:`run_query` checks the SQL (one plain query, schema/sqlguard.py), opens a
connection that cannot write (schema/readonly.py) and sends the statement at
the driver level: no client-side parameter parsing, so ``'%:00%'`` in a string
literal is text. ``:name`` placeholders found by the SQL tokenizer (outside
strings, comments and quoted names) take the values of ``-p name value``; each
driver gets them in its own style. Printing lives in schema/output.py, exports
in schema/export.py.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from plantables.schema.readonly import ReadOnlyError, is_database_error, one_line, readonly_connection
from plantables.schema.sqlguard import CheckedSQL, RefusedSQL, check_sql


class QueryError(ValueError):
    """The SQL failed (syntax, unknown table), was refused, or the database cannot be read."""


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple]


def run_query(db: str | os.PathLike | None, sql: str, params: dict | None = None) -> QueryResult:
    """Run one read-only ``sql``; :class:`QueryError` with a one-line message on any failure."""
    params = {str(k): v for k, v in (params or {}).items()}
    try:
        with readonly_connection(db) as (backend, conn):
            checked = check_sql(sql, backend)
            statement, values = _bind(checked, params, backend)
            return _execute(backend, conn, statement, values)
    except (RefusedSQL, ReadOnlyError) as exc:
        raise QueryError(str(exc)) from None
    except QueryError:
        raise
    except Exception as exc:
        if not is_database_error(exc):
            raise
        raise QueryError(one_line(exc)) from None


def _bind(checked: CheckedSQL, params: dict, backend: str) -> tuple[str, dict | None]:
    """The statement in the driver's parameter style, and its values (None: no parameters at all)."""
    unused = set(params) - checked.names
    if unused:
        raise QueryError(f"parameter {sorted(unused)[0]!r} is not used in the SQL (write it as :{sorted(unused)[0]})")
    missing = checked.names - set(params)
    if missing:
        name = sorted(missing)[0]
        raise QueryError(f"no value for :{name} (give -p {name} VALUE)")
    if not params:
        return checked.sql, None
    if backend == "sqlite":  # sqlite3's own named style is :name, parsed by SQLite itself
        return checked.sql, params
    # psycopg and PyMySQL take %(name)s and read every other '%' as the start of one
    out, pos = [], 0
    for start, end, name in checked.placeholders:
        out.append(checked.sql[pos:start].replace("%", "%%"))
        out.append(f"%({name})s")
        pos = end
    out.append(checked.sql[pos:].replace("%", "%%"))
    return "".join(out), params


def _execute(backend: str, conn, statement: str, values: dict | None) -> QueryResult:
    cur = conn.cursor()
    try:
        if backend == "postgresql":
            # prepare=True: the extended protocol, which takes exactly one statement
            cur.execute(statement, values, prepare=True)
        elif values is None and backend == "sqlite":
            cur.execute(statement)
        else:
            cur.execute(statement, values)
        if cur.description is None:
            return QueryResult([], [])
        columns = [d[0] for d in cur.description]
        return QueryResult(columns, [tuple(r) for r in cur.fetchall()])
    finally:
        cur.close()


LOW_CONFIDENCE = 0.7  # below this a status is listed for review


def ocr_actions(db: str | os.PathLike | None, threshold: float = 1.0) -> QueryResult:
    """Actions read from scanned pages by OCR whose confidence is at most ``threshold``, least sure first."""
    return run_query(
        db,
        "SELECT d.file_name AS source_file, a.ref AS action_ref, a.page_first AS page, "
        "a.ocr_confidence, a.title "
        "FROM actions a JOIN documents d ON d.id = a.document_id "
        "WHERE a.ocr_confidence IS NOT NULL AND a.ocr_confidence <= :t "
        "ORDER BY a.ocr_confidence, d.file_name, a.position",
        {"t": threshold},
    )


def low_confidence_statuses(db: str | os.PathLike | None, threshold: float = LOW_CONFIDENCE) -> QueryResult:
    """Statuses the classifier was unsure of, least sure first."""
    return run_query(
        db,
        "SELECT d.file_name AS source_file, a.ref AS action_ref, a.status_raw, a.status, a.status_confidence "
        "FROM actions a JOIN documents d ON d.id = a.document_id "
        "WHERE a.status_raw IS NOT NULL AND (a.status_confidence IS NULL OR a.status_confidence < :t) "
        "ORDER BY a.status_confidence, d.file_name, a.position",
        {"t": threshold},
    )
