"""The top of a page that continues a table in a part too small to be found as one.

A Word table broken over a page repeats its header on the new page; when only
the rest of one row follows (two lines of a long progress cell), the table
engine sees a one-row grid or three short lines and finds no table there, so
the text would end up as headings. :func:`continuation_fragment` recognises
the repeated header by the columns of the table the previous page ended with
and rebuilds the fragment as a table on those columns, so
:func:`~plantables.extract.pdf.stitch.stitch_pages` drops the header and joins
the broken row like any other continuation.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from statistics import median

from rapidfuzz import fuzz

from plantables.extract.model import Table
from plantables.extract.pdf.objects import Edge, Word
from plantables.extract.pdf.plan_columns import parted_at
from plantables.extract.pdf.plan_flow import TextLine, text_line, word_rows
from plantables.extract.pdf.stitch import header_only
from plantables.vocabulary.markup import BULLETS

#: the repeated header matches the previous table's header rows this well
#: (rapidfuzz ratio, 0-100; the engine's stitching uses the same measure)
HEADER_MATCH = 85.0
#: at most this many text lines form the repeated header
MAX_HEADER_LINES = 4
#: a vertical gap wider than this many line heights ends the broken row's rest
#: where no rule closes it
MAX_LINE_GAP = 1.0
#: a line set this much larger than the table under it is a heading, not a row's rest
HEADING_SIZE = 1.15

_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip().lower()


def _column_of(x: float, bounds: list[float]) -> int | None:
    for i in range(len(bounds) - 1):
        if bounds[i] <= x < bounds[i + 1]:
            return i
    return None


def _per_column(lines: list[TextLine], words: list[Word], bounds: list[float]) -> str:
    """The words on ``lines``, column by column (as the header reads in its cells)."""
    cols = [""] * (len(bounds) - 1)
    for w in words:
        col = _column_of((w["x0"] + w["x1"]) / 2, bounds)
        if col is not None and any(ln.bbox[1] - 0.5 <= w["top"] and w["bottom"] <= ln.bbox[3] + 0.5 for ln in lines):
            cols[col] = f"{cols[col]} {w['text']}"
    return " | ".join(_norm(t) for t in cols)


def header_text(table: Table) -> str:
    """The header rows of ``table``, column by column."""
    cols = [""] * len(table.columns)
    for row in table.rows:
        if row.kind != "header":
            break
        for c in row.cells:
            if c.col < len(cols):
                cols[c.col] = f"{cols[c.col]} {c.text}"
    return " | ".join(_norm(t) for t in cols)


def _repeated_header(lines: list[TextLine], words: list[Word], prev: Table, bounds: list[float]) -> int:
    """How many of the first ``lines`` repeat ``prev``'s header (0 when they do not)."""
    target = header_text(prev)
    if not target.replace("|", "").strip():
        return 0
    best, best_k = 0.0, 0
    for k in range(1, min(MAX_HEADER_LINES, len(lines)) + 1):
        score = fuzz.ratio(target, _per_column(lines[:k], words, bounds))
        if score > best:  # a tie keeps the shorter header: the next line is the broken row's
            best, best_k = score, k
    return best_k if best >= HEADER_MATCH else 0


def _row_bottom(first: TextLine, after: list[TextLine], h_rules: list[Edge], bounds: list[float]) -> float:
    """Bottom of the broken row's rest: the first rule across the table below its first line,
    else the last line before a wide gap."""
    width = bounds[-1] - bounds[0]
    covered: dict[int, float] = {}  # a rule drawn cell by cell is many segments at one height
    for e in h_rules:
        if e["top"] >= first.bbox[3] - 1:
            key = round(e["top"])
            covered[key] = covered.get(key, 0.0) + max(0.0, min(e["x1"], bounds[-1]) - max(e["x0"], bounds[0]))
    across = sorted(y for y, w in covered.items() if w >= 0.5 * width)
    if across:
        return min(e["top"] for e in h_rules if round(e["top"]) == across[0])
    bottom = first.bbox[3]
    for ln in after:
        if ln.bbox[1] - bottom > MAX_LINE_GAP * ln.size:
            break
        bottom = ln.bbox[3]
    return bottom


