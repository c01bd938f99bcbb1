"""Read-only SQL for analysts, and exports of ``action_overview``.

:func:`run_query` opens the database read-only (SQLite ``mode=ro`` +
``query_only``; PostgreSQL/MariaDB read-only transactions), so ``plantables
query`` cannot change data whatever SQL it is given. Export writers for xlsx
and parquet import openpyxl/pyarrow inside the function that needs them.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import os
from dataclasses import dataclass
from typing import Any, TextIO

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from plantables.schema.db import readonly_engine

QUERY_FORMATS = ("table", "csv", "json")
EXPORT_FORMATS = ("csv", "jsonl", "xlsx", "parquet")


class QueryError(ValueError):
    """The SQL failed (syntax, unknown table, or an attempt to write)."""


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple]


def run_query(db: str | os.PathLike | None, sql: str, params: dict | None = None) -> QueryResult:
    """Run ``sql`` on a read-only connection; :class:`QueryError` with the database's message on failure."""
    try:
        engine = readonly_engine(db)
    except FileNotFoundError as exc:
        raise QueryError(str(exc)) from None
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "postgresql":
                conn.exec_driver_sql("SET TRANSACTION READ ONLY")
            result = conn.execute(text(sql), params or {})
            if not result.returns_rows:
                return QueryResult([], [])
            return QueryResult(list(result.keys()), [tuple(r) for r in result])
    except DBAPIError as exc:
        raise QueryError(" ".join(str(exc.orig).split())) from None
    finally:
        engine.dispose()


def _plain(value: Any) -> Any:
    """JSON-safe scalar."""
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def write_csv(result: QueryResult, out: TextIO) -> None:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(result.columns)
    w.writerows(result.rows)


def write_json(result: QueryResult, out: TextIO) -> None:
    json.dump([{c: _plain(v) for c, v in zip(result.columns, r)} for r in result.rows], out, ensure_ascii=False,
              indent=1)
    out.write("\n")


def write_jsonl(result: QueryResult, out: TextIO) -> None:
    for r in result.rows:
        out.write(json.dumps({c: _plain(v) for c, v in zip(result.columns, r)}, ensure_ascii=False) + "\n")


def write_table(result: QueryResult, out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for c in result.columns:
        table.add_column(c, overflow="fold")
    for r in result.rows:
        table.add_row(*("" if v is None else str(v) for v in r))
    Console(file=out, width=None if out.isatty() else 200).print(table)


def export_overview(db: str | os.PathLike | None, fmt: str, path: str | None, *, stdout: TextIO | None = None) -> int:
    """Write ``action_overview`` as csv/jsonl (file or stdout) or xlsx/parquet (file); returns rows."""
    if fmt not in EXPORT_FORMATS:
        raise QueryError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    result = run_query(db, "SELECT * FROM action_overview ORDER BY document_id, page_first, action_ref, title")
    if fmt in ("xlsx", "parquet"):
        if not path:
            raise QueryError(f"{fmt} is binary: give a file with -o")
        (_write_xlsx if fmt == "xlsx" else _write_parquet)(result, path)
        return len(result.rows)
    writer = write_csv if fmt == "csv" else write_jsonl
    if path:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            writer(result, fh)
    else:
        writer(result, stdout or io.StringIO())
    return len(result.rows)


def _write_xlsx(result: QueryResult, path: str) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("action_overview")
    ws.append(result.columns)
    for r in result.rows:
        ws.append([_plain(v) for v in r])
    wb.save(path)


def _write_parquet(result: QueryResult, path: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = {c: [_plain(r[i]) for r in result.rows] for i, c in enumerate(result.columns)}
    pq.write_table(pa.table(columns), path)


LOW_CONFIDENCE = 0.7  # below this a status is listed for review


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
