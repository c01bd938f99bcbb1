"""A headerless table on the columns of the wider table before it, which it continues.

A page of a plan that does not repeat the header holds only the body. Its
columns come from the body's text and shading, so columns that hold no text
on that page (a month or quarter grid marked by shading, or by a bar drawn
across several months) are lost or cut elsewhere: the page's table has fewer
columns than the table whose header named them, and neither stitching nor
header inheritance can line them up. :func:`on_wider_columns` rebuilds such a
table on the column bounds of the table before it when its text fits them:
every text cell within one of those columns (or across the whole table), the
first and the last column used, so that it spans the same columns. Fills are
read again on the new cells.
"""

from __future__ import annotations

from bisect import bisect_right

from plantables.extract.model import Column, Table
from plantables.extract.pdf.grid import GridCell, assign_chars, finish
from plantables.extract.pdf.objects import BBox, Char
from plantables.extract.pdf.stitch import COLUMN_TOLERANCE, columns_match

#: text may overhang a column bound by this much (points) and still lie in the column
SLACK = 2.0
#: a cell's text starts at most this far (points) right of its left edge
CELL_PADDING = 3.0


def _chars_in(chars: list[Char], box: BBox) -> list[Char]:
    return [ch for ch in chars if ch["text"].strip() and box[0] <= (ch["x0"] + ch["x1"]) / 2 <= box[2]
            and box[1] <= (ch["top"] + ch["bottom"]) / 2 <= box[3]]


def _column(xs: list[float], x: float) -> int:
    return min(max(bisect_right(xs, x) - 1, 0), len(xs) - 2)


def _row_bounds(table: Table) -> list[float] | None:
    """Top of each row and the bottom of the last (None when a row has no box)."""
    ys = []
    for row in table.rows:
        tops = [c.bbox[1] for c in row.cells if c.bbox]
        if not tops:
            return None
        ys.append(min(tops))
    bottoms = [c.bbox[3] for r in table.rows for c in r.cells if c.bbox]
    return ys + [max(bottoms)] if bottoms and all(a < b for a, b in zip(ys, ys[1:])) else None


def _inks(table: Table, chars: list[Char]) -> dict[int, tuple[float, float]] | None:
    """x range of the ink of each text cell (by ``id``); None when a cell has no box."""
    out = {}
    for row in table.rows:
        for c in row.cells:
            if c.bbox is None:
                return None
            ink = _chars_in(chars, c.bbox) if c.text.strip() else []
            if ink:
                out[id(c)] = (min(ch["x0"] for ch in ink), max(ch["x1"] for ch in ink))
    return out


def _cleared(xs: list[float], inks: list[tuple[float, float]]) -> list[float]:
    """``xs`` with each inner bound that text crosses into a column holding no text moved to clear
    that text, by up to half that column: the wider table's bound lay in a gutter of its own rows,
    which another page's longer text (an owner's name) overhangs."""
    xs = list(xs)
    texted = {_column(xs, (x0 + x1) / 2) for x0, x1 in inks}
    for x0, x1 in inks:
        k = _column(xs, (x0 + x1) / 2)
        if k + 1 < len(xs) - 1 and x1 - SLACK > xs[k + 1] and k + 1 not in texted \
                and x1 + 0.5 < (xs[k + 1] + xs[k + 2]) / 2:
            xs[k + 1] = x1 + 0.5
        if k > 0 and x0 + SLACK < xs[k] and k - 1 not in texted and x0 - 0.5 > (xs[k - 1] + xs[k]) / 2:
            xs[k] = x0 - 0.5
    return xs


def _lines(chars: list[Char]) -> list[list[Char]]:
    """``chars`` by line (centres within about 2 points), each left to right."""
    lines: dict[int, list[Char]] = {}
    for ch in chars:
        lines.setdefault(round((ch["top"] + ch["bottom"]) / 4), []).append(ch)
    return [sorted(line, key=lambda ch: ch["x0"]) for line in lines.values()]


