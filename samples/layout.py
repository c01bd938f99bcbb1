"""A small Word-like page layout for sample plans.

Input: a flow of :class:`Para` and :class:`TableSpec` blocks. Output: one
:class:`PageLayout` per page with every text line and cell rectangle placed
(top-left origin, points). Both renderers read the same layout: the PDF
renderer draws it, the text exporter flattens it the way a PDF-to-text
converter does (so the flattened text breaks rows exactly where the PDF does).

Word behaviour imitated: header rows repeat on each page; a row may break
across pages ("allow row to break across pages"); a vertically merged cell
keeps flowing its text into the next page; labels may be centred in tall
merged cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

FONT, FONT_BOLD = "Helvetica", "Helvetica-Bold"
PAD = 3.0


@dataclass
class Cell:
    text: str
    col: int
    row_span: int = 1
    col_span: int = 1
    fill: str | None = None
    bold: bool = False
    valign: str = "top"  # "top" | "middle"
    marker: str | None = None  # glyph the text export writes for a shaded, empty cell
    markup: str | None = None  # text export wraps the text: "**" or "<b>"


@dataclass
class RowSpec:
    cells: list[Cell]
    kind: str = "data"  # "data" | "heading"
    split_words: bool = False  # text export spreads a full-width row's words over columns


@dataclass
class TableSpec:
    widths: list[float]
    header: list[RowSpec]
    rows: list[RowSpec]
    rules_only: bool = False  # horizontal rules only (no vertical borders)
    header_fill: str | None = "#D9E2F3"
    size: float = 7.5


@dataclass
class Para:
    text: str
    bold_prefix: str = ""  # a bold run before the text (e.g. "PRIORITY 2 – …;")
    size: float = 9.5
    markup: str | None = "**"  # how the text export marks the bold run
    kind: str = "text"


@dataclass
class Line:
    text: str
    x: float
    top: float
    size: float
    bold: bool = False
    group: int = -1  # paragraph id: the text export joins a paragraph's lines
    markup: str | None = None


@dataclass
class PlacedCell:
    cell: Cell
    table: int
    row: int  # index in table rows; negative for header rows (-1 - header index)
    bbox: tuple[float, float, float, float]
    lines: list[Line] = field(default_factory=list)
    first_piece: bool = True  # the segment where the cell starts
    rules_only: bool = False


@dataclass
class Band:
    """A row piece on one page (a row broken by a page break has two bands)."""

    table: int
    row: int
    top: float
    bottom: float


@dataclass
class PageLayout:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)  # paragraphs (flow order)
    cells: list[PlacedCell] = field(default_factory=list)
    bands: list[Band] = field(default_factory=list)
    running: list[Line] = field(default_factory=list)  # running header/footer
    flow: list[tuple[float, object]] = field(default_factory=list)  # (top, Line | Band) in order


@dataclass
class PageSetup:
    width: float
    height: float
    margin: float = 36.0
    top: float = 54.0  # below the running header
    bottom: float = 48.0  # above the footer


def leading(size: float) -> float:
    return round(size * 1.22, 2)


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    font = FONT_BOLD if bold else FONT
    for word in text.split():
        # Word would break such a word mid-letters; a sample must not draw outside its cell
        if stringWidth(word, font, size) > width + 0.01:
            raise ValueError(f"word {word!r} is wider than its cell ({width:.0f} pt): widen the column")
    out: list[str] = []
    for para in text.split("\n"):
        out += simpleSplit(para, font, size, max(width, 10)) or [""]
    return out if any(out) else []


def _cell_width(t: TableSpec, c: Cell) -> float:
    return sum(t.widths[c.col : c.col + c.col_span])


def row_heights(t: TableSpec, rows: list[RowSpec], extra: dict[int, float]) -> list[float]:
    """Natural row heights; a merged cell's surplus goes to the last row it covers."""
    lead = leading(t.size)
    hs = []
    for i, row in enumerate(rows):
        h = lead + 2 * PAD
        for c in row.cells:
            if c.row_span == 1:
                n = len(wrap(c.text, _cell_width(t, c) - 2 * PAD, t.size, c.bold))
                h = max(h, n * lead + 2 * PAD)
        hs.append(h + extra.get(i, 0.0))
    for i, row in enumerate(rows):
        for c in row.cells:
            if c.row_span > 1:
                n = len(wrap(c.text, _cell_width(t, c) - 2 * PAD, t.size, c.bold))
                last = min(len(rows), i + c.row_span) - 1
                short = n * lead + 2 * PAD - sum(hs[i : last + 1])
                if short > 0:
                    hs[last] += short
    return hs