def _unheaded_rest(lines: list[TextLine], words: list[Word], bounds: list[float]) -> list[TextLine]:
    """The page's top lines when its first fills two columns or more of ``bounds``: a row whose
    header the page before printed alone (else nothing: a running header, a heading)."""
    if not lines:
        return []
    first = lines[0]
    cols = {_column_of((w["x0"] + w["x1"]) / 2, bounds) for w in words
            if first.bbox[1] - 0.5 <= w["top"] and w["bottom"] <= first.bbox[3] + 0.5}
    return lines if len(cols - {None}) >= 2 else []


def _in_columns(lines: list[TextLine], words: list[Word], bounds: list[float]) -> bool:
    """The first of ``lines`` holds words in two columns of ``bounds`` or more, none of them
    across a column bound: cells' text, not a paragraph's."""
    if not lines:
        return False
    first = lines[0]
    cols: list[int] = []
    on_line = sorted((w for w in words if first.bbox[1] - 0.5 <= w["top"] and w["bottom"] <= first.bbox[3] + 0.5),
                     key=lambda w: w["x0"])
    line_chars = [ch for w in on_line for ch in w.get("chars") or []]
    for i, w in enumerate(on_line):
        a, b = _column_of(w["x0"] + 1.0, bounds), _column_of(w["x1"] - 1.0, bounds)
        if a is None or a != b:
            return False
        # cells part their text by a gutter; a heading's words by a space, whatever the bounds (a
        # spreadsheet's cells may print a word space apart: then the gap straddles the bound, the
        # next word starting within a cell's padding of it)
        if cols and a != cols[-1] and w["x0"] - on_line[i - 1]["x1"] < w["bottom"] - w["top"] \
                and not parted_at(line_chars, [bounds[a]]):
            return False
        cols.append(a)
    return len(set(cols)) >= 2


def _listed_columns(table: Table) -> set[int]:
    """The columns whose cell in the table's last row holds a list (a line opening with a bullet)."""
    last = table.rows[-1] if table.rows else None
    return {c.col for c in last.cells if any(ln.strip()[:1] in BULLETS for ln in c.text.splitlines())} if last else set()


def _one_cells_rest(lines: list[TextLine], words: list[Word], bounds: list[float], prev: Table) -> int:
    """How many lines the page opens with that are the rest of one cell of ``prev``'s last row (0:
    none): lines close together (up to a gap wider than a line's, or a line reaching into another
    column: a title row) with words of one column of ``bounds`` only, the first going on in lower
    case (``partners``, the end of a step the page broke), or a list item in a column whose last
    cell holds a list (the next step), or set where that column's text starts (a cell's padding
    right of its bound, not at the table's left edge where headings and running headers start)
    under a cell holding text it does not repeat (WeasyPrint carries over a page the last lines of
    a tall cell alone; a merged cell Calc prints again on the new page repeats its text: no rest)."""
    if not lines:
        return 0
    column: int | None = None
    n = 0
    for k, ln in enumerate(lines):
        if k and ln.bbox[1] - lines[k - 1].bbox[3] > MAX_LINE_GAP * ln.size:
            break
        on_line = {(_column_of(w["x0"] + 1.0, bounds), _column_of(w["x1"] - 1.0, bounds)) for w in words
                   if ln.bbox[1] - 0.5 <= w["top"] and w["bottom"] <= ln.bbox[3] + 0.5}
        cols = {c for pair in on_line for c in pair}
        if len(cols) != 1 or None in cols or (column is not None and cols != {column}):
            break
        column = next(iter(cols))
        n = k + 1
    if not n or column is None:
        return 0
    first = lines[0].text
    if first[:1].islower():
        return n
    if first[:1] in BULLETS:
        return n if column in _listed_columns(prev) else 0
    last = next((r for r in reversed(prev.rows) if r.kind == "data"), None)
    cell = last.cell(column) if last is not None else None
    if cell is None or not cell.text.strip() or _norm(first) in _norm(cell.text):
        return 0
    x0 = min(w["x0"] for w in words if lines[0].bbox[1] - 0.5 <= w["top"] and w["bottom"] <= lines[0].bbox[3] + 0.5)
    return n if column > 0 and x0 - bounds[column] <= 2 * lines[0].size else 0


