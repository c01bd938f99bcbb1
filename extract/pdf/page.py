"""Read PDF pages once with pypdfium2 into plain dicts.

pypdfium2 gives every char with its box and every path object with its
colours about twenty times faster than pdfminer (pdfplumber's parser), so the
default engine reads pages here and runs pdfplumber's table algorithm on the
resulting dicts. Coordinates follow pdfplumber: PDF points, origin at the
top-left of the (rotated) page, boxes as ``x0, top, x1, bottom``.

The objects (chars, words, rects, lines, edges) are plain dicts named in
:mod:`.objects`; the pdfium calls are in :mod:`.pdfium`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import InitVar, dataclass, field
from functools import cached_property
from itertools import repeat
from operator import contains
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from plantables.extract.model import ExtractError
from plantables.extract.pdf.bullets import drawn_bullets
from plantables.extract.pdf.objects import BBox, Char, Edge, Rect, Segment, Word
from plantables.extract.pdf.paths import edges_from, read_paths
from plantables.extract.pdf.pdfium.chars import ToTop, read_chars
from plantables.extract.pdf.text import PageWords, dedupe_chars


@dataclass
class PageContent:
    """Everything the table finder needs from one page, as plain data."""

    number: int  # 1-based
    width: float
    height: float
    chars: list[Char] = field(default_factory=list)
    rects: list[Rect] = field(default_factory=list)
    lines: list[Segment] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    has_text_layer: bool = True
    images: int = 0
    path: str = ""
    #: boxes of curved or slanted drawings (charts, logos): not table rules
    graphics: list[BBox] = field(default_factory=list)
    #: tables read from the structure tree (tags.py), or None when untagged
    tag_tables: list[Any] | None = None
    #: words already made from ``chars`` (the pdfplumber reader makes them all at once)
    made_words: InitVar[list[Word] | None] = None
    #: the page's words, made only as far as asked (most lie in tables, whose cells make their own)
    page_words: PageWords = field(init=False, repr=False, compare=False)
    #: mean recogniser confidence (0..1) of a page read by OCR (ocr/); None for a text layer
    ocr_confidence: float | None = None

    def __post_init__(self, made_words: list[Word] | None) -> None:
        self.page_words = PageWords(self.chars, made_words)

    @cached_property
    def coloured_chars(self) -> bool:
        """Some char is painted in a colour of its own (``colour``): else no cell's text has one."""
        return any(map(contains, self.chars, repeat("colour")))  # one C-level pass a page, not one a cell

    @cached_property
    def recognised_chars(self) -> bool:
        """Some char was read by OCR (``conf``): else no cell has a recogniser confidence."""
        return any(map(contains, self.chars, repeat("conf")))

    @property
    def words(self) -> list[Word]:
        """All the page's words, in reading order (``text.chars_to_words`` of its chars)."""
        return self.page_words.all()


def open_document(path: str | Path, *, password: str | None = None) -> pdfium.PdfDocument:
    """Open a PDF with pypdfium2, turning its failures into ExtractError."""
    path = str(path)
    if not Path(path).is_file():
        raise ExtractError(path, "file not found")
    try:
        return pdfium.PdfDocument(path, password=password)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            reason = (
                "encrypted PDF: wrong password" if password else "encrypted PDF: a password is needed (--password)"
            )
        elif "format" in message.lower():
            reason = "not a PDF, or damaged beyond repair (PDFium: data format error)"
        else:
            reason = f"cannot open PDF ({message})"
        raise ExtractError(path, reason) from None


def read_pages(
    path: str | Path,
    pages: Sequence[int] | None = None,
    *,
    password: str | None = None,
    with_tags: bool = True,
    ocr: str | None = "auto",
) -> Iterator[PageContent]:
    """Yield the content of each page (1-based numbers; all pages by default).

    A page that is only a scan is read by OCR (``ocr``: an engine of
    ``ocr.OCR_ENGINES``) when the engine is installed; otherwise it comes
    without a text layer and the caller warns (``ocr.scanned_page_message``).
    """
    pdf = open_document(path, password=password)
    try:
        count = len(pdf)
        numbers = list(pages) if pages is not None else list(range(1, count + 1))
        for number in numbers:
            if not 1 <= number <= count:
                raise ExtractError(str(path), f"page {number} does not exist (the PDF has {count} pages)")
            content = read_page(pdf, number, path=str(path), with_tags=with_tags)
            if content.images and ocr not in (None, "off"):
                content = _ocr_if_scanned(pdf, content, ocr)
            yield content
    finally:
        pdf.close()


def _ocr_if_scanned(pdf: pdfium.PdfDocument, content: PageContent, ocr: str) -> PageContent:
    """The page read again from its pixels when it has no usable text and an OCR engine is installed."""
    from plantables.extract.pdf import ocr as ocr_module  # light: the engine is imported only to read a scan

    if not ocr_module.needs_ocr(content):
        return content
    engine = ocr_module.resolve_engine(ocr)
    if engine is None:
        content.has_text_layer = False  # a garbage layer reads as none: the caller warns how to get OCR
        return content
    return ocr_module.ocr_page(pdf, content, engine)


def read_page(pdf: pdfium.PdfDocument, number: int, *, path: str = "", with_tags: bool = True) -> PageContent:
    page = pdf[number - 1]
    try:
        to_top = _page_transform(page)
        width, height = page.get_size()
        rotation = page.get_rotation()
        flip = None
        if rotation % 360 == 0:  # the usual page: top = media box height - y
            _, y0, _, y1 = page.get_mediabox()
            flip = y1 - y0
        textpage = page.get_textpage()
        try:
            chars = dedupe_chars(read_chars(textpage, to_top, rotation, flip))
        finally:
            textpage.close()
        rects, lines, graphics, images = read_paths(page, to_top, flip)
        chars += drawn_bullets(chars, graphics)
        content = PageContent(
            number=number,
            width=float(width),
            height=float(height),
            chars=chars,
            rects=rects,
            lines=lines,
            edges=edges_from(rects, lines),
            graphics=graphics,
            has_text_layer=any(not c["text"].isspace() for c in chars),
            images=images,
            path=path,
        )
        if with_tags:
            from plantables.extract.pdf.tags import read_tag_tables

            content.tag_tables = read_tag_tables(page)
        return content
    finally:
        page.close()


# --- coordinates ---------------------------------------------------------------


def _page_transform(page: pdfium.PdfPage) -> ToTop:
    """Map PDF user space to top-left page coordinates, as pdfplumber does.

    Like pdfplumber, x stays as in user space and ``top`` is measured down
    from the page height, also when the media box does not start at 0;
    /Rotate turns the page the way pdfminer's interpreter does.
    """
    x0, y0, x1, y1 = page.get_mediabox()
    rotation = page.get_rotation() % 360
    if rotation == 90:
        return lambda x, y: (y - y0, x - x0)
    if rotation == 180:
        return lambda x, y: (x1 - x, y - y0)
    if rotation == 270:
        return lambda x, y: (y1 - y, x1 - x)
    height = y1 - y0
    return lambda x, y: (x, height - y)
