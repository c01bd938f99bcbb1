"""Cell boxes -> a grid with spans, text, fills and header rows -> model.Table.

Shared by the three cell finders (ruled, text-aligned, tags): each produces
cell boxes; this module places them on a grid (a box spanning several row or
column bands is one merged cell), fills in text and shading, and marks
header rows.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import repeat
from operator import contains, itemgetter
from typing import Any, cast

from plantables.extract.model import MARK_GLYPHS, Cell, Column, Row, RowKind, Run, Table
from plantables.extract.pdf.celltext import chars_text, text_colour
from plantables.extract.pdf.celltext import joined_lines as joined_lines  # imported from here (hybrid)
from plantables.extract.pdf.grid_header import mark_header_rows
from plantables.extract.pdf.objects import Char, Rect, Word, round2
from plantables.extract.pdf.settings import TableSettings
from plantables.extract.pdf.text import chars_to_words, group_lines

BBox = tuple[float, float, float, float]
_X0, _X1, _TEXT, _BOLD = itemgetter("x0"), itemgetter("x1"), itemgetter("text"), itemgetter("bold")


@dataclass
class GridCell:
    row: int
    col: int
    bbox: BBox
    row_span: int = 1
    col_span: int = 1
    text: str = ""
    fill: str | None = None
    header: bool = False
    chars: list[Char] = field(default_factory=list, repr=False)
    # words of ``chars``, made once and shared by the checks and the text (see cell_words)
    _words: tuple | None = field(default=None, repr=False, compare=False)
    # and their lines (see cell_lines)
    _lines: tuple | None = field(default=None, repr=False, compare=False)


def rounded(box: BBox) -> BBox:
    """A box to 2 decimals (what the model stores)."""
    return round2(box[0]), round2(box[1]), round2(box[2]), round2(box[3])


def cell_words(cell: GridCell, settings: TableSettings) -> list[Word]:
    """``chars_to_words`` of the cell's chars, computed once per cell and settings."""
    key = (len(cell.chars), settings.word_gap_em, settings.line_overlap)
    if cell._words is None or cell._words[0] != key:
        cell._words = (key, chars_to_words(cell.chars, settings.word_gap_em, settings.line_overlap))
    return cell._words[1]


def cell_lines(cell: GridCell, settings: TableSettings) -> list[list[Word]]:
    """``group_lines`` of the cell's upright words (:func:`cell_words`), computed once per cell and settings.

    The lines must not be changed: the open-grid test and the cell's text share them.
    """
    key = (len(cell.chars), settings.word_gap_em, settings.line_overlap)
    if cell._lines is None or cell._lines[0] != key:
        upright = [w for w in cell_words(cell, settings) if w["upright"]]
        cell._lines = (key, group_lines(upright, settings.line_overlap))
    return cell._lines[1]


