"""Merged cells of a flattened table: which lines one tall cell spans, and what it says.

A flattened export writes a merged cell's text on whichever lines it happened
to sit beside, so the reader reconstructs the cells from structure:

* text at the top of a page that carries on the text above it (starts in
  lower case, or follows an unfinished phrase) continues that cell: the row
  was broken by the page;
* **blocks** (refs on few lines, as in an action with several *How?* steps):
  each ref label owns the lines from where its merged cells start to where
  the next label's start. Word may centre a label over its merged cell, so
  the lines above a label can be its own: a label whose lead or outcome text
  starts on the lines above it (or whose per-action status starts there)
  takes those lines back from the block above;
* **rows** (a ref on every line): outcome, lead and risk cells run down over
  the lines below them until the next one starts, never past the outcome
  cell they sit in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plantables.extract.text.rows import DraftRow
from plantables.vocabulary.phrases import connector_end
from plantables.vocabulary.refs import split_ref

# a cell's line ending so goes on in the next line (verbs and relatives too: prose wraps anywhere)
_CONNECTOR_END = connector_end(("at", "from", "is", "are", "be", "that", "which"), "–—-")
_MONTH_END = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*$", re.IGNORECASE)
_YEAR_START = re.compile(r"(?:19|20)\d\d\b")
#: share of data lines without a ref above which a ref table is read as blocks
BLOCK_SHARE = 0.2
#: a prose column is merged per block when at most this share of blocks shows it twice on a first
#: reading (a first reading mis-assigns some lines, so the bar is not zero; per-step columns run far above)
ONE_PER_BLOCK_SHARE = 0.35


def continues(prev: str, text: str) -> bool:
    """Does ``text`` carry on the cell text ``prev`` (the same sentence broken over lines)?"""
    if not prev or not text:
        return False
    if text[0].islower() or text[0] in ")],;:.%":
        return True
    if _MONTH_END.search(prev) and _YEAR_START.match(text):  # "Mar" / "2017"
        return True
    return bool(_CONNECTOR_END.search(prev)) or prev.count("(") > prev.count(")")


def lead_continues(prev: str, text: str) -> bool:
    """Like :func:`continues`, and a lone word or two (``Assessment``, ``QA``) finishes a wrapped name."""
    if continues(prev, text):
        return True
    return bool(prev) and len(text.split()) <= 2 and not re.search(r"[/,&]", text)


@dataclass(frozen=True)
class Roles:
    """Column indexes of the fields the merged-cell logic needs."""

    ref: int | None
    action: int | None
    objective: int | None
    lead: int | None
    risk: int | None
    text_cols: tuple[int, ...]  # per-row prose columns that may run over a page break

    @classmethod
    def of(cls, fields: list[str | None]) -> Roles:
        def col(name: str) -> int | None:
            return fields.index(name) if name in fields else None

        prose = tuple(i for i, f in enumerate(fields) if f in ("measures", "update", "status", "timeframe"))
        return cls(col("ref"), col("action"), col("objective"), col("lead"), col("risk_ref"), prose)

    @property
    def keys(self) -> tuple[int, ...]:
        return tuple(c for c in (self.objective, self.lead, self.risk) if c is not None)


def row_ref(row: DraftRow, anchor: int | None) -> str | None:
    """Canonical ref starting the row's anchor cell."""
    if anchor is None or row.kind != "data":
        return None
    return split_ref(row.text(anchor))[1]


def find_anchor(rows: list[DraftRow], roles: Roles) -> int | None:
    """The column whose refs number the actions: the ref column, else a numbered action column."""
    data = [r for r in rows if r.kind == "data"]
    if roles.ref is not None and any(row_ref(r, roles.ref) for r in data):
        return roles.ref
    if roles.action is not None and data:
        numbered = sum(1 for r in data if row_ref(r, roles.action))
        if numbered >= len(data) / 2:
            return roles.action
    return None


def join_page_breaks(rows: list[DraftRow], roles: Roles, anchor: int | None) -> list[DraftRow]:
    """Fold text carried on from the row above (a row broken by a page break, a wrapped line) into it.

    A row without a ref whose every cell carries on the cell above it is
    joined whole. At the top of a page each cell that carries on the cell
    above is moved up (that cell then spans both rows); what is left stays a
    row of its own (a new step), or goes if nothing is left.
    """
    out: list[DraftRow] = []
    for r in rows:
        prev = out[-1] if out else None
        if r.kind != "data" or prev is None or prev.kind != "data":
            out.append(r)
            continue
        no_ref = row_ref(r, anchor) is None  # then text in the anchor column carries on its cell too
        carries = {
            c: (lead_continues if c == roles.lead else continues)(prev.text(c), t)
            for c, t in r.cells.items() if c != anchor or no_ref
        }
        if row_ref(r, anchor) is None and carries and all(carries.values()) and len(carries) == len(r.cells):
            for col, text in r.cells.items():
                prev.cells[col] = f"{prev.cells[col]} {text}"
            continue
        if r.first_on_page:
            new_action = row_ref(r, anchor) is not None
            moved = []
            for col in list(carries):
                above = _text_above(out, col)
                text = r.cells[col]
                # a short word under a lead is a new lead here, not a wrapped one; a new action only
                # takes over a cell from above when its text plainly runs on (lower case)
                if above is not None and (text[0].islower() if new_action else continues(above.text(col), text)):
                    above.cells[col] = f"{above.cells[col]} {r.cells.pop(col)}"
                    moved.append((above, col))
            if not r.cells:
                continue
            for above, col in moved:
                above.spans[col] = above.spans.get(col, 1) + out[::-1].index(above) + 1
        out.append(r)
    return out


