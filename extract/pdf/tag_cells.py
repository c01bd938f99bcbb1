"""The cells of a tag table (:mod:`.tags`) on the page: each cell's text from the chars carrying
its MCIDs, its box from the ruled cell holding them or from the chars, rows a browser tagged
short (no empty cells) placed by where their text stands."""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from plantables.extract.pdf.objects import Char
from plantables.extract.pdf.tags import TagTable

if TYPE_CHECKING:
    from plantables.extract.pdf.grid import GridCell


def tag_table_cells(table: TagTable, chars: list[Char], ruled: list, columns: list[float] | None = None,
                    on_columns: bool = False) -> tuple[list, list[float]] | None:
    """Grid cells of a tag table, their text from the chars carrying each cell's MCIDs.

    Checked against the geometry: when most cells find no chars the tags do
    not describe this page's content and the caller falls back to geometry.
    A row whose cells fill fewer slots than the table has columns lost its
    empty cells (a browser tags no cell without text): the tags no longer say
    which column its cells stand in, so they are placed by their text under
    the columns of the full rows (:func:`_respaced`).
    A cell's box is the ruled cell holding its chars when the table is ruled,
    else the box of its chars; an empty cell takes its row's and column's extent.
    ``columns``: the column bounds of the table the page may continue (the last one of the page
    before), for a page whose rows alone do not say where their columns are; with ``on_columns``
    every row is placed on them (the caller found the page's rules disagree with the tags).
    """
    from plantables.extract.pdf.grid import GridCell

    by_mcid: dict[int, list[Char]] = {}
    for ch in chars:
        if (mcid := ch.get("mcid")) is not None:
            by_mcid.setdefault(mcid, []).append(ch)
    cells = []
    for tc in table.cells:
        own = [ch for m in sorted(tc.mcids - tc.shared) for ch in by_mcid.get(m, [])]
        cells.append(GridCell(row=tc.row, col=tc.col, bbox=(0, 0, 0, 0), row_span=tc.row_span,
                              col_span=tc.col_span, header=tc.header, chars=own))
    _add_shared(table, cells, by_mcid)
    found = sum(bool(c.chars) for c in cells)
    if not cells or found < max(1, len(cells) // 2):
        return None
    for cell in cells:
        if cell.chars:
            box = _union(cell.chars)
            holder = _holder(box, ruled)
            cell.bbox = holder if holder is not None else box
    xs: list[float] | None = None
    # a short row (a row the page before began: its cells there are not in this page's tags)
    # holding a cell merged down placed that cell, and every row under it, in the wrong columns;
    # a cell whose content is a drawing (a browser's Gantt bar) with no row of text in every column
    # (a header) on this page: the browser left out the empty cells around the drawing, so the tags
    # no longer say which columns it and the cells after it stand in. Only the columns of the table
    # this page continues (``columns``) can place them
    merged_short = any(c.row in table.short_rows and c.row_span > 1 for c in table.cells)
    drawn = columns is not None and any(tc.mcids and not c.chars for tc, c in zip(table.cells, cells)) \
        and not _text_in_every_slot(table, cells)
    if (on_columns or merged_short or drawn) and columns is not None and len(columns) >= 3 \
            and _within(cells, columns):
        xs = list(columns)
        respaced = _respaced(table, cells, xs)
        if respaced is None:
            return None
        cells = respaced
    elif on_columns or merged_short:
        return None
    elif table.short_rows:
        respaced = _respaced(table, cells)
        if respaced is None:
            return None
        cells = respaced
    if not _reads_in_order(cells):
        return None
    if xs is None:
        xs = _bands(cells, table.n_cols, lambda c: c.col, lambda c: c.col_span, 0, 2)
    ys = _bands(cells, table.n_rows, lambda c: c.row, lambda c: c.row_span, 1, 3)
    for cell in cells:
        if not cell.chars:
            cell.bbox = (xs[cell.col], ys[cell.row], xs[cell.col + cell.col_span], ys[cell.row + cell.row_span])
    return cells, xs


def _text_in_every_slot(table: TagTable, cells: list[GridCell]) -> bool:
    """Some row of the table fills every column with cells holding text (a header row; a title
    across the table, one cell, names no columns)."""
    rows: dict[int, list[GridCell]] = {}
    for c in cells:
        rows.setdefault(c.row, []).append(c)
    return any(r not in table.short_rows and len(row) >= 2 and all(c.chars for c in row) for r, row in rows.items())


def _within(cells: list[GridCell], columns: list[float]) -> bool:
    """The text of ``cells`` lies across the width of ``columns`` (a column's padding aside; a lone
    header's last bound is where its last label ends, its cells' text may run further)."""
    boxes = [_union(c.chars) for c in cells if c.chars]
    pad = 0.03 * (columns[-1] - columns[0])
    return bool(boxes) and min(b[0] for b in boxes) >= columns[0] - pad and max(b[0] for b in boxes) < columns[-1]


def _respaced(table: TagTable, cells: list[GridCell], columns: list[float] | None = None) -> list[GridCell] | None:
    """The cells of the table's short rows placed by their text: each in the column of the full
    rows (a header names every column) its text's centre falls in; a cell with no text (a fill
    the tags name, a Gantt bar merged over months) is left out, and every slot of the row left
    empty is an empty cell, whose shading the page's rects give. None when the full rows leave a
    column without text or two cells of a row fall in one column: there is nothing to place by
    (the caller reads the page's geometry instead). Given ``columns`` (bounds), every row is
    placed by its text under those."""
    from plantables.extract.pdf.grid import GridCell

    if columns is not None:
        full, xs, n_cols, short = [], columns, len(columns) - 1, sorted({c.row for c in cells})
    else:
        full = [c for c in cells if c.row not in table.short_rows]
        xs = _evened(_bands(full, table.n_cols, lambda c: c.col, lambda c: c.col_span, 0, 2))
        n_cols, short = table.n_cols, sorted(table.short_rows)
        if not full or any(b <= a for a, b in zip(xs, xs[1:])):
            return None
    out = list(full)
    across = {tc.row for tc in table.cells if tc.col_span == table.n_cols > 1}
    for r in short:
        own = [c for c in cells if c.row == r and c.chars]
        if not own and columns is None:  # a row of another page (its text is there): nothing to place, left as tagged
            out += [c for c in cells if c.row == r]
            continue
        if columns is not None and r in across and len(own) == 1:
            own[0].col, own[0].col_span = 0, n_cols  # a title row across the table stays across it
            out += own
            continue
        cols = [min(max(bisect_right(xs, (box[0] + box[2]) / 2) - 1, 0), n_cols - 1)
                for box in (_union(c.chars) for c in own)]
        taken = {k for c in out if c.row < r < c.row + c.row_span for k in range(c.col, c.col + c.col_span)}
        if len(set(cols)) < len(cols) or taken & set(cols):
            return None
        for c, k in zip(own, cols):
            c.col, c.col_span = k, 1
        out += own + [GridCell(row=r, col=k, bbox=(0, 0, 0, 0)) for k in range(n_cols)
                      if k not in taken and k not in cols]
    return out


def _evened(xs: list[float]) -> list[float]:
    """Column bounds no cell fixed (inside a label spanning columns: ``2024/25`` over its quarters,
    carried forward by :func:`_bands`) spread evenly between the known bounds around them: the
    columns a group label heads are printed alike."""
    out = list(xs)
    i = 0
    while i < len(out) - 1:
        j = i + 1
        while j < len(out) - 1 and out[j] == out[i]:
            j += 1
        if j > i + 1 and out[j] > out[i]:
            step = (out[j] - out[i]) / (j - i)
            for k in range(i + 1, j):
                out[k] = out[i] + step * (k - i)
        i = j
    return out


def _add_shared(table: TagTable, cells: list[GridCell], by_mcid: dict[int, list[Char]]) -> None:
    """Give a cell the chars of its shared MCIDs that lie in its column, between its neighbouring rows."""
    if not any(tc.shared for tc in table.cells):
        return
    cols: dict[int, tuple[float, float]] = {}
    rows: dict[int, tuple[float, float]] = {}
    for c in cells:
        if not c.chars:
            continue
        x0, top, x1, bottom = _union(c.chars)
        if c.col_span == 1:
            a, b = cols.get(c.col, (x0, x1))
            cols[c.col] = (min(a, x0), max(b, x1))
        if c.row_span == 1:
            a, b = rows.get(c.row, (top, bottom))
            rows[c.row] = (min(a, top), max(b, bottom))
    if not rows:  # every cell with text spans rows: the table's own text bounds it
        spans = [_union(c.chars) for c in cells if c.chars]
        if not spans:
            return
        rows[-1] = (min(s[1] for s in spans), max(s[3] for s in spans))
    top_of_table = min(t for t, _ in rows.values())
    foot_of_table = max(b for _, b in rows.values())
    for tc, cell in zip(table.cells, cells):
        if not tc.shared or tc.col not in cols:
            continue
        lo, hi = cols[tc.col]
        # never beyond the table's own text by more than a line or so (a footer below it)
        above = max((b for r, (_, b) in rows.items() if 0 <= r < tc.row), default=top_of_table - 15)
        below = min((t for r, (t, _) in rows.items() if r >= tc.row + tc.row_span), default=foot_of_table + 15)
        for m in sorted(tc.shared):
            for ch in by_mcid.get(m, []):
                x = (ch["x0"] + ch["x1"]) / 2
                y = (ch["top"] + ch["bottom"]) / 2
                if lo - 5 <= x <= hi + 5 and above <= y <= below:
                    cell.chars.append(ch)


def _reads_in_order(cells) -> bool:
    """Tags and geometry agree: columns run left to right and rows top to bottom.

    Some producers tag cells in drawing order rather than reading order; such
    tags would scramble the table, so they are not trusted.
    """
    centres = {}
    for c in cells:
        if c.chars:
            box = _union(c.chars)
            centres[(c.row, c.col)] = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2, box)
    pairs = bad = 0
    for line_of, axis in ((lambda k: (k[0], k[1]), 0), (lambda k: (k[1], k[0]), 1)):
        lines: dict[int, list[tuple[int, tuple]]] = {}
        for key, value in centres.items():
            major, minor = line_of(key)
            lines.setdefault(major, []).append((minor, value))
        for members in lines.values():
            members.sort(key=lambda m: m[0])
            for (_, a), (_, b) in zip(members, members[1:]):
                # the next cell along a row (column) must not start before this one
                pairs += 1
                bad += b[axis] <= a[2][axis]
    return bad <= 0.01 * pairs


