"""Build a table grid in a region from whatever rules there are plus text alignment.

Columns (gutters.py): drawn vertical rules, and whitespace gutters (x ranges no word
covers, found by projecting the region's words). Rows: the bands between
drawn horizontal rules; inside a band, text lines grouped into records (a
record starts where its key column has text; lines with that column empty
continue the record above unless they hold numbers, which never wrap).
When rules separate every record, each band is one row. A rule that stops
short of a column leaves the cells above and below it merged (row_span); a
chunk of text crossing a gutter is a cell spanning those columns.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import groupby
from operator import itemgetter

from plantables.extract.pdf.grid import GridCell, joined_lines, merge_down
from plantables.extract.pdf.gutters import column_bounds
from plantables.extract.pdf.headers import raise_lone_labels, widen_group_labels
from plantables.extract.pdf.lines import Chunk, Columns, Line, Region, column_range, is_numeric, make_chunk
from plantables.extract.pdf.objects import Edge
from plantables.extract.pdf.rows import build_rows
from plantables.extract.pdf.runover import join_runovers
from plantables.extract.pdf.settings import TableSettings

BBox = tuple[float, float, float, float]

_LINE_NUMBER = itemgetter(0)


def _shaded_across(fills: list[BBox], y: float, x0: float, x1: float, tol: float = 3.0) -> bool:
    """Shading runs across height ``y`` between ``x0`` and ``x1``: one painted box covers that
    width above and below it (the sides of two fills beside the cells, or of two cells' fills
    meeting at ``y``, say nothing)."""
    return any(f[0] <= x0 + tol and f[2] >= x1 - tol and f[1] < y - tol and f[3] > y + tol for f in fills)


def _rule_covers(rules: list[Edge], y: float, x: float, tol: float = 2.5) -> bool:
    return any(abs(e["top"] - y) <= tol and e["x0"] - tol <= x <= e["x1"] + tol for e in rules)


def build_cells(region: Region, settings: TableSettings) -> tuple[list[GridCell], list[float]] | None:
    """The region's grid cells (every slot covered, merged cells spanning) and column bounds."""
    if not region.lines:
        return None
    xs = column_bounds(region, settings)
    if len(xs) - 1 < 2:
        return None
    size = sorted(ln.size for ln in region.lines)[len(region.lines) // 2]
    slack = 0.3 * size
    _split_at_separators(region.lines, xs[1:-1])
    xs = _drop_empty_columns(region.lines, xs, slack, 3 * size)
    if len(xs) - 1 < 2:
        return None
    cols = Columns(xs, slack, region.lines)
    rows, n_header = build_rows(region, cols)
    n_rows, n_cols = len(rows), len(xs) - 1
    owner: dict[tuple[int, int], GridCell] = {}
    cells: list[GridCell] = []
    for r, (top, bottom, lines, _) in enumerate(rows):
        # each cell's chunks with the number of their line, in the order of the lines
        placed: list[tuple[int, int, list[tuple[int, Chunk]]]] = []
        for i, line in enumerate(lines):
            for chunk in line.chunks:
                a, b = cols.range(chunk)
                hit = next((p for p in placed if p[0] <= b and a <= p[1]), None)
                if hit is None:
                    placed.append((a, b, [(i, chunk)]))
                else:
                    placed.remove(hit)
                    placed.append((min(a, hit[0]), max(b, hit[1]), hit[2] + [(i, chunk)]))
        for a, b, chunks in placed:
            cell = GridCell(row=r, col=a, bbox=(xs[a], top, xs[b + 1], bottom), col_span=b - a + 1)
            cell.text = _chunks_text(chunks, (xs[a], xs[b + 1]))
            cell.chars = [ch for _, c in chunks for w in c.words for ch in w.get("chars", [])]
            cells.append(cell)
            for c in range(a, b + 1):
                owner[(r, c)] = cell
    key = min((c.col for c in cells if c.row >= n_header), default=0)
    # labels a header rule stops short of span the rows it parts before any label is widened
    # over its group ('Sample' over 'size' beside the years a rule underlines)
    _merge_under_short_rules(cells, owner, rows[:n_header], xs, region.h_rules, region.fills)
    _widen_lone_titles(owner, cells, rows, n_header, key, xs, region.h_rules)
    widen_group_labels(owner, cells, n_header, xs, key, _walls(rows[:n_header], xs, region.v_rules))
    raise_lone_labels(owner, cells, n_header)
    join_runovers(cells, owner, rows, n_header, cols, region.h_rules)
    for r in range(n_rows):
        for c in range(n_cols):
            if (r, c) not in owner:
                top, bottom = rows[r][0], rows[r][1]
                cell = GridCell(row=r, col=c, bbox=(xs[c], top, xs[c + 1], bottom))
                cells.append(cell)
                owner[(r, c)] = cell
    # in the body only rules drawn between its rows say where rows are merged (one under the header
    # says nothing of a body parted by shading alone)
    body_top = rows[n_header][0] + 2 if n_header < n_rows else region.box[3]
    _merge_under_short_rules(cells, owner, rows, xs, region.h_rules, region.fills, body_top)
    return sorted(cells, key=lambda c: (c.row, c.col)), xs


def _walls(rows, xs: list[float], v_rules: list[Edge]) -> dict[int, set[int]]:
    """For each row, the indices of the column bounds a vertical rule is drawn down through (the
    sides of shaded cells, stretched over the table as column bounds, are drawn through no row)."""
    walls: dict[int, set[int]] = {}
    drawn = [e for e in v_rules if e.get("source") not in ("fill", "shading")]
    for r, (top, bottom, _, _) in enumerate(rows):
        middle = (top + bottom) / 2
        for e in drawn:
            if e["top"] <= middle <= e["bottom"]:
                k = min(range(len(xs)), key=lambda i: abs(xs[i] - e["x0"]))
                if abs(xs[k] - e["x0"]) <= 3.0:
                    walls.setdefault(r, set()).add(k)
    return walls


def _widen_lone_titles(owner: dict, cells: list[GridCell], rows, n_header: int, key: int, xs: list[float],
                       h_rules: list[Edge]) -> None:
    """A ruled body row holding one line of text, from the key column, is a title across the table
    (a section row of a table with horizontal rules only): it spans every column. Not when the rule
    over it stops short of its column: then it is the last line of a cell above, taller than its row."""
    n_cols = len(xs) - 1
    for r in range(n_header, len(rows)):
        top, bottom, lines, ruled = rows[r]
        own = [c for c in cells if c.row == r]
        if not ruled or len(lines) != 1 or len(own) != 1 or own[0].col != key or n_cols < 3:
            continue
        if r > n_header and not _rule_covers(h_rules, top, (xs[key] + xs[key + 1]) / 2) \
                and _rule_covers(h_rules, top, (xs[-2] + xs[-1]) / 2):
            continue
        cell = own[0]
        cell.col, cell.col_span = 0, n_cols
        for k in range(n_cols):
            owner[(r, k)] = cell


def _drop_empty_columns(lines: list[Line], xs: list[float], slack: float, narrow: float) -> list[float]:
    """Remove narrow columns no text starts in (slivers between a rule and a gutter)."""
    used = {column_range(c, xs, slack)[0] for ln in lines for c in ln.chunks}
    n = len(xs) - 1
    drop = set()
    for i in range(n):
        if i not in used and xs[i + 1] - xs[i] < narrow:
            drop.add(i + 1 if i < n - 1 else i)
    return [x for j, x in enumerate(xs) if j not in drop]


def _split_at_separators(lines: list[Line], seps: list[float]) -> None:
    """Cut chunks where a column separator (``seps``, sorted) falls between two of their words.

    A drawn rule or a gutter between two words means two cells; a chunk
    stays whole where one of its words crosses a separator (a title spanning
    columns: a long one has gaps between its words over some separators too).
    """
    if not seps:
        return
    n = len(seps)
    starts = sorted(c.x0 for line in lines for c in line.chunks)
    figures = _between_figures(lines, seps)
    for line in lines:
        out: list[Chunk] = []
        for chunk in line.chunks:
            words = chunk.words
            if len(words) > 1 and _centred_on(chunk, figures):
                out.append(chunk)  # a group label over the columns on both sides of it
                continue
            if len(words) > 1 and chunk.x0 < seps[-1] and chunk.x1 > seps[0] and any(
                    (i := bisect_left(seps, w["x0"] + 1)) < n and seps[i] < w["x1"] - 1 for w in words):
                # a line alone that starts past the first column is a cell's wrapped line, no title
                out.extend(_split_at_cell_gaps(chunk, seps, starts, len(line.chunks) == 1 and chunk.x0 <= seps[0]))
                continue
            # a line of one chunk (a title in a row of its own) is cut only where its words stand
            # further apart than a word space, or, starting past the first column (a cell's wrapped
            # line, no title), where the word after the separator starts as its column's text does
            space = 0.35 if len(line.chunks) == 1 else 0.0
            inner = chunk.x0 > seps[0]
            cuts = [0]
            for k in range(1, len(words)):
                # the first separator right of the word before (or within a point of its end, as a
                # word is over one only when it crosses it by more)
                i = bisect_left(seps, words[k - 1]["x1"] - 1)
                if i < n and seps[i] <= words[k]["x0"] and (
                        not space or words[k]["x0"] - words[k - 1]["x1"] > space * words[k]["size"]
                        or (inner and _starts_at(starts, words[k]["x0"]))):
                    cuts.append(k)
            if len(cuts) == 1:
                out.append(chunk)  # most chunks stay whole
                continue
            cuts.append(len(words))
            out.extend(make_chunk(words[a:b]) for a, b in zip(cuts, cuts[1:]))
        line.chunks = out


def _between_figures(lines: list[Line], seps: list[float]) -> list[float]:
    """The separators with a column of figures on both sides: most chunks lying within each of the
    two columns are numbers (the sub-columns a group label heads in a table of figures)."""
    edges = [float("-inf")] + seps + [float("inf")]
    counts = [[0, 0] for _ in range(len(seps) + 1)]  # per column: chunks within it, numbers among them
    for line in lines:
        for c in line.chunks:
            k = bisect_left(seps, c.x0)
            if c.x1 <= edges[k + 1]:
                counts[k][0] += 1
                counts[k][1] += is_numeric(c.text)
    mostly = [n > 0 and 2 * figures > n for n, figures in counts]
    return [x for k, x in enumerate(seps) if mostly[k] and mostly[k + 1]]


def _centred_on(chunk: Chunk, seps: list[float]) -> bool:
    """The chunk is a group label (``Trend items`` over ``Number  Percent``) set over the columns on
    both sides of a separator (``seps``: those between columns of figures): centred on it within a
    quarter of its type size, its words a word space apart where the separator falls (two cells'
    texts run together, ``Number  Margin of``, leave a wider gap there, and figures run together are
    two cells wherever they stand)."""
    words = chunk.words
    if any(is_numeric(w["text"]) for w in words):
        return False
    centre = (chunk.x0 + chunk.x1) / 2
    i = bisect_left(seps, centre)
    for x in seps[max(0, i - 1): i + 1]:
        if chunk.x0 < x < chunk.x1 and abs(centre - x) <= 0.25 * words[0]["size"]:
            k = bisect_left([w["x0"] for w in words], x)  # the first word starting right of x
            gap = words[k]["x0"] - words[k - 1]["x1"] if 0 < k < len(words) else 0.0
            return gap <= 0.4 * words[0]["size"]
    return False


def _split_at_cell_gaps(chunk: Chunk, seps: list[float], starts: list[float], alone: bool,
                        tol: float = 0.6) -> list[Chunk]:
    """A chunk with a word over a separator (a group label: ``2016/17`` over Q1 Q2) is still cut
    where a separator falls in a gap clearly wider than its word spaces and the word after the gap
    starts where other text in the region starts (``Lead Officer / Team  2016/17``, printed close
    in a squeezed header: a cell's padding on both sides of the gutter, the label aligned with
    ``Q1`` under it). A title over several columns has even word spaces: it stays whole.

    The separator may fall in a word next to the gap (a cell's line running close to the gutter
    the other lines leave wider: ``conversion rates of | to share``). In a line holding
    other cells too (not ``alone``, as a title row is) two cells' lines printed a word space
    apart are cut there as well: the word after the gap starting where its column's text does
    is the evidence."""
    words = chunk.words
    gaps = [words[k]["x0"] - words[k - 1]["x1"] for k in range(1, len(words))]
    space = sorted(gaps)[(len(gaps) - 1) // 2] if len(gaps) > 2 else 0.3 * words[0]["size"]
    cuts = [0]
    for k in range(1, len(words)):
        x0 = words[k]["x0"]
        i = bisect_left(seps, words[k - 1]["x0"] + 1)
        if not (i < len(seps) and seps[i] < words[k]["x1"] - 1
                and (not alone or gaps[k - 1] > max(1.6 * space, 0.4 * words[k]["size"]))):
            continue
        if _starts_at(starts, x0, tol):  # text on another line starts there too
            cuts.append(k)
    if len(cuts) == 1:
        return [chunk]
    cuts.append(len(words))
    return [make_chunk(words[a:b]) for a, b in zip(cuts, cuts[1:])]


def _starts_at(starts: list[float], x: float, tol: float = 0.6) -> bool:
    """A chunk of ``starts`` (sorted) starts at ``x``."""
    j = bisect_left(starts, x - tol)
    return j < len(starts) and starts[j] <= x + tol


def _chunks_text(chunks: list[tuple[int, Chunk]], box: tuple[float, float]) -> str:
    """The text of chunks (with their line numbers, in line order) line by line,
    a word the column's edge broke joined again."""
    words = []
    for _, same_line in groupby(chunks, key=_LINE_NUMBER):
        words.append([w for _, c in sorted(same_line, key=_chunk_x0) for w in c.words])
    return joined_lines(words, box, "\n")


def _chunk_x0(item: tuple[int, Chunk]) -> float:
    return item[1].x0


def _outlines_band(rule: Edge, fills: list[BBox], width: float, tol: float = 2.0) -> bool:
    """The rule runs along the top or bottom of a fill across most of the table (a title row's band)."""
    return any(f[2] - f[0] >= 0.9 * width and f[0] - tol <= rule["x0"] and rule["x1"] <= f[2] + tol
               and (abs(f[1] - rule["top"]) <= tol or abs(f[3] - rule["top"]) <= tol) for f in fills)


def _merge_under_short_rules(cells, owner, rows, xs, h_rules, fills: list[BBox], drawn_below: float = float("-inf")) -> None:
    """Where the rule between two ruled rows stops short of a column, the cells there are one.

    Beyond the drawn rules (those under ``drawn_below``) only shading parts rows: there the
    cells are one where the shading of their column runs on across the row boundary (the sides
    of one fill cross it), not where a column is left unshaded while the one beside it is shaded
    cell by cell, nor where a shaded header ends over a month grid whose marks part its rows.
    """
    if not h_rules:
        return
    # a missing rule says something only where rules are drawn: beyond the drawn rules' extent (row
    # labels left of a grid) nothing, and where shading ends (the sides of fills with no border), only
    # where a fill runs on across the boundary (a RAG column coloured cell by cell in a table drawn
    # without rules says nothing of the cells beside it)
    # (a rule outlining a band across the table, a title row's shading, rules that row alone)
    drawn = [e for e in h_rules if e.get("source") != "fill" and e["top"] > drawn_below
             and not _outlines_band(e, fills, xs[-1] - xs[0])]
    reach = (min(e["x0"] for e in drawn) - 2, max(e["x1"] for e in drawn) + 2) if drawn else (0.0, -1.0)
    middles = [(xs[c] + xs[c + 1]) / 2 for c in range(len(xs) - 1)]
    drawn_cut = [reach[0] <= x <= reach[1] for x in middles]
    gone: set[int] = set()  # ids of the cells merged into the one above
    for r in range(len(rows) - 1):
        if not (rows[r][3] and rows[r + 1][3]):
            continue
        y = rows[r][1]
        for c in range(len(xs) - 1):
            upper, lower = owner.get((r, c)), owner.get((r + 1, c))
            if upper is None or lower is None or upper is lower:
                continue
            if _rule_covers(h_rules, y, (xs[c] + xs[c + 1]) / 2):
                continue
            if upper.col != lower.col or upper.col_span != lower.col_span:
                continue
            if not drawn_cut[c] and not _shaded_across(fills, y, upper.bbox[0], upper.bbox[2]):
                continue  # shading ends beside the cells, not in them: no sign they are one
            merge_down(upper, lower, owner)
            gone.add(id(lower))
    if gone:
        cells[:] = [c for c in cells if id(c) not in gone]