def cluster_positions(values: list[float], tolerance: float = 1.0) -> list[float]:
    """Sorted distinct positions, merging values closer than ``tolerance`` (their mean)."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tolerance:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(group) / len(group) for group in out]


def _index(bounds: list[float], value: float) -> int:
    """Index of the boundary nearest to ``value``."""
    i = bisect_right(bounds, value)
    if i == 0:
        return 0
    if i == len(bounds):
        return len(bounds) - 1
    return i if bounds[i] - value < value - bounds[i - 1] else i - 1


def place_boxes(boxes: list[BBox], tolerance: float = 1.0) -> tuple[list[GridCell], list[float], list[float]]:
    """Place cell boxes on the grid of all their edges; spans count the bands covered."""
    xs = cluster_positions([b[0] for b in boxes] + [b[2] for b in boxes], tolerance)
    ys = cluster_positions([b[1] for b in boxes] + [b[3] for b in boxes], tolerance)
    cells = []
    for b in boxes:
        c0, c1 = _index(xs, b[0]), _index(xs, b[2])
        r0, r1 = _index(ys, b[1]), _index(ys, b[3])
        if c1 <= c0 or r1 <= r0:
            continue
        cells.append(GridCell(row=r0, col=c0, bbox=b, row_span=r1 - r0, col_span=c1 - c0))
    cells.sort(key=lambda c: (c.row, c.col))
    return cells, xs, ys


def assign_chars(cells: list[GridCell], chars: list[Char], xs: list[float], ys: list[float]) -> None:
    """Give each char to the cell whose grid slot holds its centre (cells do not overlap)."""
    centre_x = [(c["x0"] + c["x1"]) / 2 for c in chars]
    centre_y = [(c["top"] + c["bottom"]) / 2 for c in chars]
    assign_centred(cells, chars, centre_x, centre_y, range(len(chars)), xs, ys)


def assign_centred(cells: list[GridCell], chars: list[Char], centre_x: list[float], centre_y: list[float],
                   ids: Iterable[int], xs: list[float], ys: list[float]) -> None:
    """:func:`assign_chars` of ``chars[i]`` for ``i`` in ``ids``, whose centres are already known."""
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    if n_rows < 1 or n_cols < 1:
        return
    last_row, last_col = n_rows - 1, n_cols - 1
    slots: list[GridCell | None] = [None] * (n_rows * n_cols)  # row-major grid slots
    for cell in cells:
        for r in range(max(cell.row, 0), min(cell.row + cell.row_span, n_rows)):
            for c in range(max(cell.col, 0), min(cell.col + cell.col_span, n_cols)):
                slots[r * n_cols + c] = cell
    left, right, top, bottom = xs[0], xs[-1], ys[0], ys[-1]
    # the band of the last char's slot: the chars of a cell come one after another, so the usual
    # char lies in the same band as the one before it and needs no bisection (an empty band at first)
    x_lo = x_hi = y_lo = y_hi = 0.0
    slot: GridCell | None = None
    for i in ids:
        x, y = centre_x[i], centre_y[i]
        if not (x_lo <= x < x_hi and y_lo <= y < y_hi):
            if not (left <= x <= right and top <= y <= bottom):
                continue
            col = bisect_right(xs, x) - 1
            row = bisect_right(ys, y) - 1
            col, row = (col if col < last_col else last_col), (row if row < last_row else last_row)
            slot = slots[row * n_cols + col]
            # the band in which bisect_right gives the same slot (x at the right side is clamped: left out)
            x_lo, x_hi, y_lo, y_hi = xs[col], xs[col + 1], ys[row], ys[row + 1]
        if slot is not None:
            slot.chars.append(chars[i])


class CentreIndex:
    """A page's chars by the middle of their boxes: the chars centred in a box without a scan of the page.

    Grids ask for their chars once each; the index is sorted by vertical
    middle, so a box costs a bisection and a pass over its own band of lines.
    """

    def __init__(self, chars: list[Char]) -> None:
        self.chars = chars
        self.x = [(c["x0"] + c["x1"]) / 2 for c in chars]
        self.y = [(c["top"] + c["bottom"]) / 2 for c in chars]
        self._order = sorted(range(len(chars)), key=self.y.__getitem__)
        self._ys = [self.y[i] for i in self._order]
        #: the leftmost and rightmost centre
        self.x_min, self.x_max = (min(self.x), max(self.x)) if chars else (float("inf"), float("-inf"))

    def centred_in(self, bbox: BBox) -> list[int]:
        """Indexes (in page order) of the chars whose centre lies in ``bbox``, edges included."""
        x0, top, x1, bottom = bbox
        band = self._order[bisect_left(self._ys, top) : bisect_right(self._ys, bottom)]
        band.sort()
        xs = self.x
        return [i for i in band if x0 <= xs[i] <= x1]


def _styled(cell: GridCell) -> tuple[bool, tuple[Run, ...]]:
    """``(bold, runs)`` of a cell: bold when all its words are; when only some are, its text as
    runs of words of one weight (a bold title over its steps, a bold status opening an update).
    Only when the text is the words it was made of (no word joined across lines)."""
    made = cell._lines
    if made is None or not cell.text:
        return False, ()
    lines = made[1]
    weights = [w["bold"] for line in lines for w in line]
    if not any(weights) or len(lines) != cell.text.count("\n") + 1:
        return False, ()
    if all(weights):
        return True, ()
    runs: list[Run] = []
    text, bold = "", weights[0]
    for k, line in enumerate(lines):
        for j, w in enumerate(line):
            piece = f" {w['text']}" if j else w["text"]
            if w["bold"] != bold:
                runs.append(Run(text, bold=bold))
                text, bold = "", w["bold"]
            text += piece
        if k < len(lines) - 1:
            text += "\n"
    runs.append(Run(text, bold=bold))
    if "".join(r.text for r in runs) != cell.text:
        return False, ()
    return False, tuple(runs)


def _style_fields(cell: GridCell) -> dict[str, Any]:
    bold, runs = _styled(cell)
    return {"bold": bold, "runs": runs} if bold or runs else {}


def merge_down(upper: GridCell, lower: GridCell, owner: dict[tuple[int, int], GridCell]) -> None:
    """``lower`` becomes part of the cell above it: its text and chars join ``upper``, which spans its
    rows, and every slot ``lower`` covered in ``owner`` (row, column → cell) is ``upper``'s."""
    upper.text = "\n".join(t for t in (upper.text, lower.text) if t)
    upper.chars += lower.chars
    upper.row_span += lower.row_span
    upper.bbox = (upper.bbox[0], upper.bbox[1], upper.bbox[2], lower.bbox[3])
    for k in range(lower.col, lower.col + lower.col_span):
        for rr in range(lower.row, lower.row + lower.row_span):
            owner[(rr, k)] = upper


