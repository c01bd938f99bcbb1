"""Tables not fully ruled: find their regions, then build grids from rules and alignment.

Three kinds of region:

* an *open* ruled grid: ruling lines exist but leave several columns of text
  in one cell (rules between rows only, shading only in the header);
* a stack of horizontal rules with aligned text between them (booktabs-style
  reports, Word tables with horizontal borders only);
* a run of text lines whose gaps line up as vertical gutters (no rules).

hybrid.py turns each region into cells.
"""

from __future__ import annotations

from statistics import median

from plantables.extract.pdf.grid import GridCell
from plantables.extract.pdf.header_lines import YEAR
from plantables.extract.pdf.hybrid import build_cells
from plantables.extract.pdf.lines import (
    FIGURE,
    Line,
    Region,
    inside,
    is_numeric,
    page_lines,
    shaded_boxes,
    shading_edges,
    under_a_chunk,
    with_fill_column,
)
from plantables.extract.pdf.objects import Edge
from plantables.extract.pdf.page import PageContent
from plantables.extract.pdf.rows import shades_text
from plantables.extract.pdf.settings import TableSettings
from plantables.extract.pdf.stacks import is_header_line, long_rules, records_below, stack_rules
from plantables.extract.pdf.table_kind import captioned_figure, in_chart, is_table, without_caption_and_notes
from plantables.extract.pdf.whitespace_runs import row_between_bands, whitespace_runs
from plantables.vocabulary.markup import BULLETS

BBox = tuple[float, float, float, float]


def _lines_in(centred: list[tuple[Line, float, float]], boxes: list[BBox], outside: bool = False) -> list[Line]:
    """The lines (with their centres) ``inside`` one of the boxes (margin 1), or ``outside`` all of them."""
    grown = [(b[0] - 1.0, b[1] - 1.0, b[2] + 1.0, b[3] + 1.0) for b in boxes]
    out = []
    for ln, x, y in centred:
        hit = False
        for x0, top, x1, bottom in grown:
            if x0 <= x <= x1 and top <= y <= bottom:
                hit = True
                break
        if hit != outside:
            out.append(ln)
    return out


def _box(lines: list[Line]) -> BBox:
    return (min(ln.x0 for ln in lines), min(ln.top for ln in lines), max(ln.x1 for ln in lines), max(ln.bottom for ln in lines))


# --- rule stacks ------------------------------------------------------------------------------


#: at most this many lines above an open grid are its header
MAX_HEADER_ABOVE = 3


def header_above(grid: Region, lines: list[Line]) -> list[Line]:
    """The lines standing right above an open grid's top rule, within its width, each of several
    chunks (top to bottom): its header, printed above the first rule (a banded table whose header
    has neither shading nor a rule over it). Each line is at most a line's height above the next,
    the last as close to the rule as text to a cell's border, and a line of another kind (a
    heading, a gap) above the first: more such lines are the rest of a record a page broke."""
    x0, top, x1, _ = grid.box
    out: list[Line] = []
    edge = top
    for ln in sorted((ln for ln in lines if ln.bottom <= top + 1.0), key=lambda ln: -ln.bottom):
        if edge - ln.bottom > (0.8 if not out else 1.0) * ln.size or len(ln.chunks) < 2 \
                or ln.x0 < x0 - 2.0 or ln.x1 > x1 + 2.0:
            break
        if len(out) == MAX_HEADER_ABOVE:
            return []  # more lines of the kind above: a record broken over the page, not a header
        out.insert(0, ln)
        edge = ln.top
    return out


def _widened(box: BBox, lines: list[Line]) -> BBox:
    """The box stretched sideways over its lines: row labels often start left of the rules."""
    return (min([box[0]] + [ln.x0 for ln in lines]), box[1], max([box[2]] + [ln.x1 for ln in lines]), box[3])


