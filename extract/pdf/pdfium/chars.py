"""The chars of a pdfium text page, with their boxes, sizes, fonts and marked-content ids.

The hot loop of a page read (:func:`read_chars`): few calls per char, through
the plain-typed prototypes of :mod:`.calls`.
"""

from __future__ import annotations

import ctypes
import math
import re
import struct
from collections.abc import Callable

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from plantables.extract.pdf.objects import BBox, Char
from plantables.extract.pdf.pdfium import calls as C

#: maps PDF user space (x, y) to top-left page coordinates
ToTop = Callable[[float, float], tuple[float, float]]
#: a text object's chars: their dict but for text and box (size, font name, bold, upright,
#: marked-content id), and the box span of their font and size
_Style = tuple[Char, "list[float] | None"]


def _box(to_top: ToTop, left: float, bottom: float, right: float, top: float) -> BBox:
    ax, at = to_top(left, bottom)
    bx, bt = to_top(right, top)
    return min(ax, bx), min(at, bt), max(ax, bx), max(at, bt)


# the per-char calls take plain C types (calls.plain_prototype); the text object's
# address comes back as a plain int, so the per-char cache key needs no ctypes.cast
#: a glyph starting this close (in em) to the end of the one before it follows it: no gap between them
_ABUTTING = 0.02
_RECT = struct.Struct("4f")  # FS_RECTF: left, top, right, bottom
#: codes pdfium adds that are no printed char: line breaks (lines are rebuilt from geometry)
_NOT_PRINTED = frozenset("\x00\n\r\uffff")
#: every code the loop treats apart: one set test lets the usual char through
_SPECIAL = _NOT_PRINTED | {"\ufffe", "\x02"}
_SURROGATE = re.compile("[" + chr(0xD800) + "-" + chr(0xDFFF) + "]")
#: right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko …): pdfium reorders their lines, so
#: a text object's chars need not follow each other there (see _object_run)
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe]")


def _page_text(address: int, count: int) -> str | None:
    """The unicode of every char in one call: ``text[i]`` is char ``i``'s, else None.

    pdfium's page text holds one UTF-16 unit per char, except that chars
    without text are left out and codes above U+FFFF take two units; only a
    text of exactly ``count`` units and no surrogates lines up with the chars.
    """
    buf = ctypes.create_string_buffer(2 * count + 2)
    written = C.GET_TEXT(address, 0, count, ctypes.addressof(buf))
    if written != count + 1:  # the trailing NUL included
        return None
    text = buf.raw[: 2 * count].decode("utf-16-le", "surrogatepass")
    if _SURROGATE.search(text):
        return None
    return text


