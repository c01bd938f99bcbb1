"""Text lines cut into chunks at wide gaps: the raw material of text-aligned tables."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from plantables.extract.pdf.objects import Edge, Rect, Word
from plantables.extract.pdf.text import PageWords, group_lines
from plantables.vocabulary.markup import BULLETS

BBox = tuple[float, float, float, float]

#: a table's caption ("Table 2:", "Exhibit 9"), a figure's, and a note under a table
CAPTION = re.compile(r"^(?:Table|Tab\.|Figure|Fig\.|Chart|Graph|Exhibit|Box)\s*[A-Z]?[\d.\-–]*\d", re.I)
FIGURE = re.compile(r"^(?:Figure|Fig\.|Chart|Graph)\s*[A-Z]?[\d.\-–]*\d", re.I)
NOTE = re.compile(r"^(?:Sources?|Notes?|NB|N\.B\.|Footnotes?|Source and notes?)\s*[:.]|^\(?\*+\)?\s|^\(:\)", re.I)


@dataclass
class Chunk:
    """Words of one line separated from their neighbours by a wide gap."""

    words: list[Word]
    x0: float
    x1: float
    top: float
    bottom: float

    # made once, when first read: a chunk's words never change (splitting makes new chunks)
    # and rows read the text many times, while chunks of prose outside tables are never read;
    # an init field (never passed) because mypyc leaves an init=False field unset
    _text: str | None = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = " ".join([w["text"] for w in self.words])
        return self._text


@dataclass
class Line:
    chunks: list[Chunk]
    top: float
    bottom: float
    size: float

    @property
    def x0(self) -> float:
        return self.chunks[0].x0

    @property
    def x1(self) -> float:
        return self.chunks[-1].x1

    @property
    def words(self) -> list[Word]:
        return [w for c in self.chunks for w in c.words]

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.chunks)


def make_chunk(words: list[Word]) -> Chunk:
    first = words[0]
    x0, x1, top, bottom = first["x0"], first["x1"], first["top"], first["bottom"]
    for w in words:  # one pass: chunks are made for every line of every aligned region
        if w["x0"] < x0:
            x0 = w["x0"]
        if w["x1"] > x1:
            x1 = w["x1"]
        if w["top"] < top:
            top = w["top"]
        if w["bottom"] > bottom:
            bottom = w["bottom"]
    return Chunk(words, x0, x1, top, bottom)


def split_chunks(words: list[Word], gap_em: float) -> list[Chunk]:
    """Cut a line's words (left to right) wherever the gap exceeds ``gap_em`` font sizes."""
    out: list[list[Word]] = []
    prev = None
    for w in words:
        if prev is not None:
            size = prev["size"] if prev["size"] >= w["size"] else w["size"]
            if size < 1.0:
                size = 1.0
            if w["x0"] - prev["x1"] <= gap_em * size:
                out[-1].append(w)
                prev = w
                continue
        out.append([w])
        prev = w
    return [make_chunk(ws) for ws in out]


#: words that are a bullet glyph alone
_BULLET_GLYPHS = frozenset(BULLETS)


