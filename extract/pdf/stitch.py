"""Continue tables across page breaks.

A table that ends near the bottom of one page continues as the first table on
the next page when their columns line up. The continuation's repeated header
(matched fuzzily: it may wrap differently) is dropped; a row broken by the
page break (its key cells empty on the new page, or its first key, the ref,
empty or going on in lower case) is joined to the row above;
a merged cell running into the break absorbs its continuation, so its text
parts join in order and its ``row_span`` grows (:mod:`.broken_rows`). Row numbers keep counting.
A header printed alone at the foot of a page (bold rows, nothing under them) heads the
next page's first table when its labels stand over that table's columns.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from plantables.extract.model import Cell, Column, Row, Table
from plantables.extract.pdf.broken_rows import carry_merged_cells, column_roles, is_broken_row, join_broken_row
from plantables.extract.pdf.split_header import place_on_sub_labels, spread_bounds, sub_label_spans

#: column boundaries of two pages match within this many points ...
COLUMN_TOLERANCE = 8.0
#: ... or within this fraction of the table width
COLUMN_TOLERANCE_FRACTION = 0.03
#: headers match when rapidfuzz's ratio of their normalised text reaches this
HEADER_MATCH = 85.0

_SPACE = re.compile(r"\s+")


def stitch_pages(tables: list[Table]) -> list[Table]:
    """Join each table continuing on the next page into its predecessor (inputs are not modified)."""
    out: list[Table] = []
    for table in sorted(tables, key=_position):
        prev = out[-1] if out else None
        if prev is not None and _continues(prev, table, tables, lone_header=True):
            out[-1] = under_header(prev, copy_table(table))
        elif prev is not None and _continues(prev, table, tables):
            _append(prev, copy_table(table))
        elif prev is not None and _continues(prev, table, tables, fewer_columns=True):
            _append(prev, on_columns_of(prev, copy_table(table)))
        elif prev is not None and (index := _merged_bounds(prev, table)) is not None and _continues(
                prev, table, tables, merged_columns=True):
            _append(prev, _placed_on(copy_table(table), index, prev.columns))
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


def _merged_bounds(a: Table, b: Table) -> list[int] | None:
    """Per column bound of ``b``, the index of ``a``'s bound at its x, when ``b`` has fewer columns
    than ``a``, no header of its own, and every bound of ``b`` is one of ``a``'s, the outer ones
    included: ``a``'s columns, some merged where the rows drew no rule between them (a month
    grid's bars and empty stretches; a table with a header of its own is another table)."""
    ba, bb = a.column_bounds(), b.column_bounds()
    if ba is None or bb is None or not 3 <= len(bb) < len(ba) or header_rows(b):
        return None
    # bounds drawn by no rule lie somewhere in the gap between two columns' text, which differs
    # from page to page: as in :func:`head_bounds_of`, the tolerance grows with the table's width
    tolerance = max(COLUMN_TOLERANCE, COLUMN_TOLERANCE_FRACTION * (ba[-1] - ba[0]))
    index: list[int] = []
    for x in bb:
        j = min(range(len(ba)), key=lambda k: abs(ba[k] - x))
        if abs(ba[j] - x) > tolerance or (index and j <= index[-1]):
            return None
        index.append(j)
    return index if index[0] == 0 and index[-1] == len(ba) - 1 else None


def _placed_on(table: Table, index: list[int], columns: list[Column]) -> Table:
    """``table`` (a copy) on ``columns``: each of its column bounds stands for ``columns``' bound
    ``index`` names, each cell spanning the columns between its bounds."""
    for row in table.rows:
        for c in row.cells:
            c.col, c.col_span = index[c.col], index[c.col + c.col_span] - index[c.col]
    table.columns = [Column(c.index, c.label, c.group, c.bbox) for c in columns]
    return table


