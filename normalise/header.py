"""Which top rows of a table are its header: decided here, once, from evidence.

Readers only *hint* (a row styled unlike the body, a tagged ``TH`` row, a first
row seen again at the top of the next page: ``Row.kind == "header"``). The
interpreter scores each top row (:func:`row_score`, weights in
:class:`~plantables.normalise.settings.InterpretSettings`):

* **hint** — the reader flagged it;
* **position** — it opens the table;
* **wording** — its labels name plan columns (``Lead``, ``Target date``) or grid
  periods (``Q1``, ``Apr``);
* **shape** — every label is short, none a sentence (a long text is body);
* **contrast** — the cells below are of another kind than the label (dates,
  refs, long text under a word), as a header differs from its body;
* **fill** — it is shaded unlike the body;
* **repetition** — its texts come again further down (a header repeated mid-table).

A header may be several rows (a group cell ``2024/25`` over ``Q1 … Q4``, or
labels under a row-spanning cell): rows are taken from the top while each
scores enough (or lies under a row-spanning header cell). A full-width row is
a heading, never a header. The column labels are then rebuilt from the header
rows (:func:`header_columns`); a table that has no header row keeps the labels
its reader gave (text readers give labels without header rows) unless those
came from rows the reader had only flagged.
"""

from __future__ import annotations

from collections import Counter

from plantables.extract.model import Column, Row, Table, columns_overlap_by_rank
from plantables.normalise.profile import ColumnProfile, profiles, text_kind
from plantables.normalise.settings import DEFAULT, InterpretSettings
from plantables.vocabulary.fields import looks_like_period_label, match_field
from plantables.vocabulary.headings import labelled_heading

_WHITE = ("#FFFFFF", "#FEFEFE")
#: body kinds a label (a word or two) differs from
_BODY_KINDS = ("date", "number", "id", "long", "mark", "rag", "status")


def _clean(text: str) -> str:
    return " ".join(text.split())


def is_full_width(row: Row, n_cols: int) -> bool:
    """One cell across (nearly) the whole table, optionally after a short ref cell."""
    cells = [c for c in row.cells if c.text.strip() or c.col_span > 1]
    if not cells:
        return False
    widest = max(cells, key=lambda c: c.col_span)
    return widest.col_span >= max(2, n_cols - 1) and len(cells) <= 2


def labelled_across(row: Row) -> bool:
    """The row's one text opens the first column and runs on over the next, labelled as a heading
    (``Priority 2: Safer neighbourhoods``): a title across the table whose merged cell printed no
    edge (a spreadsheet without borders), so its span reaches only as far as its text."""
    filled = [c for c in row.cells if c.text.strip()]
    return (len(filled) == 1 and filled[0].col == 0 and filled[0].col_span >= 2
            and labelled_heading(filled[0].text))


def label_kind(text: str) -> str:
    """:func:`text_kind` of a cell read as a label: a question (``Who is leading?``, ``By when?``)
    and a one-word abbreviation (``No.``, ``Resp.``) are labels, not sentences, for their stop."""
    t = " ".join(text.split())
    if t.endswith("?") or (t.endswith(".") and " " not in t and len(t) > 1):
        t = t[:-1].rstrip()
    return text_kind(t)


def _hinted(row: Row) -> bool:
    return row.kind == "header" or (bool(row.cells) and all(c.header for c in row.cells))


def _row_key(row: Row) -> tuple[str, ...]:
    return tuple(_clean(c.text).lower() for c in row.cells if c.text.strip())


def _repeated_below(table: Table, i: int, key: tuple[str, ...]) -> bool:
    """A row under row ``i`` has the texts ``key`` (:func:`_row_key`); only rows whose first text is
    ``key``'s are compared whole (a table's rows are met once per header candidate)."""
    for r in table.rows[i + 1:]:
        first = next((c.text for c in r.cells if c.text.strip()), None)
        if first is not None and _clean(first).lower() == key[0] and _row_key(r) == key:
            return True
    return False


def _dominant(profile: ColumnProfile) -> str | None:
    filled = [(n, k) for k, n in profile.kinds.items() if k != "empty"]
    if not filled:
        return "empty" if profile.kinds["empty"] else None
    return max(filled)[1]


