"""Ruled tables: cells bounded by drawn lines and rectangle sides.

pdfplumber's table functions work on plain dicts, so they run unchanged on the
edges page.py read with pypdfium2: snap and join edges, find where they
cross, take the smallest rectangles those crossings bound, and group touching
rectangles into tables. A rectangle with no inner rule is one cell even when
it spans several rows or columns of its neighbours: a merged cell.
"""

from __future__ import annotations

from typing import NamedTuple

from itertools import groupby

from pdfplumber.table import cells_to_tables, edges_to_intersections

from plantables.extract.pdf.grid import (CentreIndex, GridCell, assign_centred, box_of, cell_lines, cell_words,
                                         place_boxes)
from plantables.extract.pdf.page import PageContent
from plantables.extract.pdf.settings import TableSettings

BBox = tuple[float, float, float, float]


def table_edges(page: PageContent, settings: TableSettings) -> list[dict]:
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


def merge_edges(edges: list[dict], snap_x_tolerance: float, snap_y_tolerance: float, join_x_tolerance: float,
                join_y_tolerance: float) -> list[dict]:
    """pdfplumber's ``merge_edges``: the same edges (new dicts, same keys and values) in the same order.

    Snap edges lying within a tolerance of each other onto their mean
    position, then join collinear edges whose gap is within a tolerance.
    pdfplumber rebuilds each moved edge from a tuple of its items and clusters
    through generic helpers; a dict copy and one pass per step do the same.
    """
    if snap_x_tolerance > 0 or snap_y_tolerance > 0:
        edges = (_snapped([e for e in edges if e["orientation"] == "v"], "x0", snap_x_tolerance)
                 + _snapped([e for e in edges if e["orientation"] == "h"], "top", snap_y_tolerance))
    merged: list[dict] = []
    for (orientation, _), group in groupby(sorted(edges, key=_line_of), key=_line_of):
        merged += _joined(group, orientation, join_x_tolerance if orientation == "h" else join_y_tolerance)
    return merged


def _line_of(edge: dict) -> tuple[str, float]:
    return ("h", edge["top"]) if edge["orientation"] == "h" else ("v", edge["x0"])


def _snapped(edges: list[dict], attr: str, tolerance: float) -> list[dict]:
    """pdfplumber's ``snap_objects``: clusters of positions (a chain of gaps within ``tolerance``) moved to their mean."""
    cluster_of: dict[float, int] = {}
    n_clusters, last = 0, None
    for value in sorted({e[attr] for e in edges}):
        if last is None or not value <= last + tolerance:
            n_clusters += 1
        cluster_of[value] = n_clusters - 1
        last = value
    clusters: list[list[dict]] = [[] for _ in range(n_clusters)]
    for e in edges:
        clusters[cluster_of[e[attr]]].append(e)
    ends = ("x0", "x1") if attr == "x0" else ("top", "bottom")
    out = []
    for cluster in clusters:
        mean = sum(e[attr] for e in cluster) / len(cluster)
        for e in cluster:
            shift = mean - e[attr]
            moved = dict(e)
            moved[ends[0]] = e[ends[0]] + shift
            moved[ends[1]] = e[ends[1]] + shift
            if attr == "top":  # pdfplumber's move_object keeps its other vertical keys in step
                if "doctop" in e:
                    moved["doctop"] = e["doctop"] + shift
                if "y0" in e:
                    moved["y0"] = e["y0"] - shift
                    moved["y1"] = e["y1"] - shift
            out.append(moved)
    return out


def _joined(edges, orientation: str, tolerance: float) -> list[dict]:
    """pdfplumber's ``join_edge_group``: edges along one line, overlapping or within ``tolerance``, as one."""
    start, end = ("x0", "x1") if orientation == "h" else ("top", "bottom")
    ordered = sorted(edges, key=lambda e: e[start])
    joined = [ordered[0]]
    for e in ordered[1:]:
        last = joined[-1]
        if e[start] <= last[end] + tolerance:
            if e[end] > last[end]:
                longer = dict(last)  # pdfplumber's resize_object
                longer[end] = e[end]
                if orientation == "h":
                    longer["width"] = e[end] - last["x0"]
                else:
                    grown = e[end] - last[end]
                    longer["height"] = last["height"] + grown
                    if "y0" in last:
                        longer["y0"] = last["y0"] - grown
                joined[-1] = longer
        else:
            joined.append(e)
    return joined


def _length(edge: dict) -> float:
    return edge["x1"] - edge["x0"] if edge["orientation"] == "h" else edge["bottom"] - edge["top"]