def _overhangs_cleared(xs: list[float], chars: list[Char]) -> list[float]:
    """``xs`` with each inner bound that lines' last words run past by at most :data:`SLACK` moved
    just right of them, where no other text starts there: the wider table's bound lay in its own
    rows' gutter, which this page's longer line (a bullet) overhangs by a letter."""
    xs = list(xs)
    lines = _lines(chars)
    for j in range(1, len(xs) - 1):
        x = xs[j]
        over = [ln for ln in lines if ln[0]["x0"] < x < ln[-1]["x1"] <= x + SLACK]
        if not over:
            continue
        new = max(ln[-1]["x1"] for ln in over) + 0.5
        ids = {id(ch) for ln in over for ch in ln}
        if new < xs[j + 1] and not any(x <= ch["x0"] < new for ch in chars if id(ch) not in ids):
            xs[j] = new
    return xs


def _inner_bounds_agree(own: list[float], xs: list[float]) -> bool:
    """Bounds between the columns line up (the outer edges may differ: a cell's text running on
    past the last column on one page)."""
    return all(abs(a - b) <= COLUMN_TOLERANCE for a, b in zip(own[1:-1], xs[1:-1]))


def _opens_with_rest(table: Table) -> bool:
    """The table's first row has no text in its first column: the rest of a row a page broke."""
    first = next((r for r in table.rows if r.cells), None)
    return first is not None and not any(c.text.strip() for c in first.cells if c.col == 0)


