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
import struct
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from plantables.extract.model import ExtractError
from plantables.extract.pdf.paths import edges_from, plain_prototype, read_paths
from plantables.extract.pdf.text import WordIndex, chars_to_words, dedupe_chars

BBox = tuple[float, float, float, float]



@dataclass
class PageContent:
    """Everything the table finder needs from one page, as plain data."""

    number: int  # 1-based
    width: float
    height: float
    chars: list[dict] = field(default_factory=list)
    #: ``chars_to_words(chars)``, made on first access when None (see words_outside)
    words: list[dict] | None = None
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


def _get_words(page: PageContent) -> list[dict]:
    words = page.__dict__.get("_words")
    if words is None:
        # the same dicts as words_beside gave; in one pass when it gave none
        index = page.__dict__.get("_word_index")
        words = page._words = index.beside() if index is not None else chars_to_words(page.chars)
    return words


def _set_words(page: PageContent, words: list[dict] | None) -> None:
    page._words = words


# most words lie inside tables, whose cells rebuild their own: a page's words
# are made only when asked for (the dataclass __init__ sets them through this)
PageContent.words = property(_get_words, _set_words, doc="The page's words, reading order (text.chars_to_words).")


def _word_index(page: PageContent) -> WordIndex:
    index = page.__dict__.get("_word_index")
    if index is None:
        index = page._word_index = WordIndex(page.chars)
    return index


def words_outside(page: PageContent, boxes: Sequence[BBox], margin: float = 0.0) -> list[dict]:
    """The page's words whose centre lies in none of ``boxes`` (grown by ``margin``), in order.

    Equal to filtering ``page.words`` (the same dicts), but made without
    splitting the lines inside the boxes into words.
    """
    grown = [(b[0] - margin, b[1] - margin, b[2] + margin, b[3] + margin) for b in boxes]
    out = []
    for w in words_beside(page, grown):
        x = (w["x0"] + w["x1"]) / 2
        y = (w["top"] + w["bottom"]) / 2
        if not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in grown):
            out.append(w)
    return out


def words_beside(page: PageContent, boxes: Sequence[BBox]) -> list[dict]:
    """``page.words`` in order, but words whose centre lies in one of ``boxes`` may be left out.

    For callers that filter the words with a test of their own that rejects
    the words inside the boxes anyway (text.WordIndex). The words are the
    dicts of ``page.words``; once those are made, they are all returned.
    """
    words = page.__dict__.get("_words")
    if words is None and not boxes:
        return page.words  # all of them: chars_to_words in one pass is the faster way
    return words if words is not None else _word_index(page).beside(boxes)


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
        rects, lines, graphics, images = read_paths(page, to_top, flip)
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
_GET_TEXT = plain_prototype(pdfium_c.FPDFText_GetText, _INT, _VOIDP, _INT, _INT, _VOIDP)
_LOOSE_CHAR_BOX = plain_prototype(pdfium_c.FPDFText_GetLooseCharBox, _INT, _VOIDP, _INT, _VOIDP)
_TEXT_OBJECT_ADDRESS = plain_prototype(pdfium_c.FPDFText_GetTextObject, _VOIDP, _VOIDP, _INT)
_CHAR_ORIGIN = plain_prototype(pdfium_c.FPDFText_GetCharOrigin, _INT, _VOIDP, _INT, _VOIDP, _VOIDP)
_STYLE = itemgetter("fontname", "size", "upright")
_RECT = struct.Struct("4f")  # FS_RECTF: left, top, right, bottom
#: codes pdfium adds that are no printed char: line breaks (lines are rebuilt from geometry)
_NOT_PRINTED = frozenset("\x00\n\r\uffff")


def _page_text(address: int, count: int) -> str | None:
    """The unicode of every char in one call: ``text[i]`` is char ``i``'s, else None.

    pdfium's page text holds one UTF-16 unit per char, except that chars
    without text are left out and codes above U+FFFF take two units; only a
    text of exactly ``count`` units and no surrogates lines up with the chars.
    """
    buf = ctypes.create_string_buffer(2 * count + 2)
    written = _GET_TEXT(address, 0, count, ctypes.addressof(buf))
    if written != count + 1:  # the trailing NUL included
        return None
    text = buf.raw[: 2 * count].decode("utf-16-le", "surrogatepass")
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        return None
    return text