class _Flow:
    """Cursor over pages while placing blocks."""

    def __init__(self, setup: PageSetup, title_lines: list[Line]):
        self.setup = setup
        self.pages: list[PageLayout] = []
        self.new_page()
        for ln in title_lines:
            self.pages[0].lines.append(ln)
            self.pages[0].flow.append((ln.top, ln))
        self.y = max((ln.top + ln.size * 1.6 for ln in title_lines), default=setup.top)

    def new_page(self) -> None:
        s = self.setup
        self.pages.append(PageLayout(len(self.pages) + 1, s.width, s.height))
        self.y = s.top

    @property
    def page(self) -> PageLayout:
        return self.pages[-1]

    @property
    def room(self) -> float:
        return self.setup.height - self.setup.bottom - self.y


def _place_para(flow: _Flow, p: Para, group: int) -> None:
    s = flow.setup
    lead = leading(p.size)
    width = s.width - 2 * s.margin
    first = p.bold_prefix + (" " if p.bold_prefix and p.text else "")
    words = wrap(first + p.text, width, p.size)
    bold_chars = len(p.bold_prefix)
    flow.y += lead * 0.5
    used = 0
    for text in words:
        if flow.room < lead:
            flow.new_page()
        # the bold run is drawn as a separate line object so the PDF shows it bold
        if used < bold_chars:
            n_bold = min(len(text), bold_chars - used)
            ln = Line(text[:n_bold], s.margin, flow.y, p.size, True, group, p.markup)
            flow.page.lines.append(ln)
            flow.page.flow.append((ln.top, ln))
            rest = text[n_bold:]
            if rest.strip():
                x = s.margin + stringWidth(text[:n_bold], FONT_BOLD, p.size)
                ln2 = Line(rest, x, flow.y, p.size, False, group)
                flow.page.lines.append(ln2)
        else:
            ln = Line(text, s.margin, flow.y, p.size, False, group)
            flow.page.lines.append(ln)
            flow.page.flow.append((ln.top, ln))
        used += len(text) + 1
        flow.y += lead
    flow.y += lead * 0.5


def _place_header(flow: _Flow, t: TableSpec, t_id: int, hh: list[float]) -> None:
    x0 = flow.setup.margin
    tops = []
    for h in hh:
        tops.append(flow.y)
        flow.y += h
    for r, row in enumerate(t.header):
        band = Band(t_id, -1 - r, tops[r], tops[r] + hh[r])
        flow.page.bands.append(band)
        flow.page.flow.append((band.top, band))
        for c in row.cells:
            last = min(len(hh), r + c.row_span) - 1
            x = x0 + sum(t.widths[: c.col])
            bbox = (x, tops[r], x + _cell_width(t, c), tops[last] + hh[last])
            fill = c.fill or t.header_fill
            pc = PlacedCell(Cell(**{**c.__dict__, "fill": fill}), t_id, -1 - r, bbox, rules_only=t.rules_only)
            _fill_lines(pc, [(flow.page, bbox[1], bbox[3])], t)
            flow.page.cells.append(pc)


def _fill_lines(pc: PlacedCell, segments: list, t: TableSpec) -> int:
    """Place the cell's text lines into its segments; return lines that did not fit."""
    c = pc.cell
    lead = leading(t.size)
    lines = wrap(c.text, _cell_width(t, c) - 2 * PAD, t.size, c.bold)
    x = pc.bbox[0] + PAD
    si = 0
    page, top, bottom = segments[0]
    y = top + PAD
    if c.valign == "middle" and len(segments) == 1:
        y = top + max(PAD, (bottom - top - len(lines) * lead) / 2)
    for k, text in enumerate(lines):
        while y + lead > bottom - PAD + 0.01:
            si += 1
            if si >= len(segments):
                return len(lines) - k
            page, top, bottom = segments[si]
            y = top + PAD
        ln = Line(text, x, y, t.size, c.bold)
        target = pc if page is segments[0][0] else _segment_cell(pc, page)
        target.lines.append(ln)
        y += lead
    return 0


