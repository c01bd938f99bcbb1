"""Stacks of horizontal rules: the rows of a table drawn without vertical rules.

Rules of one extent, one under the other, with a table's text between them
part the rows of one table. The text between two rules of a stack is either
aligned (several chunks a line: a row of cells) or a row of its own across
the table (a section title such as "Objective 1.2: ...", at the table's type
size and fitting closely between its rules). A heading between two tables
breaks the stack: it is set larger than the table's text, or sits apart from
the rules with room around it.

Cell shading draws edges too: the sides of a header's shaded cells, of zebra
bands and of marks in a month grid make small ruled grids (a header strip, a
band of marks) inside such a table. A grid whose rules go on as a stack past
it is part of that table, not a table of its own (:func:`stacked_grids`).
"""

from __future__ import annotations

from bisect import bisect_left
from statistics import median

from plantables.extract.pdf.grid import GridCell, box_of
from plantables.extract.pdf.header_lines import YEAR
from plantables.extract.pdf.lines import Line, Region, is_numeric, page_lines, record_follows, shaded_boxes
from plantables.extract.pdf.objects import Edge
from plantables.extract.pdf.page import PageContent
from plantables.extract.pdf.settings import TableSettings

BBox = tuple[float, float, float, float]


def long_rules(h_edges: list[Edge], page_width: float) -> list[Edge]:
    """The horizontal rules long enough to part a table's rows, top to bottom."""
    return sorted((e for e in h_edges if e["x1"] - e["x0"] >= max(40.0, 0.15 * page_width)), key=lambda e: e["top"])


def same_extent(a: Edge, b: Edge) -> bool:
    """Two rules cover (mostly) the same x range: 60% of the shorter one."""
    inter = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
    shorter = min(a["x1"] - a["x0"], b["x1"] - b["x0"]) or 1.0
    return max(0.0, inter) / shorter >= 0.6


def is_prose(line: Line, width: float) -> bool:
    """A single-chunk line as wide as most of the table is running text, not a cell."""
    return len(line.chunks) == 1 and line.x1 - line.x0 > 0.6 * width and len(line.words) > 6


def bridged(between: list[Line], upper: Edge, lower: Edge, size: float | None, headings_inside: bool = True,
            columns_go_on: bool = False, width: float | None = None) -> bool:
    """The text between two rules of one extent is a row of the table they rule.

    Text set larger than the table's (``size``, the median size of the rows
    around; None when unknown) is a heading between two tables unless the
    rules either side of it are drawn alike (a section row; not when
    ``headings_inside`` is off: grids found apart stay apart there). Otherwise
    aligned text (no line of prose) is a row; prose is a row across the
    table (a section or objective title) when it fits closely between the
    rules, as a cell's padding does (at the top of the row or centred), or when the rows either side
    keep the same columns (``columns_go_on``): a title at the table's size in a row taller than its
    one line (a spreadsheet's row, its text set at the top) between rows of one table. ``width`` is
    the table's (the open stack's, whose last rules may be the sides of a few marks' fills); by
    default the two rules'.
    """
    if size is not None and any(ln.size > 1.1 * size for ln in between) and not (
            headings_inside and abs(upper["x0"] - lower["x0"]) <= 2 and abs(upper["x1"] - lower["x1"]) <= 2):
        return False  # a heading between two tables (a section's heading inside one is between rules of one extent)
    if not between:
        return lower["top"] - upper["top"] <= 3 * (size or 10.0)  # a blank row, not the space between tables
    if not _row_like(between, upper, lower):
        return False
    if width is None:
        width = max(upper["x1"], lower["x1"]) - min(upper["x0"], lower["x0"])
    if len(between) > 4 and all(len(ln.chunks) == 1 for ln in between) and median(
            ln.x1 - ln.x0 for ln in between) > 0.45 * width:
        return False  # a paragraph (a text box above a table), not one column's text (a broken row's rest)
    if not any(is_prose(ln, width) for ln in between):
        return True
    if size is None or len(between) > 4:
        return False
    if columns_go_on and not _heading(between, size):
        return True
    # a cell's padding: the room over and under the text together no more than two lines' height
    # (a cell's text may sit at its top, its padding all below)
    height = median(ln.bottom - ln.top for ln in between)
    return (between[0].top - upper["top"]) + (lower["top"] - between[-1].bottom) <= 2 * height