def rule_regions(lines: list[Line], h_edges: list[Edge], page_width: float) -> list[Region]:
    """Stacks of long horizontal rules with aligned text (several chunks a line) between them."""
    stacks = stack_rules(long_rules(h_edges, page_width), lines)
    regions = []
    for stack in stacks:
        if len(stack) < 2:
            head = _header_over_rule(stack[0], lines)
            if head:  # a header underlined at a page's foot, its body on the next page
                box = (stack[0]["x0"], head[0].top - 1.0, stack[0]["x1"], stack[0]["top"])
                regions.append(Region(_widened(box, head), head, h_rules=stack, kind="rules"))
            continue
        box = (min(e["x0"] for e in stack), stack[0]["top"], max(e["x1"] for e in stack), stack[-1]["top"])
        held = [ln for ln in lines if inside(ln, box, 1.0)]
        if held and len(stack) > 2:
            # rules drawn over part of the width (a month grid's bars) stand for rows whose lines
            # run wider: a cell's last lines beside them, out of the rules' width, are the row's too
            # (two rules alone, a row's rest at a page's top, are left to the page-break joins)
            wide = _widened(box, held)
            held = [ln for ln in lines if inside(ln, wide, 1.0)]
        if sum(len(ln.chunks) >= 2 for ln in held) < 2 and not _header_at_foot(held, lines, box):
            # a header over the first rule, a title row (an objective's) under it, the rows on the next page
            head = _header_lines_over(stack[0], lines)
            if not (head and _header_at_foot(head + held, lines, box)):
                continue
            held, box = head + held, (box[0], head[0].top - 1.0, box[2], box[3])
        # rules cut at a merged cell are pieces of the rules the stack holds (a rule under each ref,
        # none across the objective that spans those rows): they part the rows where they are drawn
        pieces = [e for e in h_edges if e not in stack and box[0] - 2 <= e["x0"] and e["x1"] <= box[2] + 2
                  and any(abs(e["top"] - r["top"]) <= 2.0 for r in stack)]
        if len(held) > 1 and is_header_line(held[0]):
            # a header's group labels underlined over their sub-labels: the short rule parts its rows
            pieces += [e for e in h_edges if e not in stack and e not in pieces and box[0] - 2 <= e["x0"]
                       and e["x1"] <= box[2] + 2 and held[0].bottom - 1 <= e["top"] <= held[1].top + 1]
        regions.append(Region(_widened(box, held), held, h_rules=stack + pieces, kind="rules"))
    return regions


def _cut_pieces(grid: Region, h_edges: list[Edge]) -> list[Edge]:
    """Rules within the widened grid at the height of a rule the grid holds but cut short of it:
    a rule stopped at a merged cell (none across the objective spanning the rows of its actions)
    whose piece under the refs lies out of the grid's drawn part (a quarter grid's marks) still
    parts the rows there."""
    x0, top, x1, bottom = grid.box
    held = [e["top"] for e in grid.h_rules]
    return [e for e in h_edges if e not in grid.h_rules and top - 2 <= e["top"] <= bottom + 2
            and e["x1"] > x0 + 2 and e["x0"] < x1 - 2 and any(abs(e["top"] - y) <= 2.0 for y in held)]


#: at most this many lines (a running footer, a page number) under a header printed alone at a page's foot
MAX_FOOT_LINES = 2


def _ends_in_band(grid: Region) -> bool:
    """The grid's lowest horizontal rules run across its whole width (a band's sides)."""
    if not grid.h_rules or not grid.lines:
        return False
    width = grid.box[2] - grid.box[0]
    last = max(e["top"] for e in grid.h_rules)
    return any(abs(e["top"] - last) <= 1.0 and e["x1"] - e["x0"] >= 0.9 * width for e in grid.h_rules)


def _header_over_rule(rule: Edge, lines: list[Line]) -> list[Line]:
    """The header row printed right over a lone rule with nothing but a footer under it: a table
    drawn without rules whose header (underlined) a page break left alone at the page's foot."""
    over = _header_lines_over(rule, lines)
    box = (rule["x0"], over[0].top if over else rule["top"], rule["x1"], rule["top"])
    return over if over and _header_row(over) and _header_at_foot(over, lines, box) else []


def _header_lines_over(rule: Edge, lines: list[Line]) -> list[Line]:
    """The header lines right over a rule (within three line heights, within its extent), top to
    bottom: from the first header line (bold labels) on; a heading over them is not one."""
    over = sorted((ln for ln in lines if rule["x0"] - 2 <= ln.x0 and ln.x1 <= rule["x1"] + 2
                   and ln.bottom <= rule["top"] + 1.0 and ln.top >= rule["top"] - 3 * max(ln.bottom - ln.top, 1.0)),
                  key=lambda ln: ln.top)
    first = next((k for k, ln in enumerate(over) if is_header_line(ln)), len(over))
    return over[first:]


