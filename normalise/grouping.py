"""Rows into actions: which cells cover which rows, the anchor column, the groups of rows.

* the *anchor* column numbers the actions: the ref column (``NOS``, ``Ref``,
  ``ID`` of ``R-042``-like ids), else an action column whose cells start with
  refs (``I.1.1 Elected …``);
* a row whose anchor cell holds a ref starts an action; the rows its merged
  cells span, and rows after it without a ref, belong to it; without an anchor
  every data row is an action;
* a data row that restates the column labels (the header printed again
  mid-table) is dropped; a heading row inside the table is passed on in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plantables.extract.model import Cell, Table
from plantables.normalise.header import labelled_across
from plantables.normalise.profile import text_kind
from plantables.vocabulary.headings import HeadingInfo, classify_heading, labelled_heading
from plantables.vocabulary.refs import ref_parent, split_labelled_ref, split_ref


@dataclass
class Group:
    """The rows of one action."""

    rows: list[int]
    ref_cell: Cell | None = None
    warnings: list[str] = field(default_factory=list)
    #: notes printed across the table under the action's row (``Notes: …``), as printed
    notes: list[str] = field(default_factory=list)


def anchor_ref(text: str) -> tuple[str | None, str | None, str]:
    """``(raw, canonical, rest)`` of a ref opening ``text`` (:func:`split_ref`), or of a whole cell
    that is an id (``R-042``, ``M12``: canonical as printed)."""
    raw, ref, rest = split_ref(text)
    if raw is not None:
        return raw, ref, rest
    t = " ".join(text.split())
    if t and (text_kind(t) == "id" or _LETTER.fullmatch(t)):
        return t, t.rstrip(".)"), ""
    return None, None, text


#: an item lettered alone (``A``, ``B.``, ``C)``): a ref in the column that numbers the actions
_LETTER = re.compile(r"[A-Z][.)]?")


def coverage(table: Table) -> list[dict[int, tuple[int, Cell]]]:
    """Per row: column → ``(row where the cell starts, cell)`` for every cell covering it."""
    rows = table.rows
    cover: list[dict[int, tuple[int, Cell]]] = [{} for _ in rows]
    for i, row in enumerate(rows):
        if row.kind != "data":
            continue
        for cell in row.cells:
            entry = (i, cell)
            cols = range(cell.col, cell.col + (cell.col_span if cell.col_span > 1 else 1))
            for r in range(i, min(len(rows), i + (cell.row_span if cell.row_span > 1 else 1))):
                if r > i and rows[r].kind != "data":
                    break
                covered = cover[r]
                for c in cols:
                    if c not in covered:  # the first cell to cover a slot keeps it
                        covered[c] = entry
    return cover


def _starts_with_ref(cell: Cell | None) -> bool:
    return cell is not None and anchor_ref(cell.text)[0] is not None


def find_anchor(table: Table, fields: dict[int, str]) -> int | None:
    """The ref column if it holds refs, else an action column whose cells mostly start with refs."""
    cols = {f: c for c, f in sorted(fields.items(), reverse=True)}
    starting = [c for r in table.rows if r.kind == "data" for c in r.cells]
    ref_col = cols.get("ref")
    if ref_col is not None and any(c.col == ref_col and _starts_with_ref(c) for c in starting):
        return ref_col
    act = cols.get("action")
    if act is not None:
        cells = [c for c in starting if c.col == act and c.text.strip()]
        if cells and sum(_starts_with_ref(c) for c in cells) >= len(cells) / 2:
            return act
    return None


def header_labels(table: Table) -> set[str]:
    """The table's column labels and groups, as :func:`repeats_header` compares them."""
    return {" ".join(x.split()).lower() for c in table.columns for x in (c.label, c.group) if x}


def repeats_header(row, table: Table, labels: set[str] | None = None) -> bool:
    """A data row that restates the column labels (the header repeated after a section row
    mid-page): most of its texts are labels of the table's columns (``labels``: :func:`header_labels`)."""
    labels = header_labels(table) if labels is None else labels
    texts = [" ".join(c.text.split()).lower() for c in row.cells if c.text.strip()]
    hits = sum(t in labels for t in texts)
    return hits >= 2 and hits >= 0.6 * len(texts)