def copy_table(t: Table) -> Table:
    """A copy sharing nothing mutable with ``t`` (what deepcopy gives, several times faster).

    The model's only mutable parts are its lists and dataclasses; boxes are tuples.
    """
    return Table(
        columns=[Column(c.index, c.label, c.group, c.bbox) for c in t.columns],
        rows=[Row([Cell(c.col, c.text, c.row_span, c.col_span, c.page, c.bbox, c.fill, c.header, c.bold, c.italic,
                        c.runs, c.confidence, c.colour) for c in r.cells],
                  r.page, r.kind, r.line) for r in t.rows],
        pages=list(t.pages),
        bbox=t.bbox,
    )


def _position(table: Table) -> tuple[int, float, float]:
    page = table.pages[0] if table.pages else 0
    top = table.bbox[1] if table.bbox else 0.0
    left = table.bbox[0] if table.bbox else 0.0
    return page, top, left


def _continues(prev: Table, table: Table, all_tables: list[Table], *, fewer_columns: bool = False,
               lone_header: bool = False, merged_columns: bool = False) -> bool:
    """``table`` opens the page after ``prev``'s last and continues it: the same columns, or
    (``fewer_columns``) a row or two whose cells fall in them, or (``lone_header``) ``prev`` is a
    header printed alone over ``table``'s columns (:func:`heads_columns`), or (``merged_columns``)
    some of them merged (:func:`_merged_bounds`, checked by the caller)."""
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
    if lone_header:
        return heads_columns(prev, table)
    if merged_columns:
        return True
    return _placed_columns(prev, table) is not None if fewer_columns else columns_match(prev, table)


def heads_columns(head: Table, body: Table) -> bool:
    """``head`` is one row of labels over ``body``'s columns: a header a page break left alone at
    the foot of a page, its body (with no header of its own) on the next page.

    A lone row's column bounds are the middles of the gaps between its labels, not where the
    body's cells part, so the bounds are not compared one to one: the body has as many columns
    (or fewer, :func:`head_bounds_of`), spans the same width, and each of its inner bounds lies
    between the two of the head around it (each label stands over one of the body's columns)."""
    return head_bounds_of(head, body) is not None or sub_label_spans(head, body) is not None


def head_bounds_of(head: Table, body: Table) -> list[int] | None:
    """Per column bound of ``body``, the index of the bound of ``head`` it stands for, when ``head``
    is one row of labels over ``body``'s columns (:func:`heads_columns`); None otherwise.

    A body may have fewer columns than its header: where a month grid's bar or an empty stretch
    drew no rule between months, the body's cells merge them. Each of its bounds then stands for
    the nearest of the head's, between that one's neighbours, in order."""
    if not header_only(head) or not body.rows or len(head.columns) < len(body.columns) or header_only(body):
        return None
    if fuzz.ratio(" | ".join(_rows_text(head.rows, len(head.columns))),
                  " | ".join(_rows_text(body.rows[: len(head.rows)], len(head.columns)))) >= HEADER_MATCH:
        return None  # the body repeats the header: a table continued as usual
    hb, bb = head.column_bounds(), body.column_bounds()
    if hb is None or bb is None or len(hb) < 4:
        return None
    hb = spread_bounds(hb)
    width = hb[-1] - hb[0]
    tolerance = max(COLUMN_TOLERANCE, COLUMN_TOLERANCE_FRACTION * width)
    # a lone row's right bound is where its last label ends: the body's text may run further
    if abs(hb[0] - bb[0]) > tolerance or bb[-1] < hb[-1] - tolerance:
        return None
    # every column is labelled (a group label over several is a label of each)
    labelled = {k for r in head.rows for c in r.cells if c.text.strip() for k in range(c.col, c.col + c.col_span)}
    if len(labelled) != len(head.columns):
        return None
    if len(bb) == len(hb):
        return list(range(len(hb))) if all(hb[k - 1] < bb[k] < hb[k + 1] for k in range(1, len(bb) - 1)) else None
    index = [0]
    for x in bb[1:-1]:
        j = min(range(1, len(hb) - 1), key=lambda k: abs(hb[k] - x))
        if j <= index[-1] or not hb[j - 1] < x < hb[j + 1]:
            return None
        index.append(j)
    return index + [len(hb) - 1]