def row_score(table: Table, i: int, body: dict[int, ColumnProfile], body_fill: str | None,
              s: InterpretSettings = DEFAULT) -> float:
    """How surely row ``i`` is a header row (the sum of the evidence; see the module notes)."""
    row = table.rows[i]
    labels = [_clean(c.text) for c in row.cells if c.text.strip()]
    if not labels:
        return 0.0
    score = s.header_hint if _hinted(row) else 0.0
    score += s.header_top if i == 0 else 0.0
    # (a text longer than a label names no column: not looked up)
    named = sum(1 for t in labels if looks_like_period_label(t)
                or (len(t.split()) <= s.label_max_words and match_field(t).field is not None))
    score += s.header_words * named / len(labels)
    # shape: labels are short; one long label (a note on how to read the column) is allowed
    short = sum(1 for t in labels if len(t.split()) <= s.label_max_words and label_kind(t) != "long")
    score += s.header_shape * short / len(labels)
    if short < len(labels) / 2:
        score -= s.header_long_penalty
    # a header labels most columns; a row filling one column of several is a body row's rest
    n_cols = len(table.columns)
    spanned = sum(c.col_span for c in row.cells if c.text.strip())
    if n_cols >= 3 and spanned < n_cols / 2:
        score -= s.header_sparse_penalty
    # contrast: a word over cells of another kind
    compared = differ = same = 0
    for c in row.cells:
        if not c.text.strip() or c.col_span > 1 or c.col not in body:
            continue
        dominant = _dominant(body[c.col])
        if dominant is None:
            continue
        compared += 1
        kind = label_kind(c.text)
        if kind == "short" and (dominant in _BODY_KINDS or dominant == "empty"):
            differ += 1
        elif kind == "short" and dominant == "short" and body[c.col].distinct < 0.5:
            differ += 1  # a label over a column repeating a few values (a status column)
        elif kind == dominant and kind in _BODY_KINDS:
            same += 1  # a date over dates, an id over ids: a body row
    if compared:
        score += s.header_contrast * differ / compared - s.header_same_penalty * same / compared
    fills = {c.fill.upper() for c in row.cells if c.fill and c.fill.upper() not in _WHITE}
    if fills and (body_fill is None or body_fill not in fills):
        score += s.header_fill
    key = _row_key(row)
    if len(key) >= 2 and _repeated_below(table, i, key):
        score += s.header_repeat
    return score


def _body_fill(table: Table, start: int) -> str | None:
    fills = Counter(c.fill.upper() for r in table.rows[start:] if r.kind == "data" for c in r.cells if c.fill)
    return fills.most_common(1)[0][0] if fills else None


def _group_row_over_header(table: Table, i: int, body: dict[int, ColumnProfile], body_fill: str | None,
                           s: InterpretSettings) -> bool:
    """Row ``i`` groups the labels under it (``Plan | Delivery | Monitoring``, each cell spanning
    columns, every text a short label) and the row under it reads as a header: the header's top row."""
    filled = [c for c in table.rows[i].cells if c.text.strip()]
    if not filled or not all(c.col_span > 1 for c in filled) or i + 1 >= len(table.rows) - 1:
        return False
    if any(len(_clean(c.text).split()) > s.label_max_words or label_kind(c.text) == "long" for c in filled):
        return False
    return row_score(table, i + 1, body, body_fill, s) >= s.header_threshold


def header_rows(table: Table, s: InterpretSettings = DEFAULT) -> int:
    """How many top rows form the table's header (0 when it has none)."""
    rows = table.rows
    n_cols = len(table.columns)
    top = min(s.max_header_rows, len(rows))
    count = covered = 0
    # the body below the candidate rows, profiled once (a short table: the rows below each candidate)
    shared = (profiles(table, range(top, len(rows))), _body_fill(table, top)) if len(rows) > top + 2 else None
    for i in range(top):
        row = rows[i]
        if i < covered:  # under a row-spanning header cell
            count = i + 1
            covered = max([covered] + [i + c.row_span for c in row.cells])
            continue
        if row.kind == "heading" or is_full_width(row, n_cols) or labelled_across(row):
            break
        body, fill = shared or (profiles(table, range(i + 1, len(rows))), _body_fill(table, i + 1))
        labels = [_clean(c.text) for c in row.cells if c.text.strip()]
        periods = bool(labels) and all(looks_like_period_label(t) for t in labels)
        if not (periods and count) and row_score(table, i, body, fill, s) < s.header_threshold \
                and not _group_row_over_header(table, i, body, fill, s):
            break
        count = i + 1
        covered = max([covered] + [i + c.row_span for c in row.cells])
    return count


#: title rows a spreadsheet prints inside its gridlines, above the header, at most
MAX_TITLE_ROWS = 3


def _title_rows(table: Table) -> int:
    """Rows opening the table that are headings or empty: a workbook's title and note rows
    printed inside its gridlines over the header (Calc prints every cell's rules)."""
    n_cols = len(table.columns)
    k = 0
    while k < min(MAX_TITLE_ROWS, len(table.rows) - 1):
        row = table.rows[k]
        if any(c.text.strip() for c in row.cells) and not (
                row.kind == "heading" or is_full_width(row, n_cols) or labelled_across(row)):
            break
        k += 1
    return k


def _worded(rows: list[Row]) -> bool:
    """Does one of ``rows`` name plan columns in most of its labels (wording, not only shape)?"""
    for row in rows:
        labels = [_clean(c.text) for c in row.cells if c.text.strip()]
        named = sum(1 for t in labels if looks_like_period_label(t) or match_field(t).field is not None)
        if len(labels) >= 2 and named >= len(labels) / 2:
            return True
    return False