def _text_above(out: list[DraftRow], col: int, reach: int = 3) -> DraftRow | None:
    """The nearest data row above with text in ``col``, if the rows between have none there."""
    for row in reversed(out[-reach:]):
        if row.kind != "data":
            return None
        if row.text(col):
            return row
    return None


# --- blocks ---------------------------------------------------------------------------------


def starts_cell(rows: list[DraftRow], i: int, col: int | None, lo: int, test=continues) -> bool:
    """Row ``i`` starts a new text in ``col`` (it does not carry on the row above)."""
    if col is None or not rows[i].text(col):
        return False
    return i <= lo or not test(rows[i - 1].text(col), rows[i].text(col))


def _label_groups(rows: list[DraftRow], seg: range, anchor: int) -> list[tuple[int, int]]:
    groups: list[tuple[int, int]] = []
    for i in seg:
        ref = row_ref(rows[i], anchor)
        if ref is None:
            continue
        if groups and groups[-1][1] == i - 1 and row_ref(rows[groups[-1][0]], anchor) == ref:
            groups[-1] = (groups[-1][0], i)  # the label printed again on the next line
        else:
            groups.append((i, i))
    return groups


def _head_start(rows, roles: Roles, seg: range, grp: tuple[int, int], prev: tuple[int, int], lb: int,
                block_cols: tuple[int, ...]) -> int:
    """First line of the block labelled on lines ``grp`` (see the module notes).

    Lines above the label belong to it when the label's own lines lack a
    cell its block must have and that cell starts above: the lead, the
    outcome text (the label line carries it on), or a cell merged per block
    and written at its top (``block_cols``) while the block above has its own.
    """
    a, b = grp
    page = rows[a].page
    label_rows = range(a, b + 1)
    start = a

    def nearest(test) -> int | None:
        return next((k for k in range(a - 1, lb - 1, -1) if test(k)), None)

    lead = roles.lead
    if lead is not None and not any(rows[i].text(lead) for i in label_rows):
        k = nearest(lambda k: starts_cell(rows, k, lead, seg.start, lead_continues))
        start = min(start, k) if k is not None else start
    elif lead is not None:  # a centred lead wrapped onto the lines just above the label
        k = a
        while k - 1 >= lb and rows[k - 1].text(lead) and rows[k - 1].page == page:
            k -= 1
        start = min(start, k)
    obj = roles.objective
    if obj is not None and not starts_cell(rows, a, obj, seg.start):
        k = nearest(lambda k: starts_cell(rows, k, obj, seg.start))
        start = min(start, k) if k is not None else start
    for col in block_cols:
        if any(rows[i].text(col) for i in label_rows):
            continue
        k = nearest(lambda k, col=col: bool(rows[k].text(col)))
        if k is not None and any(rows[i].text(col) for i in range(prev[0], k)):
            start = min(start, k)
    start = max(start, lb)
    while start < a and rows[start].page != page:
        start += 1
    return start


def label_blocks(rows: list[DraftRow], roles: Roles, anchor: int) -> list[tuple[int, int]]:
    """``(first, last)`` row index of each labelled block, segment by segment (headings split).

    A first pass finds which prose columns hold one text per block (merged
    per action, like a status written once at the block's top); the second
    pass uses them to find where blocks start.
    """
    segs = data_segments(rows)
    first = [blk for seg in segs for blk in _segment_blocks(rows, roles, anchor, seg, ())]
    block_cols = tuple(c for c in roles.text_cols if _one_per_block(rows, first, c))
    if not block_cols:
        return first
    return [blk for seg in segs for blk in _segment_blocks(rows, roles, anchor, seg, block_cols)]


def _one_per_block(rows, blocks: list[tuple[int, int]], col: int) -> bool:
    """Does the column hold at most one text per block (in blocks of several lines)?"""
    counts = [sum(1 for i in range(s, e + 1) if rows[i].text(col)) for s, e in blocks if e > s]
    used = [n for n in counts if n]
    return len(used) >= 3 and sum(1 for n in used if n > 1) <= ONE_PER_BLOCK_SHARE * len(used)


def _segment_blocks(rows, roles: Roles, anchor: int, seg: range, block_cols: tuple[int, ...]) -> list[tuple[int, int]]:
    groups = _label_groups(rows, seg, anchor)
    if not groups:
        return []
    starts = [seg.start] * len(groups)
    for g in range(len(groups) - 1, 0, -1):
        a, _ = groups[g]
        lb = groups[g - 1][1] + 1
        while lb < a and rows[lb].text(roles.objective) and not starts_cell(rows, lb, roles.objective, seg.start):
            lb += 1  # the outcome text of the block above carries on here
        starts[g] = _head_start(rows, roles, seg, groups[g], groups[g - 1], lb, block_cols)
    ends = [s - 1 for s in starts[1:]] + [seg.stop - 1]
    return list(zip(starts, ends))

def data_segments(rows: list[DraftRow]) -> list[range]:
    """Runs of consecutive data rows (heading rows end a merged cell)."""
    out, i = [], 0
    while i < len(rows):
        if rows[i].kind != "data":
            i += 1
            continue
        j = i
        while j < len(rows) and rows[j].kind == "data":
            j += 1
        out.append(range(i, j))
        i = j
    return out
