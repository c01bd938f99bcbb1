"""Header cells take the extent their meaning has, not only the extent of their ink.

A group label ("2005" over Number / Margin of error / Percent / Margin of
error) is printed narrower than the columns it heads; a stub label
("Category") sits on the lowest header line with nothing above it. Both
are one cell over the columns or header rows they head.
"""

from __future__ import annotations

from plantables.extract.pdf.grid import GridCell

#: a label and the sub-label under it line up when their ink starts (or ends) this close, in points
ALIGN_TOLERANCE = 1.0


def _centre(cell: GridCell) -> float:
    return (cell.bbox[0] + cell.bbox[2]) / 2


def _ink(cell: GridCell) -> tuple[float, float] | None:
    xs = [(ch["x0"], ch["x1"]) for ch in cell.chars if ch["text"].strip()]
    return (min(a for a, _ in xs), max(b for _, b in xs)) if xs else None


def _lines_up(label: GridCell, owner: dict, r: int, n_header: int, side: int) -> bool:
    """The label's ink starts (``side`` 0; ends: 1) where a sub-label's under its first (last) column does."""
    ink = _ink(label)
    if ink is None:
        return False
    k = label.col + (label.col_span - 1 if side else 0)
    below = {id(c): c for (rr, kk), c in owner.items() if r < rr < n_header and kk == k and c is not label
             and (c.col + c.col_span - 1 if side else c.col) == k}.values()
    return any((i := _ink(c)) is not None and abs(i[side] - ink[side]) <= ALIGN_TOLERANCE for c in below)


def _aligned_labels(labels: list[GridCell], owner: dict, r: int, n_header: int, headed: set[int]) -> str | None:
    """``"left"`` when every group label's (a label with sub-labels under it: ``headed``) ink starts
    where the ink of a sub-label under its first column starts (a spreadsheet's merged cell keeps its
    text left-aligned: ``2024/25`` over Q1 Q2 Q3 Q4 starts with Q1), ``"right"`` when every label
    ends with the sub-label under its last column; else None (centred, or no evidence). Needs two
    labels or more: one could line up by chance."""
    labels = [c for c in labels if any(k in headed for k in range(c.col, c.col + c.col_span))]
    if len(labels) < 2:
        return None
    if all(_lines_up(label, owner, r, n_header, 0) for label in labels):
        return "left"
    if all(_lines_up(label, owner, r, n_header, 1) for label in labels):
        return "right"
    return None


def widen_group_labels(owner: dict, cells: list[GridCell], n_header: int, xs: list[float], key: int,
                       walls: dict[int, set[int]] | None = None) -> None:
    """Stretch the labels of each upper header row over the sub-headed columns around them.

    The first label reaches left and the last label right over every headed
    column; between two labels the columns are split at a rule drawn down
    through the label row (``walls``: row → indices k of the bounds ``xs[k]``
    a rule crosses there), else where both labels end up best centred over
    their columns (a group label is centred on its group).
    """
    for r in range(n_header - 1):
        # a label reaching down to the rows below heads its own column, not a group
        labels = sorted({id(c): c for (rr, _), c in owner.items() if rr == r and c.text and c.row + c.row_span <= r + 1
                         }.values(), key=lambda c: c.col)
        if not labels:
            continue
        headed = {col for (rr, col), c in owner.items() if r < rr < n_header and c.text} - {key}
        aligned = _aligned_labels(labels, owner, r, n_header, headed)
        spans = [[c.col, c.col + c.col_span - 1] for c in labels]
        first, last = spans[0], spans[-1]
        while first[0] - 1 in headed and (r, first[0] - 1) not in owner:
            first[0] -= 1
        while last[1] + 1 in headed and (r, last[1] + 1) not in owner:
            last[1] += 1
        for a, b, la, lb in zip(spans, spans[1:], labels, labels[1:]):
            free = [k for k in range(a[1] + 1, b[0]) if (r, k) not in owner]
            if len(free) != b[0] - a[1] - 1 or not all(k in headed for k in free):
                # something else stands between them: an aligned label still heads the sub-labelled
                # columns on its open side, up to it
                while aligned == "left" and a[1] + 1 in free and a[1] + 1 in headed:
                    a[1] += 1
                while aligned == "right" and b[0] - 1 in free and b[0] - 1 in headed:
                    b[0] -= 1
                continue
            if not any(k in headed for k in range(b[0], b[1] + 1)):
                a[1] = b[0] - 1  # the right label heads nothing below: a stub, the group (often left-aligned) reaches it
                continue
            if not any(k in headed for k in range(a[0], a[1] + 1)):
                b[0] = a[1] + 1
                continue
            drawn = [k - 1 for k in (walls or {}).get(r, set()) if a[1] < k <= b[0]]
            if len(drawn) != 1 and aligned:
                drawn = [b[0] - 1 if aligned == "left" else a[1]]
            best = drawn[0] if len(drawn) == 1 else min(
                range(a[1], b[0]),
                key=lambda k: abs(_centre(la) - (xs[a[0]] + xs[k + 1]) / 2) + abs(_centre(lb) - (xs[k + 1] + xs[b[1] + 1]) / 2),
            )
            a[1], b[0] = best, best + 1
        for label, (lo, hi) in zip(labels, spans):
            for k in range(lo, hi + 1):
                owner[(r, k)] = label
            label.col, label.col_span = lo, hi - lo + 1
            label.bbox = (xs[lo], label.bbox[1], xs[hi + 1], label.bbox[3])


def raise_lone_labels(owner: dict, cells: list[GridCell], n_header: int) -> None:
    """A header cell with free slots above it (up to the header's top) spans those rows."""
    for cell in sorted({id(c): c for (r, _), c in owner.items() if 0 < r < n_header}.values(), key=lambda c: -c.row):
        if not cell.text:
            continue
        cols = range(cell.col, cell.col + cell.col_span)
        top = cell.row
        while top > 0 and all((top - 1, k) not in owner for k in cols):
            top -= 1
        if top == cell.row:
            continue
        for r in range(top, cell.row):
            for k in cols:
                owner[(r, k)] = cell
        cell.row_span += cell.row - top
        cell.row = top