def ruled_cell_groups(page: PageContent, settings: TableSettings, edges: list[dict] | None = None) -> list[list[BBox]]:
    """Cell boxes of each ruled table on the page, top to bottom."""
    edges = table_edges(page, settings) if edges is None else edges
    if not any(e["orientation"] == "v" for e in edges) or not any(e["orientation"] == "h" for e in edges):
        return []
    tol = settings.intersection_tolerance
    intersections = edges_to_intersections(edges, tol, tol)
    cells = intersections_to_cells(intersections)
    return cells_to_tables(cells)


def intersections_to_cells(intersections: dict) -> list[BBox]:
    """pdfplumber's ``intersections_to_cells``: the same cells in the same order, without its rescans.

    pdfplumber scans every later point for those below and right of each
    point and rebuilds the sets of edge boxes at both points for every
    connection test. Here each point's edges become sets of ids once, and
    the points below and right of a point are the rest of its column and row.
    """
    ids: dict[tuple, int] = {}
    v_at: dict[tuple, set[int]] = {}
    h_at: dict[tuple, set[int]] = {}
    for pt, found in intersections.items():
        v_at[pt] = {ids.setdefault((e["x0"], e["top"], e["x1"], e["bottom"]), len(ids)) for e in found["v"]}
        h_at[pt] = {ids.setdefault((e["x0"], e["top"], e["x1"], e["bottom"]), len(ids)) for e in found["h"]}

    def connects(p1: tuple, p2: tuple) -> bool:
        if p1[0] == p2[0] and not v_at[p1].isdisjoint(v_at[p2]):
            return True
        return p1[1] == p2[1] and not h_at[p1].isdisjoint(h_at[p2])

    points = sorted(intersections)
    columns: dict[float, list[tuple]] = {}  # points of one x, top to bottom (points are sorted)
    rows: dict[float, list[tuple]] = {}  # points of one y, left to right
    for pt in points:
        columns.setdefault(pt[0], []).append(pt)
        rows.setdefault(pt[1], []).append(pt)
    col_pos: dict[tuple, int] = {}
    row_pos: dict[tuple, int] = {}
    for members, pos in ((columns, col_pos), (rows, row_pos)):
        for group in members.values():
            for k, pt in enumerate(group):
                pos[pt] = k
    cells = []
    for pt in points[:-1]:
        below = columns[pt[0]][col_pos[pt] + 1 :]
        right = rows[pt[1]][row_pos[pt] + 1 :]
        cell = _smallest_cell(pt, below, right, v_at, connects)
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest_cell(pt: tuple, below: list[tuple], right: list[tuple], at: dict, connects) -> BBox | None:
    """The first (nearest below, then nearest right) rectangle whose four sides are drawn."""
    for below_pt in below:
        if not connects(pt, below_pt):
            continue
        for right_pt in right:
            if not connects(pt, right_pt):
                continue
            corner = (right_pt[0], below_pt[1])
            if corner in at and connects(corner, right_pt) and connects(corner, below_pt):
                return (pt[0], pt[1], corner[0], corner[1])
    return None


class RuledGrid(NamedTuple):
    """A ruled table's placed cells (with their chars) and column boundaries."""

    cells: list[GridCell]
    xs: list[float]
    #: chars other than spaces centred in the box of the cells (:func:`is_open` compares)
    text_chars: int
    #: some char of the page is centred left or right of the cells' box. A word's centre lies
    #: between its chars' centres, so without such a char no word lies beside the grid.
    chars_beside: bool


def find_ruled_tables(page: PageContent, settings: TableSettings, edges: list[dict] | None = None) -> list[RuledGrid]:
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
        text_chars = sum(1 for i in ids if not chars[i]["text"].isspace())
    else:
        text_chars = sum(1 for i in ids
                         if x0 <= xs[i] <= x1 and top <= ys[i] <= bottom and not chars[i]["text"].isspace())
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
    filled = [c for c in cells if c.chars]
    if xs and sum(_aligned_to_grid(c, xs, settings) for c in filled if c.col_span > 1) >= 2:
        return True
    gapped = 0
    for cell in filled:
        numeric, split = 0, False
        for words in cell_lines(cell, settings):
            if len(words) > 1 and len(chunks := split_chunks(words, settings.cell_gap_em)) > 1:
                split = True
            elif is_numeric(words[0]["text"] if len(words) == 1 else chunks[0].text):
                numeric += 1
        if numeric >= 3:
            return True  # a column of numbers in one cell: rows without rules between them
        if split:
            gapped += 1
    return gapped >= max(2, 0.3 * len(filled))
