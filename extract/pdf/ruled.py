"""Ruled tables: cells bounded by drawn lines and rectangle sides.

pdfplumber's table steps (crossings.py: the same results, faster, without
importing pdfplumber) run on the edges page.py read with pypdfium2: snap and
join edges, find where they cross, take the smallest rectangles those crossings bound, and group touching
rectangles into tables. A rectangle with no inner rule is one cell even when
it spans several rows or columns of its neighbours: a merged cell.
"""

from __future__ import annotations

from itertools import chain
from operator import itemgetter
from typing import NamedTuple

from plantables.extract.pdf.crossings import (
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
    merge_edges,
)
from plantables.extract.pdf.grid import (
    CentreIndex,
    GridCell,
    assign_centred,
    box_of,
    cell_lines,
    cell_words,
    place_boxes,
)
from plantables.extract.pdf.objects import Edge
from plantables.extract.pdf.page import PageContent
from plantables.extract.pdf.settings import TableSettings
from plantables.vocabulary.markup import BULLETS

BBox = tuple[float, float, float, float]
_TEXT = itemgetter("text")


def table_edges(page: PageContent, settings: TableSettings) -> list[Edge]:
    """The page's edges, snapped, joined and filtered by length (pdfplumber's steps)."""
    edges = [e for e in page.edges if _length(e) >= settings.edge_min_length / 2]
    if not edges:
        return []
    merged = merge_edges(
        edges,
        snap_x_tolerance=settings.snap_tolerance,
        snap_y_tolerance=settings.snap_tolerance,
        join_x_tolerance=settings.join_tolerance,
        join_y_tolerance=settings.join_tolerance,
    )
    return [e for e in merged if _length(e) >= settings.edge_min_length]


def _length(edge: Edge) -> float:
    return edge["x1"] - edge["x0"] if edge["orientation"] == "h" else edge["bottom"] - edge["top"]


def ruled_cell_groups(page: PageContent, settings: TableSettings, edges: list[Edge] | None = None) -> list[list[BBox]]:
    """Cell boxes of each ruled table on the page, top to bottom."""
    edges = table_edges(page, settings) if edges is None else edges
    if not any(e["orientation"] == "v" for e in edges) or not any(e["orientation"] == "h" for e in edges):
        return []
    tol = settings.intersection_tolerance
    intersections = edges_to_intersections(edges, tol, tol)
    cells = intersections_to_cells(intersections)
    verticals = [e for e in edges if e["orientation"] == "v"]
    return [boxes + open_end_cells(boxes, verticals, tol, page.chars) for boxes in cells_to_tables(cells)]


def _open_end(boxes: list[BBox], verticals: list[Edge], tol: float, chars: list, foot: bool) -> float:
    """Where the table ends (``foot``) or starts: its last (first) rule, or beyond it, where both
    its sides' rules run on to one height with text between them (a row a page break left
    without its bottom, or top, rule)."""
    left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
    first, last = min(b[1] for b in boxes), max(b[3] for b in boxes)
    rule = last if foot else first

    def beyond(x: float) -> list[float]:
        if foot:
            return [e["bottom"] for e in verticals
                    if abs(e["x0"] - x) <= tol and first - tol <= e["top"] <= last + tol and e["bottom"] > last + 2 * tol]
        return [e["top"] for e in verticals
                if abs(e["x0"] - x) <= tol and first - tol <= e["bottom"] <= last + tol and e["top"] < first - 2 * tol]

    ends = beyond(left) + beyond(right)
    if not beyond(left) or not beyond(right) or max(ends) - min(ends) > tol:
        return rule
    end = min(ends) if foot else max(ends)
    lo, hi = (rule, end) if foot else (end, rule)
    text = any(left < (c["x0"] + c["x1"]) / 2 < right and lo < (c["top"] + c["bottom"]) / 2 < hi
               and not c["text"].isspace() for c in chars)
    return end if text else rule