def cell_fill(bbox: BBox, rects: list[Rect], rule_max_thickness: float) -> str | None:
    """Colour of the filled rectangle seen over most of the cell (None if white or none).

    ``rects`` in paint order: the last painted colour covering at least half the cell is on top
    of every earlier one there, so it is what shows (a page-sized white background painted first
    never hides the cell's own shading). A colour may cover it in several rectangles, each its
    full height, together nearly all of it (two months' marks in a cell spanning both)."""
    x0, top, x1, bottom = bbox
    half = 0.5 * max((x1 - x0) * (bottom - top), 1e-6)
    covered: dict[str, float] = {}
    for r in reversed(rects):
        fill = r["fill"]
        if fill is None or r["bottom"] - r["top"] <= rule_max_thickness or r["x1"] - r["x0"] <= rule_max_thickness:
            continue
        w = min(x1, r["x1"]) - max(x0, r["x0"])
        h = min(bottom, r["bottom"]) - max(top, r["top"])
        if w <= 0 or h <= 0:
            continue
        if w * h >= half:
            return None if fill == "#FFFFFF" else fill
        if h >= 0.8 * (bottom - top):  # a part of the cell's width, its whole height
            covered[fill] = covered.get(fill, 0.0) + w * h
            if covered[fill] >= 1.6 * half:  # pieces covering nearly all of it, not some marks in it
                return None if fill == "#FFFFFF" else fill
    return None


def mark_colour(chars: list[Char]) -> str | None:
    """The colour of the mark glyphs that are a cell's only text (a RAG dot), when one colour and
    neither black nor white (a plain bullet or tick says no colour)."""
    if MARK_GLYPHS.isdisjoint(map(_TEXT, chars)):
        return None  # the usual cell: no mark, so none of its glyphs is one (a C-level pass)
    glyphs = [ch for ch in chars if not ch["text"].isspace()]
    if not glyphs or any(ch["text"] not in MARK_GLYPHS for ch in glyphs):
        return None
    colours = {ch.get("colour") for ch in glyphs}
    colour = colours.pop() if len(colours) == 1 else None
    return colour if colour not in (None, "#000000", "#FFFFFF") else None