def _header_at_foot(held: list[Line], lines: list[Line], box: BBox) -> bool:
    """The rules hold one header row and nothing but a footer follows on the page: a header the
    page break orphaned from its body (a table of one row, which the next page's rows continue)."""
    below = [ln for ln in lines if ln.top >= box[3] - 1.0]
    return bool(held) and _header_row(held) and len(below) <= MAX_FOOT_LINES and \
        not any(len(ln.chunks) >= 3 for ln in below)


def _header_row(held: list[Line]) -> bool:
    """A header line, and under it at most one more line of bold words each under one of its
    labels (labels wrapped in their cells): one header row."""
    head, rest = held[0], held[1:]
    if rest and len(rest[-1].chunks) == 1 and not under_a_chunk(rest[-1], head):
        rest = rest[:-1]  # a title row across the table (an objective's) under the header, its rows on the next page
    return is_header_line(head) and len(rest) <= 1 and all(
        under_a_chunk(ln, head) and all(w.get("bold") for w in ln.words) for ln in rest)


def _over_empty_columns(line: Line, body: list[Line], starts: list[float], tol: float) -> bool:
    """Each of the line's labels that starts where no cell of the body starts stands over no cell
    text of the body (title rows run across): labels of columns printed without text (months or
    quarters shaded by fills)."""
    cells = [b for ln in body if len(ln.chunks) >= 2 for b in ln.chunks]
    return all(any(abs(c.x0 - x) <= tol for x in starts) or not any(b.x0 < c.x1 and c.x0 < b.x1 for b in cells)
               for c in line.chunks)


def _adopt_header(region: Region, free: list[Line], settings: TableSettings) -> bool:
    """Take in the header a ruled, shaded or white-space region leaves out above it (in place; True if found).

    Spreadsheet and web prints rule or shade the body alone: the labels stand
    above the first rule, and title rows (a section, an objective: one chunk
    from the table's left edge) may stand between them and the first rule.
    Walking up from the region over lines closer than ``max_row_gap``, a line
    of several labels, none a figure, starting where the region's cells start
    is its header; the title rows under it (and the wrapped rest of a label)
    come with it. The header's lines are counted in ``region.head``.
    """
    x0, top, x1, _ = region.box
    size = median(ln.size for ln in region.lines)
    starts = [c.x0 for ln in region.lines if len(ln.chunks) >= 2 for c in ln.chunks]
    if not starts:
        return False
    tol = max(2.0, 0.3 * size)
    edge = top
    between: list[Line] = []
    sub: list[Line] = []
    for line in sorted((ln for ln in free if ln.bottom <= top + 1.0), key=lambda ln: -ln.top):
        if edge - line.bottom > settings.max_row_gap * max(line.bottom - line.top, 1.0) or line.size > 1.1 * size:
            return False
        # (a last label wider than its column's cells starts where they do; a title row from the
        # left edge may run as far as the header over it: the band of a row across the table)
        if line.x0 < x0 - tol or line.x1 > x1 + tol and not (
                len(line.chunks) > 1 and any(abs(line.chunks[-1].x0 - x) <= tol for x in starts)
                or len(line.chunks) == 1 and abs(line.x0 - x0) <= tol):
            return False
        if len(line.chunks) == 1:
            if len(between) >= 3:
                return False
            between.append(line)
            edge = line.top
            continue
        aligned = sum(any(abs(c.x0 - x) <= tol for x in starts) for c in line.chunks)
        if aligned >= 2 and _over_empty_columns(line, region.lines, starts, tol):
            aligned = len(line.chunks)  # the other labels head columns the body leaves empty (a month grid's)
        if aligned < max(2, 0.6 * len(line.chunks)) and not sub and all(len(c.words) <= 2 for c in line.chunks):
            # short labels right above the body (or its title rows), over columns it leaves empty (Q1 Q2 Q3 Q4)
            sub = [line]
            edge = line.top
            continue
        if aligned < max(2, 0.6 * len(line.chunks)) or any(is_numeric(c.text) and not YEAR.match(c.text) for c in line.chunks) \
                or line.text.lstrip()[:1] in BULLETS:
            return False  # figures, or a list item (a step a page break carried over), are no labels
        if any(ln.x1 > max(x1, line.x1) + tol for ln in between):
            return False  # a line running on past the header: no title row under it
        # a line under the labels starting in another column than the first is a label's rest
        rest = [ln for ln in between if abs(ln.x0 - line.chunks[0].x0) > tol]
        titles = [ln for ln in between if ln not in rest]
        if titles and any(t.top < ln.top for ln in rest for t in titles):
            return False  # a label's rest under a title row: not a header over title rows
        head = [line] + sorted(rest + sub, key=lambda ln: ln.top)
        titles.sort(key=lambda ln: ln.top)
        region.lines = head + titles + region.lines
        # each title row is a row of its own, as the rules or shading below part theirs (its
        # wrapped rest, going on in lower case, stays with it)
        cuts = [top] + [t.top - 0.5 for k, t in enumerate(titles) if k and not t.text[:1].islower()]
        region.h_rules = region.h_rules + [
            {"x0": x0, "x1": x1, "top": y, "bottom": y, "orientation": "h", "source": "gap"} for y in cuts] if titles \
            else region.h_rules
        region.box = (min(x0, *(ln.x0 for ln in head)), line.top - 1.0, max(x1, *(ln.x1 for ln in head)), region.box[3])
        region.head = len(head)
        return True
    return False


