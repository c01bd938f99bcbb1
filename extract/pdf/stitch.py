"""Continue tables across page breaks.

A table that ends near the bottom of one page continues as the first table on
the next page when their columns line up. The continuation's repeated header
(matched fuzzily: it may wrap differently) is dropped; a row broken by the
page break (its key cells empty on the new page, or its first key, the ref,
empty or going on in lower case) is joined to the row above;
a merged cell running into the break absorbs its continuation, so its text
parts join in order and its ``row_span`` grows. Row numbers keep counting.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from plantables.extract.model import Cell, Column, Row, Run, Table

#: column boundaries of two pages match within this many points ...
COLUMN_TOLERANCE = 8.0
#: ... or within this fraction of the table width
COLUMN_TOLERANCE_FRACTION = 0.03
#: headers match when rapidfuzz's ratio of their normalised text reaches this
HEADER_MATCH = 85.0
#: a column is a key column when this share of data rows fill it
KEY_COLUMN_SHARE = 0.9

_SPACE = re.compile(r"\s+")


def stitch_pages(tables: list[Table]) -> list[Table]:
    """Join each table continuing on the next page into its predecessor (inputs are not modified)."""
    out: list[Table] = []
    for table in sorted(tables, key=_position):
        prev = out[-1] if out else None
        if prev is not None and _continues(prev, table, tables):
            _append(prev, copy_table(table))
        elif prev is not None and _continues(prev, table, tables, fewer_columns=True):
            _append(prev, on_columns_of(prev, copy_table(table)))
        else:
            out.append(copy_table(table))
    return out


#: at most this many rows in a continuation whose columns are not the table's own (a row's rest)
MAX_REST_ROWS = 2


def _placed_columns(a: Table, b: Table) -> list[int] | None:
    """Per cell of ``b`` (row by row), the column of ``a`` its centre lies in; None unless ``b`` is a
    row or two with no header, inside ``a``'s width, one cell per column in each row: the rest of
    ``a``'s last row, whose empty cells drew no rules (the engine found other columns for it)."""
    bounds = a.column_bounds()
    if bounds is None or not b.rows or len(b.rows) > MAX_REST_ROWS or any(r.kind == "header" for r in b.rows):
        return None
    if b.bbox is None or b.bbox[0] < bounds[0] - COLUMN_TOLERANCE or b.bbox[2] > bounds[-1] + COLUMN_TOLERANCE:
        return None
    placed = []
    for row in b.rows:
        taken: set[int] = set()
        for c in row.cells:
            if c.bbox is None:
                return None
            x = (c.bbox[0] + c.bbox[2]) / 2
            k = next((i for i in range(len(bounds) - 1) if bounds[i] <= x < bounds[i + 1]), None)
            if k is None or (k in taken and c.text.strip()):
                return None
            taken.add(k)
            placed.append(k)
    return placed


def on_columns_of(a: Table, b: Table) -> Table:
    """``b`` (a copy) with its cells placed on ``a``'s columns (:func:`_placed_columns` holds)."""
    placed = iter(_placed_columns(a, b) or [])
    for row in b.rows:
        cells = {}
        for c in row.cells:
            c.col, c.col_span = next(placed), 1
            if c.col not in cells or c.text.strip():
                cells[c.col] = c
        row.cells = sorted(cells.values(), key=lambda c: c.col)
    b.columns = [Column(c.index, c.label, c.group, c.bbox) for c in a.columns]
    return b


def copy_table(t: Table) -> Table:
    """A copy sharing nothing mutable with ``t`` (what deepcopy gives, several times faster).

    The model's only mutable parts are its lists and dataclasses; boxes are tuples.
    """
    return Table(
        columns=[Column(c.index, c.label, c.group, c.bbox) for c in t.columns],
        rows=[Row([Cell(c.col, c.text, c.row_span, c.col_span, c.page, c.bbox, c.fill, c.header, c.bold, c.italic,
                        c.runs, c.confidence) for c in r.cells],
                  r.page, r.kind, r.line) for r in t.rows],
        pages=list(t.pages),
        bbox=t.bbox,
    )


