"""Read a plan PDF into the intermediate model: tables plus the headings between them.

:func:`read_pdf_plan` reads each page once (:func:`~plantables.extract.pdf.page.read_pages`),
finds its tables with the PDF table engine (:func:`~plantables.extract.pdf.engine.find_tables`),
which flags rows styled as headers (a hint only: the plan interpreter,
:mod:`plantables.normalise.header`, decides the header rows), takes the text
outside tables as headings in the flow (running headers/footers dropped,
the title and the lines the organisation is read from kept on the :class:`Document`), and joins tables
continuing over pages (:func:`~plantables.extract.pdf.stitch.stitch_pages`),
but never across a heading. A page that opens with only the repeated header
and the rest of a broken row (too little for the engine to call a table) is
rebuilt on the previous table's columns first (:mod:`.plan_fragment`); a table
without a header whose columns holding no text on its page went missing
(a grid marked by shading) on the columns of the wider table before it
(:mod:`.plan_columns`).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from statistics import median

from plantables.extract.model import Block, Document, ExtractError, Heading, Table
from plantables.extract.pdf.footnotes import drop_footnotes, note_numbers, raised_numbers, strip_note_marks
from plantables.extract.pdf.plan_columns import on_wider_columns
from plantables.extract.pdf.plan_flow import (
    TextLine,
    body_size,
    drop_running,
    lines_outside,
    paragraphs,
    running_lines,
    title_block,
    to_heading,
)
from plantables.extract.pdf.plan_fragment import continuation_fragment
from plantables.extract.pdf.plan_header import join_header_strips, join_touching_tables


def _camelot_tables(path: str, pages, engine: str, password: str | None) -> dict[int, list[Table]]:
    from plantables.extract.pdf.engine import extract_tables

    by_page: dict[int, list[Table]] = {}
    for t in extract_tables(path, pages=pages, engine=engine, stitch=False, password=password):
        by_page.setdefault(t.pages[0] if t.pages else 1, []).append(t)
    return by_page


def read_pdf_plan(
    path: str | Path,
    *,
    engine: str = "auto",
    pages: Sequence[int] | None = None,
    password: str | None = None,
    max_seconds: float | None = None,
    settings=None,
    ocr: str | None = "auto",
) -> Document:
    """Read a plan PDF: tables (stitched over pages) and the headings between them.

    ``engine``: ``auto``/``pdfium`` (pages read with pypdfium2), ``pdfplumber``,
    or a camelot flavour (tables from camelot, text still from pypdfium2).
    Raises :class:`ExtractError` for unreadable files, a PDF with no table, or
    when reading takes longer than ``max_seconds``. Scanned pages are read by
    OCR (``ocr``: ``auto``, ``rapidocr``, ``tesseract`` or ``off``; see
    :mod:`~plantables.extract.pdf.ocr`) when the engine is installed.
    """
    from plantables.extract.pdf.engine import find_tables, open_pages, table_before
    from plantables.extract.pdf.settings import DEFAULT, engine_spec
    from plantables.extract.pdf.stitch import stitch_pages

    path = str(path)
    spec = engine_spec(engine)
    settings = settings or DEFAULT
    deadline = time.monotonic() + max_seconds if max_seconds else None
    camelot = _camelot_tables(path, pages, engine, password) if spec.camelot else None
    doc = Document(path=path, format="pdf")
    tables: list[Table] = []
    lines: dict[int, list[TextLine]] = {}
    heights: dict[int, float] = {}
    first_size: float | None = None  # body text size of the first page read
    n_pages = 0
    for page in open_pages(path, pages, spec.pages, password, ocr=ocr):
        if deadline is not None and time.monotonic() > deadline:
            raise ExtractError(path, f"timed out after {max_seconds:g} s")
        n_pages += 1
        if not page.has_text_layer:
            from plantables.extract.pdf.ocr import scanned_page_message

            doc.warnings.append(scanned_page_message(path, page.number, ocr))
            continue
        # the table the page continues: the last one of the page before, else (a read of
        # chosen pages) the page's own first table, whose header the top of the page repeats
        before = table_before(tables, page.number)
        found = camelot.get(page.number, []) if camelot is not None else find_tables(page, settings, before)
        found = [t for t in found if t.rows]
        if camelot is None:
            found = join_header_strips(found)
            reference = before or (found[0] if found else None)
            fragment = continuation_fragment(page, reference, found, settings) if reference else None
            found = [fragment] + found if fragment is not None else found
            found = join_touching_tables(_on_wider_columns(page, found, tables, settings))
        tables += found
        heights[page.number] = page.height
        boxes = [t.bbox for t in found if t.bbox]
        # lines_outside drops the words within 1 pt of a table: those need not be made
        lines[page.number] = lines_outside(page.page_words.outside(boxes, 1.0), boxes, page.number)
        bottom = max((b[3] for b in boxes), default=None)
        if bottom is not None and any(ln.bbox[1] > bottom and ln.text[:1].isdigit() for ln in lines[page.number]):
            # a line under the tables opening with a number: a footnote when the page prints it raised
            marks = raised_numbers(page.chars)
            strip_note_marks(found, note_numbers(lines[page.number], marks, bottom))
            lines[page.number] = drop_footnotes(lines[page.number], marks, bottom)
        if first_size is None and page.words:
            first_size = median(w.get("size") or (w["bottom"] - w["top"]) for w in page.words)
    if deadline is not None and time.monotonic() > deadline:
        raise ExtractError(path, f"timed out after {max_seconds:g} s")
    doc.pages = _page_count(path, password) if pages is not None else n_pages
    if not tables:
        if not (doc.warnings and not lines):  # text and no table: read whole, it is no plan
            raise ExtractError(path, "not a plan: no tables found", "not_a_plan")
        from plantables.extract.pdf.ocr import INSTALL_HINT, resolve_engine

        why = "OCR turned off" if ocr in (None, "off") else f"OCR not installed: {INSTALL_HINT}"
        if ocr not in (None, "off") and resolve_engine(ocr) is not None:
            why = "OCR found no text"
        raise ExtractError(path, f"no text layer on any page (scanned PDF, {why}): no tables found")
    doc.blocks, doc.title, doc.title_lines, doc.running = _flow(tables, lines, heights, stitch_pages, first_size or 10.0)
    if doc.title is None:  # no large title line and no running header: the document properties
        doc.title = _metadata_title(path, password)
    return doc


def _on_wider_columns(page, found: list[Table], before: list[Table], settings) -> list[Table]:
    """The page's tables, each headerless one with fewer columns than the table before it
    rebuilt on that table's columns where its text fits them (:mod:`.plan_columns`)."""
    previous = before[-1] if before else None
    out = []
    for table in found:
        rebuilt = on_wider_columns(page, table, previous, settings) if previous is not None else None
        out.append(rebuilt or table)
        # a headerless piece left on fewer columns (the rest of a row the page broke, whose text
        # crosses a bound) names no columns: the tables after it still continue the wider one
        if rebuilt is not None or previous is None or len(table.columns) >= len(previous.columns) \
                or any(r.kind == "header" for r in table.rows):
            previous = out[-1]
    return out


