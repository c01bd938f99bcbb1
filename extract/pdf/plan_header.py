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

from dataclasses import replace

from plantables.extract.model import Table, columns_overlap_by_rank
from plantables.extract.pdf.row_starts import continues_label
from plantables.extract.pdf.stitch import (
    columns_match,
    head_bounds_of,
    header_rows,
    heads_columns,
    repeated_header,
    under_header,
)

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
    """The page's tables (top to bottom), each body under a header strip joined to it, and each
    under a header row read apart, right over it (:func:`_under_labels`), headed by it."""
    out: list[Table] = []
    for table in tables:
        last = out[-1] if out else None
        if last is not None and _under_strip(last, table):
            _join(last, table)
            continue
        if last is not None and _under_labels(last, table):
            out[-1] = _headed(last, table)
            continue
        out.append(table)
    return out


def _under_labels(head: Table, body: Table) -> bool:
    """``head`` is a row of bold labels read as a table of its own right over ``body`` (closer than
    half its height), over ``body``'s columns (:func:`~.stitch.heads_columns`: a body on fewer
    columns, a month grid's empty months merged, has its bounds between the labels' bounds). A
    lone row's bounds are the middles of the gaps between its labels, not where the body's cells
    part: a body whose text crosses them is no piece on the wrong columns. Not a body opening with
    a row's rest (its first cell empty or going on in lower case): a header repeated at a page's
    top over the rest of the row the page broke, which the page joins leave to the stitching."""
    if head.bbox is None or body.bbox is None or head.pages != body.pages or header_rows(body):
        return False
    first = next((r for r in body.rows if r.cells), None)
    lead = next((c.text.strip() for c in first.cells if c.col == 0), "") if first is not None else ""
    if not lead or continues_label(lead):
        return False
    gap = body.bbox[1] - head.bbox[3]
    return -1.0 <= gap <= 0.5 * (head.bbox[3] - head.bbox[1]) and heads_columns(head, body)


def _join(upper: Table, lower: Table) -> None:
    """``lower``'s rows under ``upper``'s (both have boxes: the callers checked)."""
    assert upper.bbox is not None and lower.bbox is not None
    upper.rows = upper.rows + lower.rows
    upper.bbox = _union(upper, lower)


def _headed(head: Table, body: Table) -> Table:
    """``body`` under ``head`` (:func:`_under_labels`), on its columns. A column of the body standing
    for several of the head's (months no row marks on the page, beside a column of text: no gutter
    parts them) leaves its text in the first of them, where the text starts, as a text cell spans
    no label it does not stand under; a fill across them (a bar) and a title across the table span."""
    texts = {id(c) for r in body.rows for c in r.cells if c.col_span == 1 and c.text.strip()}
    box = _union(head, body)
    index, own = head_bounds_of(head, body), body.column_bounds()
    table = under_header(head, body)
    for row in table.rows:
        for c in row.cells:
            if id(c) in texts:
                c.col_span = 1
    table.bbox = box  # on one page the table holds both boxes
    bounds = table.column_bounds()
    if index is not None and own is not None and bounds is not None:
        # the head's bounds are the middles between its labels; where the body's gutters part
        # columns, they part them (the next page's rows are placed on these bounds)
        for k, x in zip(index, own):
            bounds[k] = x
        table.columns = [replace(c, bbox=(bounds[k], c.bbox[1], bounds[k + 1], c.bbox[3]) if c.bbox else None)
                         for k, c in enumerate(table.columns)]
    return table


def _union(upper: Table, lower: Table) -> tuple[float, float, float, float] | None:
    if upper.bbox is None or lower.bbox is None:
        return upper.bbox or lower.bbox
    return (min(upper.bbox[0], lower.bbox[0]), upper.bbox[1], max(upper.bbox[2], lower.bbox[2]), lower.bbox[3])


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