def parted_at(chars: list[Char], bounds: list[float]) -> bool:
    """Every line of ``chars`` that crosses one of ``bounds`` has a gap there clearly wider than
    its word spaces (1.5 times their median, and a fifth of an em), or a word space whose next word
    starts where a cell's text starts, a padding's width right of the bound: the text of two cells
    printed close, not one cell's text running over."""
    for line in _lines(chars):
        size = line[0].get("size", 10.0)
        gaps = [(b["x0"] - a["x1"], a["x1"], b["x0"]) for a, b in zip(line, line[1:])]
        spaces = sorted(g for g, _, _ in gaps if g > 0.1 * size)  # word spaces, not letter spacing
        space = spaces[(len(spaces) - 1) // 2] if spaces else 0.0
        for x in bounds:
            if line[0]["x0"] < x < line[-1]["x1"] and not any(
                    left - 0.5 <= x <= right + 0.5 and g > 0.1 * size
                    and (g > max(1.5 * space, 0.2 * size) or right - x <= CELL_PADDING)
                    for g, left, right in gaps):
                return False
    return True


def _parted_over(chars: list[Char], box: BBox | None, ink: tuple[float, float], xs: list[float]) -> bool:
    """The ink crosses inner bounds of ``xs`` and is parted at each (:func:`parted_at`)."""
    crossed = [x for x in xs[1:-1] if ink[0] + SLACK < x < ink[1] - SLACK]
    return bool(crossed) and box is not None and parted_at(_chars_in(chars, box), crossed)


def _merged_to_end(table: Table) -> set[int]:
    """The columns of ``table`` whose last cell is merged over several rows down to its last row,
    or that its last row leaves empty (an objective column printed on its group's first row only,
    with no rule to merge it)."""
    n = len(table.rows)
    merged = {c.col + k for i, row in enumerate(table.rows) for c in row.cells
              if c.row_span > 1 and i + c.row_span >= n for k in range(c.col_span)}
    last = table.rows[-1] if table.rows else None
    if last is None or last.kind != "data":
        return merged
    filled = {c.col + k for c in last.cells if c.text.strip() for k in range(c.col_span)}
    return merged | {k for k in range(len(table.columns)) if k not in filled}


def on_wider_columns(page, table: Table, wider: Table, settings) -> Table | None:
    """``table`` (headerless, fewer columns) rebuilt on ``wider``'s columns, or None when its
    text does not fit them. ``page`` is the :class:`~plantables.extract.pdf.page.PageContent`
    ``table`` was found on. A table of as many columns whose bounds stand elsewhere is rebuilt
    too: a bound lies in the gutter between two columns' text, and a few rows leave a wider
    gutter than the many rows of the table they continue (its bounds are the better found); not
    when it opens with the rest of a row the page broke (its first cell empty), which the joins
    of broken rows read on its own bounds."""
    xs, own = wider.column_bounds(), table.column_bounds()
    if (xs is None or own is None or table.bbox is None or len(table.columns) > len(wider.columns)
            or (len(table.columns) == len(wider.columns) and (
                columns_match(table, wider) or _inner_bounds_agree(own, xs) or _opens_with_rest(table)))
            or any(r.kind == "header" for r in table.rows)):
        return None
    ys = _row_bounds(table)
    chars = _chars_in(page.chars, table.bbox)
    inks = _inks(table, chars)
    if ys is None or inks is None:
        return None
    n_cols, n_own = len(xs) - 1, len(own) - 1
    xs = _overhangs_cleared([min(xs[0], table.bbox[0])] + xs[1:-1] + [max(xs[-1], table.bbox[2])], chars)
    # (two cells' text run together, parted at a bound, does not move it)
    xs = _cleared(xs, [ink for row in table.rows for c in row.cells if c.col_span == 1 and (ink := inks.get(id(c)))
                       and not _parted_over(chars, c.bbox, ink, xs)])
    slots: dict[tuple[int, int], GridCell] = {}
    used: set[int] = set()
    covered: set[int] = set()  # columns under the table's cells, empty ones included
    parted = False  # a cell was two cells' text run together (then empty edge columns still count)

    def place(cell: GridCell) -> bool:
        for r in range(cell.row, cell.row + cell.row_span):
            for k in range(cell.col, cell.col + cell.col_span):
                if (r, k) in slots:
                    return False
                slots[r, k] = cell
        return True

    for i, row in enumerate(table.rows):
        for c in row.cells:
            assert c.bbox is not None  # _inks checked
            span = c.row_span
            if c.col_span == n_own and n_own > 1:  # a title across the table stays across it
                if not place(GridCell(row=i, col=0, row_span=span, col_span=n_cols,
                                      bbox=(xs[0], c.bbox[1], xs[-1], c.bbox[3]), text=c.text)):
                    return None
                continue
            inside = {k for k in range(n_cols) if c.bbox[0] <= (xs[k] + xs[k + 1]) / 2 < c.bbox[2]}
            covered.update(inside)
            a, b = -1, -1
            if (ink := inks.get(id(c))) is not None:
                a, b = _column(xs, ink[0] + SLACK), _column(xs, ink[1] - SLACK)
                used.update((a, b))  # a cell spanning columns here (a title) may span several there
                if a != b and c.col_span == 1:
                    # text across a bound of the wider table: not on these columns, unless it is two
                    # cells' text run together a word space apart, parted at the bound (its chars
                    # then go to one cell per column)
                    if not parted_at(_chars_in(chars, c.bbox), xs[a + 1 : b + 1]):
                        return None
                    parted = True
                    a, b = -1, -1  # its columns are placed below with the empty ones
                elif not place(GridCell(row=i, col=a, row_span=span, col_span=b - a + 1,
                                        bbox=(xs[a], c.bbox[1], xs[b + 1], c.bbox[3]), text=c.text)):
                    return None
            for k in sorted(inside - set(range(a, b + 1))):
                if not place(GridCell(row=i, col=k, row_span=span, bbox=(xs[k], c.bbox[1], xs[k + 1], c.bbox[3]))):
                    return None
    # a column merged down to the wider table's end (an objective spanning its actions' rows) goes
    # on empty at the top of the page: the piece need not reach it
    # (or its cells, empty ones included, cover the wider table's width edge to edge: a month
    # grid's last months, unmarked on this page, in one empty cell with the marked ones)
    same_width = abs(table.bbox[0] - xs[0]) <= COLUMN_TOLERANCE and abs(table.bbox[2] - xs[-1]) <= COLUMN_TOLERANCE
    if not ({0, n_cols - 1} <= used | _merged_to_end(wider)
            or (used and {0, n_cols - 1} <= covered and (parted or (0 in used and same_width)))):
        return None  # not spanning the wider table's columns: another table
    cells = list({id(c): c for c in slots.values()}.values())
    for r in range(len(ys) - 1):
        for k in range(n_cols):
            if (r, k) not in slots:
                cells.append(GridCell(row=r, col=k, bbox=(xs[k], ys[r], xs[k + 1], ys[r + 1])))
    cells.sort(key=lambda c: (c.row, c.col))
    assign_chars(cells, chars, xs, ys)
    rebuilt = finish(cells, page, xs, settings)
    # no header on this page: the rows are what the engine read them as, the columns unlabelled
    for row, old in zip(rebuilt.rows, table.rows):
        row.kind = old.kind
        for c in row.cells:
            c.header = False
    rebuilt.columns = [Column(c.index, "", None, c.bbox) for c in rebuilt.columns]
    return rebuilt