def read_chars(textpage: pdfium.PdfTextPage, to_top: ToTop, rotation: int = 0, height: float | None = None) -> list[Char]:
    """Every char pdfium read from the content stream, with its box, size and font.

    The hot loop of a page read, so it makes few calls per char: the codes
    of all chars come in one call (_page_text), size, angle and font belong
    to the char's text object (one matrix, one font per object) and are
    looked up once per object; ``height`` (an unrotated page) lets the box
    be flipped inline.
    """
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    address = ctypes.cast(raw, ctypes.c_void_p).value or 0  # for the plain-typed calls
    get_unicode, is_generated = C.GET_UNICODE, C.IS_GENERATED
    loose_box, object_address, unpack = C.LOOSE_CHAR_BOX, C.TEXT_OBJECT_ADDRESS, _RECT.unpack_from
    text = _page_text(address, count) if count > 0 else ""
    if text is None:
        text = "".join([chr(get_unicode(address, i)) for i in range(count)])
    not_printed, special = _NOT_PRINTED, _SPECIAL
    # the chars of one text object follow each other in pdfium's order (it reads the content
    # stream object by object; only right-to-left lines are reordered): its run is probed once
    gallop = runs = not _RTL.search(text)
    key, run_end, same = 0, -1, 0  # same: chars in a row of one object, looked up one by one
    rect = pdfium_c.FS_RECTF()
    rect_ref = ctypes.addressof(rect)
    styles: dict[int, _Style] = {}
    fonts: dict[int, tuple[str, bool]] = {}
    spans: dict[tuple[str, float], list[float]] = {}  # (font, size) -> lowest, highest box (_even_glyph_boxes)
    chars: list[Char] = []
    indices: list[int] = []  # pdfium's index of each char, for _even_glyph_boxes
    gap: Char | None = None  # the generated word gap waiting for the char after it
    wrap: Char | None = None  # the char a line-break space was kept after, until the next char is seen
    for i, ch in enumerate(text):
        # pdfium generates only spaces and line breaks (CPDF_TextPage::GenerateCharInfo)
        if ch in special:
            if ch in not_printed:
                if ch == "\r" and chars and chars[-1]["text"] != " " and loose_box(address, i, rect_ref):
                    # pdfium's line break sits where the text run ended: a space's width past the last
                    # glyph when the line was wrapped at a space (Chromium), at the glyph when a word was
                    # cut at the cell's edge. Kept as a space after the line's last glyph (celltext.broken_at_edge).
                    prev = chars[-1]
                    x = unpack(rect)[0]
                    x = to_top(x, 0)[0] if height is None else x
                    if 0.15 * prev["size"] < x - prev["x1"] < prev["size"]:
                        chars.append({**prev, "text": " ", "x0": prev["x1"] + 0.001, "x1": prev["x1"] + 0.001})
                        indices.append(-1)
                        wrap = prev
                continue
            # the page text marks a line-end hyphen with U+FFFE, and so does pdfium's own U+FFFE
            if ch == "\ufffe" and get_unicode(address, i) != 2:
                continue
            ch = "-"  # pdfium's mark for a hyphen that ends a line ("Apr-" over "24"): it is printed
        if not loose_box(address, i, rect_ref):
            continue
        left, top, right, bottom = unpack(rect)
        if ch == " " and is_generated(address, i) == 1:
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
            if left <= right:
                x0, x1 = left, right
            else:
                x0, x1 = right, left
            top, bottom = height - top, height - bottom
            if top > bottom:
                top, bottom = bottom, top
        else:
            x0, top, x1, bottom = _box(to_top, left, bottom, right, top)
        if i > run_end:
            if gallop:  # objects of a line or a cell's text: find where this one ends
                key, run_end = _object_run(address, i, count - 1, object_address)
                gallop = run_end - i >= 2
            else:  # objects of a glyph or two (Skia): probes would cost more than they save
                new = object_address(address, i) or 0
                same = same + 1 if new == key else 0
                key, run_end, gallop = new, i, runs and same >= 2
            # the chars of a run share their object's style: looked up once a run
            style = styles.get(key) if key else None
            if style is None:
                style = _char_style(address, i, rotation, key, fonts, spans)
                if key:
                    # the colour its glyphs are painted in (a RAG dot's, a status word's): once per object
                    colour = _fill_colour(key)
                    if colour and colour != "#000000":
                        style[0]["colour"] = colour
                    styles[key] = style
            template, span = style
        if wrap is not None:
            size = template["size"]
            if chars and chars[-1]["text"] == " " and indices[-1] == -1 and abs(x0 - wrap["x1"]) < _ABUTTING * size \
                    and abs(top - wrap["top"]) < 0.2 * size:
                chars.pop()  # the "line break" is followed on the same line by the next glyph, touching
                indices.pop()  # the last: no wrap (Chromium prints scaled glyphs one object each)
            wrap = None
        if gap is not None:
            if gap["x0"] >= x0:  # placed past the next word's first char (another font's baseline,
                gap["x0"] = gap["x1"] = x0 - 0.001  # Skia's glyph runs): it would split "C ompleted"
            gap = None
        if span is not None and not ch.isspace():
            h = bottom - top
            if h < span[0]:
                span[0] = h
            if h > span[1]:
                span[1] = h
        c = template.copy()  # cheaper than a dict display of all ten keys
        c["text"] = ch
        c["x0"] = x0
        c["top"] = top
        c["x1"] = x1
        c["bottom"] = bottom
        chars.append(c)
        indices.append(i)
    if height is not None:
        _even_glyph_boxes(address, chars, indices, height, {k: v for k, v in spans.items() if v[0] <= v[1]})
    return chars


def _object_run(address: int, i: int, last: int, object_address: Callable[[int, int], int]) -> tuple[int, int]:
    """The text object of char ``i`` and the last char up to which it runs (at most ``last``).

    Gallops (i+1, i+2, i+4 …) then bisects, so an object of n chars costs about 2·log2(n) calls
    instead of n. A char of no object (a space pdfium generated) ends the run early: the next
    printed char looks its object up again; so does the char after one of no object.
    """
    key = object_address(address, i) or 0
    if not key:  # generated chars have none too: a run of "none" says nothing of the chars in it
        return 0, i
    good, bad, step = i, last + 1, 1
    while good + step < bad:
        if (object_address(address, good + step) or 0) == key:
            good, step = good + step, 2 * step
        else:
            bad = good + step
    while bad - good > 1:
        middle = (good + bad) // 2
        if (object_address(address, middle) or 0) == key:
            good = middle
        else:
            bad = middle
    return key, good