def text_lines(words: list[Word], gap_em: float, overlap: float = 0.5) -> list[Line]:
    """Upright words grouped into lines (top to bottom), each cut into chunks."""
    lines = []
    for ws in group_lines([w for w in words if w.get("upright", True)], overlap):
        chunks = split_chunks(ws, gap_em)
        # (a list item's bullet glyph, set in a symbol font of its own size, says nothing of the
        # text's: '• Consult' is a line of 9 pt text under a 10 pt bullet)
        sized = [w["size"] for w in ws if w["text"].strip() not in _BULLET_GLYPHS] or [w["size"] for w in ws]
        size = sorted(sized)[len(sized) // 2]
        lines.append(Line(chunks, min(c.top for c in chunks), max(c.bottom for c in chunks), size))
    return lines


def page_lines(page_words: PageWords, boxes: list[BBox], gap_em: float, overlap: float, keep: bool = False,
               ) -> list[Line]:
    """:func:`text_lines` of the page's words outside ``boxes``. ``keep``: the lines go on to the next
    call (only), made once when it reads the same words (join_stacked only reads them, and reads the
    words find_aligned_tables reads next)."""
    words = page_words.outside(boxes)
    key = (tuple(map(id, words)), gap_em, overlap)  # the words live as long as the page's index
    held, page_words.held_lines = page_words.held_lines, None
    lines = held[1] if held is not None and held[0] == key else text_lines(words, gap_em, overlap)
    if keep:
        page_words.held_lines = (key, lines)
    return lines


def under_a_chunk(line: Line, head: Line, tol: float = 2.0) -> bool:
    """Every word of ``line`` stands within the width of one chunk of ``head``: a label's rest,
    wrapped in its cell under it."""
    return all(any(c.x0 - tol <= w["x0"] and w["x1"] <= c.x1 + tol for c in head.chunks) for w in line.words)


#: a record may stand this many line heights below the one before (a spreadsheet's tall rows) and
#: still continue its table, when its cells start where the table's cells do
MAX_RECORD_GAP = 12.0
#: ... at least this many of them
RECORD_CELLS = 3


def record_follows(block: list[Line], line: Line, height: float) -> bool:
    """``line``, up to ``MAX_RECORD_GAP`` line heights under ``block``, holds several cells, most
    starting where the cells of one of ``block``'s lines start (left-aligned columns keep their
    starts from record to record; a paragraph or a heading has one chunk, another table other
    columns)."""
    if len(line.chunks) < RECORD_CELLS or line.top - block[-1].bottom > MAX_RECORD_GAP * height:
        return False
    tol = max(1.0, 0.2 * line.size)
    for other in block[-40:]:
        if len(other.chunks) >= RECORD_CELLS:
            hits = sum(any(abs(c.x0 - o.x0) <= tol for o in other.chunks) for c in line.chunks)
            if hits >= RECORD_CELLS and hits >= 0.75 * len(line.chunks):
                return True
    return False


def line_blocks(lines: list[Line], max_row_gap: float, taken: list[BBox]) -> list[list[Line]]:
    """Runs of lines with no vertical gap wider than ``max_row_gap`` line heights, or a wider one
    (holding no table found already: ``taken``) before a record that follows the run's columns
    (a spreadsheet's rows taller than their text)."""
    blocks: list[list[Line]] = []
    for line in lines:
        if blocks:
            prev = blocks[-1][-1]
            height = max(prev.bottom - prev.top, line.bottom - line.top, 1.0)
            if line.top - prev.bottom <= max_row_gap * height or (
                    record_follows(blocks[-1], line, height)
                    and not any(prev.bottom < b[3] and b[1] < line.top for b in taken)):
                blocks[-1].append(line)
                continue
        blocks.append([line])
    return blocks


def shading_edges(rects: list[Rect], box: BBox) -> list[Edge]:
    """Column boundaries drawn by cell shading in a table with horizontal rules only.

    A shaded cell's sides are its column's bounds (a quarter marked in a grid whose
    labels are too close for a gutter). Only sides shared by two shaded boxes count:
    a single highlight says little.
    """
    xs: list[float] = []
    for r in rects:
        if r.get("fill") and inside(r, box, 1.0) and r["bottom"] - r["top"] >= 6 and r["x1"] - r["x0"] < 0.5 * (box[2] - box[0]):
            xs += [r["x0"], r["x1"]]
    xs.sort()
    groups: list[list[float]] = []
    for x in xs:
        if groups and x - groups[-1][-1] <= 1.0:
            groups[-1].append(x)
        else:
            groups.append([x])
    # "shading": a column bound the fills imply over the whole region, not a fill's own side (which
    # crosses only the rows it shades)
    return [{"x0": sum(g) / len(g), "x1": sum(g) / len(g), "top": box[1], "bottom": box[3], "orientation": "v",
             "source": "shading"} for g in groups if len(g) >= 2]


def inside(obj, box: BBox, margin: float = 0.0) -> bool:
    """The centre of a word/chunk/line dict or object lies in ``box``."""
    if isinstance(obj, dict):
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
    else:
        x = (obj.x0 + obj.x1) / 2
        y = (obj.top + obj.bottom) / 2
    return box[0] - margin <= x <= box[2] + margin and box[1] - margin <= y <= box[3] + margin


_NUMBER_MARKS = str.maketrans("", "", ",.%-–()+ $£€*")


def is_numeric(text: str) -> bool:
    """A number as tables print them: 1,234.5  -3  12%  (4.2)  n/a-free digits."""
    stripped = text.translate(_NUMBER_MARKS)
    if not stripped or stripped.isalpha():  # no digit in a word of letters (most words): no count
        return False
    return sum(map(str.isdigit, stripped)) >= 0.7 * len(stripped)


@dataclass
class Region:
    """Where a table is, what lines it holds and the rules drawn inside it."""

    box: BBox
    lines: list[Line]
    h_rules: list[Edge] = field(default_factory=list)
    v_rules: list[Edge] = field(default_factory=list)
    kind: str = "whitespace"  # "whitespace", "rules" (horizontal rules), "lattice" (an open ruled grid)
    #: the top lines are the header, found standing apart above the rules or shading (0: not known)
    head: int = 0
    #: the shaded boxes in it, each as painted (a merged cell's shading is one box over its rows)
    fills: list[BBox] = field(default_factory=list)


def shaded_boxes(rects: list[Rect], box: BBox, tol: float = 1.0) -> list[BBox]:
    """The filled (not white) rectangles within ``box``, each as it was painted.

    Producers paint a merged cell's background once, over all its rows, and each
    cell of a column shaded cell by cell (a RAG column, the quarters a bar marks)
    on its own: one box crossing a row boundary says the cells there are one,
    two boxes meeting there say nothing of it.
    """
    return [(r["x0"], r["top"], r["x1"], r["bottom"]) for r in rects
            if r["fill"] not in (None, "#FFFFFF") and r["x0"] >= box[0] - tol and r["x1"] <= box[2] + tol
            and r["top"] >= box[1] - tol and r["bottom"] <= box[3] + tol]


#: a column of fills beside a borderless table stands at most this many type sizes off its text
FILL_COLUMN_GAP = 3.0


def with_fill_column(box: BBox, rects: list[Rect], size: float, blocked: list[BBox]) -> BBox:
    """``box`` widened over a column of fills standing beside it with no text (RAG cells coloured
    only, in a borderless table's rows that a page break left without their header): fills of one
    x range within the box's height, covering half of it or more, at most
    :data:`FILL_COLUMN_GAP` type sizes off its side, in no other table's box (``blocked``)."""
    x0, top, x1, bottom = box
    beside = [r for r in rects if r["fill"] not in (None, "#FFFFFF") and r["top"] >= top - 2 and r["bottom"] <= bottom + 2
              and (0 <= r["x0"] - x1 <= FILL_COLUMN_GAP * size or 0 <= x0 - r["x1"] <= FILL_COLUMN_GAP * size)
              and not any(r["x0"] < b[2] and b[0] < r["x1"] and r["top"] < b[3] and b[1] < r["bottom"] for b in blocked)]
    right = [r for r in beside if r["x0"] >= x1]
    left = [r for r in beside if r["x0"] < x1]

    def one_column(column: list[Rect]) -> bool:
        return bool(column) and max(r["x0"] for r in column) - min(r["x0"] for r in column) <= 2 \
            and sum(r["bottom"] - r["top"] for r in column) >= 0.5 * (bottom - top)

    return (min(r["x0"] for r in left) if one_column(left) else x0, top,
            max(r["x1"] for r in right) if one_column(right) else x1, bottom)


def column_range(chunk: Chunk, xs: list[float], slack: float) -> tuple[int, int]:
    """First and last column a chunk covers (protruding by ``slack`` is not crossing)."""
    last = len(xs) - 2
    first = bisect_right(xs, chunk.x0 + slack) - 1
    first = first if first > 0 else 0
    if first > last:
        first = last
    end = bisect_right(xs, chunk.x1 - slack) - 1
    end = end if end > 0 else 0
    if end > last:
        end = last
    return first, end if end > first else first


#: a chunk of at least this many words is a line of prose (a group label has a word or two)
_PROSE_WORDS = 3


class Columns:
    """Column bounds of a region and, computed once per chunk and line, what each covers.

    Rows are grouped several ways over the same lines (each candidate record
    key, then the chosen one), so the placements are asked for again and again.
    Chunks and lines must not change while a Columns is in use.
    """

    def __init__(self, xs: list[float], slack: float, lines: list[Line] | None = None) -> None:
        self.xs = xs
        self.slack = slack
        # per column, where its text starts: the leftmost chunk whose first column it is
        self._starts = [float("inf")] * (len(xs) - 1)
        for line in lines or []:
            for c in line.chunks:
                k = column_range(c, xs, slack)[0]
                self._starts[k] = min(self._starts[k], c.x0)
        # keyed by id(); the object is kept in the value so its id cannot be reused meanwhile
        self._ranges: dict[int, tuple[Chunk, tuple[int, int]]] = {}
        self._lines: dict[int, tuple[Line, dict[int, Chunk]]] = {}
        self._numbers: dict[int, bool] = {}

    def range(self, chunk: Chunk) -> tuple[int, int]:
        """``column_range`` of the chunk."""
        hit = self._ranges.get(id(chunk))
        if hit is None:
            first, last = column_range(chunk, self.xs, self.slack)
            if 0 < first == last - 1 and chunk.x1 < self._starts[last] and len(chunk.words) >= _PROSE_WORDS \
                    and abs(chunk.x0 - self._starts[first]) <= self.slack:
                # a cell's line of words set from its column's start running past the bound, short of
                # the text of the column beside (a spreadsheet's wrapped line printed into the gutter a
                # word space from the next cell): the bound is the middle of a gutter others leave
                # wider, the line stays in its column (a group label, a word or two left-aligned
                # over its first sub-column, heads the next ones too; a line from the first column
                # may be a title row across the table)
                last = first
            hit = self._ranges[id(chunk)] = (chunk, (first, last))
        return hit[1]

    def of_line(self, line: Line) -> dict[int, Chunk]:
        """The line's chunks by the first column each covers (a later chunk wins a shared column)."""
        hit = self._lines.get(id(line))
        if hit is None:
            hit = self._lines[id(line)] = (line, {self.range(c)[0]: c for c in line.chunks})
        return hit[1]

    def has_numbers(self, line: Line) -> bool:
        """One of the chunks of ``of_line`` is a number."""
        numbers = self._numbers.get(id(line))
        if numbers is None:  # the line is held in _lines, so its id stays its own
            numbers = self._numbers[id(line)] = any(is_numeric(c.text) for c in self.of_line(line).values())
        return numbers