#: at most this many rows make a header printed alone at a page's foot
MAX_LONE_HEADER_ROWS = 3


def header_only(table: Table) -> bool:
    """``table`` is a header and nothing else: a row or up to three (labels over sub-labels), each
    of several cells, all their text in bold (a table is never flagged as all header, so its
    styling is the evidence)."""
    rows = [r for r in table.rows if r.cells]
    if not rows or len(rows) > MAX_LONE_HEADER_ROWS or len(table.columns) < 3:
        return False
    texts = [[c for c in r.cells if c.text.strip()] for r in rows]
    return all(len(t) >= 2 and all(c.bold or c.header for c in t) for t in texts)


def under_header(head: Table, body: Table) -> Table:
    """``body`` with ``head``'s rows (:func:`heads_columns`) as its header rows, on its own columns.

    The body's top rows flagged as a header for their styling (a first row shaded unlike the
    rest) are rows of the body: its header is the one above. A body on fewer columns than the
    head is placed on the head's (each of its cells spanning the head's columns it covers)."""
    index = head_bounds_of(head, body)
    if index is not None and len(index) < len(head.columns) + 1:
        _placed_on(body, index, head.columns)
    elif index is None and (spans := sub_label_spans(head, body)) is not None:
        place_on_sub_labels(head, body, spans)  # the rest of a two-row header opens the body
    groups = [(c.col, c.col + c.col_span) for r in head.rows for c in r.cells if c.col_span > 1 and c.text.strip()]
    for row in body.rows[: header_rows(body)]:
        if any(all(a <= c.col and c.col + c.col_span <= b for c in row.cells if c.text.strip()) for a, b in groups):
            continue  # the sub-labels under a group label of the head (``Q1 Q2 Q3 Q4`` under ``2015/16``)
        row.kind = "data"
        for c in row.cells:
            c.header = False
    for row in head.rows:
        row.kind = "header"
        for c in row.cells:
            c.header = True
    body.rows[:0] = head.rows
    body.pages = sorted(set(head.pages) | set(body.pages))
    if head.bbox is not None:
        body.bbox = head.bbox  # the table starts where its header stands
    return body


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
    if all(abs(x - y) <= COLUMN_TOLERANCE_FRACTION for x, y in zip(rel_a, rel_b)):
        return True
    if all(abs(x - y) <= COLUMN_TOLERANCE for x, y in zip(ba[:-1], bb[:-1])) and not _own_header(a, b):
        return True  # all but the right edge, where the last column's longest text on each page ends
    return _interleaved(ba, bb) and not _own_header(a, b)


def _own_header(a: Table, b: Table) -> bool:
    """``b`` opens with header rows that do not repeat ``a``'s: the head of another table."""
    n = header_rows(b)
    if not n:
        return False
    head = " | ".join(_rows_text(a.rows[: header_rows(a) or n], len(a.columns)))
    return fuzz.ratio(head, " | ".join(_rows_text(b.rows[:n], len(a.columns)))) < HEADER_MATCH


def _interleaved(ba: list[float], bb: list[float]) -> bool:
    """Columns parted by white space alone: a bound is the middle of the gap between two columns'
    text, and the right edge the end of the longest text, so they move with what each page holds.
    The tables start at one x and each inner bound of one lies between the two bounds of the
    other around it: the same columns, each page's text set in them."""
    if abs(ba[0] - bb[0]) > COLUMN_TOLERANCE or len(ba) < 4:
        return False
    return all(ba[k - 1] < bb[k] < ba[k + 1] and bb[k - 1] < ba[k] < bb[k + 1] for k in range(1, len(ba) - 1))


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
        # (a sub-header row under a group label may leave the cells under the labels spanning both
        # rows unflagged: its kind says what it is)
        if row.cells and (row.kind == "header" or all(c.header for c in row.cells)):
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
        if is_broken_row(merged, rows[0], others, keys):
            join_broken_row(merged.rows, rows.pop(0))
        else:
            carry_merged_cells(merged, rows[0], group)
    merged.rows.extend(rows)
    merged.pages.extend(p for p in table.pages if p not in merged.pages)