def _fill_colour(obj: int) -> str | None:
    """The fill colour of text object ``obj`` (the colour its glyphs are painted in), or None."""
    rgba = (ctypes.c_uint * 4)()
    size = ctypes.sizeof(ctypes.c_uint)
    base = ctypes.addressof(rgba)
    if not C.FILL_COLOUR(obj, base, base + size, base + 2 * size, base + 3 * size) or rgba[3] == 0:
        return None
    return f"#{rgba[0]:02X}{rgba[1]:02X}{rgba[2]:02X}"


def _even_glyph_boxes(textpage_address: int, chars: list[Char], indices: list[int], height: float,
                      spans: dict[tuple[str, float], list[float]]) -> None:
    """Give the chars of a font whose "loose" boxes follow each glyph one box per size on the baseline.

    pdfium's loose box spans the font's ascent and descent, except for fonts
    that declare none (LibreOffice writes ``/Ascent 0 /Descent 0``): then it
    is the glyph's own box, and a ``.`` or ``–`` sits lower than the digits
    beside it, so "1.1.1" falls apart into two lines. Such a font shows as
    boxes of many heights at one size (``spans``: the lowest and highest box of
    the upright printed chars of each font and size, gathered by read_chars);
    its chars get a box of 0.8 of the size above the baseline and 0.2 below, as for any font.
    """
    uneven = {key for key, (lo, hi) in spans.items() if hi - lo > 0.1 * key[1]}
    if not uneven:
        return
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    x_ref, y_ref = ctypes.addressof(origin_x), ctypes.addressof(origin_y)
    char_origin = C.CHAR_ORIGIN
    for k, c in enumerate(chars):
        if not c["upright"] or (c["fontname"], c["size"]) not in uneven:
            continue
        i = indices[k]
        if i < 0:  # a generated space: on the line of the char it was copied from
            c["top"], c["bottom"] = chars[k - 1]["top"], chars[k - 1]["bottom"]
        elif char_origin(textpage_address, i, x_ref, y_ref):
            size = c["size"]
            baseline = height - origin_y.value
            c["top"], c["bottom"] = baseline - 0.8 * size, baseline + 0.2 * size


def _char_style(textpage_address: int, i: int, rotation: int, obj: int, fonts: dict[int, tuple[str, bool]],
                spans: dict[tuple[str, float], list[float]]) -> _Style:
    """The dict of char ``i`` but for its text and box: size in points, font name, bold, upright and
    marked-content id (its text object ``obj``'s); and the box span of its font and size (upright
    chars of a size above 0; else None).

    ``fonts`` caches name and boldness per font of the page: many text
    objects share a few fonts; ``spans`` holds one span per font and size.
    """
    # pdfium's angle is in user space; /Rotate turns the page under it
    angle = (C.CHAR_ANGLE(textpage_address, i) + math.radians(rotation)) % (2 * math.pi)
    # the font size is in text space: scale it by the char's matrix to get points
    size = C.FONT_SIZE(textpage_address, i)
    matrix = pdfium_c.FS_MATRIX()
    if C.CHAR_MATRIX(textpage_address, i, ctypes.addressof(matrix)):
        size *= math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
    fontname, bold, mcid = "", False, None
    if obj:
        font = C.OBJECT_FONT(obj) or 0
        if font not in fonts:
            fonts[font] = _font_name_bold(font)
        fontname, bold = fonts[font]
        mcid = C.MARKED_CONTENT_ID(obj)
        mcid = mcid if mcid >= 0 else None
    size = round(size, 2)
    upright = angle < 0.1 or angle > 2 * math.pi - 0.1
    span = spans.setdefault((fontname, size), [math.inf, -math.inf]) if upright and size > 0 else None
    template: Char = {"text": "", "x0": 0.0, "top": 0.0, "x1": 0.0, "bottom": 0.0, "size": size,
                      "fontname": fontname, "bold": bold, "upright": upright, "mcid": mcid}
    return template, span


def _font_name_bold(font: int) -> tuple[str, bool]:
    """Base font name and boldness of a font (by address; 0 for none)."""
    name = ""
    weight = 0
    if font:
        size = C.BASE_FONT_NAME(font, 0, 0)
        if size > 0:
            buf = ctypes.create_string_buffer(size)
            C.BASE_FONT_NAME(font, ctypes.addressof(buf), size)
            name = buf.value.decode("utf-8", "replace")
        weight = C.FONT_WEIGHT(font)
    lowered = name.lower()
    bold = weight >= 600 or any(k in lowered for k in ("bold", "black", "heavy", "semibold", ",bd"))
    return name, bold