def box_of(cells: list[GridCell]) -> BBox:
    """The box around some cells."""
    return (
        min(c.bbox[0] for c in cells),
        min(c.bbox[1] for c in cells),
        max(c.bbox[2] for c in cells),
        max(c.bbox[3] for c in cells),
    )


def _nothing(chars: list[Char]) -> None:
    return None


def ocr_confidence(chars: list[Char]) -> float | None:
    """Mean recogniser confidence of OCR'd chars (``conf``); None for a text layer's chars."""
    if not any(map(contains, chars, repeat("conf"))):
        return None  # a text layer's cell (a C-level pass)
    confs = [ch["conf"] for ch in chars if "conf" in ch and not ch["text"].isspace()]
    return round(sum(confs) / len(confs), 4) if confs else None


def _lone_title(row_cells: list[GridCell], n_cols: int, xs: list[float]) -> bool:
    """The row's only text is one cell from the first column whose ink reaches past the middle of
    the table (the rest of the row empty): a group label over month or quarter cells starts
    further right, a label of the first column ends inside it."""
    texts = [c for c in row_cells if c.text.strip()]
    if n_cols < 3 or len(texts) != 1 or texts[0].col != 0 or len(xs) < 2:
        return False
    right = max([ch["x1"] for ch in texts[0].chars if ch["text"].strip()] + [texts[0].bbox[2]])
    # or its cell spans three columns or more from the first: no label of the first column does
    return right > (xs[0] + xs[-1]) / 2 or texts[0].col_span >= 3


def to_table(cells: list[GridCell], page: int, xs: list[float], coloured: bool = True, recognised: bool = True,
             ) -> Table:
    """The model Table of placed cells; header rows give the column labels. ``coloured`` and
    ``recognised``: whether the page has chars in a colour of their own, chars read by OCR (where it
    has none, no cell's chars are searched for them)."""
    confidence = ocr_confidence if recognised else _nothing
    colour = text_colour if coloured else _nothing
    n_cols = max((c.col + c.col_span for c in cells), default=0)
    rows: dict[int, list[GridCell]] = {}
    for c in cells:
        rows.setdefault(c.row, []).append(c)
    bbox = box_of(cells)
    columns = _columns(cells, n_cols, xs, bbox)
    table_rows = []
    for r in sorted(rows):
        row_cells = sorted(rows[r], key=lambda c: c.col)
        kind = "data"
        if _lone_title(row_cells, n_cols, xs):
            # one text from the table's left edge over most of its width, styled or not: a title
            # row ("Objective 3.2: …" opening a page), never a header of columns
            kind = "heading"
        elif all(c.header for c in row_cells):
            kind = "header"
        elif n_cols > 2 and len(row_cells) <= 2 and any(c.col_span >= n_cols - 1 for c in row_cells):
            kind = "heading"  # a section title across the table (maybe after its number)
        table_rows.append(Row(
            cells=[Cell(col=c.col, text=c.text, row_span=c.row_span, col_span=c.col_span, page=page,
                        bbox=rounded(c.bbox), fill=c.fill, header=c.header, **_style_fields(c),
                        confidence=confidence(c.chars), colour=colour(c.chars)) for c in row_cells],
            page=page, kind=cast(RowKind, kind)))
    # rows of the grid with no cell starting in them are covered by row spans:
    # keep them as empty rows so row_span counts stay true
    present = sorted(rows)
    full: list[Row] = []
    if present:
        by_index = dict(zip(present, table_rows))
        for r in range(present[0], present[-1] + 1):
            full.append(by_index.get(r) or Row(cells=[], page=page))
    return Table(columns=columns, rows=full, pages=[page], bbox=rounded(bbox))