def _metadata_title(path: str, password: str | None) -> str | None:
    from plantables.extract.pdf.page import open_document

    pdf = open_document(path, password=password)
    try:
        title = " ".join(pdf.get_metadata_value("Title").split())
    finally:
        pdf.close()
    return title or None


def _page_count(path: str, password: str | None) -> int | None:
    from plantables.extract.pdf.page import open_document

    pdf = open_document(path, password=password)
    try:
        return len(pdf)
    finally:
        pdf.close()


def _flow(
    tables: list[Table], lines: dict[int, list[TextLine]], heights: dict[int, float], stitch, first_size: float
) -> tuple[list[Block], str | None, list[str], list[str]]:
    """Order headings and tables by position; stitch runs of tables not parted by a heading.

    Returns the blocks, the title, the title block's lines (largest first) and the first page's
    running header/footer lines."""
    running = running_lines(lines, heights, body=first_size)
    flow_lines: dict[int, list[TextLine]] = {}
    dropped: list[TextLine] = []
    for number, page_lines in lines.items():
        flow_lines[number], gone = drop_running(page_lines, running)
        dropped += gone
    first = min(lines) if lines else 1
    first_table_top = min((t.bbox[1] for t in tables if t.pages and t.pages[0] == first and t.bbox), default=1e9)
    # the title block opens page 1; a read starting later has only the running header
    first_running = [ln for ln in dropped if ln.page == first]
    title, title_lines = title_block(
        flow_lines.get(first, []) if first == 1 else [], first_running, first_table_top, first_size,
    )
    size = body_size([ln for page_lines in flow_lines.values() for ln in page_lines])
    items: list[tuple[tuple[int, float], Block]] = []
    for number, page_lines in flow_lines.items():
        for para in paragraphs([ln for ln in page_lines if ln not in title_lines]):
            heading = to_heading(para, size)
            items.append(((number, heading.bbox[1] if heading.bbox else 0.0), heading))
    for ln in title_lines:
        items.append(((ln.page, ln.bbox[1]), Heading(ln.text, "title", 1, ln.page, ln.bbox)))
    for t in tables:
        items.append(((t.pages[0] if t.pages else 0, t.bbox[1] if t.bbox else 0.0), t))
    items.sort(key=lambda item: item[0])
    blocks: list[Block] = []
    run: list[Table] = []
    for _, block in items:
        if isinstance(block, Table):
            run.append(block)
            continue
        blocks += stitch(run) if run else []
        run = []
        blocks.append(block)
    blocks += stitch(run) if run else []
    return blocks, title, [ln.text.strip() for ln in sorted(title_lines, key=lambda ln: -ln.size)], \
        [ln.text.strip() for ln in first_running]