def _read_chars(textpage: pdfium.PdfTextPage, to_top, rotation: int = 0, height: float | None = None) -> list[dict]:
    """Every char pdfium read from the content stream, with its box, size and font.

    The hot loop of a page read, so it makes few calls per char: the codes
    of all chars come in one call (_page_text), size, angle and font belong
    to the char's text object (one matrix, one font per object) and are
    looked up once per object; ``height`` (an unrotated page) lets the box
    be flipped inline.
    """
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    address = ctypes.cast(raw, ctypes.c_void_p).value  # for the plain-typed calls
    get_unicode, is_generated = _GET_UNICODE, pdfium_c.FPDFText_IsGenerated
    loose_box, object_address, unpack = _LOOSE_CHAR_BOX, _TEXT_OBJECT_ADDRESS, _RECT.unpack_from
    text = _page_text(address, count) if count > 0 else ""
    if text is None:
        text = "".join([chr(get_unicode(address, i)) for i in range(count)])
    not_printed = _NOT_PRINTED
    rect = pdfium_c.FS_RECTF()
    rect_ref = ctypes.addressof(rect)
    styles: dict[int, tuple[float, str, bool, bool, int | None]] = {}
    fonts: dict[int, tuple[str, bool]] = {}
    chars: list[dict] = []
    indices: list[int] = []  # pdfium's index of each char, for _even_glyph_boxes
    gap = None  # the generated word gap waiting for the char after it
    for i, ch in enumerate(text):
        # pdfium generates only spaces and line breaks (CPDF_TextPage::GenerateCharInfo)
        if ch in not_printed:
            if ch == "\r" and chars and chars[-1]["text"] != " " and loose_box(address, i, rect_ref):
                # pdfium's line break sits where the text run ended: a space's width past the last
                # glyph when the line was wrapped at a space (Chromium), at the glyph when a word was
                # cut at the cell's edge. Kept as a space after the line's last glyph (grid.broken_at_edge).
                prev = chars[-1]
                x = unpack(rect)[0]
                x = to_top(x, 0)[0] if height is None else x
                if 0.15 * prev["size"] < x - prev["x1"] < prev["size"]:
                    chars.append({**prev, "text": " ", "x0": prev["x1"] + 0.001, "x1": prev["x1"] + 0.001})
                    indices.append(-1)
            continue
        if ch == "\ufffe":  # the page text marks a line-end hyphen so, and so does pdfium's own U+FFFE
            if get_unicode(address, i) != 2:
                continue
            ch = "\x02"
        if ch == "\x02":
            ch = "-"  # pdfium's mark for a hyphen that ends a line ("Apr-" over "24"): it is printed
        if not loose_box(address, i, rect_ref):
            continue
        left, top, right, bottom = unpack(rect)
        if ch == " " and is_generated(raw, i) == 1:
            # pdfium saw a word gap from the fonts' advance widths (loose boxes overlap
            # and hide it): keep it as a zero-width space on the previous char's line
            if chars and left > chars[-1]["x0"]:
                prev = chars[-1]
                # pdfium puts it where the next word starts: just before it, so sorting keeps the order
                x = (to_top(left, 0)[0] if height is None else left) - 0.001
                gap = {**prev, "text": " ", "x0": x, "x1": x}
                chars.append(gap)
                indices.append(-1)
            continue
        if height is not None:
            x0, x1 = (left, right) if left <= right else (right, left)
            top, bottom = height - top, height - bottom
            if top > bottom:
                top, bottom = bottom, top
        else:
            x0, top, x1, bottom = _box(to_top, left, bottom, right, top)
        key = object_address(address, i) or 0
        style = styles.get(key) if key else None
        if style is None:
            style = _char_style(address, i, rotation, key, fonts)
            if key:
                styles[key] = style
        size, fontname, bold, upright, mcid = style
        if gap is not None:
            if gap["x0"] >= x0:  # placed past the next word's first char (another font's baseline,
                gap["x0"] = gap["x1"] = x0 - 0.001  # Skia's glyph runs): it would split "C ompleted"
            gap = None
        chars.append({"text": ch, "x0": x0, "top": top, "x1": x1, "bottom": bottom, "size": size,
                      "fontname": fontname, "bold": bold, "upright": upright, "mcid": mcid})
        indices.append(i)
    if height is not None:
        _even_glyph_boxes(address, chars, indices, height)
    return chars


