"""``engine="pdfplumber"``: pdfplumber (pdfminer) parses the pages, our finder builds tables.

Slower than pypdfium2 but an independent parser: a reference in tests, and a
second opinion for files pdfium reads oddly.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from plantables.extract.model import ExtractError
from plantables.extract.pdf.objects import Char, Rect, Segment
from plantables.extract.pdf.page import PageContent, edges_from
from plantables.extract.pdf.text import chars_to_words, dedupe_chars


def hex_colour(colour) -> str | None:
    """pdfminer's colour (gray, RGB or CMYK tuple of 0..1 floats) as ``#RRGGBB``."""
    if colour is None:
        return None
    if isinstance(colour, (int, float)):
        colour = (colour,)
    try:
        values = [float(v) for v in colour]
    except (TypeError, ValueError):
        return None  # a pattern name
    if len(values) == 1:
        r = g = b = values[0]
    elif len(values) == 3:
        r, g, b = values
    elif len(values) == 4:
        c, m, y, k = values
        r, g, b = (1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)
    else:
        return None
    return "#" + "".join(f"{max(0, min(255, round(v * 255))):02X}" for v in (r, g, b))


def _char(c: dict[str, Any]) -> Char:
    fontname = c.get("fontname", "")
    out: Char = {
        "text": c["text"],
        "x0": c["x0"],
        "top": c["top"],
        "x1": c["x1"],
        "bottom": c["bottom"],
        "size": round(c.get("size", 0.0), 2),
        "fontname": fontname,
        "bold": any(k in fontname.lower() for k in ("bold", "black", "heavy", "semibold")),
        "upright": bool(c.get("upright", True)),
        "mcid": c.get("mcid"),
    }
    colour = hex_colour(c.get("non_stroking_color")) if not c["text"].isspace() else None
    if colour and colour != "#000000":
        out["colour"] = colour  # a RAG dot's colour (model.MARK_GLYPHS), a status word's
    return out


def _curve_shapes(curve: dict[str, Any]) -> tuple[Rect | None, list[Segment]]:
    """A pdfminer "curve" (any path that is not one line or one rectangle) as a rectangle or lines.

    Word and Excel draw borders as filled four-point paths, which pdfminer
    reports as curves; pdfplumber's own finder uses their edges too.
    """
    pts = curve.get("pts") or []
    stroke = hex_colour(curve.get("stroking_color")) if curve.get("stroke") else None
    fill = hex_colour(curve.get("non_stroking_color")) if curve.get("fill") else None
    closed = pts[:-1] if len(pts) == 5 and pts[0] == pts[-1] else pts
    axis = all(abs(a[0] - b[0]) < 0.5 or abs(a[1] - b[1]) < 0.5 for a, b in zip(closed, closed[1:] + closed[:1]))
    if len(closed) == 4 and axis and (fill or stroke):
        xs = [p[0] for p in closed]
        ts = [p[1] for p in closed]
        return {"x0": min(xs), "top": min(ts), "x1": max(xs), "bottom": max(ts), "fill": fill, "stroke": stroke,
                "linewidth": curve.get("linewidth") or 0.0}, []
    if not stroke:
        return None, []
    segments: list[Segment] = []
    for (ax, at), (bx, bt) in zip(pts, pts[1:]):
        if abs(ax - bx) < 0.5 or abs(at - bt) < 0.5:
            segments.append({"x0": min(ax, bx), "top": min(at, bt), "x1": max(ax, bx), "bottom": max(at, bt),
                             "stroke": stroke, "linewidth": curve.get("linewidth") or 0.0})
    return None, segments


def page_content(page, path: str = "") -> PageContent:
    """A pdfplumber page as the engine's PageContent."""
    chars = dedupe_chars([_char(c) for c in page.chars])
    rects: list[Rect] = [
        {
            "x0": r["x0"],
            "top": r["top"],
            "x1": r["x1"],
            "bottom": r["bottom"],
            "fill": hex_colour(r.get("non_stroking_color")) if r.get("fill") else None,
            "stroke": hex_colour(r.get("stroking_color")) if r.get("stroke") else None,
            "linewidth": r.get("linewidth") or 0.0,
        }
        for r in page.rects
    ]
    lines: list[Segment] = [
        {
            "x0": ln["x0"],
            "top": ln["top"],
            "x1": ln["x1"],
            "bottom": ln["bottom"],
            "stroke": hex_colour(ln.get("stroking_color")) or "#000000",
            "linewidth": ln.get("linewidth") or 0.0,
        }
        for ln in page.lines
    ]
    for curve in page.curves:
        rect, segments = _curve_shapes(curve)
        if rect is not None:
            rects.append(rect)
        lines.extend(segments)
    return PageContent(
        number=page.page_number,
        width=float(page.width),
        height=float(page.height),
        chars=chars,
        made_words=chars_to_words(chars),
        rects=rects,
        lines=lines,
        edges=edges_from(rects, lines),
        has_text_layer=any(not c["text"].isspace() for c in chars),
        images=len(page.images),
        path=path,
        graphics=[(c["x0"], c["top"], c["x1"], c["bottom"]) for c in page.curves],
    )


def read_pages_plumber(
    path: str | Path, pages: Sequence[int] | None = None, *, password: str | None = None
) -> Iterator[PageContent]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(str(path), password=password or "")
    except PDFPasswordIncorrect:
        raise ExtractError(str(path), "encrypted PDF: a password is needed (--password)") from None
    except (PDFSyntaxError, Exception) as exc:  # pdfminer raises many kinds on damaged files
        raise ExtractError(str(path), f"cannot open PDF ({type(exc).__name__}: {exc})") from None
    with pdf:
        count = len(pdf.pages)
        for number in pages or range(1, count + 1):
            if not 1 <= number <= count:
                raise ExtractError(str(path), f"page {number} does not exist (the PDF has {count} pages)")
            page = pdf.pages[number - 1]
            yield page_content(page, str(path))
            page.close()
