"""Path objects of a pdfium page as plain rectangles, lines, edges and graphics boxes.

Rectangles (``re`` operators, also filled ``m l l l`` paths) keep their fill
and stroke colours; straight axis-parallel segments of stroked paths are
lines; curves and slanted segments (charts, logos, rounded frames) only
leave their bounding boxes, as ``graphics``, so the table finder can tell a
chart's labels from a table. Edges (pdfplumber's shape) come from lines and
visible rectangle sides.
"""

from __future__ import annotations

import ctypes
import math
import struct

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from plantables.extract.pdf.objects import BBox, Edge, Rect, Segment, round2
from plantables.extract.pdf.pdfium import calls as C

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_FORM, _IMAGE, _PATH = pdfium_c.FPDF_PAGEOBJ_FORM, pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_PATH
_MOVETO = pdfium_c.FPDF_SEGMENT_MOVETO
_MATRIX = struct.Struct("6f")  # FS_MATRIX: six floats


class _Scratch:
    """Out-parameters of the per-object calls, allocated once per page read."""

    def __init__(self) -> None:
        self.matrix = pdfium_c.FS_MATRIX()
        self.rgba = (ctypes.c_uint * 4)()
        self.ints = (ctypes.c_int * 2)()
        self.width = ctypes.c_float()
        size = ctypes.sizeof(ctypes.c_uint)
        base = ctypes.addressof(self.rgba)
        self.rgba_refs = (base, base + size, base + 2 * size, base + 3 * size)
        base = ctypes.addressof(self.ints)
        self.int_refs = (base, base + ctypes.sizeof(ctypes.c_int))


def _colour(getter, obj: int, scratch: _Scratch) -> str | None:
    if not getter(obj, *scratch.rgba_refs):
        return None
    r, g, b, a = scratch.rgba
    if a == 0:
        return None
    return f"#{r:02X}{g:02X}{b:02X}"


def _matrix(obj: int, scratch: _Scratch) -> Matrix:
    m = scratch.matrix
    if not C.OBJECT_MATRIX(obj, ctypes.addressof(m)):
        return _IDENTITY
    return _MATRIX.unpack_from(m)  # a, b, c, d, e, f in one call rather than six field reads


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying ``inner`` first, then ``outer`` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _iter_objects(container: int, count_fn, get_fn, outer: Matrix, scratch: _Scratch, depth: int = 0):
    """Yield (object address, type, matrix-to-page) for every object, descending into forms."""
    for i in range(count_fn(container)):
        obj = get_fn(container, i)
        if not obj:
            continue
        kind = C.OBJECT_TYPE(obj)
        if kind == _FORM:
            if depth < 12:
                form_matrix = _compose(_matrix(obj, scratch), outer)
                yield from _iter_objects(obj, C.FORM_COUNT, C.FORM_OBJECT, form_matrix, scratch, depth + 1)
            continue
        yield obj, kind, outer


def read_paths(
    page: pdfium.PdfPage, to_top, height: float | None = None
) -> tuple[list[Rect], list[Segment], list[BBox], int]:
    """(rects, lines, graphics boxes, number of images) of a page, in top-left coordinates.

    ``height`` (the media box height of an unrotated page, where ``to_top``
    is ``x, height - y``) lets the points be flipped inline.
    """
    rects: list[Rect] = []
    lines: list[Segment] = []
    graphics: list[tuple[float, float, float, float]] = []
    images = 0
    scratch = _Scratch()
    fill_ref, stroke_ref = scratch.int_refs
    width = scratch.width
    width_ref = ctypes.addressof(width)
    x, y = ctypes.c_float(), ctypes.c_float()
    x_ref, y_ref = ctypes.addressof(x), ctypes.addressof(y)
    get_segment, segment_point, segment_type, segment_close = C.GET_SEGMENT, C.SEGMENT_POINT, C.SEGMENT_TYPE, C.SEGMENT_CLOSE
    page_address = ctypes.cast(page.raw, ctypes.c_void_p).value or 0
    for obj, kind, outer in _iter_objects(page_address, C.PAGE_COUNT, C.PAGE_OBJECT, _IDENTITY, scratch):
        if kind == _IMAGE:
            images += 1
            continue
        if kind != _PATH:
            continue
        if not C.DRAW_MODE(obj, fill_ref, stroke_ref):
            continue
        fillmode, stroke_flag = scratch.ints
        fill = _colour(C.FILL_COLOUR, obj, scratch) if fillmode else None
        stroke = _colour(C.STROKE_COLOUR, obj, scratch) if stroke_flag else None
        if fill is None and stroke is None:
            continue  # invisible path (clip helpers, empty artefacts)
        C.STROKE_WIDTH(obj, width_ref)
        matrix = _compose(_matrix(obj, scratch), outer)
        a, b, c, d, e, f = matrix
        points: list[tuple[int, float, float, bool]] = []
        segments = [get_segment(obj, s) for s in range(C.COUNT_SEGMENTS(obj))]
        kinds = [segment_type(seg) for seg in segments]
        # only the last point of a subpath (before a move, or the path's last) is asked
        # whether it closes it: _path_to_shapes reads no other point's flag
        ends = [kind == _MOVETO for kind in kinds[1:]] + [True]
        for seg, kind, end in zip(segments, kinds, ends):
            segment_point(seg, x_ref, y_ref)
            sx, sy = x.value, y.value  # a ctypes value is read through a descriptor: once each
            px, py = sx * a + sy * c + e, sx * b + sy * d + f
            tx, tt = (px, height - py) if height is not None else to_top(px, py)
            points.append((kind, tx, tt, bool(segment_close(seg)) if end else False))
        linewidth = width.value * math.sqrt(abs(a * d - b * c)) if stroke else 0.0
        _path_to_shapes(points, fill, stroke, linewidth, rects, lines, graphics)
    return rects, lines, graphics, images


