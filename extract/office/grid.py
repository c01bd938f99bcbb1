"""Cells placed on a grid → a model :class:`~plantables.extract.model.Table`.

Every office reader (Word, Excel, HTML) finds the same facts: where each
cell starts, how far it spans, its text as styled runs, its fill, and whether
the file marks its row as a header (Word ``tblHeader``, HTML ``thead``/``th``,
Excel print titles or frozen rows). This module turns them into the model the
way the PDF engine does (:func:`plantables.extract.pdf.grid.to_table`): rows
covered by a span kept as empty rows, a row holding one cell across the table
marked ``heading``, column labels from the header rows (a label spanning
labelled sub-columns becomes their ``group``). Where the file marks no header,
the top rows count as one when they are *styled* unlike the body (bold or
shaded), the PDF engine's rule. These are hints: which rows really are the
header is the interpreter's decision (:mod:`plantables.normalise.header`),
which sees every row with its ``kind``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from plantables.extract.model import Block, Cell, Column, Heading, Row, RowKind, Run, Table

#: most top rows a style-only header may take
MAX_STYLED_HEADER_ROWS = 3
#: a lone bold line at least this many points tall opening a sheet-like grid is a title line
TITLE_SIZE = 13.0


@dataclass
class Slot:
    """A cell as a reader found it: top-left row/col on the grid, spans, styled runs."""

    row: int
    col: int
    runs: list[Run] = field(default_factory=list)
    row_span: int = 1
    col_span: int = 1
    fill: str | None = None
    header: bool = False
    size: float | None = None  # font size in points, where the reader knows it
    colour: str | None = None  # the one colour of all its text, where the reader knows it (Cell.colour)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs).strip()


def tidy_runs(runs: list[Run]) -> tuple[Run, ...]:
    """Adjacent runs of one style joined; outer whitespace trimmed; spaces inside lines collapsed."""
    out: list[Run] = []
    for r in runs:
        if not r.text:
            continue
        if out and (out[-1].bold, out[-1].italic) == (r.bold, r.italic):
            out[-1] = Run(out[-1].text + r.text, r.bold, r.italic)
        else:
            out.append(r)
    # trim the cell's outer whitespace (kept inside: it separates words of different runs)
    while out and not out[0].text.strip():
        out.pop(0)
    while out and not out[-1].text.strip():
        out.pop()
    if out:
        out[0] = Run(out[0].text.lstrip(), out[0].bold, out[0].italic)
        out[-1] = Run(out[-1].text.rstrip(), out[-1].bold, out[-1].italic)
    return tuple(out)


def runs_text(runs: tuple[Run, ...]) -> str:
    """The cell text: lines kept, spaces inside each line collapsed, empty lines dropped."""
    text = "".join(r.text for r in runs)
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def is_bold(runs: tuple[Run, ...]) -> bool:
    inked = [r for r in runs if r.text.strip()]
    return bool(inked) and all(r.bold for r in inked)


def is_italic(runs: tuple[Run, ...]) -> bool:
    inked = [r for r in runs if r.text.strip()]
    return bool(inked) and all(r.italic for r in inked)


def to_cell(slot: Slot, page: int | None = None) -> Cell:
    runs = tidy_runs(slot.runs)
    return Cell(col=slot.col, text=runs_text(runs), row_span=slot.row_span, col_span=slot.col_span, page=page,
                fill=slot.fill, header=slot.header, bold=is_bold(runs), italic=is_italic(runs), runs=runs,
                colour=slot.colour)


def _styled_header(by_row: dict[int, list[Cell]], n_rows: int) -> int:
    """Top rows bold or shaded unlike the body (the PDF engine's rule); 0 when none."""
    def style(r: int) -> tuple[bool, frozenset]:
        cells = [c for c in by_row.get(r, []) if c.text]
        return (bool(cells) and all(c.bold for c in cells)), frozenset(c.fill for c in by_row.get(r, []))

    if n_rows < 2 or not by_row.get(0):
        return 0
    n_cols = max((c.col + c.col_span for cells in by_row.values() for c in cells), default=0)
    if n_cols > 2 and len([c for c in by_row[0] if c.text]) <= 1:
        return 0  # one text across the top: a heading row, not column labels
    body = [style(r) for r in range(MAX_STYLED_HEADER_ROWS, n_rows)] or [style(r) for r in range(1, n_rows)]
    body_bold = sum(b for b, _ in body) > len(body) / 2
    body_fills = {f for _, fills in body for f in fills}
    top_bold, top_fills = style(0)
    # shaded as a header is shaded: across most of the row (one coloured cell is a mark, not a header)
    shaded = sum(1 for c in by_row[0] if c.fill) * 2 >= len(by_row[0])
    if not ((top_bold and not body_bold) or (shaded and bool(top_fills - {None}) and not top_fills <= body_fills)):
        return 0
    count = covered = 0
    for r in range(min(MAX_STYLED_HEADER_ROWS, n_rows - 1)):
        bold, fills = style(r)
        if r >= covered and not ((top_bold and bold) or (fills == top_fills and fills - {None})):
            break
        inked = [c for c in by_row.get(r, []) if c.text]
        across = any(c.col_span >= n_cols - 1 for c in by_row.get(r, []))
        if r > 0 and r >= covered and n_cols > 2 and (len(inked) <= 1 or across):
            break  # one text alone, or one across the table: a section row styled like the header
        count = r + 1
        covered = max([covered] + [r + c.row_span for c in by_row.get(r, [])])
    return max(count, min(covered, n_rows - 1)) if count else 0


def columns_from_header(header_rows: list[list[Cell]], n_cols: int) -> list[Column]:
    labels: list[str] = [""] * n_cols
    groups: list[str | None] = [None] * n_cols
    for cells in header_rows:
        for c in cells:
            text = " ".join(c.text.split())
            for k in range(c.col, min(n_cols, c.col + c.col_span)):
                if c.col_span > 1:
                    groups[k] = text
                    labels[k] = labels[k] or text
                elif text:
                    labels[k] = text
    return [Column(i, labels[i], groups[i] if groups[i] and groups[i] != labels[i] else None)
            for i in range(n_cols)]


def build_table(slots: list[Slot], *, page: int | None = None) -> Table | None:
    """The model table of ``slots``; rows renumbered from 0; None when no cell has text."""
    if not any(s.text for s in slots):
        return None
    first = min(s.row for s in slots)
    n_rows = max(s.row + s.row_span for s in slots) - first
    n_cols = max(s.col + s.col_span for s in slots)
    by_row: dict[int, list[Cell]] = {}
    marked: set[int] = set()
    for s in sorted(slots, key=lambda s: (s.row, s.col)):
        by_row.setdefault(s.row - first, []).append(to_cell(s, page))
        if s.header:
            marked.add(s.row - first)
    # the file's own header marks run from the top; a marked row further down repeats the header
    n_head = 0
    while n_head in marked:
        n_head += 1
    if n_head == 0:
        n_head = _styled_header(by_row, n_rows)
    rows: list[Row] = []
    for r in range(n_rows):
        cells = by_row.get(r, [])
        inked = [c for c in cells if c.text or c.col_span > 1]
        kind: RowKind
        if r < n_head or (r in marked and cells and all(c.header for c in cells)):
            kind = "header"
            for c in cells:
                c.header = True
        elif n_cols > 2 and 0 < len(inked) <= 2 and any(c.col_span >= n_cols - 1 for c in inked):
            kind = "heading"  # one cell across the table (maybe after its number)
        else:
            kind = "data"
        rows.append(Row(cells=cells, page=page, kind=kind))
    columns = columns_from_header([rows[r].cells for r in range(n_head)], n_cols)
    return Table(columns=columns, rows=rows, pages=[page] if page else [])


def join_orphan_headers(blocks: list) -> list:
    """A table holding only header rows, followed directly by a table of as many columns that opens
    with no header of its own, is that table's header (a header left alone at the foot of a page,
    the body in a new table on the next): one table."""
    out: list = []
    for b in blocks:
        prev = out[-1] if out else None
        if (isinstance(b, Table) and isinstance(prev, Table) and prev.rows
                and all(r.kind == "header" for r in prev.rows) and b.rows and b.rows[0].kind != "header"
                and len(prev.columns) == len(b.columns)):
            out[-1] = Table(columns=prev.columns, rows=prev.rows + b.rows, pages=prev.pages or b.pages)
            continue
        out.append(b)
    return out


def _inked(cells: list[Slot]) -> int:
    return len([s for s in cells if s.text])


def split_rows(slots: list[Slot], *, opening: bool = True) -> list[Block]:
    """A sheet-like grid (a worksheet, a spreadsheet saved as one web table) as blocks: runs of rows
    parted by empty rows; a run whose rows hold one text each (not spanning) is lines — headings —,
    else a table (lone texts opening it, a title over its header, are lines too). ``opening``: the
    grid opens the file, so large bold lines before its first table are title lines."""
    by_row: dict[int, list[Slot]] = {}
    for s in sorted(slots, key=lambda s: (s.row, s.col)):
        by_row.setdefault(s.row, []).append(s)
    runs: list[list[int]] = []
    end = -1
    for r in sorted(by_row):
        # a merged cell reaching over an empty row keeps the rows on both sides together
        if runs and r <= end + 1:
            runs[-1].append(r)
        else:
            runs.append([r])
        end = max(end, max(s.row + s.row_span - 1 for s in by_row[r]))
    blocks: list[Block] = []
    for run in runs:
        lines = []
        while run and _inked(by_row[run[0]]) <= 1 and any(_inked(by_row[r]) > 1 for r in run[1:]):
            lines.append(run.pop(0))
        if all(_inked(by_row[r]) <= 1 and all(s.col_span == 1 for s in by_row[r]) for r in run):
            lines, run = lines + run, []
        for r in lines:
            for s in by_row[r]:
                if s.text:
                    before = opening and not any(isinstance(b, Table) for b in blocks)
                    blocks.append(line_heading(s, before))
        if run:
            table = build_table([s for r in run for s in by_row[r]])
            if table is not None:
                blocks.append(table)
    return blocks


def line_heading(slot: Slot, before_table: bool) -> Heading:
    """A lone line of a grid: ``title`` when large, bold and before the first table; ``section`` when it
    opens with bold text; else ``text``."""
    text = " ".join(slot.text.split())
    runs = tidy_runs(slot.runs)
    bold = bool(runs) and runs[0].bold
    if before_table and bold and (slot.size or 0) >= TITLE_SIZE:
        return Heading(text, "title", 1)
    return Heading(text, "section" if bold else "text", 1)
