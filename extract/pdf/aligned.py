"""Text-aligned tables: columns from whitespace, rows from text lines.

Statistical reports and many plan exports draw few or no vertical rules. Here
a table is a run of text lines that break into several chunks at wide gaps,
the gaps lining up from line to line as vertical gutters. Columns are the
spans between gutters; a chunk crossing a gutter is a spanning cell; lines
of one wrapped cell (a continuation with the key column empty) are joined.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from plantables.extract.pdf.grid import GridCell
from plantables.extract.pdf.page import PageContent
from plantables.extract.pdf.settings import TableSettings
from plantables.extract.pdf.text import group_lines

BBox = tuple[float, float, float, float]


@dataclass
class Chunk:
    """Words of one line separated from their neighbours by a wide gap."""

    words: list[dict]
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def text(self) -> str:
        return " ".join(w["text"] for w in self.words)


@dataclass
class Line:
    chunks: list[Chunk]
    top: float
    bottom: float
    size: float
    cols: dict[int, Chunk] = field(default_factory=dict)

    @property
    def x0(self) -> float:
        return self.chunks[0].x0

    @property
    def x1(self) -> float:
        return self.chunks[-1].x1


def _chunks(words: list[dict], gap_em: float) -> list[Chunk]:
    out: list[list[dict]] = []
    for w in words:
        if out:
            prev = out[-1][-1]
            size = max(prev["size"], w["size"], 1.0)
            if w["x0"] - prev["x1"] <= gap_em * size:
                out[-1].append(w)
                continue
        out.append([w])
    return [
        Chunk(ws, ws[0]["x0"], max(w["x1"] for w in ws), min(w["top"] for w in ws), max(w["bottom"] for w in ws))
        for ws in out
    ]


def text_lines(page: PageContent, settings: TableSettings, exclude: list[BBox]) -> list[Line]:
    words = [w for w in page.words if w.get("upright", True) and not any(_inside(w, b) for b in exclude)]
    lines = []
    for ws in group_lines(words, settings.line_overlap):
        chunks = _chunks(ws, settings.cell_gap_em)
        size = sorted(w["size"] for w in ws)[len(ws) // 2]
        lines.append(Line(chunks, min(c.top for c in chunks), max(c.bottom for c in chunks), size))
    return lines


def _inside(obj: dict, box: BBox) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


# --- regions -----------------------------------------------------------------------------


def _blocks(lines: list[Line], settings: TableSettings) -> list[list[Line]]:
    """Runs of lines with no vertical gap wider than ``max_row_gap`` line heights."""
    blocks: list[list[Line]] = []
    for line in lines:
        if blocks:
            prev = blocks[-1][-1]
            height = max(prev.bottom - prev.top, line.bottom - line.top, 1.0)
            if line.top - prev.bottom <= settings.max_row_gap * height:
                blocks[-1].append(line)
                continue
        blocks.append([line])
    return blocks


def _candidate_runs(block: list[Line], settings: TableSettings) -> list[list[Line]]:
    """Parts of a block where multi-chunk lines dominate (prose lines cut them)."""
    runs: list[list[Line]] = []
    current: list[Line] = []
    pending: list[Line] = []
    for line in block:
        if len(line.chunks) >= 2:
            current.extend(pending)
            pending = []
            current.append(line)
        elif current and len(pending) < 3 and not _is_prose(line, current):
            pending.append(line)
        else:
            if current:
                runs.append(current)
            current, pending = [], []
    if current:
        runs.append(current)
    return [r for r in runs if sum(len(ln.chunks) >= 2 for ln in r) >= settings.min_aligned_rows]


def _is_prose(line: Line, run: list[Line]) -> bool:
    """A single-chunk line as wide as most of the table is running text, not a cell."""
    x0 = min(ln.x0 for ln in run)
    x1 = max(ln.x1 for ln in run)
    return line.x1 - line.x0 > 0.6 * (x1 - x0) and len(line.chunks[0].words) > 6


# --- columns -----------------------------------------------------------------------------


def gutters(lines: list[Line], min_width: float) -> list[tuple[float, float]]:
    """x-intervals no chunk of a multi-chunk line covers, at least ``min_width`` wide."""
    spans = sorted((c.x0, c.x1) for ln in lines if len(ln.chunks) >= 2 for c in ln.chunks)
    if not spans:
        return []
    out = []
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= min_width:
            out.append((reach, x0))
        reach = max(reach, x1)
    return out


def _boundaries(lines: list[Line], settings: TableSettings) -> list[float]:
    size = sorted(ln.size for ln in lines)[len(lines) // 2]
    gaps = gutters(lines, settings.cell_gap_em * size * 0.8)
    x0 = min(ln.x0 for ln in lines)
    x1 = max(ln.x1 for ln in lines)
    return [x0] + [(a + b) / 2 for a, b in gaps] + [x1]


def _place_chunks(lines: list[Line], xs: list[float]) -> None:
    for line in lines:
        line.cols = {}
        for chunk in line.chunks:
            col = max(0, min(bisect_right(xs, (chunk.x0 + chunk.x1) / 2) - 1, len(xs) - 2))
            if col in line.cols:  # two chunks in one column: one cell with a wide space
                prev = line.cols[col]
                line.cols[col] = Chunk(prev.words + chunk.words, prev.x0, chunk.x1, min(prev.top, chunk.top), max(prev.bottom, chunk.bottom))
            else:
                line.cols[col] = chunk


def _span_of(chunk: Chunk, xs: list[float]) -> tuple[int, int]:
    """First column and number of columns a chunk covers (it may cross gutters)."""
    first = max(0, min(bisect_right(xs, chunk.x0 + 0.5) - 1, len(xs) - 2))
    last = max(0, min(bisect_right(xs, chunk.x1 - 0.5) - 1, len(xs) - 2))
    return first, last - first + 1


# --- rows --------------------------------------------------------------------------------


def _numeric(text: str) -> bool:
    stripped = text.replace(",", "").replace(".", "").replace("%", "").replace("-", "").replace(" ", "")
    return bool(stripped) and sum(ch.isdigit() for ch in stripped) >= 0.6 * len(stripped)


def _group_rows(lines: list[Line]) -> list[list[Line]]:
    """Join the lines of wrapped cells into rows.

    A line continues the row above when its key (first) column is empty, its
    text sits only in columns the row above also fills, and that text is not
    a number (numbers do not wrap); or when the row above holds only its key
    cell and this line's key text starts in lower case (a wrapped row label).
    """
    rows: list[list[Line]] = []
    for line in lines:
        if rows:
            above = rows[-1]
            filled_above = {c for ln in above for c in ln.cols}
            cols = set(line.cols)
            pitch = line.top - above[-1].bottom
            tight = pitch <= 0.6 * max(line.bottom - line.top, 1.0)
            texts = [ch.text for ch in line.cols.values()]
            if tight and 0 not in cols and cols <= filled_above and not any(_numeric(t) for t in texts):
                above.append(line)
                continue
            if tight and set(filled_above) == {0} and 0 in cols and line.cols[0].text[:1].islower():
                above.append(line)
                continue
        rows.append([line])
    return rows


def _row_cells(rows: list[list[Line]], xs: list[float], r0: int) -> list[GridCell]:
    cells = []
    for r, group in enumerate(rows):
        merged: dict[int, list[Chunk]] = {}
        for line in group:
            for chunk in line.chunks:
                merged.setdefault(_span_of(chunk, xs)[0], []).append(chunk)
        for col, chunks in sorted(merged.items()):
            first, span = col, max(_span_of(c, xs)[1] for c in chunks)
            span = min(span, len(xs) - 1 - first)
            box = (
                min(c.x0 for c in chunks),
                min(c.top for c in chunks),
                max(c.x1 for c in chunks),
                max(c.bottom for c in chunks),
            )
            lines_text = []
            for line in group:
                part = " ".join(c.text for c in chunks if c in line.chunks)
                if part:
                    lines_text.append(part)
            chars = [ch for c in chunks for w in c.words for ch in w.get("chars", [])]
            cells.append(
                GridCell(row=r0 + r, col=first, bbox=box, col_span=span, text="\n".join(lines_text), chars=chars)
            )
    return _cells_on_grid(cells, rows, xs)


def _cells_on_grid(cells: list[GridCell], rows: list[list[Line]], xs: list[float]) -> list[GridCell]:
    """Stretch cell boxes to their column bands and row bands; drop overlaps from spans."""
    tops = [min(ln.top for ln in g) for g in rows]
    bottoms = [max(ln.bottom for ln in g) for g in rows]
    taken: set[tuple[int, int]] = set()
    out = []
    for c in sorted(cells, key=lambda c: (c.row, c.col)):
        slots = {(c.row, k) for k in range(c.col, c.col + c.col_span)}
        if slots & taken:
            continue
        taken |= slots
        c.bbox = (xs[c.col], tops[c.row], xs[c.col + c.col_span], bottoms[c.row])
        out.append(c)
    return out


_BULLET = re.compile(r"^(?:[\u2022\u25aa\u25cf\u2013\u2014\-\*o\uf0b7\uf0a7]|\(?[0-9]{1,2}[.)]|\(?[a-z][.)]|\(?[ivx]{1,4}[.)])$", re.I)


def _is_list(lines: list[Line]) -> bool:
    """Bullets or item numbers followed by text: a list, laid out like two columns."""
    firsts = [ln.cols.get(0) for ln in lines if len(ln.cols) >= 2]
    cols = {c for ln in lines for c in ln.cols}
    return len(cols) <= 2 and bool(firsts) and all(f is not None and _BULLET.match(f.text) for f in firsts)


def find_aligned_tables(
    page: PageContent, settings: TableSettings, exclude: list[BBox] | None = None
) -> list[tuple[list[GridCell], list[float]]]:
    """Placed cells and column boundaries of each text-aligned table on the page."""
    lines = text_lines(page, settings, exclude or [])
    found = []
    for block in _blocks(lines, settings):
        for run in _candidate_runs(block, settings):
            xs = _boundaries(run, settings)
            if len(xs) - 1 < settings.min_aligned_cols:
                continue
            _place_chunks(run, xs)
            if _is_list(run):
                continue
            rows = _group_rows(run)
            if sum(len({c for ln in g for c in ln.cols}) >= 2 for g in rows) < settings.min_aligned_rows:
                continue
            cells = _row_cells(rows, xs, 0)
            if cells:
                found.append((cells, xs))
    return found