def _path_to_shapes(points, fill, stroke, linewidth, rects: list[Rect], lines: list[Segment], graphics: list[BBox]) -> None:
    """Split a path into axis-aligned rectangles, straight line segments and graphics boxes."""
    subpaths: list[list[tuple[int, float, float, bool]]] = []
    for p in points:
        if p[0] == pdfium_c.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([p])
        else:
            subpaths[-1].append(p)
    for sub in subpaths:
        if any(p[0] == pdfium_c.FPDF_SEGMENT_BEZIERTO for p in sub):
            _add_graphic(sub, graphics)  # curves (pies, rounded frames) do not bound table cells
            continue
        rect = _as_rect(sub, implicitly_closed=fill is not None)
        if rect is not None and (fill is not None or stroke is not None):
            x0, top, x1, bottom = rect
            rects.append(
                {"x0": x0, "top": top, "x1": x1, "bottom": bottom, "fill": fill, "stroke": stroke, "linewidth": linewidth}
            )
            continue
        if stroke is None:
            if len(sub) > 2:
                _add_graphic(sub, graphics)  # a filled shape that is no rectangle (area, arrow)
            continue
        closed = sub[-1][3]
        pts = [(p[1], p[2]) for p in sub] + ([(sub[0][1], sub[0][2])] if closed else [])
        slanted = False
        for (ax, at), (bx, bt) in zip(pts, pts[1:]):
            if not (abs(ax - bx) < 0.5 or abs(at - bt) < 0.5):
                slanted = True
            else:
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
        if slanted:
            _add_graphic(sub, graphics)  # a plotted line of a chart, an arrow, a diagonal


def _add_graphic(sub, graphics: list) -> None:
    xs = [p[1] for p in sub]
    ts = [p[2] for p in sub]
    box = (min(xs), min(ts), max(xs), max(ts))
    if box[2] - box[0] > 1 or box[3] - box[1] > 1:  # a list's disc at a small size is 1.5 pt across
        graphics.append(box)


def _as_rect(sub, implicitly_closed: bool = False) -> tuple[float, float, float, float] | None:
    """The box of a closed axis-aligned four-sided subpath (an ``re`` operator), else None.

    Filling closes a path, so a filled ``m l l l`` is a rectangle too.
    """
    pts = [(p[1], p[2]) for p in sub]
    if len(pts) == 5 and abs(pts[0][0] - pts[4][0]) < 0.01 and abs(pts[0][1] - pts[4][1]) < 0.01:
        pts = pts[:4]
    if len(pts) != 4 or not (sub[-1][3] or len(sub) == 5 or implicitly_closed):
        return None
    xs = sorted({round2(p[0]) for p in pts})
    ts = sorted({round2(p[1]) for p in pts})
    if len(xs) > 2 or len(ts) > 2:
        return None
    for (ax, at), (bx, bt) in zip(pts, pts[1:] + pts[:1]):
        if abs(ax - bx) > 0.01 and abs(at - bt) > 0.01:
            return None  # a diagonal side: not a rectangle
    return xs[0], ts[0], xs[-1], ts[-1]


# --- edges -----------------------------------------------------------------------------


def edges_from(rects: list[Rect], lines: list[Segment], rule_max_thickness: float = 2.5) -> list[Edge]:
    """Edges (pdfplumber's shape) of lines and of visible rectangle sides.

    A thin rectangle (Word draws every cell border so, sometimes in white
    over shading) is one rule along its middle. A large rectangle filled
    white with no stroke is a page or cell background, and a shaded
    rectangle inside a larger one of the same colour is Word's paragraph
    shading inset in its cell: their sides are no boundaries.
    """
    edges: list[Edge] = []
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
        # the sides of a shaded box with no border are where the shading ends, not drawn rules
        source = "rect" if r["stroke"] is not None else "fill"
        edges.append(_edge(x0, top, x1, top, "h", source))
        edges.append(_edge(x0, bottom, x1, bottom, "h", source))
        edges.append(_edge(x0, top, x0, bottom, "v", source))
        edges.append(_edge(x1, top, x1, bottom, "v", source))
    return edges


def _nested_shading(rects: list[Rect], rule_max_thickness: float, tolerance: float = 0.5) -> set[int]:
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


def _edge(x0: float, top: float, x1: float, bottom: float, orientation: str, source: str) -> Edge:
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