# --- entry point ------------------------------------------------------------------------------

def _adopt_rules(grid: Region, h_edges: list[Edge], pad: float = 6.0, tol: float = 2.0) -> None:
    """The horizontal rules of the columns the grid's box widened over join its rules.

    A producer that rules each cell on its own (WeasyPrint) leaves a column of
    refs beside a merged column out of the ruled grid, whose cells stop at the
    merged column's side; the refs' rules part their rows as the grid's do. The
    widened box starts at the text: a cell's rule starts its padding (``pad``) further out.
    """
    x0, top, x1, bottom = grid.box
    known = {id(e) for e in grid.h_rules}
    grid.h_rules = grid.h_rules + [e for e in h_edges if id(e) not in known and x0 - pad <= e["x0"]
                                   and e["x1"] <= x1 + pad and top - tol <= e["top"] <= bottom + tol]


def _take_cell_rests_below(grid: Region, centred, h_edges: list[Edge], most: int = 6) -> None:
    """Lines running on below the grid's box in one column, at its lines' pitch, join the grid.

    A cell taller than the rest of its row on a page (a merged objective WeasyPrint breaks at the
    foot of a page) goes on past the fills and rules that bound the grid: its last lines start
    where the cell's last line starts, less than half a line below it, short of the next cell's
    text beside it, with no rule between.
    """
    for _ in range(most):
        bottom = grid.box[3]
        # (a line straddling the box's foot, its middle below it, is no line of the grid yet)
        nxt = min((ln for ln, _, y in centred if len(ln.chunks) == 1 and (ln.top > bottom - 0.5 or y > bottom)
                   and ln not in grid.lines), key=lambda ln: ln.top, default=None)
        if nxt is None or any(_ruled_between(e, bottom, nxt) for e in h_edges):
            return
        ends = [(c, ln) for ln in grid.lines for c in ln.chunks if c.bottom >= min(bottom, nxt.top) - 1.0]
        if not any(abs(c.x0 - nxt.x0) <= 1.0 and 0 <= nxt.top - c.bottom <= 0.5 * nxt.size
                   and all(nxt.x1 < o.x0 for o in ln.chunks if o.x0 > c.x1) for c, ln in ends):
            return
        grid.lines = grid.lines + [nxt]
        grid.box = (grid.box[0], grid.box[1], grid.box[2], nxt.bottom)


def _ruled_between(edge: Edge, bottom: float, line: Line) -> bool:
    """A rule drawn between the grid's bottom and ``line``, over the line's text."""
    return bottom - 1.0 <= edge["top"] <= line.top + 0.5 and edge["x0"] <= line.x1 and edge["x1"] >= line.x0


