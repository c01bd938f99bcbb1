"""Rows of a text-aligned table: the header's rows (``header_lines``), rule bands and records of
wrapped lines.

The body is cut into bands by horizontal rules. Inside a band, lines group
into records: a record starts where its key (first used) column has text;
a line with that column empty continues the record above unless it holds
figures, which never wrap. When rules separate (nearly) every record, each
band is one row.
"""

from __future__ import annotations

import re

from plantables.extract.pdf.grid import cluster_positions
from plantables.extract.pdf.header_lines import header_end, header_rows
from plantables.extract.pdf.lines import Columns, Line, Region, is_numeric
from plantables.extract.pdf.objects import Edge
from plantables.extract.pdf.row_starts import (
    continues_label,
    gap_starts,
    reads_on,
    single_line_key,
    spans,
    split_before,
)

Row = tuple[float, float, list[Line], bool]  # top, bottom, lines, bounded by rules

#: a year a date range broke after (``Nov 2015 –`` / ``2016``): wraps like words, unlike figures
_YEAR_PIECE = re.compile(r"^(?:19|20)\d\d(?:\s*[-–—]|[-/–]\d{2,4})?$")


def group_records(lines: list[Line], cols: Columns, key: int, opening: set[int] | None = None) -> list[list[Line]]:
    """Lines of one band grouped into records (see the module docstring); ``opening``:
    ``gap_starts(lines, cols)`` when already known (it does not depend on the key)."""
    records: list[list[Line]] = []
    above_cols: set[int] = set()  # the columns the lines of the last record use
    if opening is None:
        opening = gap_starts(lines, cols)
    padded = _padded(lines, opening)
    for line in lines:
        here = cols.of_line(line)
        if records:
            above = records[-1]
            gap = line.top - above[-1].bottom
            tight = gap <= 0.8 * max(line.bottom - line.top, 1.0)
            if tight and not _resumes(line, here, above, cols) \
                    and id(line) not in opening \
                    and (padded and not cols.has_numbers(line) or _continues(line, here, above, above_cols, cols, key)
                         or reads_on(here, cols.of_line(above[-1]))):
                above.append(line)
                above_cols.update(here)
                continue
        records.append([line])
        above_cols = set(here)
    return records


