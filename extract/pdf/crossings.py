"""pdfplumber's ruled-table steps on plain edge dicts: the same results, in the same order.

Snap and join edges (``merge_edges``), find where horizontal and vertical
edges cross (``edges_to_intersections``), take the smallest rectangles those
crossings bound (``intersections_to_cells``) and group touching rectangles into
tables (``cells_to_tables``). pdfplumber's own functions (MIT licence) give
these results; ours skip its generic helpers and rescans, and keep pdfplumber
(and pdfminer, ~0.1 s to import) off the import path, where every worker
process would pay for it. tests/unit/extract/pdf/test_pdf_ruled.py compares both on real pages.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby
from operator import itemgetter
from typing import Any

from plantables.extract.pdf.objects import Edge

BBox = tuple[float, float, float, float]

_BY_X0_TOP = itemgetter("x0", "top")
_BY_TOP_X0 = itemgetter("top", "x0")


def merge_edges(edges: list[Edge], snap_x_tolerance: float, snap_y_tolerance: float, join_x_tolerance: float,
                join_y_tolerance: float) -> list[Edge]:
    """pdfplumber's ``merge_edges``: the same edges (new dicts, same keys and values) in the same order.

    Snap edges lying within a tolerance of each other onto their mean
    position, then join collinear edges whose gap is within a tolerance.
    pdfplumber rebuilds each moved edge from a tuple of its items and clusters
    through generic helpers; a dict copy and one pass per step do the same.
    """
    if snap_x_tolerance > 0 or snap_y_tolerance > 0:
        edges = (_snapped([e for e in edges if e["orientation"] == "v"], "x0", snap_x_tolerance)
                 + _snapped([e for e in edges if e["orientation"] == "h"], "top", snap_y_tolerance))
    merged: list[Any] = []  # moved and joined copies: pdfplumber's keys, kept as they come
    for (orientation, _), group in groupby(sorted(edges, key=_line_of), key=_line_of):
        merged += _joined(group, orientation, join_x_tolerance if orientation == "h" else join_y_tolerance)
    return merged


def _line_of(edge: Any) -> tuple[str, float]:
    return ("h", edge["top"]) if edge["orientation"] == "h" else ("v", edge["x0"])


def _snapped(edges: list[Any], attr: str, tolerance: float) -> list[Any]:
    """pdfplumber's ``snap_objects``: clusters of positions (a chain of gaps within ``tolerance``) moved to their mean."""
    cluster_of: dict[float, int] = {}
    n_clusters, last = 0, None
    for value in sorted({e[attr] for e in edges}):
        if last is None or not value <= last + tolerance:
            n_clusters += 1
        cluster_of[value] = n_clusters - 1
        last = value
    clusters: list[list[Any]] = [[] for _ in range(n_clusters)]
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


def _joined(edges: Iterable[Any], orientation: str, tolerance: float) -> list[Any]:
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


def edges_to_intersections(edges: list[Edge], x_tolerance: float = 1, y_tolerance: float = 1,
                           ) -> dict[tuple[float, float], dict[str, list[Edge]]]:
    """pdfplumber's ``edges_to_intersections``: ``{(x, y): {"v": [...], "h": [...]}}`` where edges cross.

    A vertical edge meets a horizontal one when it reaches its line and lies
    within its span, both within the tolerances; points and their edge lists
    come in pdfplumber's order (verticals by x then top, horizontals by top then x).
    """
    intersections: dict[tuple[float, float], dict[str, list[Edge]]] = {}
    v_edges = sorted((e for e in edges if e["orientation"] == "v"), key=_BY_X0_TOP)
    h_edges = sorted((e for e in edges if e["orientation"] == "h"), key=_BY_TOP_X0)
    for v in v_edges:
        vx, vtop, vbottom = v["x0"], v["top"], v["bottom"]
        for h in h_edges:
            htop = h["top"]
            if vtop <= htop + y_tolerance and vbottom >= htop - y_tolerance \
                    and h["x0"] - x_tolerance <= vx <= h["x1"] + x_tolerance:
                found = intersections.get((vx, htop))
                if found is None:
                    found = intersections[(vx, htop)] = {"v": [], "h": []}
                found["v"].append(v)
                found["h"].append(h)
    return intersections


def intersections_to_cells(intersections: dict[tuple[float, float], dict[str, list[Edge]]]) -> list[BBox]:
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


def cells_to_tables(cells: list[BBox]) -> list[list[BBox]]:
    """pdfplumber's ``cells_to_tables``: cells grouped into tables of cells touching at a corner.

    Groups grow in passes over the remaining cells in their order (a cell
    joins when one of its corners is a corner of the group); groups of one
    cell are dropped; tables come top to bottom, then left to right.
    """
    remaining = list(cells)
    corners: set[tuple[float, float]] = set()
    current: list[BBox] = []
    tables: list[list[BBox]] = []
    while remaining:
        before = len(current)
        kept = []
        for cell in remaining:
            x0, top, x1, bottom = cell
            cell_corners = ((x0, top), (x0, bottom), (x1, top), (x1, bottom))
            if not current or any(c in corners for c in cell_corners):
                corners.update(cell_corners)
                current.append(cell)
            else:
                kept.append(cell)
        remaining = kept
        if len(current) == before:
            tables.append(current)
            corners = set()
            current = []
    if current:
        tables.append(current)
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]
