"""The intermediate table model: the seam between ``extract`` and ``normalise``.

Every reader (flattened text, ``pdftotext -layout`` text, PDF) emits a
:class:`Document`: an ordered stream of :class:`Heading` and :class:`Table`
blocks. A table holds its column labels and its rows; a row holds cells. The
model is plain data (dataclasses, no behaviour beyond small helpers) so each
stage can be tested alone and documents can cross process boundaries (pickle)
for parallel import.

Conventions
-----------
* ``page`` is 1-based; ``None`` where the reader cannot know (flattened text
  without page marks).
* ``bbox`` is ``(x0, top, x1, bottom)`` in PDF points with the origin at the
  top-left of the page (pdfplumber's convention).
* ``fill`` is ``"#RRGGBB"`` or ``None``.
* ``bold``/``italic`` say the whole cell text is set so; ``runs`` holds the
  text as styled runs (joined they give ``text``) when the reader knows them
  (Word, Excel rich text, HTML), else ``()``. Format facts only: what a bold
  first line *means* is the interpreter's decision.
* A merged cell is **one** :class:`Cell` with ``row_span``/``col_span`` > 1,
  stored in the row where it starts; rows it covers have no cell at that
  column. Its text parts, if the source split it over lines or pages, are
  joined in reading order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

#: glyphs a plan colours to rate an action (a dot or a square alone in a RAG column): a cell showing
#: one in a colour shows that colour, as a fill would (readers set the cell's ``fill`` from it)
MARK_GLYPHS = frozenset("●■▪◼⬤◆⬛")

BBox = tuple[float, float, float, float]

HeadingKind = Literal["priority", "section", "theme", "objective", "subheading", "title", "text", "sheet"]
RowKind = Literal["data", "header", "heading"]


@dataclass(frozen=True)
class Run:
    """A stretch of a cell's text in one style."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Cell:
    """One table cell (possibly merged) as read from the source."""

    col: int
    text: str
    row_span: int = 1
    col_span: int = 1
    page: int | None = None
    bbox: BBox | None = None
    fill: str | None = None
    header: bool = False
    bold: bool = False
    italic: bool = False
    runs: tuple[Run, ...] = ()
    #: mean recogniser confidence (0..1) of the text, when it was read from a scan by OCR
    confidence: float | None = None
    #: the one colour (``#RRGGBB``) all its text is printed in, when not black and the reader knows
    #: it (a status word printed green, no fill: a RAG given by the type's colour)
    colour: str | None = None


@dataclass
class Row:
    """One row of a table.

    ``kind`` is ``"heading"`` for a full-width heading row inside a table
    (e.g. ``EARLY HELP``); its text is in ``cells[0]``.
    ``continued`` is true when the row continues a row broken by a page break
    and was joined into the previous one by the reader (kept for debugging).
    """

    cells: list[Cell]
    page: int | None = None
    kind: RowKind = "data"
    line: int | None = None  # source line (text readers) for error messages

    def cell(self, col: int) -> Cell | None:
        for c in self.cells:
            if c.col == col:
                return c
        return None

    def text(self, col: int) -> str:
        c = self.cell(col)
        return c.text if c is not None else ""


@dataclass
class Column:
    """A table column: its header label, and sub-labels for grouped headers.

    A timeframe grid is one group header (``Timeframe``) over month columns
    (``23-Sep`` …); each month column is its own :class:`Column` whose
    ``group`` is ``"Timeframe"``.
    """

    index: int
    label: str
    group: str | None = None
    bbox: BBox | None = None


@dataclass
class Table:
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    bbox: BBox | None = None  # on the first page

    @property
    def header(self) -> list[str]:
        return [c.label for c in self.columns]

    def column_bounds(self) -> list[float] | None:
        """x boundaries of the columns (``n + 1`` values), or None when a column has no box."""
        boxes = [c.bbox for c in self.columns if c.bbox is not None]
        if not self.columns or len(boxes) < len(self.columns):
            return None
        return [boxes[0][0]] + [b[2] for b in boxes]


@dataclass
class Heading:
    """A heading or paragraph in the flow between (or inside) tables.

    ``kind`` ``"sheet"`` is a workbook sheet's name opening that sheet's blocks
    (a fact of the file, not a plan heading); ``"title"`` the document's title
    block; ``"text"`` a body paragraph. ``level`` is the heading level where
    the source states one (Word's ``Heading 2``, HTML ``h2``).
    """

    text: str
    kind: HeadingKind = "section"
    level: int = 1
    page: int | None = None
    bbox: BBox | None = None


Block = Heading | Table


@dataclass
class Document:
    """Everything a reader recovered from one file."""

    path: str
    format: str  # "text", "layout-text", "pdf", "docx", "xlsx", "html"; converted: "odt", "ods", "doc", "xls", "rtf"
    blocks: list[Block] = field(default_factory=list)
    title: str | None = None
    organisation: str | None = None  # set by the interpreter (normalise.organisation), not by readers
    #: the lines opening the document as printed (its title block, largest first) and its running
    #: headers/footers: facts the interpreter reads the organisation from
    title_lines: list[str] = field(default_factory=list)
    running: list[str] = field(default_factory=list)
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]


class ExtractError(Exception):
    """A file could not be read as a plan; the message names file and reason.

    ``kind`` is ``"error"``, or ``"not_a_plan"`` for a document read whole that holds no plan
    table (recorded as such, not as a failure). Workers send ``(path, reason, kind)``.
    """

    def __init__(self, path: str, reason: str, kind: str = "error"):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.kind = kind


def columns_overlap_by_rank(a: list[float], b: list[float]) -> bool:
    """Two sets of column bounds (``n + 1`` each) describe the same columns: each column of ``a``
    overlaps the column of the same rank in ``b`` more than any other. Bounds taken from cell edges
    and from the middles of white gutters differ by up to half a gutter; this holds for both."""
    if len(a) != len(b) or len(a) < 2:
        return False

    def over(k: int, j: int) -> float:
        return min(a[k + 1], b[j + 1]) - max(a[k], b[j])

    n = len(a) - 1
    return all(over(k, k) > 0 and all(over(k, k) > over(k, j) for j in range(n) if j != k) for k in range(n))