def _set_larger(line: TextLine, chars: list, found: list[Table]) -> bool:
    """The line is set larger than the text of the table under it: a heading over the next table
    (a row's rest is set at its table's type size, as the tables on the page are)."""
    box = next((t.bbox for t in found if t.bbox), None)
    if box is None:
        return False
    sizes = [c["size"] for c in chars if box[0] <= c["x0"] and c["x1"] <= box[2] and box[1] <= c["top"] <= box[3]
             and c.get("size")]
    return bool(sizes) and line.size > HEADING_SIZE * median(sizes)


def continuation_fragment(page, prev: Table, found: list[Table], settings) -> Table | None:
    """A table rebuilt from the top of ``page`` when it repeats ``prev``'s header above any found table.

    ``page`` is a :class:`~plantables.extract.pdf.page.PageContent`, ``prev``
    the last table of the page before (with column geometry), ``found`` the
    tables the engine found on ``page``. Returns a two-band table (header, rest
    of the broken row) on ``prev``'s columns, or None.
    """
    from plantables.extract.pdf.grid import GridCell, assign_chars, finish

    bounds = prev.column_bounds()
    # a header the page before left alone at its foot: the rows come unheaded
    lone = bool(prev.pages) and prev.pages[-1] < page.number and header_only(prev)
    # a piece of a table without its header (read apart from it) may only end with a cell's rest
    headed = lone or any(r.kind == "header" for r in prev.rows)
    if bounds is None:
        return None
    first_top = min((t.bbox[1] for t in found if t.bbox), default=page.height)
    below = (-math.inf, first_top + 1.0, math.inf, math.inf)  # words there end below first_top
    words = [
        w for w in page.page_words.beside([below])
        if w["bottom"] <= first_top and bounds[0] - 2 <= (w["x0"] + w["x1"]) / 2 <= bounds[-1] + 2
    ]
    lines = [text_line(row, page.number) for row in word_rows(words)]  # whole rows: a header is one line
    one_cell = 0  # lines of one cell's rest (:func:`_one_cells_rest`)
    if lone:
        head, rest = [], _unheaded_rest(lines, words, bounds)
    else:
        start, n_head = 0, 0
        for start in range(len(lines) if headed else 0):  # running header lines come first: try each start
            n_head = _repeated_header(lines[start:], words, prev, bounds)
            if n_head:
                break
        if not n_head:
            # no header repeated: the page may open with the rest of the row the page broke, its
            # words in the table's columns (a paragraph's run across them), or one cell's rest (then
            # the table need not have a header: one of several under the first one's)
            start = 0
            across = headed and _in_columns(lines, words, bounds)
            one_cell = 0 if across else _one_cells_rest(lines, words, bounds, prev)
            if not (prev.pages and prev.pages[-1] == page.number - 1 and (across or one_cell)) \
                    or _set_larger(lines[0], page.chars, found):
                return None
        head, rest = lines[start : start + n_head], lines[start + n_head :]
    if not rest:
        return None
    h_rules = [e for e in page.edges if e["orientation"] == "h"]
    bottom = _row_bottom(rest[0], rest[1:], h_rules, bounds) + 1
    if one_cell:  # the title row or heading after the cell's rest is no part of it
        bottom = min(bottom, rest[one_cell - 1].bbox[3] + 1)
    ys = [head[0].bbox[1] - 1, (head[-1].bbox[3] + rest[0].bbox[1]) / 2, bottom] if head else \
        [rest[0].bbox[1] - 1, bottom]
    cells = [
        GridCell(row=r, col=c, bbox=(bounds[c], ys[r], bounds[c + 1], ys[r + 1]))
        for r in range(len(ys) - 1) for c in range(len(bounds) - 1)
    ]
    if lone and not _in_columns(rest, words, bounds):
        # a row under a header left alone that runs across the columns (words a space apart over
        # a bound: an objective's title row), not cells: one cell across the table
        r = len(ys) - 2
        cells = [c for c in cells if c.row != r] + [
            GridCell(row=r, col=0, bbox=(bounds[0], ys[r], bounds[-1], ys[r + 1]), col_span=len(bounds) - 1)]
    assign_chars(cells, page.chars, bounds, ys)
    table = finish(cells, page, bounds, settings)
    if head:
        table.rows[0].kind = "header"
        for c in table.rows[0].cells:
            c.header = True
    table.columns = [replace(c, bbox=own.bbox) for c, own in zip(prev.columns, table.columns)]
    return table
