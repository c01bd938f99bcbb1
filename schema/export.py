"""``plantables export``: a view (``action_overview`` by default) as csv, tsv, jsonl, xlsx or parquet.

Spreadsheets run what looks like a formula. Following OWASP's CSV-injection
rule, a text cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage
return is written to csv/tsv with a leading ``'``, and to xlsx as a string cell
with Excel's quote prefix (the text itself unchanged, never a formula);
``raw=True`` turns this off. xlsx gets a bold frozen header with filters,
column widths from the data, ``*_month`` values (``YYYY-MM``) as real dates
and ref columns as text. openpyxl and pyarrow are imported only by their writers.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from typing import TextIO

from plantables.schema.output import plain, write_csv, write_jsonl, write_tsv
from plantables.schema.query import QueryError, QueryResult, run_query

EXPORT_FORMATS = ("csv", "tsv", "jsonl", "xlsx", "parquet")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: row order of the views analysts export (others come in the database's order)
ORDER_BY = {
    "action_overview": "document_id, page_first, action_ref, title",
    "current_actions": "document_id, page_first, action_ref, title",
}
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}\Z")
_MONTH = re.compile(r"(\d{4})-(\d{2})\Z")
XLSX_MAX_CELL = 32_767  # Excel refuses longer cells


def neutralise(value: object) -> object:
    """A text cell a spreadsheet would run as a formula, prefixed with ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_sql(view: str = "action_overview", where: str | None = None, latest: bool = False) -> str:
    """The SELECT behind an export; ``latest`` reads ``current_actions`` for ``action_overview``
    (each plan's newest edition still present), else keeps rows with ``is_latest = 1``."""
    if not _NAME.match(view):
        raise QueryError(f"--view {view!r} is not a view or table name")
    conditions = [f"({where})"] if where and where.strip() else []
    if latest:
        if view == "action_overview":
            view = "current_actions"
        else:
            conditions.append("is_latest = 1")
    sql = f"SELECT * FROM {view}"
    if conditions:
        sql += " WHERE " + " AND ".join(conditions)
    if view in ORDER_BY:
        sql += f" ORDER BY {ORDER_BY[view]}"
    return sql


def export_rows(db: str | os.PathLike | None, fmt: str, path: str | None, *, view: str = "action_overview",
                where: str | None = None, latest: bool = False, raw: bool = False,
                stdout: TextIO | None = None) -> int:
    """Write the rows of ``view`` (filtered by ``where``) in ``fmt``; returns how many."""
    if fmt not in EXPORT_FORMATS:
        raise QueryError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    if fmt in ("xlsx", "parquet") and not path:
        raise QueryError(f"{fmt} is binary: give a file with -o")
    result = run_query(db, export_sql(view, where, latest))
    if fmt == "xlsx":
        assert path is not None  # checked above: binary formats need a file
        write_xlsx(result, path, sheet=view, raw=raw)
    elif fmt == "parquet":
        assert path is not None
        _write_parquet(result, path)
    else:
        if fmt in ("csv", "tsv") and not raw:
            result = QueryResult(result.columns, [tuple(map(neutralise, r)) for r in result.rows])
        writer = {"csv": write_csv, "tsv": write_tsv, "jsonl": write_jsonl}[fmt]
        if path:
            with open(path, "w", encoding="utf-8", newline="") as fh:
                writer(result, fh)
        else:
            writer(result, stdout if stdout is not None else sys.stdout)
    return len(result.rows)


def _month(value: object) -> dt.date | None:
    m = _MONTH.match(value) if isinstance(value, str) else None
    return dt.date(int(m[1]), int(m[2]), 1) if m and 1 <= int(m[2]) <= 12 else None


def write_xlsx(result: QueryResult, path: str, *, sheet: str = "rows", raw: bool = False) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet[:31])
    months = {i for i, c in enumerate(result.columns) if c.endswith("_month")
              and all(v is None or _month(v) for v in (r[i] for r in result.rows))}
    refs = {i for i, c in enumerate(result.columns) if c.endswith(("_ref", "_ref_raw", "_refs"))}
    widths = [len(c) for c in result.columns]
    grid = []
    for row in result.rows:
        values = [plain(v) if not isinstance(v, (dt.date, dt.datetime)) else v for v in row]
        for i, v in enumerate(values):
            if i in months and v is not None:
                values[i] = _month(v)
            elif isinstance(v, str):
                values[i] = ILLEGAL_CHARACTERS_RE.sub("", v)[:XLSX_MAX_CELL]
            widths[i] = max(widths[i], min(60, max(map(len, str(v).split("\n"))) if v is not None else 0))
        grid.append(values)
    for i, w in enumerate(widths):  # must precede the rows in write-only mode
        ws.column_dimensions[get_column_letter(i + 1)].width = max(8, min(60, w + 2))
    ws.freeze_panes = "A2"
    if result.columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(result.columns))}{len(grid) + 1}"

    def cell(value, i: int | None, *, bold: bool = False) -> WriteOnlyCell:
        c = WriteOnlyCell(ws, value=value)
        if bold:
            c.font = Font(bold=True)
        if isinstance(value, str) and not (raw and i is not None):
            c.data_type = "s"  # openpyxl would make any text starting with '=' a formula
            c.quotePrefix = value.startswith(FORMULA_STARTS)
        if i in months and value is not None:
            c.number_format = "mmm yyyy"
        elif i in refs:
            c.number_format = "@"
        return c

    ws.append([cell(c, None, bold=True) for c in result.columns])
    for values in grid:
        ws.append([cell(v, i) for i, v in enumerate(values)])
    wb.save(path)


def _write_parquet(result: QueryResult, path: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = {c: [plain(r[i]) for r in result.rows] for i, c in enumerate(result.columns)}
    pq.write_table(pa.table(columns), path)
