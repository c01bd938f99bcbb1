"""Header lines of a text-aligned table: where the header ends and how its lines make rows.

The header is the lines above the first line holding figures (a year is a
label, not a figure) or, in tables of words, the lines above the first rule.
Header lines merge per column (a label wrapped over two lines is one cell);
a line with a label spanning columns is a header row of its own, and a line
of group labels (``2024/25`` over its quarters) heads a row of its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from plantables.extract.pdf.grid import cluster_positions
from plantables.extract.pdf.lines import Columns, Line, Region, is_numeric
from plantables.extract.pdf.objects import Edge
from plantables.extract.pdf.row_starts import continues_label

#: a year or a financial year, a label (not a figure) in a header
YEAR = re.compile(r"^(?:19|20)\d\d(?:[-/–]\d{2,4})?$")
MAX_HEADER_LINES = 6

def _figures(line: Line, cols: Columns, key: int) -> bool:
    """The line holds a figure outside its key column (years are labels)."""
    return any(
        col != key and is_numeric(c.text) and not YEAR.match(c.text.strip())
        for col, c in cols.of_line(line).items()
    )


def header_end(region: Region, cols: Columns, key: int) -> int:
    """How many lines at the top of the region form its header (0 if none is evident).

    A rule drawn under the first lines ends the header; without one, the
    first line holding figures starts the body. Labels found standing apart
    above the region (``region.head``) are the header.
    """
    if region.head:
        return region.head
    lines = region.lines
    figures = next((i for i, ln in enumerate(lines[: MAX_HEADER_LINES + 1]) if _figures(ln, cols, key)), None)
    top = region.box[1]
    # a rule across the table ends the header; one over a group of columns (under '2025' above
    # its months) is inside it
    width = region.box[2] - region.box[0]
    cuts = _rules_across([e for e in region.h_rules if e["top"] > top + 2], 0.9 * width)
    if cuts:
        above = [ln for ln in lines if (ln.top + ln.bottom) / 2 < cuts[0]]
        if 0 < len(above) <= MAX_HEADER_LINES and len(above) < len(lines):
            body = lines[len(above):]
            # words over a body of figures are labels; otherwise, where rules part every record and
            # nothing sets the first band apart, it is a record like the others (a continued table)
            labels = (figures is None or figures >= len(above)) and any(_figures(ln, cols, key) for ln in body)
            if not labels and _rules_part_records(lines, cuts) and not _set_apart(above, body):
                return 0
            # a first row of figures above the rule is body, not header
            return min(len(above), figures) if figures else len(above)
    return figures or 0


def _rules_across(h_rules: list[Edge], width: float, tol: float = 2.0) -> list[float]:
    """Heights at which rules run ``width`` or more in all: a rule may be drawn cell by cell and
    stop at a merged column's cell, which it does not cross (WeasyPrint rules each cell)."""
    cuts = []
    for y in cluster_positions([e["top"] for e in h_rules], tol):
        spans = sorted((e["x0"], e["x1"]) for e in h_rules if abs(e["top"] - y) <= tol)
        covered, reach = 0.0, float("-inf")
        for x0, x1 in spans:
            if x1 > reach:
                covered += x1 - max(x0, reach)
                reach = x1
        if covered >= width:
            cuts.append(y)
    return cuts


def _rules_part_records(lines: list[Line], cuts: list[float]) -> bool:
    """Rules are drawn between the body's rows, not only under the header: several of them have
    text on both sides (a rule under the header alone, or a table's closing rule, does not)."""
    inner = [y for y in cuts if any((ln.top + ln.bottom) / 2 > y for ln in lines)]
    return len(inner) >= 3


def _set_apart(head: list[Line], body: list[Line]) -> bool:
    """The lines are printed unlike the body: all bold over a body mostly not (a header's look)."""
    words = [w for ln in head for w in ln.words]
    if not words or not all(w.get("bold") for w in words):
        return False
    body_words = [w for ln in body for w in ln.words]
    return sum(bool(w.get("bold")) for w in body_words) < 0.5 * len(body_words)


def _heads_several(chunk, cols: Columns, above: Line | None = None) -> bool:
    """A label over several columns: it crosses a separator, or is centred on one it straddles
    (a short label just right of a separator, the last line of a wrapped label, heads one), or
    is a year centred on one, not under a label of the line ``above`` (``1994`` over the
    figures of its columns)."""
    a, b = cols.range(chunk)
    if a != b:
        return True
    xs = cols.xs
    centre = (chunk.x0 + chunk.x1) / 2
    year = bool(YEAR.match(chunk.text.strip()))
    wrapped = above is not None and any(c.x0 < chunk.x1 and chunk.x0 < c.x1 for c in above.chunks)
    inner = xs[1:-1]
    for i, x in enumerate(inner, start=1):
        width = min(xs[i] - xs[i - 1], xs[i + 1] - xs[i])
        if (chunk.x0 < x < chunk.x1 or year and not wrapped) and abs(centre - x) < 0.2 * width:
            return True
    return False


def header_rows(lines: list[Line], cols: Columns, cuts: Sequence[float] = ()) -> list[list[Line]]:
    """Header lines: one column-per-chunk layout merges; a line spanning columns is its own row,
    and a rule between two lines (``cuts``: under group labels, over their sub-labels) starts one."""
    rows: list[list[Line]] = []
    open_row = False
    for k, line in enumerate(lines):
        spanning = any(_heads_several(c, cols, lines[k - 1] if k else None) for c in line.chunks)
        # the group labels may be on any line of the row above (over a wrapped label's last line)
        if k and (any(lines[k - 1].bottom - 1 <= y <= (line.top + line.bottom) / 2 for y in cuts)
                  or any(_labels_groups(upper, line, cols) for upper in rows[-1])):
            rows.append([line])
            open_row = not spanning
        elif spanning:
            rows.append([line])
            open_row = False
        elif open_row:
            rows[-1].append(line)
        else:
            rows.append([line])
            open_row = True
    return rows


def _labels_groups(upper: Line, lower: Line, cols: Columns) -> bool:
    """The upper line labels groups of the lower line's columns ('2024/25' over Q1 Q2 Q3 Q4): a
    label over the first of several short sub-labels, the columns right of it empty above,
    the label under it no continuation of it (a wrapped label goes on in lower case)."""
    above, below = cols.of_line(upper), cols.of_line(lower)
    for col in above:
        first = below.get(col)
        if first is None or continues_label(first.text):
            continue
        k = col + 1
        while k in below and k not in above and len(below[k].text) <= 12:
            k += 1
        if k - col >= 3 and len(first.text) <= 12:
            return True
    return False
