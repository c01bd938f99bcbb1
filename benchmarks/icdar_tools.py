"""The tools compared on ICDAR 2013, each turning a PDF into evaluation tables.

* ``plantables``: our engine, pages not stitched (the ground truth keeps a
  continued table's pages apart);
* ``pdfplumber``: ``page.extract_tables()`` with its defaults;
* ``camelot-lattice`` / ``camelot-stream``: ``camelot.read_pdf`` on all pages.

Each returns GridTables; a tool reporting no spans gives 1x1 cells.
"""

from __future__ import annotations

import logging
from pathlib import Path

from icdar_eval import GridTable


def run_plantables(pdf: Path) -> list[GridTable]:
    from plantables.extract.pdf.engine import extract_tables

    out = []
    for table in extract_tables(pdf, stitch=False):
        cells = [
            (i, c.col, i + c.row_span - 1, c.col + c.col_span - 1, c.text)
            for i, row in enumerate(table.rows)
            for c in row.cells
        ]
        out.append(GridTable(cells, page=table.pages[0] if table.pages else None, bbox=table.bbox))
    return out


def _grid(rows: list[list], page: int, bbox) -> GridTable:
    cells = [(r, c, r, c, "" if v is None else str(v)) for r, row in enumerate(rows) for c, v in enumerate(row)]
    return GridTable(cells, page=page, bbox=bbox)


def run_pdfplumber(pdf: Path) -> list[GridTable]:
    import pdfplumber

    out = []
    with pdfplumber.open(str(pdf)) as doc:
        for page in doc.pages:
            for table in page.find_tables():
                out.append(_grid(table.extract(), page.page_number, table.bbox))
            page.close()
    return out


def run_camelot(pdf: Path, flavor: str) -> list[GridTable]:
    import camelot

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    logging.getLogger("camelot").setLevel(logging.ERROR)
    from plantables.extract.pdf.page import open_document

    doc = open_document(pdf)
    heights = [doc.get_page_size(i)[1] for i in range(len(doc))]
    doc.close()
    try:
        found = camelot.read_pdf(str(pdf), pages="1-end", flavor=flavor, suppress_stdout=True)
    except Exception as exc:  # camelot fails on some pages (no text, odd images): count as nothing found
        print(f"  camelot {flavor} failed on {pdf.name}: {type(exc).__name__}: {exc}")
        return []
    out = []
    for t in found:
        page = int(t.page)
        x0, y0, x1, y1 = t._bbox
        h = heights[page - 1]
        out.append(_grid(t.df.values.tolist(), page, (x0, h - y1, x1, h - y0)))
    return out


TOOLS = {
    "plantables": run_plantables,
    "pdfplumber": run_pdfplumber,
    "camelot-lattice": lambda pdf: run_camelot(pdf, "lattice"),
    "camelot-stream": lambda pdf: run_camelot(pdf, "stream"),
}
