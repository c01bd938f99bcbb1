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
from plantables.extract.pdf.text import chars_to_words, dedupe_chars

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


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
        rects, lines, images = _read_paths(page, to_top)
        content = PageContent(
            number=number,
            width=float(width),
            height=float(height),
            chars=chars,
            words=chars_to_words(chars),
            rects=rects,
            lines=lines,
            edges=edges_from(rects, lines),
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


# Text objects by address: a prototype of FPDFText_GetTextObject returning a plain int,
# so the per-char cache key needs no ctypes.cast.
_TEXT_OBJECT_ADDRESS = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
    ctypes.cast(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p).value
)


def _read_chars(textpage: pdfium.PdfTextPage, to_top, rotation: int = 0, height: float | None = None) -> list[dict]:
    """Every char pdfium read from the content stream, with its box, size and font.

    The hot loop of a page read, so it makes few calls per char: size,
    angle and font belong to the char's text object (one matrix, one font
    per object) and are looked up once per object; ``height`` (an unrotated
    page) lets the box be flipped inline.
    """
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    get_unicode, is_generated = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_IsGenerated
    loose_box, object_address = pdfium_c.FPDFText_GetLooseCharBox, _TEXT_OBJECT_ADDRESS
    rect = pdfium_c.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    styles: dict[int, tuple[float, str, bool, bool, int | None]] = {}
    chars: list[dict] = []
    for i in range(count):
        code = get_unicode(raw, i)
        # pdfium generates only spaces and line breaks (CPDF_TextPage::GenerateCharInfo)
        if code in (0, 10, 13, 0xFFFE, 0xFFFF) or (code == 32 and is_generated(raw, i) == 1):
            continue  # pdfium's own spaces/line breaks: we build words from geometry
        if not loose_box(raw, i, rect_ref):
            continue
        if height is not None:
            left, right, top, bottom = rect.left, rect.right, height - rect.top, height - rect.bottom
            x0, x1 = (left, right) if left <= right else (right, left)
            if top > bottom:
                top, bottom = bottom, top
        else:
            x0, top, x1, bottom = _box(to_top, rect.left, rect.bottom, rect.right, rect.top)
        key = object_address(raw, i) or 0
        style = styles.get(key) if key else None
        if style is None:
            style = _char_style(raw, i, rotation)
            if key:
                styles[key] = style
        size, fontname, bold, upright, mcid = style
        chars.append({"text": chr(code), "x0": x0, "top": top, "x1": x1, "bottom": bottom, "size": size,
                      "fontname": fontname, "bold": bold, "upright": upright, "mcid": mcid})
    return chars


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


# --- paths ---------------------------------------------------------------------------


def _colour(getter, obj) -> str | None:
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    if not getter(obj, r, g, b, a) or a.value == 0:
        return None
    return f"#{r.value:02X}{g.value:02X}{b.value:02X}"


def _matrix(obj) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying ``inner`` first, then ``outer`` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _iter_objects(container, count_fn, get_fn, outer: Matrix, depth: int = 0):
    """Yield (object, type, matrix-to-page) for every object, descending into forms."""
    for i in range(count_fn(container)):
        obj = get_fn(container, i)
        if not obj:
            continue
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            if depth < 12:
                form_matrix = _compose(_matrix(obj), outer)
                yield from _iter_objects(
                    obj, pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject, form_matrix, depth + 1
                )
            continue
        yield obj, kind, outer


def _read_paths(page: pdfium.PdfPage, to_top) -> tuple[list[dict], list[dict], int]:
    rects: list[dict] = []
    lines: list[dict] = []
    images = 0
    fillmode, stroke_flag = ctypes.c_int(), ctypes.c_int()
    width = ctypes.c_float()
    x, y = ctypes.c_float(), ctypes.c_float()
    for obj, kind, outer in _iter_objects(
        page, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, _IDENTITY
    ):
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            images += 1
            continue
        if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        if not pdfium_c.FPDFPath_GetDrawMode(obj, fillmode, stroke_flag):
            continue
        fill = _colour(pdfium_c.FPDFPageObj_GetFillColor, obj) if fillmode.value else None
        stroke = _colour(pdfium_c.FPDFPageObj_GetStrokeColor, obj) if stroke_flag.value else None
        if fill is None and stroke is None:
            continue  # invisible path (clip helpers, empty artefacts)
        pdfium_c.FPDFPageObj_GetStrokeWidth(obj, width)
        matrix = _compose(_matrix(obj), outer)
        a, b, c, d, e, f = matrix
        points: list[tuple[int, float, float, bool]] = []
        for s in range(pdfium_c.FPDFPath_CountSegments(obj)):
            seg = pdfium_c.FPDFPath_GetPathSegment(obj, s)
            pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
            px, py = x.value * a + y.value * c + e, x.value * b + y.value * d + f
            tx, tt = to_top(px, py)
            points.append((pdfium_c.FPDFPathSegment_GetType(seg), tx, tt, bool(pdfium_c.FPDFPathSegment_GetClose(seg))))
        linewidth = width.value * math.sqrt(abs(a * d - b * c)) if stroke else 0.0
        _path_to_shapes(points, fill, stroke, linewidth, rects, lines)
    return rects, lines, images