def _row_like(between: list[Line], upper: Edge, lower: Edge) -> bool:
    """Lines set as a table's rows between its rules: no blank line between two lines of one
    chunk (a note under one table, then a title over the next; rows of cells may be grouped
    by blank lines), and no room over them unless they are centred."""
    ordered = sorted(between, key=lambda ln: ln.top)
    for a, b in zip(ordered, ordered[1:]):
        if (b.top - a.bottom > max(a.bottom - a.top, b.bottom - b.top, 1.0)
                and len(a.chunks) == 1 and len(b.chunks) == 1):
            return False
    height = max(ordered[0].bottom - ordered[0].top, 1.0)
    above, below = ordered[0].top - upper["top"], lower["top"] - max(ln.bottom for ln in ordered)
    return above <= 1.5 * height or abs(above - below) <= height


def table_size(lines: list[Line]) -> float | None:
    """The median type size of aligned lines (rows of cells), None if there are none."""
    sizes = [ln.size for ln in lines if len(ln.chunks) >= 2]
    return median(sizes) if sizes else None


def stack_rules(rules: list[Edge], lines: list[Line], headings_inside: bool = True) -> list[list[Edge]]:
    """``rules`` (long, top to bottom) grouped into stacks: one extent, one table's rows between them."""
    rules = [e for e in rules if not _underlines(e, lines)]
    bands: list[list[Line]] = [[] for _ in rules]  # the lines between each rule and the next
    tops = [e["top"] for e in rules]
    for ln in lines:
        i = bisect_left(tops, (ln.top + ln.bottom) / 2) - 1
        if 0 <= i < len(rules):
            bands[i].append(ln)
    stacks: list[list[Edge]] = []
    first_i = last_i = 0  # the indices of the first and the last rule of the open stack
    for i, rule in enumerate(rules):
        if stacks:
            last = stacks[-1][-1]
            if abs(rule["top"] - last["top"]) <= 1.0:
                continue  # a double rule
            between = [ln for k in range(last_i, i) for ln in bands[k]]
            before = bands[last_i - 1] if last_i > 0 else []
            size = table_size(before + bands[i])
            go_on = _columns_go_on([ln for k in range(first_i, last_i) for ln in bands[k]], bands[i])
            width = max(e["x1"] for e in stacks[-1] + [rule]) - min(e["x0"] for e in stacks[-1] + [rule])
            table = [ln for k in range(first_i, last_i) for ln in bands[k]]
            if same_extent(last, rule) and bridged(between, last, rule, size, headings_inside, go_on, width) \
                    and not _next_table(between, before, bands[i], table, size):
                stacks[-1].append(rule)
                last_i = i
                continue
        stacks.append([rule])
        first_i = last_i = i
    return stacks


#: a header's labels start where the open table's cells start (within this many points, or this
#: share of the type size: a scan's words stand a pixel or two off) ...
HEADER_START_TOLERANCE = 1.5
HEADER_START_EM = 0.2
#: ... for at least this share of its labels, or it heads a table of its own
HEADER_START_SHARE = 0.75


def is_header_line(line: Line) -> bool:
    """Labels set in bold, three or more apart: a table's header row (body rows are not all bold).
    Labels, not figures: a row of figures is body, however its font reads (some PDFs name every
    font of a table bold); a year is a label."""
    return len(line.chunks) >= 3 and all(w.get("bold") for w in line.words) and not any(
        is_numeric(c.text) and not YEAR.match(c.text.strip()) for c in line.chunks)


def _new_header(table: list[Line], band: list[Line]) -> bool:
    """The band opens with a header row whose labels do not start where the cells of the rows
    above (``table``) start: the header of the next table, printed right under this one with
    columns of other widths (a table per objective), not a header repeated inside this one."""
    head = sorted(band, key=lambda ln: ln.top)[:1]
    if not head or not is_header_line(head[0]):
        return False
    # the cells of body rows: under a header of two rows (group labels over their sub-labels) the
    # second starts elsewhere than the first, and is no new table's
    starts = [c.x0 for ln in table if len(ln.chunks) >= 2 and not is_header_line(ln) for c in ln.chunks]
    if not starts:
        return False
    labels = head[0].chunks[1:]  # the first starts at the table's edge either way
    tolerance = max(HEADER_START_TOLERANCE, HEADER_START_EM * head[0].size)
    agree = sum(any(abs(c.x0 - x) <= tolerance for x in starts) for c in labels)
    return agree < HEADER_START_SHARE * len(labels)


def _heading(lines: list[Line], size: float | None) -> bool:
    """Text set larger than the table's."""
    return size is not None and any(ln.size > 1.1 * size for ln in lines)


def _next_table(between: list[Line], before: list[Line], band: list[Line], table: list[Line],
                size: float | None) -> bool:
    """The text between two rules, or the band under the second, opens another table: a heading or
    a caption over rows that keep no column of the rows above (``before``), a heading over a
    header row, or a header whose labels do not start where the open table's (``table``) cells do."""
    return ((_heading(between, size) or _captions_table(between, band)) and _columns_differ(before, band)) \
        or _heads_table(between) or _new_header(table, band)


