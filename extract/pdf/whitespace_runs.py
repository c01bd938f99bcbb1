"""Runs of text lines set in columns by white space alone: the lines of an unruled table.

A block of lines (no gap wider than ``max_row_gap`` line heights, none across a
table already found) is a table's text where lines of several chunks dominate;
running prose or a heading (a line set larger) cuts it. The lines of one chunk
that end a run go with it when they go on in one of its columns: a cell's last
lines (:func:`_tail`). A run between two rules, one of them the side of a zebra band's grid, is one
row of that table (:func:`row_between_bands`).
"""

from __future__ import annotations

from statistics import median

from plantables.extract.pdf.lines import Line, line_blocks
from plantables.extract.pdf.objects import Edge
from plantables.extract.pdf.settings import TableSettings
from plantables.extract.pdf.stacks import is_header_line, is_prose
from plantables.vocabulary.markup import BULLETS

BBox = tuple[float, float, float, float]


def whitespace_runs(lines: list[Line], settings: TableSettings, taken: list[BBox]) -> list[list[Line]]:
    """Parts of blocks where multi-chunk lines dominate (prose lines cut them)."""
    runs: list[list[Line]] = []
    for block in line_blocks(lines, settings.max_row_gap, taken):
        width = max(ln.x1 for ln in block) - min(ln.x0 for ln in block)
        current: list[Line] = []
        pending: list[Line] = []
        head: list[Line] | None = []  # the block's opening lines of one chunk, till its first run
        for line in block:
            if len(line.chunks) >= 2:
                if head:
                    current.extend(_rest_above(head, line))
                head = None
                current.extend(pending)
                pending = []
                current.append(line)
            elif current and not is_prose(line, width) and not _heading(line, current) and (
                    len(pending) < 3 or _goes_on(current, pending + [line])):
                pending.append(line)
            else:
                if current:
                    runs.append(current + _tail(current, pending))
                elif head is not None and len(line.chunks) == 1:
                    head.append(line)
                current, pending = [], []
        if current:
            runs.append(current + _tail(current, pending))
    return [r for r in runs if sum(len(ln.chunks) >= 2 for ln in r) >= settings.min_aligned_rows or _one_row(r)]


def _heading(line: Line, run: list[Line]) -> bool:
    """A line of one chunk set larger than the run's rows: a heading over what follows (the next
    section's title under a table), not a row of the table. A list item is none, though its mark
    be set larger than its words (a symbol font's bullet)."""
    return line.size > 1.1 * median(ln.size for ln in run) and line.text[:1] not in BULLETS


def _tail(run: list[Line], pending: list[Line]) -> list[Line]:
    """The lines of one chunk ending a run that go on in one of its inner columns (a cell's last
    lines, bullets under a title in the second column): each starts where the run's lines start
    a chunk other than their first. A line at the run's left edge (a heading or a note under the
    table) ends it, unless it is the first column's text going on."""
    starts = [c.x0 for ln in run if len(ln.chunks) >= 2 for c in ln.chunks[1:]]
    indents = _hanging_indents(run + pending, starts)
    out: list[Line] = []
    above = run[-1]
    for line in pending:
        tol = max(2.0, 0.3 * line.size)
        if not any(abs(line.x0 - x) <= tol for x in starts + indents) \
                and not _first_cell_goes_on(line, above, starts, run + out):
            break
        out.append(line)
        above = line
    return out


def _first_cell_goes_on(line: Line, above: Line, starts: list[float], run: list[Line]) -> bool:
    """A line at the run's left edge that is the first column's text going on: in lower case (a
    new record opens with a ref or a capital), as close under the line above as a cell's wrapped
    lines are, set in its size, starting where its first chunk does and ending before the second
    column starts (a note or heading under a table stands apart, or runs wider, or is set larger).

    A list in the first column (the steps under a title) goes on too: a line opening with the mark
    that the run's lines of one chunk in the first column (the lists of the rows above) open with (``•``),
    or in lower case starting where one of them starts (a list item's hanging indent): those
    lines tell where the column's lists are set."""
    tol = max(2.0, 0.3 * line.size)
    height = max(above.bottom - above.top, 1.0)
    if not (starts and line.x1 < min(starts) - tol and line.top - above.bottom <= 0.5 * height
            and abs(line.size - above.size) <= 0.1 * above.size):
        return False
    if line.text[:1].islower() and abs(line.x0 - above.x0) <= tol:
        return True
    # a list bullet right under the line above, where it starts: the steps under the last row's
    # title (a run opening after an objective row holds no list of its own to go by)
    if line.text[:1] in BULLETS and abs(line.x0 - above.x0) <= tol:
        return True
    # the first column's text in the run's lines (a line's first chunk, short of the second column)
    own = [ln.chunks[0] for ln in run + [above] if ln.chunks and ln.chunks[0].x1 < min(starts) - tol]
    # an item's wrapped line starts under its first word, right of the mark (a hanging indent)
    if line.text[:1].islower() and any(abs(line.x0 - c.words[1]["x0"]) <= tol for c in own
                                       if len(c.words) > 1 and _list_mark(c.words[0]["text"])):
        return True
    if not any(abs(line.x0 - c.x0) <= tol for c in own):
        return False
    mark = line.text[:1]
    return line.text[:1].islower() or (_list_mark(mark) and any(c.text[:1] == mark for c in own))


