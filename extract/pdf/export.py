"""Tables out: the JSON contract, CSV and HTML, and the ``plantables tables`` command body.

JSON contract (stable; keys may be added, never renamed or removed)::

    {"file": "eu-001.pdf",
     "tables": [{"pages": [1, 2], "rows": 12, "cols": 4, "bbox": [x0, top, x1, bottom],
                 "cells": [{"row": 0, "col": 0, "row_span": 1, "col_span": 1, "text": "…",
                            "page": 1, "bbox": [x0, top, x1, bottom], "fill": "#RRGGBB" | null,
                            "header": true}]}],
     "warnings": ["…"]}

Rows and columns are 0-based within the table; a table continuing over pages
keeps counting rows. ``bbox`` is in PDF points with the origin top-left of
the cell's own page. A merged cell is one entry with spans > 1.
"""

from __future__ import annotations

import csv
import html
import io
import json
import warnings
from collections.abc import Sequence
from pathlib import Path

from plantables.extract.model import Table


def table_shape(table: Table) -> tuple[int, int]:
    n_cols = max([len(table.columns)] + [c.col + c.col_span for r in table.rows for c in r.cells])
    n_rows = max([len(table.rows)] + [i + c.row_span for i, r in enumerate(table.rows) for c in r.cells])
    return n_rows, n_cols


def table_to_dict(table: Table) -> dict:
    n_rows, n_cols = table_shape(table)
    cells = [
        {
            "row": i,
            "col": c.col,
            "row_span": c.row_span,
            "col_span": c.col_span,
            "text": c.text,
            "page": c.page,
            "bbox": list(c.bbox) if c.bbox else None,
            "fill": c.fill,
            "header": c.header,
        }
        for i, row in enumerate(table.rows)
        for c in row.cells
    ]
    return {
        "pages": list(table.pages),
        "rows": n_rows,
        "cols": n_cols,
        "bbox": list(table.bbox) if table.bbox else None,
        "cells": cells,
    }


def tables_to_json(path: str | Path, tables: list[Table], warnings_: Sequence[str] = ()) -> dict:
    """The JSON contract for one file's tables."""
    return {"file": Path(path).name, "tables": [table_to_dict(t) for t in tables], "warnings": list(warnings_)}


def table_to_grid(table: Table, fill_merged: bool = False) -> list[list[str]]:
    """Rows of strings; a merged cell's text in its top-left slot (or in every slot it covers)."""
    n_rows, n_cols = table_shape(table)
    grid = [[""] * n_cols for _ in range(n_rows)]
    for i, row in enumerate(table.rows):
        for c in row.cells:
            for r in range(i, i + c.row_span):
                for k in range(c.col, c.col + c.col_span):
                    if (r == i and k == c.col) or fill_merged:
                        grid[r][k] = c.text
    return grid


def table_to_csv(table: Table, fill_merged: bool = False) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(table_to_grid(table, fill_merged))
    return buf.getvalue()


def table_to_html(table: Table) -> str:
    """One ``<table>``: spans as rowspan/colspan, header cells as ``<th>``, fills as background."""
    out = ['<table border="1">']
    for row in table.rows:
        out.append("  <tr>")
        for c in row.cells:
            tag = "th" if c.header else "td"
            attrs = ""
            if c.row_span > 1:
                attrs += f' rowspan="{c.row_span}"'
            if c.col_span > 1:
                attrs += f' colspan="{c.col_span}"'
            if c.fill:
                attrs += f' style="background:{c.fill}"'
            text = html.escape(c.text).replace("\n", "<br>")
            out.append(f"    <{tag}{attrs}>{text}</{tag}>")
        out.append("  </tr>")
    out.append("</table>")
    return "\n".join(out)


def tables_to_html(path: str | Path, tables: list[Table]) -> str:
    name = html.escape(Path(path).name)
    parts = [f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{name}</title></head><body>"]
    for n, table in enumerate(tables, 1):
        pages = ", ".join(str(p) for p in table.pages)
        parts.append(f"<h2>{name}: table {n}" + (f" (pages {pages})" if pages else "") + "</h2>")
        parts.append(table_to_html(table))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def export_tables(
    path: str | Path,
    *,
    fmt: str = "json",
    out_dir: str | Path | None = None,
    pages: Sequence[int] | None = None,
    fill_merged: bool = False,
    stitch: bool = True,
    engine: str = "auto",
    password: str | None = None,
    ocr: str | None = "auto",
) -> tuple[list[Path], str, list[str]]:
    """Extract a file's tables and write them; returns (files written, text for stdout, warnings).

    A PDF goes through the table engine; a Word, Excel, web page or
    OpenDocument/legacy office file through its reader (every table it holds,
    ``page``/``bbox`` null: the file has no pages). With no ``out_dir`` JSON
    and HTML go to stdout (the returned text), CSV too, tables separated by a
    blank line.
    """
    from plantables.extract.sniff import sniff

    kind = sniff(path) if Path(path).is_file() else "pdf"  # a missing file: the engine's own message
    if kind == "text":
        from plantables.extract.model import ExtractError

        raise ExtractError(str(path), "is a text file: `tables` reads PDFs and Word, Excel, HTML and OpenDocument files")
    if kind != "pdf":
        from plantables.extract.sniff import read_document

        doc = read_document(path)
        tables, messages = doc.tables, list(doc.warnings)
        if pages:
            messages.append(f"--pages ignored: a .{kind} file has no pages")
    else:
        from plantables.extract.pdf.engine import extract_tables

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            tables = extract_tables(path, pages=pages, engine=engine, stitch=stitch, password=password, ocr=ocr)
        messages = [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
    stem = Path(path).stem
    written: list[Path] = []
    if fmt == "json":
        text = json.dumps(tables_to_json(path, tables, messages), ensure_ascii=False, indent=1) + "\n"
        files = {f"{stem}.json": text}
    elif fmt == "html":
        text = tables_to_html(path, tables)
        files = {f"{stem}.html": text}
    elif fmt == "csv":
        files = {f"{stem}-table-{n}.csv": table_to_csv(t, fill_merged) for n, t in enumerate(tables, 1)}
        text = "\n".join(files.values())
    else:
        raise ValueError(f"unknown format {fmt!r}: choose csv, json or html")
    if out_dir is None:
        return written, text, messages
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        target = out / name
        target.write_text(content, encoding="utf-8")
        written.append(target)
    return written, "", messages


def parse_pages(spec: str | None) -> list[int] | None:
    """``"1,3-5"`` -> [1, 3, 4, 5]; None or empty -> None (all pages)."""
    if not spec:
        return None
    pages: list[int] = []
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        if "-" in part:
            a, b = part.split("-", 1)
            first, last = int(a), int(b)
            if last < first:
                raise ValueError(f"page range {part!r} runs backwards")
            pages.extend(range(first, last + 1))
        else:
            pages.append(int(part))
    if any(p < 1 for p in pages):
        raise ValueError("pages are numbered from 1")
    return sorted(set(pages))