def _position(table: Table) -> tuple[int, float, float]:
    page = table.pages[0] if table.pages else 0
    top = table.bbox[1] if table.bbox else 0.0
    left = table.bbox[0] if table.bbox else 0.0
    return page, top, left


def _continues(prev: Table, table: Table, all_tables: list[Table], *, fewer_columns: bool = False) -> bool:
    """``table`` opens the page after ``prev``'s last and continues it: the same columns, or
    (``fewer_columns``) a row or two whose cells fall in them."""
    if not prev.pages or not table.pages or table.pages[0] != prev.pages[-1] + 1:
        return False
    page = table.pages[0]
    # only the first table of the new page can continue the last one of the old page
    first_on_page = min((t for t in all_tables if t.pages and t.pages[0] == page), key=_position)
    if first_on_page is not table:
        return False
    last_page = prev.pages[-1]
    later_on_old_page = [
        t for t in all_tables if t.pages and t.pages[0] == last_page and _position(t) > _last_position(prev)
    ]
    if later_on_old_page:
        return False
    return _placed_columns(prev, table) is not None if fewer_columns else columns_match(prev, table)


def _last_position(table: Table) -> tuple[int, float, float]:
    last = next((r for r in reversed(table.rows) if r.cells), None)
    if last is None:
        return _position(table)
    # left = inf: a table beginning level with the last row (itself, when it has one row) is not below it
    top = max(c.bbox[1] for c in last.cells if c.bbox) if any(c.bbox for c in last.cells) else 0.0
    return table.pages[-1], top, float("inf")


def columns_match(a: Table, b: Table) -> bool:
    """Same number of columns, and their boundaries line up (absolutely or relative to the width)."""
    if len(a.columns) != len(b.columns) or not a.columns:
        return False
    ba, bb = a.column_bounds(), b.column_bounds()
    if ba is None or bb is None:
        return True  # no geometry (text sources): the column count has to do
    if all(abs(x - y) <= COLUMN_TOLERANCE for x, y in zip(ba, bb)):
        return True
    wa, wb = ba[-1] - ba[0], bb[-1] - bb[0]
    if wa <= 0 or wb <= 0:
        return False
    rel_a = [(x - ba[0]) / wa for x in ba]
    rel_b = [(x - bb[0]) / wb for x in bb]
    return all(abs(x - y) <= COLUMN_TOLERANCE_FRACTION for x, y in zip(rel_a, rel_b))


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip().lower()


def _rows_text(rows: list[Row], n_cols: int) -> list[str]:
    """Per column, the text of some rows joined by spaces (a wrapped header reads the same)."""
    cols = [""] * n_cols
    for row in rows:
        for c in row.cells:
            if c.col < n_cols:
                cols[c.col] = f"{cols[c.col]} {c.text}"
    return [_norm(t) for t in cols]


def header_rows(table: Table) -> int:
    """How many leading rows are header rows."""
    n = 0
    for row in table.rows:
        if row.cells and all(c.header for c in row.cells):
            n += 1
        elif not row.cells and n:
            n += 1  # a row covered by a spanning header cell
        else:
            break
    return n


def repeated_header(prev: Table, table: Table) -> int:
    """How many leading rows of ``table`` repeat the head of ``prev`` (0 if none).

    ``prev``'s first one to three rows (header rows when flagged) are compared
    with ``table``'s first rows, all text per column joined by spaces, so a
    header that wraps differently on the new page still matches.
    """
    n_cols = len(prev.columns)
    flagged = header_rows(prev)
    # with no styled header the repetition itself is the evidence: up to three leading rows
    # (a group label over month cells) are tried
    k_prev = min(3, flagged or 3)
    best, best_j, best_k = 0.0, 0, 0
    for j in range(1, min(k_prev, len(prev.rows)) + 1):
        target = " | ".join(_rows_text(prev.rows[:j], n_cols))
        if not target.replace("|", "").strip():
            continue
        for k in range(1, min(len(table.rows), j + 1) + 1):
            score = fuzz.ratio(target, " | ".join(_rows_text(table.rows[:k], n_cols)))
            if score >= best:  # on a tie the longer header wins (a group label over month columns)
                best, best_j, best_k = score, j, k
    if best < HEADER_MATCH:
        return 0
    if flagged == 0:
        # leading rows repeated on the next page are a header even if not styled as one
        for row in prev.rows[:best_j]:
            for c in row.cells:
                c.header = True
            row.kind = "header"
    return best_k