def _heads_table(lines: list[Line]) -> bool:
    """A line set larger than a header row right under it: the next table's heading and header
    (the rule under that header drawn like the open table's), not a section row of the open table."""
    return any(is_header_line(below) and len(above.chunks) == 1 and above.size > 1.1 * below.size
               for above, below in zip(lines, lines[1:]))


def _captions_table(between: list[Line], band: list[Line]) -> bool:
    """One line of one chunk over a header row (labels all bold, two or more): the caption of
    the next table ('Key to the status column' over ``Key | Description``), or a title row over
    a header repeated inside this one; the columns either side tell which."""
    head = sorted(band, key=lambda ln: ln.top)[:1]
    return len(between) == 1 and len(between[0].chunks) == 1 and bool(head) and len(head[0].chunks) >= 2 \
        and all(w.get("bold") for w in head[0].words)


def _columns_differ(above: list[Line], below: list[Line], tol: float = 2.0) -> bool:
    """The rows either side of a heading keep no column in common: two tables (a key to the
    statuses over the plan), not one table's sections. Cells of one column start at one x,
    so rows of one table share the starts of their inner cells (the first is the table's edge)."""
    def starts(lines: list[Line]) -> list[float]:
        return [c.x0 for ln in lines if len(ln.chunks) >= 2 for c in ln.chunks[1:]]

    upper, lower = starts(above), starts(below)
    return bool(upper) and bool(lower) and not any(abs(a - b) <= tol for a in upper for b in lower)


#: rows either side of a title keep the table's columns when this share of the inner cells below
#: start where cells above start
COLUMNS_GO_ON_SHARE = 0.75


def _columns_go_on(above: list[Line], below: list[Line], tol: float = 2.0) -> bool:
    """The row under a title starts its cells where the rows over it (``above``, the open
    stack's) do: one table's rows either side of a row across it (most of its inner cells, one
    or more, start where inner cells above start)."""
    upper = [c.x0 for ln in above if len(ln.chunks) >= 2 for c in ln.chunks[1:]]
    lower = [c.x0 for ln in below[:1] if len(ln.chunks) >= 2 for c in ln.chunks[1:]]
    if not upper or not lower:
        return False
    return sum(any(abs(a - b) <= tol for a in upper) for b in lower) >= COLUMNS_GO_ON_SHARE * len(lower)


def _underlines(rule: Edge, lines: list[Line]) -> bool:
    """The rule runs inside a line's box, under its words: an underline, not a row's border."""
    y = rule["top"]
    return any(ln.top + 0.5 * (ln.bottom - ln.top) < y < ln.bottom - 0.5
               and ln.x0 - 2 <= rule["x0"] and rule["x1"] <= ln.x1 + 2 for ln in lines)


def _within(edge: Edge, box: BBox, tol: float = 2.0) -> bool:
    return (box[0] - tol <= edge["x0"] and edge["x1"] <= box[2] + tol
            and box[1] - tol <= edge["top"] and edge["bottom"] <= box[3] + tol)


def _shares_rows(a: BBox, b: BBox) -> bool:
    """The boxes overlap over more than a row's height, over most of the narrower one's width."""
    across = min(a[2], b[2]) - max(a[0], b[0])
    return min(a[3], b[3]) - max(a[1], b[1]) > 10.0 and across > 0.8 * min(a[2] - a[0], b[2] - b[0])


def _beyond(box: BBox, rules: list[Edge], others: list[BBox]) -> bool:
    """Rules of the box's extent drawn above or below it, outside the other grids: rows go on."""
    span: Edge = {"x0": box[0], "x1": box[2], "top": box[1], "bottom": box[1], "orientation": "h"}
    return any(same_extent(span, e) and (e["top"] < box[1] - 2 or e["top"] > box[3] + 2)
               and not any(_within(e, o) for o in others) for e in rules)