def _list_mark(text: str) -> bool:
    """One character, neither a letter, a digit nor a space: a list item's mark (``•``, ``-``, ``▪``)."""
    return len(text) == 1 and not text.isalnum() and not text.isspace()


#: at most this many lines of a cell's rest open a block above its first row
MAX_REST_ABOVE = 3


def _rest_above(head: list[Line], first: Line) -> list[Line]:
    """The block's opening lines of one chunk when they are the rest of a cell the page broke,
    over the run's first line: each in lower case (a sentence going on, no heading), starting where
    one of that line's inner chunks starts (a list item's hanging indent); else none."""
    if len(head) > MAX_REST_ABOVE:
        return []
    tol = max(2.0, 0.3 * first.size)
    starts = [c.x0 for c in first.chunks[1:]]
    ok = all(ln.text[:1].islower() and any(abs(ln.x0 - x) <= tol for x in starts) for ln in head)
    return head if ok else []


def _goes_on(run: list[Line], lines: list[Line]) -> bool:
    """Lines of one chunk each start where the run's lines start an inner chunk, or stay left of
    all of them: the rest of a cell (a list under a title) in the run's columns."""
    starts = [c.x0 for ln in run if len(ln.chunks) >= 2 for c in ln.chunks[1:]] or [float("-inf")]
    indents = _hanging_indents(run + lines, starts)
    tol = max(2.0, 0.3 * lines[0].size)
    return all(ln.x1 < min(starts) - tol or any(abs(ln.x0 - x) <= tol for x in starts + indents) for ln in lines)


def _hanging_indents(lines: list[Line], starts: list[float]) -> list[float]:
    """Where the words of list items start in the run's inner columns: a line's chunk that starts
    where a column does with a mark (``•``, ``-``) before its first word; the item's wrapped lines
    start under that word (a hanging indent), not at the column's edge."""
    out = []
    for ln in lines:
        for c in ln.chunks:
            words = c.words
            if len(words) > 1 and _list_mark(words[0]["text"]) \
                    and any(abs(c.x0 - x) <= max(2.0, 0.3 * ln.size) for x in starts):
                out.append(words[1]["x0"])
    return out


#: a line of this many cells or more is a table's row, with a second line sharing its columns
ROW_CELLS = 4


def _one_row(run: list[Line]) -> bool:
    """A record standing alone (a row the page broke, or set apart by white space): a line of many
    chunks, and another line whose chunks all start where some of its chunks do (its cells wrapped;
    one chunk must start where an inner one does: a paragraph under a line starts at its left).
    A chunk may start at a word inside one of them: two cells printed a word space apart are one
    chunk on the line where both are full."""
    wide = max(run, key=lambda ln: len(ln.chunks))
    if len(wide.chunks) < ROW_CELLS:
        return False
    tol = max(2.0, 0.3 * wide.size)
    starts = [w["x0"] for c in wide.chunks for w in c.words]
    # (a header's wrapped label is no sign of a row: a header line stands over its table's rows)
    inner = [c.x0 for c in wide.chunks[1:]] if not is_header_line(wide) else []
    return any(ln is not wide and all(any(abs(c.x0 - x) <= tol for x in (starts if len(ln.chunks) > 1 else inner))
                                      for c in ln.chunks) for ln in run)


def row_between_bands(box: BBox, h_edges: list[Edge], grids: list[BBox], size: float) -> list[Edge]:
    """The rules right over and under lines set by white space, across their width, one of them
    a side of a grid of the same width (a white row between a zebra table's shaded bands, each band
    a grid of its own): the row's borders, which make its lines one row (a title's bullets under
    it are no rows of their own). Else none."""
    x0, top, x1, bottom = box

    def across(e: Edge) -> bool:
        return e["x0"] <= x0 + 2 and e["x1"] >= x1 - 2

    over = [e for e in h_edges if across(e) and top - size <= e["top"] <= top + 0.5]
    under = [e for e in h_edges if across(e) and bottom - 0.5 <= e["top"] <= bottom + size]
    if not over or not under:
        return []
    upper, lower = max(over, key=lambda e: e["top"]), min(under, key=lambda e: e["top"])
    banded = any(abs(g[0] - upper["x0"]) <= 3 and abs(g[2] - upper["x1"]) <= 3
                 and (abs(g[3] - upper["top"]) <= 2 or abs(g[1] - lower["top"]) <= 2) for g in grids)
    return [upper, lower] if banded else []