def _data_rows(table: Table) -> list[tuple[int, Row]]:
    return [(i, r) for i, r in enumerate(table.rows) if r.cells and r.kind == "data"]


def column_roles(table: Table) -> tuple[set[int], set[int]]:
    """(group columns, per-row key columns) of a table.

    A group column holds merged cells spanning several rows somewhere (an
    objective over its steps); a per-row key column is any other column
    filled in nearly every data row (the step, the ref). A new row always
    fills its per-row keys; the rest of a row broken by a page break does not.
    """
    data = _data_rows(table)
    group = {c.col for _, r in data for c in r.cells if c.row_span > 1}
    counts: dict[int, int] = {}
    for _, row in data:
        for c in row.cells:
            if c.text.strip() and c.col not in group:
                counts[c.col] = counts.get(c.col, 0) + 1
    keys = {col for col, n in counts.items() if len(data) >= 2 and n >= KEY_COLUMN_SHARE * len(data)}
    return group, keys


def _covering(rows: list[Row], col: int) -> tuple[int, Cell] | None:
    """The cell of column ``col`` that covers the last row, and its row index."""
    last = len(rows) - 1
    for i in range(last, -1, -1):
        for c in rows[i].cells:
            if c.col <= col < c.col + c.col_span:
                return (i, c) if i + c.row_span - 1 >= last else None
    return None


def _join_cell(above: Cell, below: Cell) -> None:
    """``below``'s text (and its style) appended to ``above``'s, as :func:`_join` does."""
    if not below.text:
        return
    if not above.text:
        above.text, above.bold, above.italic, above.runs = below.text, below.bold, below.italic, below.runs
        return
    if above.runs or below.runs or above.bold != below.bold:
        def runs(c: Cell) -> tuple[Run, ...]:
            return c.runs or (Run(c.text, bold=c.bold, italic=c.italic),)
        above.runs = runs(above) + (Run("\n"),) + runs(below)
    above.bold = above.bold and below.bold
    above.italic = above.italic and below.italic
    above.text = _join(above.text, below.text)


def _join(a: str, b: str) -> str:
    if not a:
        return b
    if not b:
        return a
    return f"{a}\n{b}"


def _append(merged: Table, table: Table) -> None:
    """Append ``table``'s rows to ``merged`` (both are private copies)."""
    rows = table.rows[repeated_header(merged, table) :]
    while rows and not rows[0].cells:
        rows.pop(0)  # placeholders of a dropped spanning header
    if rows and len(merged.rows) > 1:
        # (a table of one row at a page foot is a header printed alone: nothing there to break)
        # the roles are learnt from the rows above and the new page's following rows (a table
        # that starts at the foot of a page has too few rows there to tell)
        others = Table(merged.columns, merged.rows + rows[1:])
        group, keys = column_roles(others)
        if _is_broken_row(merged, rows[0], others, keys):
            _join_broken_row(merged.rows, rows.pop(0))
        else:
            _carry_merged_cells(merged, rows[0], group)
    merged.rows.extend(rows)
    merged.pages.extend(p for p in table.pages if p not in merged.pages)


