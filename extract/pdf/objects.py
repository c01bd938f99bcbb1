"""The plain objects a page is read into: named types for the dicts that travel between modules.

They stay dicts at run time (a page makes thousands; dict access is what the
hot loops are tuned for); these ``TypedDict``s name their keys for readers and
for mypy. Coordinates are PDF points, origin at the top-left of the page,
boxes as ``x0, top, x1, bottom``; colours ``#RRGGBB`` or None.
"""

from __future__ import annotations

from typing import NotRequired, TypedDict

BBox = tuple[float, float, float, float]


class Char(TypedDict):
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float  # points
    fontname: str
    bold: bool
    upright: bool
    mcid: int | None  # marked-content id, ties the char to a tag of the structure tree
    conf: NotRequired[float]  # recogniser confidence, for chars read by OCR (pdf/ocr)
    colour: NotRequired[str]  # "#RRGGBB" the glyph is painted in, when not black


class Word(TypedDict):
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float  # its largest char's
    bold: bool  # every char bold
    upright: bool
    chars: list[Char]


class Rect(TypedDict):
    x0: float
    top: float
    x1: float
    bottom: float
    fill: str | None
    stroke: str | None
    linewidth: float


class Segment(TypedDict):
    """A straight axis-parallel stroke (the page's ``lines``)."""

    x0: float
    top: float
    x1: float
    bottom: float
    stroke: str | None
    linewidth: float


class Edge(TypedDict):
    """pdfplumber's edge: a line, or one visible side of a rectangle."""

    x0: float
    top: float
    x1: float
    bottom: float
    orientation: str  # "h" or "v"
    # set on the page's edges (paths.edges_from); rules put together from other evidence lack them
    width: NotRequired[float]
    height: NotRequired[float]
    # "line", "rect" (a border or a thin rule), "fill" (a side of shading with no border), "shading" (a
    # column bound that shaded cells imply over a whole table)
    source: NotRequired[str]


#: ``round(x, 2)`` of the coordinates seen so far: a page repeats the same few column and row
#: positions, and ``round`` with digits goes through decimal strings (~20 times a dict look-up)
_ROUNDED: dict[float, float] = {}


def round2(x: float) -> float:
    """``round(x, 2)``, remembered for floats other than zero (``0.0`` and ``-0.0`` are one key but two
    results, and so are ``5`` and ``5.0``)."""
    if type(x) is not float or not x:
        return round(x, 2)
    r = _ROUNDED.get(x)
    if r is None:
        if len(_ROUNDED) >= 100_000:  # a bound over a long import; the next pages refill it
            _ROUNDED.clear()
        r = _ROUNDED[x] = round(x, 2)
    return r
