"""``engine="camelot"``: camelot's lattice (ruled) or stream (whitespace) tables as model Tables.

camelot pulls in OpenCV and pandas, so everything here is imported inside
the functions: the default engine never loads them. camelot fills a merged
cell's text into its first grid cell; we keep its grid as it is (one cell per
grid position) since it reports no spans.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from plantables.extract.model import Cell, Column, ExtractError, Row, Table


def _page_heights(path: str, password: str | None) -> list[float]:
    from plantables.extract.pdf.page import open_document

    pdf = open_document(path, password=password)
    try:
        return [pdf.get_page_size(i)[1] for i in range(len(pdf))]
    finally:
        pdf.close()


def camelot_tables(
    path: str | Path,
    pages: Sequence[int] | None = None,
    *,
    flavor: str = "lattice",
    password: str | None = None,
) -> list[Table]:
    """camelot's tables (``flavor`` ``lattice`` or ``stream``), one model Table each."""
    import camelot

    path = str(path)
    heights = _page_heights(path, password)
    page_spec = ",".join(str(p) for p in pages) if pages else "1-end"
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        found = camelot.read_pdf(path, pages=page_spec, flavor=flavor, password=password, suppress_stdout=True)
    except Exception as exc:  # camelot wraps many failures (ghostscript, pdfminer) in plain exceptions
        raise ExtractError(path, f"camelot {flavor} failed: {type(exc).__name__}: {exc}") from None
    tables = []
    for ct in found:
        page = int(ct.page)
        height = heights[page - 1]
        df = ct.df
        rows = []
        for r, cam_row in enumerate(ct.cells):
            cells = []
            for c, cam_cell in enumerate(cam_row):
                text = str(df.iat[r, c]) if r < df.shape[0] and c < df.shape[1] else ""
                bbox = (cam_cell.x1, height - cam_cell.y2, cam_cell.x2, height - cam_cell.y1)
                cells.append(Cell(col=c, text=text.strip(), page=page, bbox=tuple(round(v, 2) for v in bbox)))
            rows.append(Row(cells=cells, page=page))
        x0, y0, x1, y1 = ct._bbox
        columns = [Column(index=i, label="") for i in range(df.shape[1])]
        tables.append(
            Table(columns=columns, rows=rows, pages=[page], bbox=(round(x0, 2), round(height - y1, 2), round(x1, 2), round(height - y0, 2)))
        )
    return tables
