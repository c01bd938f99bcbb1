"""Emit a flattened table's model rows: each merged cell placed once, in the row where it starts.

:mod:`plantables.extract.text.blocks` decides which lines one tall cell spans
(label blocks, cells that run down until the next); this module writes the
cells: a block's objective and lead text joined without what the export wrote
twice, running outcome/risk/lead cells spanning down to the next one, the rest
of each line's cells as they are.
"""

from __future__ import annotations

from plantables.extract.model import Cell, Row
from plantables.extract.text.blocks import (
    BLOCK_SHARE,
    Roles,
    data_segments,
    label_blocks,
    lead_continues,
    row_ref,
    starts_cell,
)
from plantables.extract.text.rows import DraftRow
from plantables.vocabulary.refs import split_ref


def _runs(rows, idx: list[int], col: int, test) -> list[tuple[int, str]]:
    """``(first row, joined text)`` of each run of text in ``col`` over the rows ``idx``."""
    runs: list[tuple[int, str]] = []
    prev_i = None
    for i in idx:
        text = rows[i].text(col)
        if not text:
            continue
        if runs and prev_i == i - 1 and test(rows[prev_i].text(col), text):
            runs[-1] = (runs[-1][0], f"{runs[-1][1]} {text}")
        else:
            runs.append((i, text))
        prev_i = i
    return runs


def join_overlapping(texts: list[str]) -> str:
    """Join a merged cell's lines, dropping what the export wrote twice.

    A line already contained in the text so far (three words or more) is
    dropped; a line starting with the last words of the text so far (three or
    more) is joined on them (``… threshold for a`` + ``threshold for a referral …``).
    """
    out = ""
    for t in texts:
        if not out:
            out = t
            continue
        tw = t.split()
        if len(tw) >= 3 and t in out:
            continue
        ow = out.split()
        n = next((n for n in range(min(len(ow), len(tw)), 2, -1) if ow[-n:] == tw[:n]), 0)
        out = " ".join(ow + tw[n:]) if n else f"{out} {t}"
    return out


def _place(grid: dict[int, dict[int, tuple[str, int]]], row: int, col: int, text: str, span: int) -> None:
    grid.setdefault(row, {})[col] = (text, max(1, span))


def merged_cells(rows: list[DraftRow], roles: Roles, anchor: int | None) -> dict[int, dict[int, tuple[str, int]]]:
    """Row index → column → ``(text, row_span)`` with merged cells placed where they start."""
    grid: dict[int, dict[int, tuple[str, int]]] = {}
    handled: set[int] = set()
    data = [i for i, r in enumerate(rows) if r.kind == "data"]
    missing = sum(1 for i in data if row_ref(rows[i], anchor) is None)
    if anchor is not None and anchor == roles.ref and missing >= BLOCK_SHARE * len(data):
        handled = {c for c in (roles.ref, roles.objective, roles.lead) if c is not None}
        for s, e in label_blocks(rows, roles, anchor):
            _emit_block(rows, roles, anchor, grid, s, e)
    else:
        handled = _emit_running(rows, roles, grid)
    for i in data:
        for col, text in rows[i].cells.items():
            if col not in handled:
                _place(grid, i, col, text, rows[i].spans.get(col, 1))
    return grid


def _emit_block(rows, roles: Roles, anchor: int, grid, s: int, e: int) -> None:
    idx = list(range(s, e + 1))
    n = e - s + 1
    label = next(rows[i].text(anchor) for i in idx if row_ref(rows[i], anchor))
    _place(grid, s, anchor, label, n)
    if roles.objective is not None:
        text = join_overlapping([rows[i].text(roles.objective) for i in idx if rows[i].text(roles.objective)])
        if text:
            _place(grid, s, roles.objective, text, n)
    if roles.lead is not None:
        runs = _runs(rows, idx, roles.lead, lead_continues)
        label_at = next(i for i in idx if row_ref(rows[i], anchor))
        while len(runs) > 1 and runs[1][0] <= label_at:
            # lead lines above the label are the top of a lead centred beside it (see _head_start):
            # one cell with the label row's lead, wherever its name wrapped
            runs[:2] = [(runs[0][0], join_overlapping([runs[0][1], runs[1][1]]))]
        for k, (start, text) in enumerate(runs):
            first = s if k == 0 else start
            end = runs[k + 1][0] - 1 if k + 1 < len(runs) else e
            _place(grid, first, roles.lead, text, end - first + 1)


def _emit_running(rows, roles: Roles, grid) -> set[int]:
    """Rows layout: outcome, risk and lead cells run down until the next one (see module notes)."""
    handled: set[int] = set()
    obj_spans: list[tuple[int, int]] = []
    segments = data_segments(rows)
    if roles.objective is not None:
        handled.add(roles.objective)
        numbered = _numbered(rows, roles.objective)
        for seg in segments:
            starts: list[tuple[int, str]] = []
            for i in seg:
                text = rows[i].text(roles.objective)
                if not text:
                    continue
                is_start = split_ref(text)[0] is not None if numbered else starts_cell(rows, i, roles.objective, seg.start)
                if is_start or not starts:
                    starts.append((i, text))
                else:
                    starts[-1] = (starts[-1][0], f"{starts[-1][1]} {text}")
            for k, (i, text) in enumerate(starts):
                end = starts[k + 1][0] - 1 if k + 1 < len(starts) else seg.stop - 1
                _place(grid, i, roles.objective, text, end - i + 1)
                obj_spans.append((i, end))
    for col in (roles.risk, roles.lead):
        if col is None:
            continue
        handled.add(col)
        for seg in segments:
            firsts = [i for i in seg if rows[i].text(col)]
            for k, i in enumerate(firsts):
                end = firsts[k + 1] - 1 if k + 1 < len(firsts) else seg.stop - 1
                end = min([end] + [oe for os_, oe in obj_spans if os_ <= i <= oe])
                _place(grid, i, col, rows[i].text(col), end - i + 1)
    return handled



def _numbered(rows: list[DraftRow], col: int) -> bool:
    texts = [r.text(col) for r in rows if r.kind == "data" and r.text(col)]
    return bool(texts) and sum(1 for t in texts if split_ref(t)[0]) >= len(texts) / 2


def to_model_rows(rows: list[DraftRow], roles: Roles, anchor: int | None, ncols: int) -> list[Row]:
    """Draft rows → :class:`Row` objects with merged cells in the row where they start."""
    grid = merged_cells(rows, roles, anchor)
    out = []
    for i, r in enumerate(rows):
        if r.kind == "heading":
            out.append(Row([Cell(0, r.text(0), col_span=ncols, page=r.page)], r.page, "heading", r.line))
            continue
        cells = [Cell(col, text, row_span=span, page=r.page) for col, (text, span) in sorted(grid.get(i, {}).items())]
        out.append(Row(cells, r.page, "data", r.line))
    return out
