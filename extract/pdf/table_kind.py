"""Whether a region's text is a table: not a diagram under a figure's caption, not a chart's
labels, not a list or page columns of prose; and the caption and notes lines kept out of it.
Used by :mod:`plantables.extract.pdf.aligned` on each region before its cells are built."""

from __future__ import annotations

import re

from plantables.extract.pdf.grid import GridCell
from plantables.extract.pdf.lines import CAPTION, FIGURE, NOTE, Line, Region, is_numeric
from plantables.extract.pdf.settings import TableSettings

BBox = tuple[float, float, float, float]


def captioned_figure(region: Region, lines: list[Line]) -> bool:
    """The text right over the region (its nearest lines, set close together, up to four line
    heights above it) is a figure's caption ('Figure 6: Simplified chart of …'): the boxes and
    labels of a diagram under it, not a table."""
    above = sorted((ln for ln in lines if ln.bottom <= region.box[1] + 1.0), key=lambda ln: -ln.bottom)
    if not above or region.box[1] - above[0].bottom > 4 * max(above[0].bottom - above[0].top, 1.0):
        return False
    block = [above[0]]
    for ln in above[1:3]:
        if block[-1].top - ln.bottom > 0.8 * max(ln.bottom - ln.top, 1.0):
            break
        block.append(ln)
    return bool(FIGURE.match(block[-1].text))


def in_chart(box: BBox, graphics: list[BBox], margin: float = 10.0, share: float = 0.3) -> bool:
    """Aligned text over curves and slanted lines: the labels and legend of a chart."""
    area = max((box[2] - box[0]) * (box[3] - box[1]), 1.0)
    covered = 0.0
    for g in graphics:
        if g[2] - g[0] < 20 and g[3] - g[1] < 20:
            continue  # an icon or a bullet
        w = min(box[2], g[2] + margin) - max(box[0], g[0] - margin)
        h = min(box[3], g[3] + margin) - max(box[1], g[1] - margin)
        if w > 0 and h > 0:
            covered += w * h
    return covered >= share * area


def without_caption_and_notes(lines: list[Line]) -> list[Line]:
    """Drop a caption ("Table 2: ...", and its wrapped lines) above a table and notes below it.

    They sit inside a table's rules or box in many reports but are no rows.
    """
    start = 0
    if lines and CAPTION.match(lines[0].text):
        start = 1
        indent = lines[0].chunks[-1].x0
        # the caption's wrapped lines: single chunks aligned with its text
        while start < len(lines) and len(lines[start].chunks) == 1 and abs(lines[start].x0 - indent) < 3:
            start += 1
    end = len(lines)
    for i in range(start + 1, len(lines)):
        if NOTE.match(lines[i].text):
            end = i
            break
    return lines[start:end]


# --- a header standing apart ----------------------------------------------------------------


_BULLET = re.compile(r"^(?:[\u2022\u25aa\u25cf\u2013\u2014\-*o\uf0b7\uf0a7]|\(?[0-9]{1,2}[.)]|\(?[a-z][.)]|\(?[ivx]{1,4}[.)])$", re.I)


def _is_list(cells: list[GridCell]) -> bool:
    """Bullets or item numbers followed by text: a list laid out like two columns."""
    cols = {c.col for c in cells if c.text}
    firsts = [c.text for c in cells if c.col == 0 and c.text]
    return len(cols) <= 2 and bool(firsts) and all(_BULLET.match(t) for t in firsts)


def _is_prose_columns(cells: list[GridCell]) -> bool:
    """Text set in two or three page columns, not a table: most lines are runs of many words."""
    if len({c.col for c in cells if c.text}) > 3:
        return False
    lines = [ln for c in cells for ln in c.text.split("\n") if ln.strip()]
    long = sum(len(ln.split()) >= 5 for ln in lines)
    return bool(lines) and long >= 0.5 * len(lines)


def _ruled_records(cells: list[GridCell]) -> bool:
    """Three columns of text or more, parted by rules into three rows or more each holding text in
    two columns or more: records (a page of a table whose header is elsewhere), not page columns
    of prose, which no rule crosses at one height row after row."""
    rows: dict[int, set[int]] = {}
    for c in cells:
        if c.text.strip():
            rows.setdefault(c.row, set()).add(c.col)
    return len({k for cols in rows.values() for k in cols}) >= 3 and sum(len(cols) >= 2 for cols in rows.values()) >= 3


def is_table(cells: list[GridCell], settings: TableSettings, kind: str = "rules") -> bool:
    if kind != "lattice" and _is_prose_columns(cells) and not (kind == "rules" and _ruled_records(cells)):
        return False
    rows: dict[int, int] = {}
    for c in cells:
        if c.text:
            rows[c.row] = rows.get(c.row, 0) + 1
    multi = sum(n >= 2 for n in rows.values())
    # one row of three cells or more between drawn rules is a table's row (a row left over at the
    # top of a page: its lines, wrapped in every cell, are one record)
    if kind == "rules" and multi == 1 and max(rows.values()) >= 3:
        multi = 2
    # likewise a record wrapped over several lines in two columns or more, beside a third: a row
    # of wrapped cells whose lines share their columns' starts (a tall row standing alone)
    if multi == 1 and max(rows.values()) >= 3 and sum("\n" in c.text for c in cells) >= 2:
        multi = 2
    # or a row of four cells or more, one of them wrapped (a row set apart by white space alone,
    # under its table's header on a new page)
    if multi == 1 and max(rows.values()) >= 4 and any("\n" in c.text for c in cells):
        multi = 2
    # numbers alone, with no word to label them, are a chart's value labels
    labelled = kind == "lattice" or any(c.text and not is_numeric(c.text) and any(ch.isalpha() for ch in c.text) for c in cells)
    return multi >= min(settings.min_aligned_rows, 2) and labelled and not _is_list(cells)