def _padded(lines: list[Line], opening: set[int]) -> bool:
    """White space parts the rows: every line that opens a row by the space above it stands
    clearly further under the line above than any other line does (a cell's lines follow one
    another closely; rows are set apart by their cells' padding). Then a line close under a
    record goes on with it whatever its words (a capital after a wrap, a bullet), unless it holds
    figures, which never wrap (rows of figures grouped by blank lines)."""
    if not opening:
        return False
    gaps_open: list[float] = []
    gaps_rest: list[float] = []
    for above, line in zip(lines, lines[1:]):
        (gaps_open if id(line) in opening else gaps_rest).append(line.top - above.bottom)
    if not gaps_open or not gaps_rest:
        return False
    height = sorted(ln.bottom - ln.top for ln in lines)[len(lines) // 2]
    return min(gaps_open) > max(gaps_rest) + 0.15 * height


def _resumes(line: Line, here: dict, above: list[Line], cols: Columns) -> bool:
    """A column of the record above holds text again after a gap of a line or more: a new record.

    A cell's lines follow one another, so text under a gap in the same column is another
    cell; whatever the first column holds (a title wrapped over many lines, with the ref in
    a later column), the columns that ended above and start again mark the next row. Lines of
    one cell may straddle a line of figures centred beside them: no gap, the same cell.
    """
    room = 0.8 * max(line.bottom - line.top, 1.0)
    for c in here:
        last = next((ln for ln in reversed(above) if c in cols.of_line(ln)), None)
        if last is not None and last is not above[-1] and line.top - last.bottom > room:
            return True
    return False


def _continues(line: Line, here: dict, above: list[Line], above_cols: set[int], cols: Columns, key: int) -> bool:
    """A line close under a record belongs to it (see the module docstring)."""
    if key not in here and not cols.has_numbers(line) and set(here) <= above_cols | {max(above_cols, default=0)}:
        return True
    label_only = above_cols == {key}
    if label_only and key not in here:
        return True  # the figures of a label wrapped over the lines above
    if set(here) == {key} and continues_label(here[key].text) and above_cols != {key}:
        return True  # the rest of a label wrapped around its figures
    return label_only and len(above) == 1 and key in here and continues_label(here[key].text)


def _bands(lines: list[Line], top: float, bottom: float, h_rules: list[Edge]) -> list[tuple[float, float, list[Line]]]:
    """Bands between horizontal rules (top, bottom, lines), top to bottom; empty bands dropped.

    The side of a fill parts rows only where the shading is under text: a shaded cell's edges
    bound that cell (a status coloured cell by cell, a band across the table), while marks
    shaded in the empty cells of a month grid start and end wherever the months do, between
    the lines of a row as well as between rows.
    """
    cuts = cluster_positions([e["top"] for e in h_rules if top + 2 < e["top"] < bottom - 2
                              and (e.get("source") != "fill" or shades_text(e, lines))], 2.0)
    edges = [top] + cuts + [bottom]
    bands = []
    for a, b in zip(edges, edges[1:]):
        held = [ln for ln in lines if a <= (ln.top + ln.bottom) / 2 < b]
        if held:
            bands.append((a, b, held))
    return bands


def shades_text(side: Edge, lines: list[Line]) -> bool:
    """Text stands over the fill whose side this is: a chunk within a line's height of the side,
    mostly inside its x range."""
    y, x0, x1 = side["top"], side["x0"], side["x1"]
    for ln in lines:
        reach = ln.bottom - ln.top
        if ln.top - reach <= y <= ln.bottom + reach:
            for c in ln.chunks:
                if min(c.x1, x1) - max(c.x0, x0) > 0.5 * (c.x1 - c.x0):
                    return True
    return False


def _stacked_numbers(records: list[list[Line]]) -> bool:
    """Several records holding numbers: numbers do not wrap, so they are separate rows
    (years are dates, which do wrap: a range broken after its dash leaves a bare year)."""
    return sum(map(_holds_figures, records)) >= 2


def _holds_figures(record: list[Line]) -> bool:
    """The record holds a number past its lines' first chunks (a year is no figure here)."""
    return any(is_numeric(c.text) and not _YEAR_PIECE.match(c.text.strip()) for ln in record for c in ln.chunks[1:])


def _between_rules(top: float, bottom: float, h_rules: list[Edge], tol: float = 2.5) -> bool:
    """Rules are drawn at both ends of the band: the table itself bounds it."""
    return all(any(abs(e["top"] - y) <= tol for e in h_rules) for y in (top, bottom))


def _several_records(records: list[list[Line]], cols: Columns, key: int) -> bool:
    """The band clearly holds several records: stacked numbers, or several starting in the key column.

    One band between rules is one row otherwise: with a single data row there
    is too little evidence for ``dense``, and a wrapped date ('2025') is no new record.
    """
    keyed = sum(key in cols.of_line(rec[0]) for rec in records)
    return keyed >= 2 or _stacked_numbers(records)


_BULLET = re.compile(r"^(?:[\u2022\u25aa\u25cf\u2013\u2014\-*o\uf0b7\uf0a7]\s|[\u2022\u25aa\u25cf\uf0b7\uf0a7])")


def _rejoined(records: list[list[Line]], cols: Columns, key: int) -> list[list[Line]]:
    """Records of a band between rules, those whose key text goes on from the record above
    (lower case: a wrapped sentence; a bullet: a step under a title) or that have none (the
    rest of the cells beside it, parted only by a year that wrapped) joined to it."""
    out = [records[0]]
    opening = gap_starts([ln for rec in records for ln in rec], cols)
    for rec in records[1:]:
        # every chunk the line has in the key column: a bullet is a chunk of its own before its text
        text = " ".join(c.text for c in rec[0].chunks if cols.range(c)[0] == key)
        # a record white space opens stays apart, unless all above it is the key column's text (a
        # label's rest a rule cut off from its row, under the rule that stops short of the label)
        lone = all(set(cols.of_line(ln)) == {key} for ln in out[-1])
        if (not text or continues_label(text) or _BULLET.match(text)) and not _stacked_numbers([out[-1], rec]) \
                and (id(rec[0]) not in opening or lone) and not _title_apart(rec[0], out[-1], cols):
            out[-1] = out[-1] + rec
        else:
            out.append(rec)
    return out


def _title_apart(line: Line, above: list[Line], cols: Columns) -> bool:
    """A title set apart by a blank line from the record ``above``: a row of its own. A title is
    one chunk crossing column bounds (``Projected enrollment, in thousands`` over the figures of
    its section), or one label under a row of figures (``Type of degree-granting institution``
    opening a section of the stub; figures never wrap into a label)."""
    if len(line.chunks) != 1 or line.top - above[-1].bottom <= max(line.bottom - line.top, 1.0):
        return False
    return spans(line, cols) or not is_numeric(line.text) and _holds_figures(above)


def record_key(
    bands: list[tuple[float, float, list[Line]]], cols: Columns, key: int
) -> tuple[int, list[list[list[Line]]]]:
    """The column whose text starts a record, among many rule bands, and each band's records by it.

    The first used column is the key by default; but when rules separate many
    bands, a column filled on the first line of most bands and never
    below it (a ref, not a wrapped name) tells records apart better: a name
    wrapped in the first column ('Workforce / Development Lead') is no new record.
    """

    if len(bands) < 4:
        return key, [group_records(lines, cols, key) for _, _, lines in bands]
    # the lines that open a row by the space above them are the same whichever key is tried
    openings = [gap_starts(lines, cols) for _, _, lines in bands]

    def grouped(k: int) -> list[list[list[Line]]]:
        return [group_records(lines, cols, k, opening) for (_, _, lines), opening in zip(bands, openings)]

    counts: dict[int, int] = {}
    # a band of one line in one chunk is a title across the table (an objective row), no record
    records = [lines for _, _, lines in bands if len(lines) > 1 or len(lines[0].chunks) > 1]
    for lines in records:
        for c in cols.of_line(lines[0]):
            counts[c] = counts.get(c, 0) + 1
    candidates = sorted(c for c, n in counts.items() if n >= 0.6 * len(records))
    if key not in candidates:
        return key, grouped(key)
    # the fewest records wins; the default key on a tie (it is tried first)
    options = {k: grouped(k) for k in [key] + [c for c in candidates if c != key]}
    best = min(options, key=lambda k: sum(len(records) for records in options[k]))
    return best, options[best]


def _header_bands(groups: list[list[Line]], cuts: list[float], h_rules: list[Edge], body_top: float) -> list[Row]:
    """Header rows from their lines; rows a rule parts (under group labels) are ruled rows bounded
    by it, so that where it stops short a label spans both (``hybrid._merge_under_short_rules``)."""
    rows: list[Row] = []
    for k, group in enumerate(groups):
        top, bottom = min(ln.top for ln in group), max(ln.bottom for ln in group)
        rows.append((top, bottom, group, False))
        if k and (y := next((c for c in cuts if rows[k - 1][1] - 1 <= c <= (top + bottom) / 2), None)) is not None:
            rows[k - 1] = (rows[k - 1][0], y, rows[k - 1][2], True)
            rows[k] = (y, bottom, group, True)
    if rows and rows[-1][3]:
        # the last one is ruled only down to the rule under the header, if one is drawn
        under = [e["top"] for e in h_rules if rows[-1][1] - 1 <= e["top"] <= body_top + 1]
        last = rows[-1]
        rows[-1] = (last[0], min(under), last[2], True) if under else (last[0], last[1], last[2], False)
    return rows


def build_rows(region: Region, cols: Columns) -> tuple[list[Row], int]:
    """The table's rows top to bottom, and how many of them are header rows."""
    key = min((k for ln in region.lines for k in cols.of_line(ln)), default=0)
    n_head = header_end(region, cols, key)
    head_lines, body_lines = region.lines[:n_head], region.lines[n_head:]
    rows: list[Row] = []
    head_cuts = [e["top"] for e in region.h_rules
                 if head_lines and head_lines[0].bottom - 1 <= e["top"] <= (head_lines[-1].top + head_lines[-1].bottom) / 2]
    rows += _header_bands(header_rows(head_lines, cols, head_cuts), head_cuts, region.h_rules,
                          body_lines[0].top if body_lines else region.box[3])
    n_header = len(rows)
    if not body_lines:
        return rows, n_header
    top = rows[-1][1] if rows else region.box[1]
    bands = _bands(body_lines, top, region.box[3], region.h_rules)
    ref = single_line_key([lines for _, _, lines in bands], cols, key)
    if ref != key:  # each line holding the ref starts a record, every other line continues one
        key, per_band = ref, [split_before(lines, cols, ref) for _, _, lines in bands]
    else:
        key, per_band = record_key(bands, cols, key)
    ruled = len(bands) > 1
    # rules part (nearly) every record; a band of one line in one chunk is a title across the
    # table (an objective row, ruled or shaded on its own) and says nothing of the rows between
    row_bands = [r for (_, _, lines), r in zip(bands, per_band) if len(lines) > 1 or len(lines[0].chunks) > 1]
    dense = ruled and bool(row_bands) and sum(len(r) == 1 for r in row_bands) >= 0.6 * len(row_bands)
    for (a, b, lines), records in zip(bands, per_band):
        if dense and not _stacked_numbers(records) and not any(_resumes(rec[0], cols.of_line(rec[0]), prev, cols)
                                                               for prev, rec in zip(records, records[1:])):
            # rules separate the records: a band is one row even when its cells wrap oddly (but
            # not when a column starts again under a gap: shaded section rows around a run of rows)
            records = [lines]
        elif _between_rules(a, b, region.h_rules):
            # the body's first band may open with a row's rest the page broke off, its key (a ref, a
            # lead: a column that never wraps) on the page before: a record of its own
            rest = [records[0]] if (a == top and len(records) > 1 and key not in cols.of_line(records[0][0])
                                    and key in cols.of_line(records[1][0])) else []
            records = records[len(rest):]
            records = rest + ([[ln for rec in records for ln in rec]] if not _several_records(records, cols, key)
                              else _rejoined(records, cols, key))
        for k, rec in enumerate(records):
            rec_top = a if k == 0 else min(ln.top for ln in rec)
            rec_bottom = b if k == len(records) - 1 else max(ln.bottom for ln in rec)
            rows.append((rec_top, rec_bottom, rec, ruled and len(records) == 1))
    return rows, n_header