def _segment_cell(pc: PlacedCell, page: PageLayout) -> PlacedCell:
    for other in page.cells:
        if other.cell is pc.cell and other.table == pc.table and other.row == pc.row:
            return other
    raise AssertionError("segment cell missing")


def _layout_once(blocks: list, setup: PageSetup, title_lines: list[Line], extras: list[dict]):
    flow = _Flow(setup, title_lines)
    pieces: list[list[list[tuple[PageLayout, float, float]]]] = []
    for b_i, block in enumerate(blocks):
        if isinstance(block, Para):
            _place_para(flow, block, b_i)
            pieces.append([])
            continue
        t: TableSpec = block
        lead = leading(t.size)
        hh = row_heights(t, t.header, {})
        hs = row_heights(t, t.rows, extras[b_i])
        flow.y += lead * 0.5
        if flow.room < sum(hh) + (hs[0] if hs else 0):
            flow.new_page()
        _place_header(flow, t, b_i, hh)
        row_pieces: list[list[tuple[PageLayout, float, float]]] = []
        for r, row in enumerate(t.rows):
            h, mine = hs[r], []
            splittable = row.kind == "data"
            while True:
                if h <= flow.room + 0.01:
                    mine.append((flow.page, flow.y, flow.y + h))
                    flow.y += h
                    break
                if splittable and flow.room >= 2 * lead + 2 * PAD:
                    room = flow.room
                    mine.append((flow.page, flow.y, flow.y + room))
                    h = h - room + 2 * PAD
                flow.new_page()
                _place_header(flow, t, b_i, hh)
            for page, top, bottom in mine:
                band = Band(b_i, r, top, bottom)
                page.bands.append(band)
                page.flow.append((top, band))
            row_pieces.append(mine)
        pieces.append(row_pieces)
        flow.y += lead
    # cells: segments = consecutive pieces merged per page
    overflow: list[dict] = [{} for _ in blocks]
    for b_i, block in enumerate(blocks):
        if not isinstance(block, TableSpec):
            continue
        t = block
        x0 = setup.margin
        for r, row in enumerate(t.rows):
            for c in row.cells:
                last = min(len(t.rows), r + c.row_span) - 1
                segs: list[tuple[PageLayout, float, float]] = []
                for rr in range(r, last + 1):
                    for page, top, bottom in pieces[b_i][rr]:
                        if segs and segs[-1][0] is page:
                            segs[-1] = (page, segs[-1][1], bottom)
                        else:
                            segs.append((page, top, bottom))
                x = x0 + sum(t.widths[: c.col])
                first = None
                for k, (page, top, bottom) in enumerate(segs):
                    pc = PlacedCell(c, b_i, r, (x, top, x + _cell_width(t, c), bottom),
                                    first_piece=k == 0, rules_only=t.rules_only)
                    page.cells.append(pc)
                    first = first or pc
                left = _fill_lines(first, segs, t)
                if left:
                    overflow[b_i][last] = overflow[b_i].get(last, 0.0) + left * leading(t.size)
    return flow.pages, overflow


def layout(blocks: list, setup: PageSetup, title_lines: list[Line] | None = None) -> list[PageLayout]:
    """Place the blocks on pages; rows grow until every cell's text fits."""
    extras: list[dict] = [{} for _ in blocks]
    for _ in range(12):
        pages, overflow = _layout_once(blocks, setup, title_lines or [], extras)
        if not any(overflow):
            for p in pages:
                p.flow.sort(key=lambda item: item[0])
            return pages
        for b_i, ov in enumerate(overflow):
            for r, h in ov.items():
                extras[b_i][r] = extras[b_i].get(r, 0.0) + h
    raise RuntimeError("layout did not converge")