def find_aligned_tables(
    page: PageContent,
    settings: TableSettings,
    exclude: list[BBox] | None = None,
    open_grids: list[Region] | None = None,
    h_edges: list[Edge] | None = None,
) -> list[tuple[list[GridCell], list[float]]]:
    """Cells and column boundaries of each table on the page that is not a complete ruled grid.

    ``exclude`` boxes (tables already found) are ignored; ``open_grids`` are
    ruled grids whose rules leave columns of text together; ``h_edges`` are
    the page's merged horizontal rules.
    """
    exclude = list(exclude or [])
    # the words outside (made without splitting the text inside into words), maybe as join_stacked had them
    lines = page_lines(page.page_words, exclude, settings.cell_gap_em, settings.line_overlap)
    # each line's centre once: the lines are sorted into regions several times (``inside``)
    centred = [(ln, (ln.x0 + ln.x1) / 2, (ln.top + ln.bottom) / 2) for ln in lines]
    regions: list[Region] = []
    for grid in open_grids or []:
        grid.lines = _lines_in(centred, [grid.box])
        if grid.lines:
            grid.box = _widened(grid.box, grid.lines)
            grid.h_rules = grid.h_rules + _cut_pieces(grid, h_edges or [])
            # the grid's rules (a month grid's bars) may cover part of the width only: a cell's lines
            # beside them (a title's last line, its bullets) lie within the rows the widened box holds
            grid.lines = _lines_in(centred, [grid.box])
            _adopt_rules(grid, h_edges or [])
            _take_cell_rests_below(grid, centred, h_edges or [])
            # a record below the grid's last rule or fill (the top of a row a page break cut), when
            # that is a band across the grid (an objective row's), not a mark's sides in its columns
            if _ends_in_band(grid):
                records_below(grid, [ln for ln, _, _ in centred if ln.top >= grid.box[3] - 1.0],
                              settings.max_row_gap, exclude + [g.box for g in open_grids or [] if g is not grid])
            head = header_above(grid, lines)
            if head:
                grid.lines = head + grid.lines
                grid.box = (grid.box[0], head[0].top - 1.0, grid.box[2], grid.box[3])
        regions.append(grid)
    taken = [r.box for r in regions]
    free_rules = [e for e in (h_edges or []) if not any(inside(e, b, 1.0) for b in exclude + taken)]
    # a stack of nothing but the sides of fills with no text over them (the bars of a month grid's
    # empty cells) is no table's rules (with drawn rules such a side may stand for one left out)
    ruled = [r for r in rule_regions(_lines_in(centred, taken, outside=True), free_rules, page.width)
             if any(e.get("source") != "fill" or shades_text(e, lines) for e in r.h_rules)]
    for region in ruled:
        boxes = taken + exclude + [r.box for r in ruled]
        records_below(region, _lines_in(centred, boxes, outside=True), settings.max_row_gap, boxes)
        region.v_rules = shading_edges(page.rects, region.box)
        regions.append(region)
    taken = [r.box for r in regions]
    rest = _lines_in(centred, taken, outside=True)
    for run in whitespace_runs(rest, settings, taken + exclude):
        box = with_fill_column(_box(run), page.rects, median(ln.size for ln in run), taken + exclude)
        rules = row_between_bands(box, h_edges or [], taken + exclude, median(ln.size for ln in run))
        if rules:
            box = (box[0], rules[0]["top"], box[2], rules[1]["top"])
        regions.append(Region(box, run, h_rules=rules, fills=shaded_boxes(page.rects, box)))
    held = {id(ln) for r in regions for ln in r.lines}
    free = [ln for ln in rest if id(ln) not in held]
    for region in regions:
        if region.lines and _adopt_header(region, free, settings):
            adopted = {id(ln) for ln in region.lines}
            free = [ln for ln in free if id(ln) not in adopted]
    found = []
    for region in regions:
        if region.kind != "lattice" and in_chart(region.box, page.graphics):
            continue
        # a figure's caption: chart labels, not a table (inside a ruled box too: a chart's frame and
        # the sides of its bars rule no table)
        if any(FIGURE.match(ln.text) for ln in region.lines[:3]) or (region.kind != "lattice"
                                                                     and captioned_figure(region, lines)):
            continue
        region.lines = without_caption_and_notes(region.lines)
        built = build_cells(region, settings)
        if built is not None and is_table(built[0], settings, region.kind):
            found.append(built)
    return found
