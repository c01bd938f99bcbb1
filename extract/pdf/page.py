"""Read PDF pages once with pypdfium2 into plain dicts.

pypdfium2 gives every char with its box and every path object with its
colours about twenty times faster than pdfminer (pdfplumber's parser), so the
default engine reads pages here and runs pdfplumber's table algorithm on the
resulting dicts. Coordinates follow pdfplumber: PDF points, origin at the
top-left of the (rotated) page, boxes as ``x0, top, x1, bottom``.

Objects
-------
* char: ``text, x0, top, x1, bottom, size, fontname, bold, upright, mcid``
* word: ``text, x0, top, x1, bottom, size, bold, upright, chars`` (index list)
* rect: ``x0, top, x1, bottom, fill, stroke, linewidth`` (colours ``#RRGGBB`` or None)
* line: ``x0, top, x1, bottom, stroke, linewidth`` (axis-parallel segments only)
* edge: ``x0, top, x1, bottom, orientation ("h"/"v"), source ("line"/"rect")``
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from plantables.extract.model import ExtractError
from plantables.extract.pdf.paths import edges_from, plain_prototype, read_paths
from plantables.extract.pdf.text import chars_to_words, dedupe_chars



@dataclass
class PageContent:
    """Everything the table finder needs from one page, as plain data."""

    number: int  # 1-based
    width: float
    height: float
    chars: list[dict] = field(default_factory=list)
    words: list[dict] = field(default_factory=list)
    rects: list[dict] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    has_text_layer: bool = True
    images: int = 0
    path: str = ""
    #: boxes of curved or slanted drawings (charts, logos): not table rules
    graphics: list[tuple[float, float, float, float]] = field(default_factory=list)
    #: tables read from the structure tree (tags.py), or None when untagged
    tag_tables: list | None = None


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
) -> Iterator[PageContent]:
    """Yield the content of each page (1-based numbers; all pages by default)."""
    pdf = open_document(path, password=password)
    try:
        count = len(pdf)
        numbers = list(pages) if pages is not None else list(range(1, count + 1))
        for number in numbers:
            if not 1 <= number <= count:
                raise ExtractError(str(path), f"page {number} does not exist (the PDF has {count} pages)")
            yield read_page(pdf, number, path=str(path), with_tags=with_tags)
    finally:
        pdf.close()


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
            chars = dedupe_chars(_read_chars(textpage, to_top, rotation, flip))
        finally:
            textpage.close()
        rects, lines, graphics, images = read_paths(page, to_top)
        content = PageContent(
            number=number,
            width=float(width),
            height=float(height),
            chars=chars,
            words=chars_to_words(chars),
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


def _page_transform(page: pdfium.PdfPage):
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


def _box(to_top, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
    ax, at = to_top(left, bottom)
    bx, bt = to_top(right, top)
    return min(ax, bx), min(at, bt), max(ax, bx), max(at, bt)


# --- chars -------------------------------------------------------------------------


# the per-char calls, with plain C types (see plain_prototype); the text object's
# address comes back as a plain int, so the per-char cache key needs no ctypes.cast
_VOIDP, _INT = ctypes.c_void_p, ctypes.c_int
_GET_UNICODE = plain_prototype(pdfium_c.FPDFText_GetUnicode, ctypes.c_uint, _VOIDP, _INT)
_LOOSE_CHAR_BOX = plain_prototype(pdfium_c.FPDFText_GetLooseCharBox, _INT, _VOIDP, _INT, _VOIDP)
_TEXT_OBJECT_ADDRESS = plain_prototype(pdfium_c.FPDFText_GetTextObject, _VOIDP, _VOIDP, _INT)


def _read_chars(textpage: pdfium.PdfTextPage, to_top, rotation: int = 0, height: float | None = None) -> list[dict]:
    """Every char pdfium read from the content stream, with its box, size and font.

    The hot loop of a page read, so it makes few calls per char: size,
    angle and font belong to the char's text object (one matrix, one font
    per object) and are looked up once per object; ``height`` (an unrotated
    page) lets the box be flipped inline.
    """
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    address = ctypes.cast(raw, ctypes.c_void_p).value  # for the plain-typed calls
    get_unicode, is_generated = _GET_UNICODE, pdfium_c.FPDFText_IsGenerated
    loose_box, object_address = _LOOSE_CHAR_BOX, _TEXT_OBJECT_ADDRESS
    rect = pdfium_c.FS_RECTF()
    rect_ref = ctypes.addressof(rect)
    styles: dict[int, tuple[float, str, bool, bool, int | None]] = {}
    chars: list[dict] = []
    indices: list[int] = []  # pdfium's index of each char, for _even_glyph_boxes
    for i in range(count):
        code = get_unicode(address, i)
        # pdfium generates only spaces and line breaks (CPDF_TextPage::GenerateCharInfo)
        if code in (0, 10, 13, 0xFFFE, 0xFFFF):
            continue  # line breaks: lines are rebuilt from geometry
        if code == 2:
            code = 45  # pdfium's mark for a hyphen that ends a line ("Apr-" over "24"): it is printed
        if not loose_box(address, i, rect_ref):
            continue
        if code == 32 and is_generated(raw, i) == 1:
            # pdfium saw a word gap from the fonts' advance widths (loose boxes overlap
            # and hide it): keep it as a zero-width space on the previous char's line
            if chars and rect.left > chars[-1]["x0"]:
                prev = chars[-1]
                # pdfium puts it where the next word starts: just before it, so sorting keeps the order
                x = (to_top(rect.left, 0)[0] if height is None else rect.left) - 0.001
                chars.append({**prev, "text": " ", "x0": x, "x1": x})
                indices.append(-1)
            continue
        if height is not None:
            left, right, top, bottom = rect.left, rect.right, height - rect.top, height - rect.bottom
            x0, x1 = (left, right) if left <= right else (right, left)
            if top > bottom:
                top, bottom = bottom, top
        else:
            x0, top, x1, bottom = _box(to_top, rect.left, rect.bottom, rect.right, rect.top)
        key = object_address(address, i) or 0
        style = styles.get(key) if key else None
        if style is None:
            style = _char_style(raw, i, rotation)
            if key:
                styles[key] = style
        size, fontname, bold, upright, mcid = style
        chars.append({"text": chr(code), "x0": x0, "top": top, "x1": x1, "bottom": bottom, "size": size,
                      "fontname": fontname, "bold": bold, "upright": upright, "mcid": mcid})
        indices.append(i)
    if height is not None:
        _even_glyph_boxes(raw, chars, indices, height)
    return chars


def _even_glyph_boxes(raw_textpage, chars: list[dict], indices: list[int], height: float) -> None:
    """Give the chars of a font whose "loose" boxes follow each glyph one box per size on the baseline.

    pdfium's loose box spans the font's ascent and descent, except for fonts
    that declare none (LibreOffice writes ``/Ascent 0 /Descent 0``): then it
    is the glyph's own box, and a ``.`` or ``–`` sits lower than the digits
    beside it, so "1.1.1" falls apart into two lines. Such a font shows as
    boxes of many heights at one size; its chars get a box of 0.8 of the size
    above the baseline and 0.2 below, as for any font.
    """
    spans: dict[tuple[str, float], tuple[float, float]] = {}
    for c in chars:
        if c["upright"] and not c["text"].isspace() and c["size"] > 0:
            key = (c["fontname"], c["size"])
            h = c["bottom"] - c["top"]
            lo, hi = spans.get(key, (h, h))
            spans[key] = (min(lo, h), max(hi, h))
    uneven = {key for key, (lo, hi) in spans.items() if hi - lo > 0.1 * key[1]}
    if not uneven:
        return
    origin_y = ctypes.c_double()
    refs = (ctypes.byref(ctypes.c_double()), ctypes.byref(origin_y))
    for k, (c, i) in enumerate(zip(chars, indices)):
        if not c["upright"] or (c["fontname"], c["size"]) not in uneven:
            continue
        if i < 0:  # a generated space: on the line of the char it was copied from
            c["top"], c["bottom"] = chars[k - 1]["top"], chars[k - 1]["bottom"]
        elif pdfium_c.FPDFText_GetCharOrigin(raw_textpage, i, *refs):
            baseline = height - origin_y.value
            c["top"], c["bottom"] = baseline - 0.8 * c["size"], baseline + 0.2 * c["size"]


def _char_style(raw_textpage, i: int, rotation: int) -> tuple[float, str, bool, bool, int | None]:
    """Size in points, font name, bold, upright and marked-content id of char ``i`` (its text object's)."""
    # pdfium's angle is in user space; /Rotate turns the page under it
    angle = (pdfium_c.FPDFText_GetCharAngle(raw_textpage, i) + math.radians(rotation)) % (2 * math.pi)
    # the font size is in text space: scale it by the char's matrix to get points
    size = pdfium_c.FPDFText_GetFontSize(raw_textpage, i)
    matrix = pdfium_c.FS_MATRIX()
    if pdfium_c.FPDFText_GetMatrix(raw_textpage, i, matrix):
        size *= math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
    fontname, bold, mcid = _font_of(pdfium_c.FPDFText_GetTextObject(raw_textpage, i))
    return round(size, 2), fontname, bold, angle < 0.1 or angle > 2 * math.pi - 0.1, mcid


def _font_of(obj) -> tuple[str, bool, int | None]:
    """Font name, boldness and marked-content id of a text object."""
    if not obj:
        return "", False, None
    name = ""
    weight = 0
    font = pdfium_c.FPDFTextObj_GetFont(obj)
    if font:
        size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
        if size > 0:
            buf = ctypes.create_string_buffer(size)
            pdfium_c.FPDFFont_GetBaseFontName(font, buf, size)
            name = buf.value.decode("utf-8", "replace")
        weight = pdfium_c.FPDFFont_GetWeight(font)
    lowered = name.lower()
    bold = weight >= 600 or any(k in lowered for k in ("bold", "black", "heavy", "semibold", ",bd"))
    mcid = pdfium_c.FPDFPageObj_GetMarkedContentID(obj)
    return name, bold, (mcid if mcid >= 0 else None)