def header_under_title(table: Table, s: InterpretSettings = DEFAULT) -> tuple[int, int]:
    """``(title rows, header rows)`` of a table whose header is not its first row but comes under
    title rows (:func:`_title_rows`); a header found there must name plan columns, since a
    continued table's first body rows under a heading row are no header. ``(0, 0)`` when none."""
    skip = _title_rows(table)
    if not skip:
        return 0, 0
    rest = Table(table.columns, table.rows[skip:], table.pages, table.bbox)
    n = header_rows(rest, s)
    return (skip, n) if n and _worded(rest.rows[:n]) else (0, 0)


def header_columns(rows: list[Row], columns: list[Column]) -> list[Column]:
    """Column labels from the header rows; a label spanning labelled sub-columns becomes their group."""
    n = len(columns)
    labels: list[str] = [""] * n
    groups: list[str | None] = [None] * n
    for row in rows:
        for c in row.cells:
            text = _clean(c.text)
            for k in range(c.col, min(n, c.col + c.col_span)):
                if c.col_span > 1:
                    groups[k] = text
                    labels[k] = labels[k] or text
                elif (text and labels[k] and not groups[k] and not looks_like_period_label(labels[k])
                      and not looks_like_period_label(text)):
                    labels[k] = f"{labels[k]} {text}"  # one label wrapped over two rows: "Target" / "completion"
                elif text:
                    labels[k] = text
    _groups_run_on(labels, groups)
    return [
        Column(i, labels[i], groups[i] if groups[i] and groups[i] != labels[i] else None, columns[i].bbox)
        for i in range(n)
    ]


def _groups_run_on(labels: list[str], groups: list[str | None]) -> None:
    """A period column with no group after one of its group's periods (``Q3``, ``Q4`` after ``Q1``,
    ``Q2`` under ``2023/24``) is in that group: a left-aligned group label over a grid with no rules
    reaches over the first of its columns only (in place)."""
    for k in range(1, len(labels)):
        if groups[k] is None and groups[k - 1] and labels[k] != groups[k - 1] \
                and looks_like_period_label(labels[k]) and looks_like_period_label(labels[k - 1]):
            groups[k] = groups[k - 1]


def settle_header(table: Table, s: InterpretSettings = DEFAULT) -> int:
    """Decide the header rows of ``table`` and relabel its columns from them (in place).

    Rows the reader flagged but that are not header rows become data rows (or a heading
    when they are one cell across). Returns the number of header rows.
    """
    n_head, skip = header_rows(table, s), 0
    if n_head == 0:
        skip, n_head = header_under_title(table, s)
    # a PDF reader's labels come from the cells it flagged; a text reader's stand on their own
    flagged = any(_hinted(r) or any(c.header for c in r.cells) for r in table.rows)
    if n_head == 0 and not flagged:
        return 0  # a reader's own labels (text readers) stand
    n_cols = len(table.columns)
    for i, row in enumerate(table.rows):
        if i < skip:
            row.kind = "heading" if any(c.text.strip() for c in row.cells) else row.kind
        elif i < skip + n_head:
            row.kind = "header"
            for c in row.cells:
                c.header = True
        elif row.kind == "header" or (row.cells and all(c.header for c in row.cells)):
            row.kind = "heading" if is_full_width(row, n_cols) and len(row.cells) == 1 else "data"
            for c in row.cells:
                c.header = False
    if n_head:
        table.columns = header_columns(table.rows[skip:skip + n_head], table.columns)
    else:
        table.columns = [Column(c.index, "", None, c.bbox) for c in table.columns]
    return n_head


#: column edges of a fragment and of the table it continues agree within this many points ...
EDGE_TOLERANCE = 8.0
#: ... or this share of the table's width
EDGE_TOLERANCE_SHARE = 0.03


def same_columns(a: Table, b: Table) -> bool:
    """Same number of columns whose edges line up (absolutely, or relative to the width);
    without geometry (text readers) the count has to do."""
    if len(a.columns) != len(b.columns) or not a.columns:
        return False
    ea, eb = a.column_bounds(), b.column_bounds()
    if ea is None or eb is None:
        return True
    # the right edge may differ: a table running past the page's right edge on some pages
    if all(abs(x - y) <= EDGE_TOLERANCE for x, y in zip(ea[:-1], eb[:-1])) or columns_overlap_by_rank(ea, eb):
        return True
    wa, wb = ea[-1] - ea[0], eb[-1] - eb[0]
    if wa <= 0 or wb <= 0:
        return False
    return all(abs((x - ea[0]) / wa - (y - eb[0]) / wb) <= EDGE_TOLERANCE_SHARE for x, y in zip(ea, eb))


def inherit_header(fragment: Table, table: Table) -> bool:
    """A table with no header of its own that continues ``table`` (a fragment cut off by a
    table nested in a cell, or a page the reader could not stitch) takes its column labels."""
    if any(c.label for c in fragment.columns) or not same_columns(fragment, table):
        return False
    fragment.columns = [Column(c.index, p.label, p.group, c.bbox) for c, p in zip(fragment.columns, table.columns)]
    return True
