"""A row or a merged cell a page break cut in two, joined again.

:func:`~plantables.extract.pdf.stitch.stitch_pages` appends a continuation's rows to the
table it continues; the first of them may be the rest of the old page's last row (its key
cells empty, or its ref going on in lower case), or start a new row while merged cells of
the old page run on into it. The column roles the decision rests on are learnt from the
table's own rows.
"""

from __future__ import annotations

from plantables.extract.model import Cell, Row, Run, Table

#: a column is a key column when this share of data rows fill it
KEY_COLUMN_SHARE = 0.9


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


def is_broken_row(table: Table, first: Row, others: Table, keys: set[int]) -> bool:
    """The new page starts with the rest of the old page's last row.

    True when the row has text but none in the per-row key columns ``keys``
    (a new row would fill them); without such columns, when its first column
    is empty under a single-row cell. ``others`` are the table's rows above
    and the new page's rows after ``first``.
    """
    filled = {c.col for c in first.cells if c.text.strip()}
    if _rest_of_cell_above(table.rows, first):
        return True
    if not filled or first.kind == "heading" or _one_cell_across(first, len(table.columns)) \
            or _title_alone(table.rows, first):
        return False  # a row across the table (a heading, however the page styled it) is no row's rest
    if keys and _top_left_behind(table.rows, first, min(keys), filled):
        return True
    if keys:
        # a new row fills its key columns; a broken row's rest leaves most of them empty, or
        # leaves one empty and only carries on the texts above it (``each month``, ``them``)
        carried = all(_continues_text(c.text) for c in first.cells)
        if len(keys - filled) > len(keys) / 2 or (carried and bool(keys - filled)):
            return True
        return _anchor_runs_on(others, first, min(keys))
    hit = _covering(table.rows, 0)
    return 0 not in filled and hit is not None and hit[1].row_span == 1


def _title_alone(rows: list[Row], first: Row) -> bool:
    """The row's one text is bold where the cell above it in its column ends in plain text, and
    starts no sentence's rest: a section title printed in the first cell of its row (a
    spreadsheet's text running over the empty cells beside it), not the rest of that cell (which
    would go on as the cell ends: a bold title cut by the page goes on in bold)."""
    texts = [c for c in first.cells if c.text.strip()]
    if len(texts) != 1 or not texts[0].bold or _continues_text(texts[0].text):
        return False
    hit = _covering(rows, texts[0].col)
    if hit is None or not hit[1].text.strip():
        return False
    above = hit[1]
    ends_bold = next((r.bold for r in reversed(above.runs) if r.text.strip()), above.bold)
    return not ends_bold


def _top_left_behind(rows: list[Row], first: Row, anchor: int, filled: set[int]) -> bool:
    """The old page ends with the top of the row the new page opens: the page break left a few
    short cells behind (a status, an owner, a grid mark: WeasyPrint breaks inside a row cell by
    cell), with the anchor column (the ref) empty in that row alone, and the new page's first row
    fills the anchor and leaves empty the columns whose text stayed behind."""
    last = rows[-1] if rows else None
    if last is None or last.kind != "data" or anchor not in filled:
        return False
    hit = _covering(rows, anchor)
    if hit is None or hit[0] != len(rows) - 1 or hit[1].text.strip():
        return False  # the anchor is filled, or a merged cell from above runs through it
    behind = {c.col for c in last.cells if c.text.strip()}
    return bool(behind) and not behind & filled and _anchor_runs_on(Table([], rows[:-1]), last, anchor)


def _one_cell_across(row: Row, n_cols: int) -> bool:
    cells = [c for c in row.cells if c.text.strip() or c.col_span > 1]
    return n_cols >= 3 and len(cells) == 1 and cells[0].col_span >= n_cols - 1