def _one_cell_across(row, n_cols: int) -> bool:
    """The row is one cell spanning every column of a table of two or more; or its only text is in
    a cell opening the row and spanning several columns, the cells after it empty (a heading row
    whose merge stops short of the last columns, a band of fill drawn on over them)."""
    if n_cols < 2 or not row.cells or row.cells[0].col != 0:
        return False
    first = row.cells[0]
    if len(row.cells) == 1 and first.col_span >= n_cols:
        return True
    return first.col_span >= 2 and bool(first.text.strip()) and not any(c.text.strip() for c in row.cells[1:])


#: 'Total', 'Sub-total: 4 actions', and named: 'Plan total: 7 actions', 'Repairs – total actions: 3'
_TOTAL = re.compile(r"^(?:[a-z][\w&' ]{0,30}?\s*(?:[–-]\s*)?)?(?:grand\s+|sub-?\s*)?totals?\b:?[\s\w()£$€%,.:]{0,20}$",
                    re.IGNORECASE)
#: a count with its word or two: '4 complete', '60% on track'
_COUNT = re.compile(r"^[£$€]?\d[\d,.]*%?(?:\s+[a-z]+){0,2}$", re.IGNORECASE)


def is_total_row(row) -> bool:
    """A row that sums the rows above it (``Total | | 9,040 | 3,685``, ``Total: 10 actions | 4
    complete``): its first text names a total and every other text is a figure or a count. It is
    no action."""
    cells = sorted((c for c in row.cells if c.text.strip()), key=lambda c: c.col)
    if len(cells) < 2 or not _TOTAL.match(" ".join(cells[0].text.split())):
        return False  # (most rows: their first text is no total, the others need no look)
    texts = [" ".join(c.text.split()) for c in cells[1:]]
    return all(text_kind(t) in ("number", "empty") or _COUNT.match(t) for t in texts)


def _lone_heading(row, i: int, table: Table, anchor: int | None) -> HeadingInfo | None:
    """A row of one short cell and no ref in a table whose actions are numbered, set apart as a
    heading is: labelled (``Phase 2 – Build``, ``Stage 1: …``) or bold in a body that is not (a
    summary row of a Gantt print). Anything else without a ref carries on the action above."""
    if anchor is None:
        return None
    filled = [c for c in row.cells if c.text.strip()]
    if len(filled) != 1 or filled[0].col == anchor or _starts_with_ref(row.cell(anchor)):
        return None
    text = " ".join(filled[0].text.split())
    if len(text.split()) > 12 or text[:1].islower():
        return None
    info = classify_heading(text, in_table=True)
    if labelled_heading(text) and info.kind in ("priority", "section", "objective"):
        return info
    if filled[0].bold and not _body_bold(table, filled[0].col, i):
        return HeadingInfo("section", None, text) if info.kind == "text" else info
    return None


def _parent_row(i: int, table: Table, anchor: int | None) -> HeadingInfo | None:
    """A row numbered ``2`` whose only other text is one cell (no lead, date or status), above rows
    numbered ``2.1``, ``2.2``: the objective those actions number themselves under, not an action."""
    if anchor is None:
        return None
    row = table.rows[i]
    cell = row.cell(anchor)
    if not _starts_with_ref(cell):
        return None
    _, ref, rest = anchor_ref(cell.text)  # type: ignore[union-attr]
    others = [c for c in row.cells if c.col != anchor and c.text.strip()]
    if ref is None or rest.strip() or len(others) != 1:
        return None
    nxt = next((r for r in table.rows[i + 1:] if r.kind == "data" and _starts_with_ref(r.cell(anchor))), None)
    child = anchor_ref(nxt.cell(anchor).text)[1] if nxt is not None else None  # type: ignore[union-attr]
    if child is None or (ref_parent(child) != ref and not _lettered_child(child, ref)):
        return None
    return HeadingInfo("objective", ref, " ".join(others[0].text.split()))


def _lettered_child(child: str, ref: str) -> bool:
    """``A1``, ``A.1``, ``A-1`` under the item lettered ``A``."""
    return ref.isalpha() and len(ref) == 1 and re.fullmatch(rf"{ref}[.\-]?\d{{1,3}}", child) is not None


def _body_bold(table: Table, col: int, skip: int) -> bool:
    """Are most other filled cells of column ``col`` bold (then bold sets nothing apart)?"""
    cells = [c for k, r in enumerate(table.rows) if k != skip and r.kind == "data"
             for c in r.cells if c.col == col and c.text.strip()]
    return bool(cells) and sum(c.bold for c in cells) > len(cells) / 2


def _across(row, n_cols: int) -> bool:
    return row.kind == "heading" or (row.kind == "data" and _one_cell_across(row, n_cols))


