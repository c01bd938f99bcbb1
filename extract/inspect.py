"""``plantables inspect``: show what the PDF reader recovered, as text and as a picture.

:func:`tables_for_display` turns a :class:`Document` into rich tables (one per
recovered table, spans and fills marked in each cell); :func:`draw_page`
writes a page image with the detected cells drawn over it (pdfplumber's
``to_image`` + ``draw_rects``) so an analyst can see why a row came out as it did.
"""

from __future__ import annotations

from pathlib import Path

from plantables.extract.model import Cell, Document, Heading, RowKind, Table

#: outline colours per row kind in the PNG (RGBA)
KIND_COLOURS = {"header": (0, 90, 200, 255), "heading": (0, 150, 60, 255), "data": (220, 30, 30, 255)}


def cell_label(cell: Cell, width: int = 60) -> str:
    """Cell text, shortened, with its span and fill: ``text [3×1 #92D050]``."""
    text = " ".join(cell.text.split())
    if len(text) > width:
        text = text[: width - 1] + "…"
    marks = []
    if cell.bold:
        marks.append("bold")
    if cell.row_span > 1 or cell.col_span > 1:
        marks.append(f"{cell.row_span}×{cell.col_span}")
    if cell.fill:
        marks.append(cell.fill)
    return f"{text} [{' '.join(marks)}]" if marks else text


def _title(table: Table, number: int) -> str:
    if not table.pages:  # an office file: no pages
        pages = "no pages"
    else:
        pages = f"pages {table.pages[0]}–{table.pages[-1]}" if len(table.pages) > 1 else f"page {table.pages[0]}"
    groups = sorted({c.group for c in table.columns if c.group})
    grouped = f"; grouped columns: {', '.join(groups)}" if groups else ""
    return f"Table {number}: {pages}, {len(table.columns)} columns, {len(table.rows)} rows{grouped}"


def tables_for_display(doc: Document, width: int = 60) -> list:
    """Rich renderables for the document's blocks, in reading order."""
    from rich.table import Table as RichTable
    from rich.text import Text

    out: list = []
    number = 0
    for block in doc.blocks:
        if isinstance(block, Heading):
            where = f", page {block.page}" if block.page is not None else f", level {block.level}"
            out.append(Text(f"[{block.kind}{where}] {block.text}", style="bold" if block.kind != "text" else ""))
            continue
        number += 1
        rt = RichTable(title=_title(block, number), show_lines=True, expand=False)
        rt.add_column("row", justify="right")
        rt.add_column("page", justify="right")
        rt.add_column("kind")
        for col in block.columns:
            rt.add_column(col.label, overflow="fold", min_width=min(width, 8))
        for i, row in enumerate(block.rows):
            values = [""] * len(block.columns)
            for cell in row.cells:
                if 0 <= cell.col < len(values):
                    values[cell.col] = cell_label(cell, width)
            style = {"header": "bold cyan", "heading": "bold green"}.get(row.kind, "")
            # Text(), not str: "[#92D050]" would be read as rich markup
            rt.add_row(str(i), str(row.page or ""), row.kind, *map(Text, values), style=style)
        out.append(rt)
    return out


def print_document(doc: Document, console=None, width: int = 60) -> None:
    from rich.console import Console

    widest = max((len(t.columns) for t in doc.tables), default=1)
    # a plan table has up to ~20 columns: never squeeze them into 80 characters
    console = console or Console(width=max(Console().width, 16 + widest * (min(width, 24) + 3)))
    pages = f"{doc.pages} pages" if doc.pages is not None else f"{doc.format}, no pages"
    console.print(f"{doc.path}: {pages}; organisation: {doc.organisation}; title: {doc.title}",
                  markup=False)
    for warning in doc.warnings:
        console.print(f"warning: {warning}", style="yellow", markup=False)
    for renderable in tables_for_display(doc, width):
        console.print(renderable)


def cells_on_page(doc: Document, page: int) -> list[tuple[RowKind, tuple[float, float, float, float]]]:
    """(row kind, bbox) of every cell of every table that lies on ``page``."""
    out: list[tuple[RowKind, tuple[float, float, float, float]]] = []
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                if cell.bbox is not None and (cell.page or row.page) == page:
                    out.append((row.kind, cell.bbox))
    return out


def draw_page(pdf_path: str | Path, doc: Document, page: int, out: str | Path, *, resolution: int = 100,
              password: str | None = None) -> Path:
    """Write a PNG of ``page`` with the detected cells outlined (colour by row kind)."""
    try:
        import pdfplumber  # renders and draws the page; in the plantables[engines] extra
    except ImportError:
        from plantables.extract.model import ExtractError
        from plantables.extract.pdf.settings import EXTRA_HINT

        raise ExtractError(str(pdf_path), f"inspect --png needs pdfplumber, not installed: {EXTRA_HINT}") from None

    out = Path(out)
    with pdfplumber.open(pdf_path, password=password) as pdf:
        if not 1 <= page <= len(pdf.pages):
            from plantables.extract.model import ExtractError

            raise ExtractError(str(pdf_path), f"page {page} does not exist (the PDF has {len(pdf.pages)} pages)")
        image = pdf.pages[page - 1].to_image(resolution=resolution)
        for kind in ("data", "heading", "header"):  # headers drawn last, on top
            boxes = [bbox for k, bbox in cells_on_page(doc, page) if k == kind]
            if boxes:
                image.draw_rects(boxes, stroke=KIND_COLOURS[kind], fill=(0, 0, 0, 0), stroke_width=2)
        image.save(out, format="PNG")
    return out