def _rest_of_cell_above(rows: list[Row], first: Row) -> bool:
    """The new page opens with a lone text (read as a heading across the table) that goes on the
    cell above it, the last row's cell in its column: it starts in lower case or with , ; ) (the
    rest of a sentence), or with the mark that cell's list items start with (its last steps)."""
    texts = [c for c in first.cells if c.text.strip()]
    # (the cell above may be a title row's, an objective's title the page broke)
    if len(texts) != 1 or not rows or rows[-1].kind not in ("data", "heading"):
        return False
    n_cols = max((c.col + c.col_span for r in rows for c in r.cells), default=0)
    if first.kind != "heading" and not _one_cell_across(first, n_cols):
        return False  # a row of the table's columns: the other joins judge it
    cell = texts[0]
    hit = _covering(rows, cell.col)
    if hit is None or hit[1].col != cell.col or not hit[1].text.strip():
        return False
    text = cell.text.strip()
    if _continues_text(text):
        return True
    mark = text[0]
    return not mark.isalnum() and any(ln.strip().startswith(mark) for ln in hit[1].text.splitlines())


def _anchor_runs_on(table: Table, first: Row, anchor: int) -> bool:
    """The first key column (the ref) says the row goes on: it is empty where every other row
    fills it, or it goes on in lower case where every other row's starts otherwise."""
    texts = [(cell.text.strip() if (cell := r.cell(anchor)) is not None else "") for _, r in _data_rows(table)]
    if not texts or not all(texts) or any(t[0].islower() for t in texts):
        return False
    cell = first.cell(anchor)
    text = cell.text.strip() if cell is not None else ""
    return not text or text[0].islower()


def _shape(text: str) -> str:
    """A ref's form: digits 9, letters a (``1.2.3`` and ``4.1.10`` are 9.9.9 and 9.9.99)."""
    return "".join("9" if ch.isdigit() else "a" if ch.isalpha() else ch for ch in text.strip())


def _ref_alone(rows: list[Row], last: Row) -> bool:
    """The last row is only its ref, read as a heading across the table because nothing else of
    the row made it onto the page: its one text has the form of the refs in that column above."""
    texts = [c for c in last.cells if c.text.strip()]
    if last.kind != "heading" or len(texts) != 1:
        return False
    cell = texts[0]
    refs = {_shape(x.text) for r in rows[:-1] if r.kind == "data" and (x := r.cell(cell.col)) is not None and x.text.strip()}
    return "\n" not in cell.text.strip() and _shape(cell.text) in refs


def join_broken_row(rows: list[Row], first: Row) -> None:
    last = rows[-1]
    if _rest_of_cell_above(rows, first):  # one cell's rest, read as a heading across the table
        first.cells = [c for c in first.cells if c.text.strip()]
        first.cells[0].col_span = 1
    if _ref_alone(rows, last):  # the rest of the row comes now: it is a row, its ref one cell
        ref = next(c for c in last.cells if c.text.strip())
        last.cells = [ref]
        ref.col_span = 1
        last.kind = "data"
    for c in first.cells:
        hit = _covering(rows, c.col)
        # a part spanning other columns than the cell above it (a line alone under the repeated
        # header, drawn with no rule between its columns) still goes on in the cell it starts in,
        # when the last row holds a cell there (else it would be dropped)
        if hit is not None and hit[1].col == c.col and (hit[1].col_span == c.col_span
                                                         or (c.text.strip() and last.cell(c.col) is not None)):
            above = hit[1]
            _join_cell(above, c)
            above.fill = above.fill or c.fill  # a grid mark painted on the new page's part only
            above.row_span += c.row_span - 1
        elif (c.text.strip() or c.fill) and last.cell(c.col) is None:
            last.cells.append(c)  # nothing above to join: the part (or its mark) belongs to the last row
            last.cells.sort(key=lambda x: x.col)


def _continues_text(below: str) -> bool:
    """``below`` reads as the rest of a cell above: empty, or starting in lower case or with , ; )."""
    below = below.strip()
    return not below or below[0].islower() or below[0] in ",;)"


def _shade(cell: Cell) -> str | None:
    fill = (cell.fill or "").upper()
    return None if fill in ("", "#FFFFFF", "#FEFEFE") else fill


def carry_merged_cells(table: Table, first: Row, group: set[int]) -> None:
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
