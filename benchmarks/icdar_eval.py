"""ICDAR 2013 table competition measures, ported to plain Python.

Structure (``NAME-str.xml``): each region of each table is a grid of cells
(``start-row``/``start-col``, optional ``end-row``/``end-col``, content). The
score is over *adjacency relations*: every non-empty cell paired with its
nearest non-empty neighbour to the right and below (a spanning cell is one
cell over all its slots; a pair is counted once). A tool's relation is right
when a ground-truth relation has the same direction and the same contents.
Contents are compared after the competition's normalisation as its public
Python port does it (Unicode compatibility decomposition, accents dropped,
only ASCII kept, all whitespace removed) and, as the competition compared
contents, without regard to case (the ground truth itself writes "italy"
for "Italy" in places). Punctuation is kept: a cell holding only "-" is a
real, non-empty cell in the ground truth.

Within a document, ground-truth tables and found tables are paired by a
maximum-weight matching on the pair's F1; relations of unpaired tables count
as misses (ground truth) or false alarms (found). Documents with alternative
ground truths (``-a``/``-b`` variants of one PDF) take the better variant.

Regions (``NAME-reg.xml``) give the table location measure: area precision
and recall of found table boxes against ground-truth boxes, per page.
"""

from __future__ import annotations

import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

Relation = tuple[str, str, str]  # (from text, to text, "h" | "v")


@dataclass
class GridTable:
    """A table as the evaluation sees it: cells with grid position, span and text."""

    cells: list[tuple[int, int, int, int, str]]  # row, col, end_row, end_col (inclusive), text
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None  # top-left origin
    relations: Counter = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.relations = adjacency_relations(self.cells)


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    ascii_only = unicodedata.normalize("NFKC", stripped).encode("ascii", "ignore").decode("ascii")
    return "".join(ascii_only.split()).lower()


def adjacency_relations(cells: list[tuple[int, int, int, int, str]]) -> Counter:
    """The multiset of (from, to, direction) relations between non-empty neighbouring cells."""
    if not cells:
        return Counter()
    n_rows = max(c[2] for c in cells) + 1
    n_cols = max(c[3] for c in cells) + 1
    grid: list[list[int | None]] = [[None] * n_cols for _ in range(n_rows)]
    texts = []
    for i, (r0, c0, r1, c1, text) in enumerate(cells):
        texts.append(normalise(text))
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                grid[r][c] = i
    pairs: set[tuple[int, int, str]] = set()
    for r in range(n_rows):
        _scan([grid[r][c] for c in range(n_cols)], texts, "h", pairs)
    for c in range(n_cols):
        _scan([grid[r][c] for r in range(n_rows)], texts, "v", pairs)
    return Counter((texts[a], texts[b], d) for a, b, d in pairs)


def _scan(line: list[int | None], texts: list[str], direction: str, pairs: set) -> None:
    """Pair each non-empty cell of a row (column) with the next different non-empty one."""
    for i, cur in enumerate(line):
        if cur is None or not texts[cur]:
            continue
        for nxt in line[i + 1 :]:
            if nxt is None or nxt == cur or not texts[nxt]:
                continue
            pairs.add((cur, nxt, direction))
            break