#: a fact's label is a few words; its value a sentence or more
FACT_LABEL_MAX_WORDS, FACT_VALUE_MIN_WORDS = 6, 8


def fact_rows(table: Table, fields: dict[int, str]) -> set[int]:
    """Rows of a stretch (between headings across the table) above the dated ones, each a short
    label and a long text where the date column's dates are: key/value facts printed above a
    timetable in one table (``Role and subject | This will set out …``), not milestones."""
    col = next((c for c, f in fields.items() if f == "timeframe"), None)
    title = next((c for c, f in fields.items() if f == "action"), None)
    if col is None or title is None:
        return set()
    n_cols = len(table.columns)
    stretches: list[list[int]] = [[]]
    for i, row in enumerate(table.rows):
        if _across(row, n_cols):
            stretches.append([])
        elif row.kind == "data" and row.cells:
            stretches[-1].append(i)
    out: set[int] = set()
    for rows in stretches:
        if any(text_kind(table.rows[i].text(col)) == "date" for i in rows):
            return out  # the timetable begins: facts come before it
        if rows and all(_is_fact(table.rows[i].text(title), table.rows[i].text(col)) for i in rows):
            out.update(rows)
    return set()  # no dated stretch after them: nothing to set them apart from


def _is_fact(label: str, value: str) -> bool:
    return (0 < len(label.split()) <= FACT_LABEL_MAX_WORDS and len(value.split()) >= FACT_VALUE_MIN_WORDS
            and text_kind(value) == "long")


def heading_parts(text: str) -> list[str]:
    """A heading row's text, cut where a line opens a labelled heading of its own: ``2. Thriving
    town centres`` over ``Objective 2.1: Ensure …`` in one merged cell is a section, then its
    objective (whitespace tidied; the lines after a heading's first line carry it on)."""
    parts: list[str] = []
    for line in text.split("\n"):
        line = " ".join(line.split())
        if not line:
            continue
        if parts and not labelled_heading(line):
            parts[-1] = f"{parts[-1]} {line}"
        else:
            parts.append(line)
    return parts


#: a note across the table is a sentence, after a label of a word or two and a colon (``Notes: …``,
#: ``Update Nov 2025: …``) or not: a heading is none
_NOTE_LABEL = re.compile(r"^\W*[A-Z][\w/ ]{0,20}:\s+\S")
NOTE_MIN_WORDS = 8


def is_note(text: str, infos: list[HeadingInfo]) -> bool:
    """Is a row across the table, read as no heading (``infos``), a note on the action above it?"""
    flat = " ".join(text.split())
    if not infos or any(i.kind != "text" for i in infos) or labelled_heading(flat):
        return False
    # a note says something: a sentence, or many words after its label ('Appendix A: Draft
    # Monitoring Framework' is a heading)
    sentence = flat.endswith((".", "!", "?"))
    return (bool(_NOTE_LABEL.match(flat)) and (sentence or len(flat.split()) >= 2 * NOTE_MIN_WORDS)) or (
        len(flat.split()) >= NOTE_MIN_WORDS and sentence)


def group_rows(table: Table, anchor: int | None, skip: set[int] | frozenset[int] = frozenset()
               ) -> list[Group | HeadingInfo]:
    """Action groups in order, interleaved with the headings met inside the table (rows in
    ``skip`` belong to no action)."""
    out: list[Group | HeadingInfo] = []
    current: Group | None = None
    labels = header_labels(table)
    bar = _bar_over_header(table, labels)
    for i, row in enumerate(table.rows):
        if i in skip:
            current = None
            continue
        if i == bar or row.kind == "heading" or row.kind == "data" and (_one_cell_across(row, len(table.columns))
                                                                        or labelled_across(row)):
            # a heading row, or a note or a heading across the table (a narrow one too)
            text = ("\n".join(c.text for c in row.cells if c.text) if row.kind == "heading"
                    else next((c.text for c in row.cells if c.text.strip()), ""))
            infos = [classify_heading(part, in_table=True) for part in heading_parts(text)]
            if current is not None and is_note(text, infos):
                current.notes.append(text.strip())  # the action's own note: it stays open
                continue
            out += infos
            current = None
            continue
        if row.kind != "data" or not row.cells or repeats_header(row, table, labels) or is_total_row(row):
            continue
        cell = row.cell(anchor) if anchor is not None else None
        lone = _lone_heading(row, i, table, anchor) or _parent_row(i, table, anchor)
        if lone is not None:
            out.append(lone)
            current = None
            continue
        if anchor is None or _starts_with_ref(cell):
            current = Group([i], cell)
            out.append(current)
        elif current is not None:
            current.rows.append(i)
    return [g for g in out if not (isinstance(g, Group) and _placeholder(g, table, anchor))]