def _even_glyph_boxes(textpage_address: int, chars: list[dict], indices: list[int], height: float) -> None:
    """Give the chars of a font whose "loose" boxes follow each glyph one box per size on the baseline.

    pdfium's loose box spans the font's ascent and descent, except for fonts
    that declare none (LibreOffice writes ``/Ascent 0 /Descent 0``): then it
    is the glyph's own box, and a ``.`` or ``–`` sits lower than the digits
    beside it, so "1.1.1" falls apart into two lines. Such a font shows as
    boxes of many heights at one size; its chars get a box of 0.8 of the size
    above the baseline and 0.2 below, as for any font.
    """
    # chars come in runs of one text object: work per run of one font, size and angle
    runs: list[tuple[int, int, tuple[str, float]]] = []
    spans: dict[tuple[str, float], tuple[float, float]] = {}
    start = 0
    for (fontname, size, upright), run in groupby(chars, _STYLE):
        members = list(run)
        end = start + len(members)
        if upright and size > 0:
            key = (fontname, size)
            runs.append((start, end, key))
            heights = [c["bottom"] - c["top"] for c in members if not c["text"].isspace()]
            if heights:
                lo, hi = min(heights), max(heights)
                if key in spans:
                    lo, hi = min(spans[key][0], lo), max(spans[key][1], hi)
                spans[key] = (lo, hi)
        start = end
    uneven = {key for key, (lo, hi) in spans.items() if hi - lo > 0.1 * key[1]}
    if not uneven:
        return
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    x_ref, y_ref = ctypes.addressof(origin_x), ctypes.addressof(origin_y)
    char_origin = _CHAR_ORIGIN
    for start, end, key in runs:
        if key not in uneven:
            continue
        size = key[1]
        above, below = 0.8 * size, 0.2 * size
        for k in range(start, end):
            c, i = chars[k], indices[k]
            if i < 0:  # a generated space: on the line of the char it was copied from
                c["top"], c["bottom"] = chars[k - 1]["top"], chars[k - 1]["bottom"]
            elif char_origin(textpage_address, i, x_ref, y_ref):
                baseline = height - origin_y.value
                c["top"], c["bottom"] = baseline - above, baseline + below


_CHAR_ANGLE = plain_prototype(pdfium_c.FPDFText_GetCharAngle, ctypes.c_float, _VOIDP, _INT)
_FONT_SIZE = plain_prototype(pdfium_c.FPDFText_GetFontSize, ctypes.c_double, _VOIDP, _INT)
_CHAR_MATRIX = plain_prototype(pdfium_c.FPDFText_GetMatrix, _INT, _VOIDP, _INT, _VOIDP)
_OBJECT_FONT = plain_prototype(pdfium_c.FPDFTextObj_GetFont, _VOIDP, _VOIDP)
_BASE_FONT_NAME = plain_prototype(pdfium_c.FPDFFont_GetBaseFontName, ctypes.c_ulong, _VOIDP, _VOIDP, ctypes.c_ulong)
_FONT_WEIGHT = plain_prototype(pdfium_c.FPDFFont_GetWeight, _INT, _VOIDP)
_MARKED_CONTENT_ID = plain_prototype(pdfium_c.FPDFPageObj_GetMarkedContentID, _INT, _VOIDP)


def _char_style(textpage_address: int, i: int, rotation: int, obj: int,
                fonts: dict[int, tuple[str, bool]]) -> tuple[float, str, bool, bool, int | None]:
    """Size in points, font name, bold, upright and marked-content id of char ``i`` (its text object ``obj``'s).

    ``fonts`` caches name and boldness per font of the page: many text
    objects share a few fonts.
    """
    # pdfium's angle is in user space; /Rotate turns the page under it
    angle = (_CHAR_ANGLE(textpage_address, i) + math.radians(rotation)) % (2 * math.pi)
    # the font size is in text space: scale it by the char's matrix to get points
    size = _FONT_SIZE(textpage_address, i)
    matrix = pdfium_c.FS_MATRIX()
    if _CHAR_MATRIX(textpage_address, i, ctypes.addressof(matrix)):
        size *= math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
    fontname, bold, mcid = "", False, None
    if obj:
        font = _OBJECT_FONT(obj) or 0
        if font not in fonts:
            fonts[font] = _font_name_bold(font)
        fontname, bold = fonts[font]
        mcid = _MARKED_CONTENT_ID(obj)
        mcid = mcid if mcid >= 0 else None
    return round(size, 2), fontname, bold, angle < 0.1 or angle > 2 * math.pi - 0.1, mcid


def _font_name_bold(font: int) -> tuple[str, bool]:
    """Base font name and boldness of a font (by address; 0 for none)."""
    name = ""
    weight = 0
    if font:
        size = _BASE_FONT_NAME(font, 0, 0)
        if size > 0:
            buf = ctypes.create_string_buffer(size)
            _BASE_FONT_NAME(font, ctypes.addressof(buf), size)
            name = buf.value.decode("utf-8", "replace")
        weight = _FONT_WEIGHT(font)
    lowered = name.lower()
    bold = weight >= 600 or any(k in lowered for k in ("bold", "black", "heavy", "semibold", ",bd"))
    return name, bold