def _is_broken_row(table: Table, first: Row, others: Table, keys: set[int]) -> bool:
    """The new page starts with the rest of the old page's last row.

    True when the row has text but none in the per-row key columns ``keys``
    (a new row would fill them); without such columns, when its first column
    is empty under a single-row cell. ``others`` are the table's rows above
    and the new page's rows after ``first``.
    """
    filled = {c.col for c in first.cells if c.text.strip()}
    if not filled or first.kind == "heading" or _one_cell_across(first, len(table.columns)):
        return False  # a row across the table (a heading, however the page styled it) is no row's rest
    if keys:
        # a new row fills its key columns; a broken row's rest leaves most of them empty, or
        # leaves one empty and only carries on the texts above it (``each month``, ``them``)
        carried = all(_continues_text(c.text) for c in first.cells)
        if len(keys - filled) > len(keys) / 2 or (carried and bool(keys - filled)):
            return True
        return _anchor_runs_on(others, first, min(keys))
    hit = _covering(table.rows, 0)
    return 0 not in filled and hit is not None and hit[1].row_span == 1


def _one_cell_across(row: Row, n_cols: int) -> bool:
    cells = [c for c in row.cells if c.text.strip() or c.col_span > 1]
    return n_cols >= 3 and len(cells) == 1 and cells[0].col_span >= n_cols - 1


def _anchor_runs_on(table: Table, first: Row, anchor: int) -> bool:
    """The first key column (the ref) says the row goes on: it is empty where every other row
    fills it, or it goes on in lower case where every other row's starts otherwise."""
    texts = [(cell.text.strip() if (cell := r.cell(anchor)) is not None else "") for _, r in _data_rows(table)]
    if not texts or not all(texts) or any(t[0].islower() for t in texts):
        return False
    cell = first.cell(anchor)
    text = cell.text.strip() if cell is not None else ""
    return not text or text[0].islower()


def _join_broken_row(rows: list[Row], first: Row) -> None:
    last = rows[-1]
    for c in first.cells:
        hit = _covering(rows, c.col)
        if hit is not None and hit[1].col == c.col and hit[1].col_span == c.col_span:
            above = hit[1]
            _join_cell(above, c)
            above.row_span += c.row_span - 1
        elif c.text.strip() and last.cell(c.col) is None:
            last.cells.append(c)  # nothing above to join: the part belongs to the last row
            last.cells.sort(key=lambda x: x.col)


def _continues_text(below: str) -> bool:
    """``below`` reads as the rest of a cell above: empty, or starting in lower case or with , ; )."""
    below = below.strip()
    return not below or below[0].islower() or below[0] in ",;)"


def _shade(cell: Cell) -> str | None:
    fill = (cell.fill or "").upper()
    return None if fill in ("", "#FFFFFF", "#FEFEFE") else fill


def _carry_merged_cells(table: Table, first: Row, group: set[int]) -> None:
    """A new row starts the page: merged cells running into the break continue in it.

    Such a cell on the new page is empty or holds the rest of the text; it
    joins the cell above, whose ``row_span`` grows over the new rows.
    ``group`` are the table's group columns (:func:`column_roles`).
    """
    # The merged cells of one group (an action's ref, title, lead, status over its steps) start
    # or run on together, as their first one does: a new ref there opens a new group, whose
    # empty cells are its own; an empty first cell runs the group on, a capitalised rest
    # (``Support`` of ``… Family | Support``) included.
    merged = sorted((c for c in first.cells if c.col in group and c.row_span > 1), key=lambda c: c.col)
    lead = merged[0] if merged else None
    for c in list(first.cells):
        hit = _covering(table.rows, c.col)
        if hit is None:
            continue
        above = hit[1]
        if above.col != c.col or above.col_span != c.col_span or _shade(above) != _shade(c):
            continue  # (a cell carried over a page keeps its shading: a coloured one is a cell of its own)
        spanning = above.row_span > 1 or c.col in group
        if lead is not None and c.row_span == lead.row_span and c.row_span > 1:
            runs_on = _continues_text(lead.text)
        else:
            runs_on = (spanning and _continues_text(c.text)) or (not c.text.strip() and c.row_span > 1)
        if runs_on:
            _join_cell(above, c)
            above.row_span += c.row_span
            first.cells.remove(c)