def _bar_over_header(table: Table, labels: set[str]) -> int | None:
    """The table's first row, read as a header row over its labels, when it is one text alone and
    the labels are printed again further down under a row across the table (a heading bar over
    each part's own header): it is the first such bar (``CHILDREN AND FAMILIES`` over ``No. |
    Improvement action …``), a heading, not a label over the columns. None when it is not one."""
    rows = table.rows
    if len(rows) < 3 or rows[0].kind != "header" or rows[1].kind != "header":
        return None
    if sum(bool(c.text.strip()) for c in rows[0].cells) != 1:
        return None
    n = len(table.columns)
    again = any(above.kind == "heading" or above.kind == "data" and _one_cell_across(above, n)
                for above, row in zip(rows[2:], rows[3:]) if row.kind == "data" and repeats_header(row, table, labels))
    return 0 if again else None


def _placeholder(group: Group, table: Table, anchor: int | None) -> bool:
    """A numbered row left blank (``3.4`` and nothing else: room kept for an action still to be
    added) is no action."""
    if anchor is None:
        return False
    for i in group.rows:
        for c in table.rows[i].cells:
            if c.col == anchor:
                if anchor_ref(c.text)[2].strip():
                    return False
            elif c.text.strip():
                return False
    return True


#: a text left open at its end: it goes on in the row below ('… that children take part in')
_OPEN_END = re.compile(r"(?:[,/&+\-–—]|\b(?:and|of|for|the|to|in|on|with|that|a|an))\s*$", re.IGNORECASE)


def join_cut_cells(table: Table, col: int) -> None:
    """Rejoin the cells of a group column (the objective, merged over its actions' rows) that a
    reader without the merge cut at each row: a cell that carries on the text above (it opens in
    lower case, or the text above is left open), with only empty cells of the column between them,
    is the rest of that cell, which then spans down to it (in place). A heading or a header row
    between them ends the cell; a text that ends its sentence, or opens in lower case itself, is
    not cut."""
    head: tuple[int, Cell] | None = None
    for i, row in enumerate(table.rows):
        if row.kind != "data" or _one_cell_across(row, len(table.columns)):
            head = None
            continue
        cell = row.cell(col)
        if cell is None or cell.col_span > 1:
            head = None if cell is not None else head
            continue
        text = cell.text.strip()
        if not text:
            continue
        if head is not None and (text[:1].islower() or _OPEN_END.search(head[1].text)) \
                and not head[1].text.rstrip().endswith(".") and split_labelled_ref(text, bare=True)[0] is None:
            start, above = head
            above.text = f"{above.text.rstrip()}\n{text}"
            above.row_span = max(above.row_span, i - start + 1)
            row.cells.remove(cell)
            for k in range(start + 1, i):  # the empty cells the merge covers
                empty = table.rows[k].cell(col)
                if empty is not None and not empty.text.strip():
                    table.rows[k].cells.remove(empty)
            continue
        # a cell opening in lower case carries nothing on: objectives written so are one a row
        head = (i, cell) if cell.row_span <= 1 and not text[:1].islower() else None
    return None


def title_is_objective_column(groups: list[Group], cover, fields: dict[int, str], anchor: int | None) -> bool:
    """Is the objective-worded column merged exactly over each action's rows (Torbay's ``What?``)?"""
    obj = next((c for c, f in fields.items() if f == "objective"), None)
    if obj is None or anchor is None or fields.get(anchor) != "ref":
        return False
    with_obj = same = parent = empty = 0
    for g in groups:
        hit = cover[g.rows[0]].get(obj)
        if hit is None:
            continue
        if not hit[1].text.strip():
            empty += 1  # the objective above goes on: a title column leaves no action without one
            continue
        with_obj += 1
        start, cell = hit
        if start == g.rows[0] and g.ref_cell is not None and cell.row_span == g.ref_cell.row_span:
            same += 1
            # '2.1 Ensure that …' beside action 2.1.1: the objective numbered as its parent, one per action
            o_ref, a_ref = split_labelled_ref(cell.text, bare=True)[1], anchor_ref(g.ref_cell.text)[1]
            parent += bool(o_ref and a_ref and a_ref.startswith(o_ref + "."))
    return with_obj > 0 and empty <= 0.2 * (with_obj + empty) and same >= 0.6 * with_obj and parent < 0.5 * same