def open_end_cells(boxes: list[BBox], verticals: list[Edge], tol: float, chars: list) -> list[BBox]:
    """Cells a page break left without a bottom (or top) rule: a merged cell continued on the next
    page is drawn open at the table's foot, between side rules that run down to it, and so is a
    whole row broken by the page (its sides run on past the last rule, or start above the first).
    Each such gap (a column band with no cell out to the end, ruled on both sides) is one cell."""
    xs = sorted({round(x, 1) for b in boxes for x in (b[0], b[2])})
    out: list[BBox] = []
    for foot in (True, False):
        end = _open_end(boxes, verticals, tol, chars, foot)

        def ruled_to(x: float, inner: float, end: float = end, foot: bool = foot) -> bool:
            lo, hi = (inner, end) if foot else (end, inner)
            return any(abs(e["x0"] - x) <= tol and e["top"] <= lo + tol and e["bottom"] >= hi - tol for e in verticals)

        gaps: list[list[float]] = []  # [x0, inner edge, x1]
        for xa, xb in zip(xs, xs[1:]):
            over = [b[3] if foot else b[1] for b in boxes if b[0] <= xa + tol and b[2] >= xb - tol]
            inner = (max(over) if foot else min(over)) if over else None
            if inner is None or abs(end - inner) <= 2 * tol:
                continue
            if gaps and gaps[-1][2] == xa and abs(gaps[-1][1] - inner) <= tol and not ruled_to(xa, inner):
                gaps[-1][2] = xb  # one open cell over several bands (no rule between them)
            else:
                gaps.append([xa, inner, xb])
        out += [(x0, inner, x1, end) if foot else (x0, end, x1, inner)
                for x0, inner, x1 in gaps if ruled_to(x0, inner) and ruled_to(x1, inner)]
    return out


class RuledGrid(NamedTuple):
    """A ruled table's placed cells (with their chars) and column boundaries."""

    cells: list[GridCell]
    xs: list[float]
    #: chars other than spaces centred in the box of the cells (:func:`is_open` compares)
    text_chars: int
    #: some char of the page is centred left or right of the cells' box. A word's centre lies
    #: between its chars' centres, so without such a char no word lies beside the grid.
    chars_beside: bool


def find_ruled_tables(page: PageContent, settings: TableSettings, edges: list[Edge] | None = None) -> list[RuledGrid]:
    """Placed cells (with their chars) and column boundaries of each ruled table."""
    found = []
    index = None
    for boxes in ruled_cell_groups(page, settings, edges):
        cells, xs, ys = place_boxes(boxes)
        n_cols = len(xs) - 1
        n_rows = len(ys) - 1
        if n_cols < settings.min_ruled_cols or n_rows < 1:
            continue
        if n_rows < settings.min_ruled_rows and n_cols < 3:
            continue  # a two-box strip is a frame or a form line, not a table
        index = index or CentreIndex(page.chars)
        grid, outer = (xs[0], ys[0], xs[-1], ys[-1]), box_of(cells)
        # one look at the chars serves both boxes: the grid lines' and the cells' (they differ by snapping)
        inside, text_chars = _centred_in(index, grid, outer)
        chars = index.chars
        if not any(not chars[i]["text"].isspace() for i in inside):
            continue  # boxes with no text: a drawing or an empty form
        assign_centred(cells, chars, index.x, index.y, inside, xs, ys)
        if _sparse_drawing(cells):
            continue
        found.append(RuledGrid(cells, xs, text_chars, index.x_min < outer[0] or index.x_max > outer[2]))
    return found


def _centred_in(index: CentreIndex, grid: BBox, outer: BBox) -> tuple[list[int], int]:
    """Indexes of the chars centred in ``grid``, and how many non-space chars are centred in ``outer``."""
    both = (min(grid[0], outer[0]), min(grid[1], outer[1]), max(grid[2], outer[2]), max(grid[3], outer[3]))
    ids = index.centred_in(both)
    chars, xs, ys = index.chars, index.x, index.y
    if both == grid:  # the usual case: the cells lie within the grid lines
        inside = ids
    else:
        x0, top, x1, bottom = grid
        inside = [i for i in ids if x0 <= xs[i] <= x1 and top <= ys[i] <= bottom]
    x0, top, x1, bottom = outer
    if both == outer:
        text_chars = len(ids) - sum(map(str.isspace, map(_TEXT, map(chars.__getitem__, ids))))  # C-level passes
    else:
        text_chars = len([i for i in ids
                          if x0 <= xs[i] <= x1 and top <= ys[i] <= bottom and not chars[i]["text"].isspace()])
    return inside, text_chars