def _prf(tp: int, fn: int, fp: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def pair_counts(gt: GridTable, found: GridTable) -> tuple[int, int, int]:
    tp = sum((gt.relations & found.relations).values())
    return tp, sum(gt.relations.values()) - tp, sum(found.relations.values()) - tp


def max_weight_matching(weights: list[list[float]]) -> list[tuple[int, int]]:
    """Pairs (i, j) maximising the total weight (Hungarian algorithm; zero-weight pairs dropped)."""
    n_rows = len(weights)
    n_cols = len(weights[0]) if weights else 0
    n = max(n_rows, n_cols)
    if n == 0:
        return []
    top = max((w for row in weights for w in row), default=0.0)
    cost = [[top - (weights[i][j] if i < n_rows and j < n_cols else 0.0) for j in range(n)] for i in range(n)]
    inf = float("inf")
    u, v = [0.0] * (n + 1), [0.0] * (n + 1)
    match, way = [0] * (n + 1), [0] * (n + 1)
    for i in range(1, n + 1):
        match[0] = i
        j0 = 0
        minv, used = [inf] * (n + 1), [False] * (n + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = match[j0], inf, 0
            for j in range(1, n + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(n + 1):
                if used[j]:
                    u[match[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if match[j0] == 0:
                break
        while True:
            j1 = way[j0]
            match[j0] = match[j1]
            j0 = j1
            if j0 == 0:
                break
    pairs = []
    for j in range(1, n + 1):
        i = match[j] - 1
        if i < n_rows and j - 1 < n_cols and weights[i][j - 1] > 0:
            pairs.append((i, j - 1))
    return pairs


def score_document(gt_tables: list[GridTable], found: list[GridTable]) -> dict:
    """TP/FN/FP, precision, recall and F1 of one document (one ground-truth variant)."""
    counts = [[pair_counts(g, f) for f in found] for g in gt_tables]
    weights = [[_prf(*c)[2] for c in row] for row in counts]
    matched = max_weight_matching(weights) if gt_tables and found else []
    tp = fn = fp = 0
    used_gt, used_found = set(), set()
    for i, j in matched:
        t, n, p = counts[i][j]
        tp, fn, fp = tp + t, fn + n, fp + p
        used_gt.add(i)
        used_found.add(j)
    fn += sum(sum(g.relations.values()) for i, g in enumerate(gt_tables) if i not in used_gt)
    fp += sum(sum(f.relations.values()) for j, f in enumerate(found) if j not in used_found)
    p, r, f1 = _prf(tp, fn, fp)
    return {"tp": tp, "fn": fn, "fp": fp, "precision": p, "recall": r, "f1": f1}


def load_structure(path: Path, page_heights: list[float]) -> list[GridTable]:
    """Ground-truth tables of a ``-str.xml``: one GridTable per region."""
    tables = []
    for table in ET.parse(path).getroot().iter("table"):
        for region in table.iter("region"):
            page = int(region.get("page", "1"))
            cells = []
            for cell in region.iter("cell"):
                r0, c0 = int(cell.get("start-row")), int(cell.get("start-col"))
                r1 = int(cell.get("end-row", r0))
                c1 = int(cell.get("end-col", c0))
                content = cell.findtext("content") or ""
                cells.append((r0, c0, max(r0, r1), max(c0, c1), content))
            tables.append(GridTable(cells, page=page, bbox=_region_box(region, page, page_heights)))
    return tables


def load_regions(path: Path, page_heights: list[float]) -> list[tuple[int, tuple[float, float, float, float]]]:
    regions = []
    for region in ET.parse(path).getroot().iter("region"):
        page = int(region.get("page", "1"))
        box = _region_box(region, page, page_heights)
        if box is not None:
            regions.append((page, box))
    return regions


def _region_box(region, page: int, page_heights: list[float]):
    bb = region.find("bounding-box")
    if bb is None or not 0 < page <= len(page_heights):
        return None
    x1, y1, x2, y2 = (float(bb.get(k)) for k in ("x1", "y1", "x2", "y2"))
    height = page_heights[page - 1]
    return (min(x1, x2), height - max(y1, y2), max(x1, x2), height - min(y1, y2))


def detection_scores(
    gt: list[tuple[int, tuple[float, float, float, float]]], found: list[tuple[int, tuple[float, float, float, float]]]
) -> dict:
    """Area precision/recall of found table boxes against ground-truth regions, page by page.

    Areas are measured on a 1-point raster, so overlapping boxes on one side
    (a tool reporting a table twice) are not counted twice.
    """
    gt_area = found_area = common = 0
    for page in {p for p, _ in gt} | {p for p, _ in found}:
        g = _raster([b for p, b in gt if p == page])
        f = _raster([b for p, b in found if p == page])
        gt_area += len(g)
        found_area += len(f)
        common += len(g & f)
    p = common / found_area if found_area else 0.0
    r = common / gt_area if gt_area else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f1}


def _raster(boxes: list[tuple[float, float, float, float]]) -> set[tuple[int, int]]:
    """The 1-point squares the boxes cover."""
    cells: set[tuple[int, int]] = set()
    for x0, top, x1, bottom in boxes:
        for x in range(int(x0), int(x1)):
            cells.update((x, y) for y in range(int(top), int(bottom)))
    return cells