def _columns(cells: list[GridCell], n_cols: int, xs: list[float], bbox: BBox) -> list[Column]:
    header = [c for c in cells if c.header]
    columns = []
    for i in range(n_cols):
        over = sorted((c for c in header if c.col <= i < c.col + c.col_span), key=lambda c: c.row)
        own = [c.text for c in over if c.col_span == 1 or c is over[-1]]
        group = next((c.text for c in over if c.col_span > 1 and c is not over[-1]), None)
        label = " ".join(t for t in own if t and t != group).strip()
        box = (round2(xs[i]), bbox[1], round2(xs[i + 1]), bbox[3]) if i + 1 < len(xs) else None
        columns.append(Column(index=i, label=label, group=group or None, bbox=box))
    return columns


def join_overflow(cells: list[GridCell]) -> list[GridCell]:
    """A spreadsheet prints a cell's text on over the empty cells right of it, through their rule:
    a cell whose only text is one line going on from its left neighbour's last word, with no gap
    (a glyph over the rule: 'disa|bilities'), is that cell's overflow; the two are one cell there."""
    at = {(c.row, c.col): c for c in cells}
    gone: set[int] = set()
    for left in cells:
        while not left.text and left.chars:
            right = at.get((left.row, left.col + left.col_span))
            if right is None or right.text or not right.chars or right.row_span != left.row_span:
                break
            first = min(right.chars, key=_X0)
            if first["x0"] - max(map(_X1, left.chars)) > 0.05 * first["size"]:
                break  # a gap from all the left text, so from its line's last char too (below): the usual cell
            line = [ch for ch in left.chars if abs(ch["top"] - first["top"]) < 0.5 * first["size"]]
            if not line or any(abs(ch["top"] - first["top"]) >= 0.5 * first["size"] for ch in right.chars):
                break
            last = max(line, key=_X1)
            if first["x0"] - last["x1"] > 0.05 * first["size"] or not (last["text"] + first["text"]).isalnum():
                break  # a gap or a space between them: the right cell's own text, cut short or not
            left.chars += right.chars
            left.bbox = (left.bbox[0], left.bbox[1], right.bbox[2], left.bbox[3])
            left.col_span += right.col_span
            left._words = left._lines = None
            gone.add(id(right))
            del at[(right.row, right.col)]
    return [c for c in cells if id(c) not in gone] if gone else cells


def finish(cells: list[GridCell], page, xs: list[float], settings: TableSettings) -> Table:
    """Text, fills and header flags for placed cells, then the model Table."""
    cells = join_overflow(cells)
    thin = settings.rule_max_thickness
    # only shading can fill a cell: look through those rects (in paint order), not every border
    shades = [r for r in page.rects
              if r["fill"] is not None and r["bottom"] - r["top"] > thin and r["x1"] - r["x0"] > thin]
    # a row of cells shares its top and bottom: the shading across that band is found once for the row
    bands: dict[tuple[float, float], list[Rect]] = {}
    for c in cells:
        if not c.text:
            c.text = chars_text(c.chars, settings, cell_words(c, settings), (c.bbox[0], c.bbox[2]),
                                cell_lines(c, settings)) if c.chars else ""
        elif c.chars and (c._lines is not None or any(map(_BOLD, c.chars))):
            # text made elsewhere: its words' weights still give the runs, when they make it (_styled);
            # with no bold char no word is bold and there are no runs, so the lines need not be made
            cell_lines(c, settings)
        top, bottom = c.bbox[1], c.bbox[3]
        band = bands.get((top, bottom))
        if band is None:
            band = bands[top, bottom] = [r for r in shades if r["top"] < bottom and r["bottom"] > top]
        c.fill = (cell_fill(c.bbox, band, thin) if band else None) or mark_colour(c.chars)
    mark_header_rows(cells)
    return to_table(cells, page.number, xs, page.coloured_chars, page.recognised_chars)