def _union(objs: list[Char]) -> tuple[float, float, float, float]:
    return (min(o["x0"] for o in objs), min(o["top"] for o in objs),
            max(o["x1"] for o in objs), max(o["bottom"] for o in objs))


def _holder(box, ruled: list):
    """The ruled cell containing the centre of ``box``, if any."""
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    for cell in ruled:
        x0, top, x1, bottom = cell.bbox
        if x0 <= x <= x1 and top <= y <= bottom:
            return cell.bbox
    return None


def _bands(cells, n: int, start, span, lo: int, hi: int) -> list[float]:
    """``n + 1`` boundaries of rows or columns from the boxes of the cells placed in them.

    A boundary is where the band after it begins (its cells' text starts a
    cell's padding after the rule or gutter), else where the band before it ends.
    """
    firsts: list[float | None] = [None] * (n + 1)
    lasts: list[float | None] = [None] * (n + 1)
    for c in cells:
        if not c.chars:
            continue
        a, b = start(c), start(c) + span(c)
        first, last = firsts[a], lasts[b]
        firsts[a] = c.bbox[lo] if first is None else min(first, c.bbox[lo])
        lasts[b] = c.bbox[hi] if last is None else max(last, c.bbox[hi])
    bounds = [f if f is not None and k < n else lasts[k] for k, f in enumerate(firsts)]
    known = [v for v in bounds if v is not None] or [0.0]
    # fill gaps by carrying the previous boundary forward (an all-empty band is thin)
    prev = min(known)
    filled: list[float] = []
    for v in bounds:
        prev = v if v is not None else prev
        filled.append(prev)
    return [float(v) for v in filled]
