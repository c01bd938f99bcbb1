"""Printing rows the way analysts' tools do (sqlite-utils, csvkit, psql).

``table``: NULL shown as NULL, numbers right-aligned; on a terminal a boxed
table, or one block per row (psql's expanded display) when the rows are wider
than the terminal, so no column is squeezed to a few characters; when not a
terminal plain aligned text without box drawing. ``csv`` / ``tsv`` (NULL as an
empty field), ``json`` (one array) and ``jsonl`` (one object a line) keep the
values exactly.
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from plantables.schema.query import QueryResult

FORMATS = ("table", "csv", "tsv", "json", "jsonl")
NULL = "NULL"


def plain(value: Any) -> Any:
    """A JSON-safe scalar: decimals as numbers, dates ISO 8601, bytes base64."""
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() and abs(value) < 2**53 else float(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        import base64

        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def write(result: QueryResult, fmt: str, out: TextIO) -> None:
    """``result`` in ``fmt`` (one of :data:`FORMATS`)."""
    writers: dict[str, Callable[[QueryResult, TextIO], None]] = {
        "table": write_table, "csv": write_csv, "tsv": write_tsv, "json": write_json, "jsonl": write_jsonl}
    writers[fmt](result, out)


def write_csv(result: QueryResult, out: TextIO, *, delimiter: str = ",") -> None:
    """Rows end in LF; a field holding CR or LF is quoted (the csv module quotes only the characters
    of its line terminator, so rows are written with CRLF and the terminator swapped)."""
    import csv  # here, like json and shutil below: the CLI imports this module for FORMATS

    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    for row in [result.columns, *result.rows]:
        w.writerow([plain(v) for v in row])
        out.write(buf.getvalue()[:-2] + "\n")
        buf.seek(0)
        buf.truncate()


def write_tsv(result: QueryResult, out: TextIO) -> None:
    write_csv(result, out, delimiter="\t")


def write_json(result: QueryResult, out: TextIO) -> None:
    import json

    json.dump([dict(zip(result.columns, map(plain, r))) for r in result.rows], out, ensure_ascii=False, indent=1)
    out.write("\n")


def write_jsonl(result: QueryResult, out: TextIO) -> None:
    import json

    for r in result.rows:
        out.write(json.dumps(dict(zip(result.columns, map(plain, r))), ensure_ascii=False) + "\n")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool)


def _text(value: Any) -> str:
    return NULL if value is None else str(plain(value))


def write_table(result: QueryResult, out: TextIO, *, width: int | None = None, tty: bool | None = None) -> None:
    """A table for people; ``width`` (default: the terminal's) decides the per-row layout."""
    import shutil

    tty = out.isatty() if tty is None else tty
    cells = [[_text(v) for v in row] for row in result.rows]
    numeric = [any(r[i] is not None for r in result.rows) and all(r[i] is None or _is_number(r[i])
                                                                  for r in result.rows)
               for i in range(len(result.columns))]
    widths = [max([len(c)] + [max(map(len, row[i].split("\n"))) for row in cells])
              for i, c in enumerate(result.columns)]
    limit = width or (shutil.get_terminal_size((120, 24)).columns if tty else None)
    boxed = sum(widths) + 3 * len(widths) + 1
    if limit and result.columns and boxed > limit:
        _write_vertical(result.columns, cells, out)
    elif tty:
        _write_rich(result, cells, numeric, out, limit)
    else:
        _write_plain(result.columns, cells, numeric, widths, out)


def _write_plain(columns: list[str], cells: list[list[str]], numeric: list[bool], widths: list[int],
                 out: TextIO) -> None:
    def line(values):
        return "  ".join(v.rjust(w) if num else v.ljust(w)
                         for v, w, num in zip(values, widths, numeric)).rstrip()

    out.write(line(columns) + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in cells:
        out.write(line([v.replace("\n", "\\n") for v in row]) + "\n")


def _write_vertical(columns: list[str], cells: list[list[str]], out: TextIO) -> None:
    name_width = max(map(len, columns))
    for n, row in enumerate(cells, 1):
        out.write(f"-[ row {n} ]" + "-" * max(0, name_width - 6) + "\n")
        for name, value in zip(columns, row):
            first, *rest = value.split("\n")
            out.write(f"{name.ljust(name_width)} | {first}".rstrip() + "\n")
            for more in rest:
                out.write(f"{'':{name_width}} | {more}".rstrip() + "\n")


def _write_rich(result: QueryResult, cells: list[list[str]], numeric: list[bool], out: TextIO,
                limit: int | None) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=False)
    for c, num in zip(result.columns, numeric):
        table.add_column(c, justify="right" if num else "left", no_wrap=False, overflow="fold")
    for values, row in zip(result.rows, cells):
        table.add_row(*(Text(t, style="dim italic") if v is None else Text(t) for v, t in zip(values, row)))
    Console(file=out, width=limit, force_terminal=True).print(table)
