"""A ``pdftotext -layout`` table header: its labels' positions, wrapped label lines and month grid.

A header is found by its wording on one line (text runs separated by two or
more spaces); the lines under it finish labels cut by a wrap or give the month
grid (``23-Sep 24-Mar`` under ``Timeframe``). The labels' character positions
are where the body's cells are cut (:func:`plantables.extract.layout.reader.cut`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from plantables.vocabulary.fields import looks_like_period_label, match_field
from plantables.vocabulary.refs import split_ref

_RUN = re.compile(r"\S+(?: \S+)*")  # text separated by two or more spaces
#: how far (characters) a cell's text may start left or right of its header label
CUT_WINDOW = (3, 2)


@dataclass(frozen=True)
class LayoutColumn:
    x: int  # character column where the label (and the cells under it) start
    label: str
    group: str | None = None


def runs(line: str) -> list[tuple[int, str]]:
    """``(start, text)`` of the runs of a line separated by two or more spaces.

    Month labels set a single space apart (``23-Nov 23-Dec``) are runs of their own.
    """
    out: list[tuple[int, str]] = []
    for m in _RUN.finditer(line):
        words = list(re.finditer(r"\S+", m.group()))
        if len(words) > 1 and all(looks_like_period_label(w.group()) for w in words):
            out.extend((m.start() + w.start(), w.group()) for w in words)
        else:
            out.append((m.start(), m.group()))
    return out


def header_at(lines: list[str], i: int) -> tuple[list[LayoutColumn], int] | None:
    """Columns of a header starting on line ``i`` and the index after it, or ``None``."""
    from plantables.extract.text.header import is_header_cells

    first = runs(lines[i])
    if not is_header_cells([t for _, t in first]):
        return None
    labels: list[list[Any]] = [[x, t] for x, t in first]  # [position, label], labels grow with lines below
    months: list[tuple[int, str]] = []
    j = i + 1
    while j < len(lines) and j <= i + 3 and lines[j].strip():
        more = runs(lines[j])
        if not _continues_header(more, labels):
            break
        for x, t in more:
            if looks_like_period_label(t) and sum(looks_like_period_label(u) for _, u in more) >= 2:
                months.append((x, t))
            else:
                k = _label_under(labels, x)
                labels[k][1] = f"{labels[k][1]} {t}"
        j += 1
    return _with_months([LayoutColumn(int(x), str(t)) for x, t in labels], months), j


def _label_under(labels: list[list], x: int) -> int:
    k = 0
    for n, (lx, _) in enumerate(labels):
        if lx <= x + CUT_WINDOW[0]:
            k = n
    return k


def _continues_header(more: list[tuple[int, str]], labels: list[list]) -> bool:
    for x, t in more:
        if looks_like_period_label(t):
            continue
        if split_ref(t)[0] or len(t.split()) > 6:
            return False
        label = labels[_label_under(labels, x)][1]
        unfinished = match_field(label).field is None or re.search(r"\b(and|the|to|of|for)$|[(,]$", label)
        if not (unfinished or match_field(t).score >= 90):
            return False
    return True


def _with_months(cols: list[LayoutColumn], months: list[tuple[int, str]]) -> list[LayoutColumn]:
    """Month labels become columns of their own; the label over them (``Timeframe``) is their group."""
    if not months:
        return cols
    first = months[0][0]
    group_col = max((c for c in cols if c.x <= first + CUT_WINDOW[0]), key=lambda c: c.x, default=None)
    group = None
    if group_col is not None and match_field(group_col.label).field == "timeframe":
        group = group_col.label
        cols = [c for c in cols if c is not group_col]
    return sorted(cols + [LayoutColumn(x, t, group) for x, t in months], key=lambda c: c.x)


def header_tab_lines(cols: list[LayoutColumn]) -> list[str]:
    """The header as tab-separated lines: labels, then the month grid under its group label."""
    if not any(c.group for c in cols):
        return ["\t".join(c.label for c in cols)]
    top, grid, seen = [], [], False
    for c in cols:
        if c.group:
            top.append("" if seen else c.group)
            grid.append(c.label)
            seen = True
        else:
            top.append(c.label)
            grid.append("")
    return ["\t".join(top), "\t".join(grid)]