def _path_to_shapes(points, fill, stroke, linewidth, rects: list[dict], lines: list[dict]) -> None:
    """Split a path into axis-aligned rectangles and straight line segments."""
    subpaths: list[list[tuple[int, float, float, bool]]] = []
    for p in points:
        if p[0] == pdfium_c.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([p])
        else:
            subpaths[-1].append(p)
    for sub in subpaths:
        if any(p[0] == pdfium_c.FPDF_SEGMENT_BEZIERTO for p in sub):
            continue  # curves (rounded corners, charts) do not bound table cells
        rect = _as_rect(sub, implicitly_closed=fill is not None)
        if rect is not None and (fill is not None or stroke is not None):
            x0, top, x1, bottom = rect
            rects.append(
                {"x0": x0, "top": top, "x1": x1, "bottom": bottom, "fill": fill, "stroke": stroke, "linewidth": linewidth}
            )
            continue
        if stroke is None:
            continue
        closed = sub[-1][3]
        pts = [(p[1], p[2]) for p in sub] + ([(sub[0][1], sub[0][2])] if closed else [])
        for (ax, at), (bx, bt) in zip(pts, pts[1:]):
            if abs(ax - bx) < 0.5 or abs(at - bt) < 0.5:
                lines.append(
                    {
                        "x0": min(ax, bx),
                        "top": min(at, bt),
                        "x1": max(ax, bx),
                        "bottom": max(at, bt),
                        "stroke": stroke,
                        "linewidth": linewidth,
                    }
                )


def _as_rect(sub, implicitly_closed: bool = False) -> tuple[float, float, float, float] | None:
    """The box of a closed axis-aligned four-sided subpath (an ``re`` operator), else None.

    Filling closes a path, so a filled ``m l l l`` is a rectangle too.
    """
    pts = [(p[1], p[2]) for p in sub]
    if len(pts) == 5 and abs(pts[0][0] - pts[4][0]) < 0.01 and abs(pts[0][1] - pts[4][1]) < 0.01:
        pts = pts[:4]
    if len(pts) != 4 or not (sub[-1][3] or len(sub) == 5 or implicitly_closed):
        return None
    xs = sorted({round(p[0], 2) for p in pts})
    ts = sorted({round(p[1], 2) for p in pts})
    if len(xs) > 2 or len(ts) > 2:
        return None
    for (ax, at), (bx, bt) in zip(pts, pts[1:] + pts[:1]):
        if abs(ax - bx) > 0.01 and abs(at - bt) > 0.01:
            return None  # a diagonal side: not a rectangle
    return xs[0], ts[0], xs[-1], ts[-1]


# --- edges -----------------------------------------------------------------------------


def edges_from(rects: list[dict], lines: list[dict], rule_max_thickness: float = 2.5) -> list[dict]:
    """Edges (pdfplumber's shape) of lines and of visible rectangle sides.

    A thin rectangle (Word draws every cell border so, sometimes in white
    over shading) is one rule along its middle. A large rectangle filled
    white with no stroke is a page or cell background, and a shaded
    rectangle inside a larger one of the same colour is Word's paragraph
    shading inset in its cell: their sides are no boundaries.
    """
    edges: list[dict] = []
    for ln in lines:
        orientation = "h" if ln["bottom"] - ln["top"] < ln["x1"] - ln["x0"] else "v"
        edges.append(_edge(ln["x0"], ln["top"], ln["x1"], ln["bottom"], orientation, "line"))
    nested = _nested_shading(rects, rule_max_thickness)
    for i, r in enumerate(rects):
        x0, top, x1, bottom = r["x0"], r["top"], r["x1"], r["bottom"]
        if bottom - top <= rule_max_thickness and x1 - x0 > bottom - top:
            edges.append(_edge(x0, top, x1, bottom, "h", "rect"))
            continue
        if x1 - x0 <= rule_max_thickness:
            edges.append(_edge(x0, top, x1, bottom, "v", "rect"))
            continue
        if r["stroke"] is None and (r["fill"] in (None, "#FFFFFF") or i in nested):
            continue
        edges.append(_edge(x0, top, x1, top, "h", "rect"))
        edges.append(_edge(x0, bottom, x1, bottom, "h", "rect"))
        edges.append(_edge(x0, top, x0, bottom, "v", "rect"))
        edges.append(_edge(x1, top, x1, bottom, "v", "rect"))
    return edges


def _nested_shading(rects: list[dict], rule_max_thickness: float, tolerance: float = 0.5) -> set[int]:
    """Indexes of fill-only rectangles lying inside a larger fill-only one of the same colour."""
    by_colour: dict[str, list[int]] = {}
    for i, r in enumerate(rects):
        if r["stroke"] is None and r["fill"] and min(r["x1"] - r["x0"], r["bottom"] - r["top"]) > rule_max_thickness:
            by_colour.setdefault(r["fill"], []).append(i)
    nested: set[int] = set()
    for members in by_colour.values():
        # biggest first: a rectangle can only lie inside one listed before it
        members.sort(key=lambda i: -(rects[i]["x1"] - rects[i]["x0"]) * (rects[i]["bottom"] - rects[i]["top"]))
        for k, i in enumerate(members):
            inner = rects[i]
            for j in members[:k]:
                outer = rects[j]
                if (
                    outer["x0"] - tolerance <= inner["x0"]
                    and outer["top"] - tolerance <= inner["top"]
                    and inner["x1"] <= outer["x1"] + tolerance
                    and inner["bottom"] <= outer["bottom"] + tolerance
                ):
                    nested.add(i)
                    break
    return nested


def _edge(x0: float, top: float, x1: float, bottom: float, orientation: str, source: str) -> dict:
    if orientation == "h":
        y = (top + bottom) / 2
        top = bottom = y
    else:
        x = (x0 + x1) / 2
        x0 = x1 = x
    return {
        "x0": x0,
        "top": top,
        "x1": x1,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orientation,
        "source": source,
    }