def join_stacked(page: PageContent, complete: list[tuple[list[GridCell], list[float]]], open_grids: list[Region],
                 edges: list[Edge], taken: list[BBox], settings: TableSettings,
                 ) -> tuple[list[tuple[list[GridCell], list[float]]], list[Region]]:
    """Ruled grids that are only part of a table ruled by a stack of rules, joined into that table.

    Shaded header cells, zebra bands or marks in a month grid draw small grids
    inside a table whose rows are parted by horizontal rules alone; where the
    stack of rules goes on past such a grid (its rows bridged as
    :func:`bridged` says), the whole stack is one region (an open grid read
    by alignment, the grids' inner rules kept as column bounds). Returns the
    complete grids left and the open grids, joined ones replaced.
    """
    rules = long_rules([e for e in edges if e["orientation"] == "h" and not any(_within(e, b) for b in taken)],
                       page.width)
    if len(rules) < 3:
        return complete, open_grids
    boxes = [box_of(cells) for cells, _ in complete]
    grids = [(b, k) for k, b in enumerate(boxes)] + [(r.box, -1 - k) for k, r in enumerate(open_grids)]
    candidates = [(b, k) for b, k in grids if _beyond(b, rules, [o for o, j in grids if j != k and j >= 0])]
    if not candidates:
        return complete, open_grids  # the usual case: each grid is a table of its own
    fixed = [b for b, k in grids if k >= 0 and (b, k) not in candidates]
    rules = [e for e in rules if not any(_within(e, b) for b in fixed)]
    lines = page_lines(page.page_words, taken + fixed, settings.cell_gap_em, settings.line_overlap, keep=True)
    joined: set[int] = set()
    regions: list[Region] = []
    for stack in stack_rules(rules, lines, headings_inside=False):
        if len(stack) < 3:
            continue
        box = (min(e["x0"] for e in stack), stack[0]["top"], max(e["x1"] for e in stack), stack[-1]["top"])
        inside = [(b, k) for b, k in candidates if k not in joined and _within(
            {"x0": b[0], "x1": b[2], "top": b[1], "bottom": b[3], "orientation": "h"}, box, 3.0)]
        if not inside or all(box[1] >= b[1] - 2 and box[3] <= b[3] + 2 for b, _ in inside):
            continue  # no grid in the stack, or the stack goes no further than its grid
        joined.update(k for _, k in inside)
        box = (min([box[0]] + [b[0] for b, _ in inside]), box[1], max([box[2]] + [b[2] for b, _ in inside]), box[3])
        # an open grid inside the stack (zebra bands ruled as a grid of their own) is read with it,
        # not a second time on its own
        joined.update(k for b, k in grids if k < 0 and k not in joined and _within(
            {"x0": b[0], "x1": b[2], "top": b[1], "bottom": b[3], "orientation": "h"}, box, 3.0))
        # an open grid the stack starts or ends inside (zebra bands above its first rule, grouped
        # as a grid of their own) shares rows with it: read apart, those rows would be read twice
        for b, k in grids:
            if k < 0 and k not in joined and _shares_rows(b, box):
                joined.add(k)
                box = (min(box[0], b[0]), min(box[1], b[1]), max(box[2], b[2]), max(box[3], b[3]))
        inner = [e for e in edges if _within(e, box)]
        h_rules = [e for e in inner if e["orientation"] == "h"]
        v_rules = [e for e in inner if e["orientation"] == "v" and box[0] + 2 < e["x0"] < box[2] - 2]
        regions.append(Region(box, [], h_rules=h_rules, v_rules=v_rules, kind="lattice",
                              fills=shaded_boxes(page.rects, box)))
    if not joined:
        return complete, open_grids
    kept = [g for k, g in enumerate(complete) if k not in joined]
    return kept, [r for k, r in enumerate(open_grids) if -1 - k not in joined] + regions


def records_below(region: Region, lines: list[Line], max_row_gap: float, others: list[BBox]) -> None:
    """Take into a ruled region (in place) the records printed under its last rule in its columns:
    a table whose rules are fills behind some rows only (an objective's band) goes on below the
    last of them. The first line below must be a record of the region's columns (``record_follows``);
    the lines after it go on up to a wider gap than a row's, a line of prose, a heading (set larger
    than the region's text) or wider than the region, or another table (``others``)."""
    x0, top, x1, bottom = region.box
    if not region.lines:
        return
    tol = 2.0
    below = sorted((ln for ln in lines if ln.top >= bottom - 1.0), key=lambda ln: ln.top)
    stop = min((b[1] for b in others if b[1] >= bottom - 1.0 and b != region.box), default=float("inf"))
    taken: list[Line] = []
    prev = region.lines[-1]
    size = median(ln.size for ln in region.lines)
    for ln in below:
        height = max(prev.bottom - prev.top, ln.bottom - ln.top, 1.0)
        if ln.bottom > stop or ln.x0 < x0 - tol or ln.x1 > x1 + tol or is_prose(ln, x1 - x0) or _heading([ln], size):
            break
        if not taken and not (ln.top - bottom <= max_row_gap * height and record_follows(region.lines, ln, height)):
            return
        if taken and ln.top - prev.bottom > max_row_gap * height and not record_follows(region.lines + taken, ln, height):
            break
        taken.append(ln)
        prev = ln
    if taken:
        region.lines = region.lines + taken
        region.box = (x0, top, x1, max(ln.bottom for ln in taken))