def _sparse_drawing(cells: list[GridCell]) -> bool:
    """A big grid with text in few cells and no row of labels: a chart's gridlines or bars."""
    if len(cells) < 30:
        return False
    rows: dict[int, list[GridCell]] = {}
    for c in cells:
        rows.setdefault(c.row, []).append(c)
    if any(sum(1 for c in row if c.chars) >= max(2, len(row) / 2) for row in rows.values()):
        return False
    return sum(1 for c in cells if c.chars) < 0.1 * len(cells)


def _aligned_to_grid(cell: GridCell, xs: list[float], settings: TableSettings) -> bool:
    """A merged cell whose words sit in separate columns of the grid, none crossing a column line.

    Flowing text (a heading across the table) crosses column lines somewhere;
    a row of values drawn without vertical rules does not.
    """
    inner = xs[cell.col + 1 : cell.col + cell.col_span]
    words = cell_words(cell, settings)
    if len(words) < 2:
        return False
    bands = set()
    for w in words:
        if any(w["x0"] + 1 < x < w["x1"] - 1 for x in inner):
            return False
        bands.add(sum(x <= (w["x0"] + w["x1"]) / 2 for x in inner))
    if len(bands) < 2:
        return False
    # words a space apart are one phrase even when narrow columns happen to fall between them
    # ('CHILDREN IN CARE' across a month grid); values in columns sit a cell gap apart
    ordered = sorted(words, key=lambda w: (round(w["top"]), w["x0"]))
    return not any(
        abs(a["top"] - b["top"]) < 1 and 0 <= b["x0"] - a["x1"] < settings.cell_gap_em * a.get("size", 8.0)
        and any(a["x1"] <= x <= b["x0"] for x in inner)
        for a, b in zip(ordered, ordered[1:]))


#: a grid is open when more chars than this lie in it outside every cell (a word: a cell's last word
#: beside a boxed mark under a repeated header is in no cell of the header's and marks' boxes) ...
UNPLACED_CHARS = 5
#: ... and more than this share of them is placed in none
PLACED_SHARE = 0.97


def is_open(cells: list[GridCell], settings: TableSettings, chars_inside: int, xs: list[float] | None = None) -> bool:
    """The rules leave columns of text together, or text outside every cell.

    A grid drawn with rules between rows only (or shading only in its header)
    puts a whole row in one cell, or finds cells only where shading draws
    them; its columns must come from alignment.
    """
    from plantables.extract.pdf.lines import is_numeric, split_chunks

    assigned = sum(len(c.chars) for c in cells)
    if chars_inside and assigned < 0.9 * chars_inside:
        return True
    # a row the rules do not close (a white band between shaded ones, only its marks boxed) leaves
    # its text in no cell: a line's worth of chars is enough to say so (spaces counted by neither)
    if chars_inside:  # (the spaces counted in C-level passes)
        placed = assigned - sum(map(str.isspace, map(_TEXT, chain.from_iterable([c.chars for c in cells]))))
        if chars_inside - placed > max(UNPLACED_CHARS, (1 - PLACED_SHARE) * chars_inside):
            return True
    filled = [c for c in cells if c.chars]
    if xs and sum(_aligned_to_grid(c, xs, settings) for c in filled if c.col_span > 1) >= 2:
        return True
    gapped = 0
    for cell in filled:
        numeric, split = 0, False
        for words in cell_lines(cell, settings):
            if len(words) > 1 and len(chunks := split_chunks(words, settings.cell_gap_em)) > 1:
                # a list bullet set off from its item by a tab is no second column
                split = split or len(chunks) > 2 or chunks[0].text.strip() not in BULLETS
            elif is_numeric(words[0]["text"] if len(words) == 1 else chunks[0].text):
                numeric += 1
        if numeric >= 3:
            return True  # a column of numbers in one cell: rows without rules between them
        if split:
            gapped += 1
    return gapped >= max(2, 0.3 * len(filled))
