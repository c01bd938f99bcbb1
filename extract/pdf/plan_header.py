"""A shaded header strip read as a table of its own, joined to the unruled body right under it.

A table printed without rules but with its header shaded (a spreadsheet's or a word processor's
header fill, a web page's ``th`` background) reads as two tables: the shaded cells form a grid of
one or two rows of labels, the body under it is text aligned in columns. Where the body starts
right under the strip (closer than half a strip row's height: no line between) with as many columns, each of its column bounds near one
of the strip's (within a third of the narrower column beside it: the body's bounds lie somewhere in
its gutters, the strip's on its cells' edges), the two are one table: the strip's rows on top, on
the strip's columns.

A body whose columns were rebuilt on the strip's (:mod:`.plan_columns`: its grid cells leave some
of the strip's bounds unruled) joins it when it starts where the strip ends: two tables that
touch, on the same columns, are one table (a title row under a two-row header stays in it).
"""

from __future__ import annotations

from plantables.extract.model import Table, columns_overlap_by_rank
from plantables.extract.pdf.stitch import columns_match, repeated_header

#: a header strip holds at most this many rows ...
MAX_STRIP_ROWS = 2
#: ... the first of labels of at most this many words (a title row of one cell may follow)
LABEL_MAX_WORDS = 6
#: a body bound may stand this share of the narrower neighbouring strip column from the strip's bound
BOUND_SHARE = 0.35
#: two tables touch when the second starts within this many points of the first's foot
TOUCH = 1.0


def _fits(strip: list[float], body: list[float]) -> bool:
    """The body's inner column bounds each lie near the strip's bound of the same rank, or (a wide
    gutter after short text, where the body's bound lies far from the cell edge) each strip
    column overlaps the body column of its rank more than any other."""
    if len(strip) != len(body) or len(strip) < 3:
        return False
    near = all(abs(strip[k] - body[k]) <= BOUND_SHARE * min(strip[k] - strip[k - 1], strip[k + 1] - strip[k])
               for k in range(1, len(strip) - 1))
    return near or columns_overlap_by_rank(strip, body)


def _under_strip(strip: Table, body: Table) -> bool:
    if strip.bbox is None or body.bbox is None or len(strip.rows) > MAX_STRIP_ROWS or strip.pages != body.pages:
        return False
    if any(r.kind == "header" for r in body.rows) or len(body.rows) < 1:
        return False
    if any(len(c.text.split()) > LABEL_MAX_WORDS for c in strip.rows[0].cells) \
            or any(len([c for c in r.cells if c.text.strip()]) > 1 for r in strip.rows[1:]):
        return False  # a sentence: a body row, no label (a title row of one cell may stand under them)
    # the body starts under the strip with no line of text between them
    gap = body.bbox[1] - strip.bbox[3]
    xs, ys = strip.column_bounds(), body.column_bounds()
    return -1.0 <= gap <= 0.5 * (strip.bbox[3] - strip.bbox[1]) / len(strip.rows) \
        and xs is not None and ys is not None and _fits(xs, ys)


def join_header_strips(tables: list[Table]) -> list[Table]:
    """The page's tables (top to bottom), each body under a header strip joined to it."""
    out: list[Table] = []
    for table in tables:
        last = out[-1] if out else None
        if last is not None and _under_strip(last, table):
            _join(last, table)
            continue
        out.append(table)
    return out


def _join(upper: Table, lower: Table) -> None:
    """``lower``'s rows under ``upper``'s (both have boxes: the callers checked)."""
    assert upper.bbox is not None and lower.bbox is not None
    upper.rows = upper.rows + lower.rows
    upper.bbox = (min(upper.bbox[0], lower.bbox[0]), upper.bbox[1], max(upper.bbox[2], lower.bbox[2]), lower.bbox[3])


def _touches(upper: Table, lower: Table) -> bool:
    if upper.bbox is None or lower.bbox is None or upper.pages != lower.pages or not lower.rows:
        return False
    if abs(lower.bbox[1] - upper.bbox[3]) > TOUCH or any(r.kind == "header" for r in lower.rows):
        return False
    return columns_match(upper, lower) and repeated_header(upper, lower) == 0


def join_touching_tables(tables: list[Table]) -> list[Table]:
    """The page's tables (top to bottom), each one starting where the one above ends, on its
    columns and not repeating its header, joined to it."""
    out: list[Table] = []
    for table in tables:
        last = out[-1] if out else None
        if last is not None and _touches(last, table):
            _join(last, table)
            continue
        out.append(table)
    return out
