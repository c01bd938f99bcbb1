"""Column bounds of a region without full rules: drawn vertical rules, else white-space gutters.

A gutter is an x range (almost) no word of the region's fullest lines covers;
its separator stands where the fewest words are cut. Used by hybrid.py.
"""

from __future__ import annotations

import re
from itertools import accumulate
from operator import itemgetter

from plantables.extract.pdf.grid import cluster_positions
from plantables.extract.pdf.gridlabels import headed_gaps
from plantables.extract.pdf.header_lines import YEAR
from plantables.extract.pdf.lines import Chunk, Line, Region, is_numeric, under_a_chunk
from plantables.extract.pdf.settings import TableSettings

_LEADER = re.compile(r"^[.\u2026_\u00b7]+$")


def gutters(lines: list[Line], x0: float, x1: float, min_width: float) -> list[tuple[float, float, float]]:
    """x ranges crossed by (almost) no word of the lines, at least ``min_width`` wide (or 2 pt, a
    fifth of the type size in smaller type, where many words start right after the range: a
    left-aligned column).

    A few lines may cross a gutter (titles and group labels spanning
    columns, a wider number): up to a tenth of the lines that have several
    chunks. Each gutter comes as (start, end, separator), the separator in
    the middle of its least crossed part, so it cuts as few words as possible.
    """
    multi = [ln for ln in lines if len(ln.chunks) >= 2]
    if len(multi) < 2:
        # one line alone, a header orphaned at a page's foot, is parted where its chunks are; so
        # is one whose labels wrap, their rest under them, and one over a title row across the
        # table (an objective's, its rows on the next page), which does not cross its gutters
        if not multi or not all(ln is multi[0] or under_a_chunk(ln, multi[0]) or len(ln.chunks) == 1
                                for ln in lines):
            return []
        lines = [ln for ln in lines if ln is multi[0] or under_a_chunk(ln, multi[0])]
    tolerance = len(multi) // 10
    step = 0.5
    n = int((x1 - x0) / step) + 2
    starts = [0] * (n + 1)  # +1 where a word's cover starts, -1 where it ends: summed up below
    lefts = [0] * (n + 1)  # words starting at each step
    for ln in lines:
        for w in ln.words:
            if _LEADER.match(w["text"]):
                continue  # dot leaders run from a label to its value, across the gutter
            a = max(0, int((w["x0"] - x0) / step))
            b = min(n - 1, int((w["x1"] - x0) / step) + 1)
            if a < b:
                starts[a] += 1
                starts[b] -= 1
                lefts[a] += 1
    cover = list(accumulate(starts[:n]))
    # a narrower gap counts where many words start right after it: a column's left-aligned
    # cells, the text of the column before filling its cells up to the gap
    aligned = max(3, len(multi) // 4)
    # there, a gap wider than a word space will do: a fifth of the type size (min_width is half of it)
    narrow = min(2.0, 0.4 * min_width)
    out: list[tuple[float, float, float]] = []
    start = None
    for i, count in enumerate(cover + [tolerance + 1]):
        if count <= tolerance:
            if start is None:
                start = i
        elif start is not None:
            left, right = x0 + start * step, x0 + i * step
            # (the cover is rounded outwards: a gap measures up to a step less than it is. A word space
            # beside a column's cells filled to their edge is a gutter where other lines leave a wide one)
            wide = right - left >= min_width or (right - left + step >= narrow and sum(lefts[i - 1 : i + 2]) >= aligned
                                                 and _starts_apart(lines, right, step, aligned, min_width,
                                                                   right - left < narrow))
            labels = _labels_within(lines, left, right) if wide and start > 0 and i < n and right - left > 4 * min_width else []
            if labels:
                out += labels
            elif wide and start > 0 and i < n:
                low = min(cover[start:i])
                best = [k for k in range(start, i) if cover[k] == low]
                # the middle of the longest least-crossed stretch
                runs: list[list[int]] = []
                for k in best:
                    if runs and k == runs[-1][-1] + 1:
                        runs[-1].append(k)
                    else:
                        runs.append([k])
                run = max(runs, key=len)
                out.append((left, right, x0 + (run[0] + run[-1] + 1) / 2 * step))
            start = None
    return sorted(out + _under_group_labels(lines, out, tolerance, min_width), key=itemgetter(2))


def _under_group_labels(lines: list[Line], found: list[tuple[float, float, float]], tolerance: int,
                        min_width: float) -> list[tuple[float, float, float]]:
    """Gutters between a grid's labels that only the group labels over them cross (``2024/25``
    over ``Q1 Q2 Q3 Q4``): a group label heads several columns, so crossing them is what it does."""
    out: list[tuple[float, float, float]] = []
    for left, right, groups in headed_gaps(lines):
        if right - left < min_width or any(a < right and left < b for a, b, _ in found + out):
            continue
        crossing = sum(1 for ln in lines if any(id(w) not in groups and w["x0"] < right and left < w["x1"]
                                                 for w in ln.words))
        if crossing <= tolerance:
            out.append((left, right, (left + right) / 2))
    return out


def _starts_apart(lines: list[Line], x: float, step: float, aligned: int, min_width: float, spaced: bool) -> bool:
    """The words starting at ``x`` are different texts after a ragged edge: the cells of a
    column after a column of left-aligned text, not a phrase repeated on every line (whose
    words line up too, a word space apart). A text is the word and the next one: cells may
    open with the same word ('w/c 27/04/16'). Where no line leaves more than a word space
    before them (``spaced``), two lines at least must leave a gutter's width (``min_width``).
    Most of them one mark, not a word, is a connector in a phrase printed alike on every line
    (the dash of ``Jun 2016 – Sep 2016``), not a column's cells. The edge before may be straight
    where it is a column of figures set flush right, each a different number, further from ``x``
    than a word space (a ref opening its cell's text, ``1.1 Ensure``, is a word space before it)."""
    texts, ends, marks, before = [], [], [], []
    for ln in lines:
        words = ln.words
        for k, w in enumerate(words):
            if abs(w["x0"] - x) <= 2 * step:
                texts.append(" ".join(v["text"] for v in words[k : k + 2]))
                marks.append(w["text"])
                if k:
                    ends.append(words[k - 1]["x1"])
                    before.append(words[k - 1]["text"])
    if spaced and sum(e <= x - min_width for e in ends) < 2:
        return False
    common = max(set(marks), key=marks.count, default="")
    if common and not any(ch.isalnum() for ch in common) and 2 * marks.count(common) > len(marks):
        return False
    figures = all(map(is_numeric, before)) and len(set(before)) >= max(2, aligned // 2) \
        and bool(ends) and x - max(ends) >= 0.8 * min_width
    return len(set(texts)) >= max(2, aligned // 2) and len(ends) >= 2 and (max(ends) - min(ends) > 1.0 or figures)


def _labels_within(lines: list[Line], left: float, right: float) -> list[tuple[float, float, float]]:
    """Gutters between the labels one line prints inside a wide gutter: columns only a header
    names (a month grid whose months the rows leave empty, marked by shading alone). One label
    alone counts on the table's first line of cells (its header): a column of colours only
    (``BRAG``), whose cells hold no text."""
    best: list[Chunk] = []
    for ln in lines:
        inner = [c for c in ln.chunks if left <= c.x0 and c.x1 <= right]
        if len(inner) > len(best):
            best = inner
    first = next((ln for ln in lines if len(ln.chunks) >= 3), None)
    if len(best) < 2 and not (best and first is not None and best[0] in first.chunks
                              and _stands_apart(best[0], left, right)):
        return []
    edges = [left] + [x for c in best for x in (c.x0, c.x1)] + [right]
    return [(a, b, (a + b) / 2) for a, b in zip(edges[::2], edges[1::2])]


def _stands_apart(label: Chunk, left: float, right: float) -> bool:
    """A label with room on both sides within its gutter (over a column of its own), not one set
    right after the text of the column before it (a header offset from its column's cells)."""
    room = 0.6 * max(w["size"] for w in label.words)
    return label.x0 - left >= room and right - label.x1 >= room


def _least_crossed(lines: list[Line], left: float, right: float, x: float, slack: float, step: float = 0.5) -> float:
    """The separator ``x`` of the gutter ``left``..``right`` moved to where the fewest words of
    chunks crossing it (by more than ``slack``, as :func:`column_range` reads a crossing) cut it:
    the middle of the longest such stretch, where that is fewer than at ``x``. The gutters come
    from the fullest lines; a thinner row's cell may run a line up to a word space from the next
    column's text, or be printed as one chunk with it (``conversion rates of to share``), and the
    separator in the gutter's middle would cut a word and merge the two cells. Lines of one
    chunk (titles across the table) and chunks of one word (a year over its quarters, which no
    separator can part) are left out; a line of one chunk ending inside a narrow gutter (a list
    item under a title, its line running closer to the next column) counts. So does not a chunk
    centred on the gutter (``All items`` over ``Number  Percent``): a group label heads the columns
    on both sides, and a separator moved into its word space would cut it in two."""
    narrow = right - left <= 10 * slack  # three type sizes: a gutter between cells, not a wide empty stretch
    middle, room = (left + right) / 2, max(1.0, 0.15 * (right - left))
    chunks = [c for ln in lines for c in ln.chunks
              if c.x0 < right and left < c.x1 and len(c.words) > 1 and (len(ln.chunks) > 1 or narrow and c.x1 <= right)
              and not (c.x0 < left and right < c.x1 and abs((c.x0 + c.x1) / 2 - middle) <= room)]

    def cut(p: float) -> int:
        return sum(w["x0"] < p < w["x1"] for c in chunks if c.x0 + slack < p < c.x1 - slack for w in c.words)

    here = cut(x)
    if not here:
        return x
    points = [left + step * k for k in range(int((right - left) / step) + 1)]
    counts = [cut(p) for p in points]
    low = min(counts)
    if low >= here:
        return x
    best: list[int] = []
    run: list[int] = []
    for k, n in enumerate(counts):
        run = run + [k] if n == low else []
        if len(run) > len(best):
            best = run
    return (points[best[0]] + points[best[-1]]) / 2


#: the sources of edges that are the sides of painted boxes, not drawn rules
PAINTED = ("fill", "shading")


def _cuts_words(lines: list[Line], x: float, slack: float = 1.0) -> bool:
    """Words of more than a tenth of the lines run across ``x`` (a year over its months, a group
    label, crosses its columns' bounds: not counted)."""
    crossing = sum(any(w["x0"] < x - slack and w["x1"] > x + slack and not YEAR.match(w["text"])
                       for w in ln.words) for ln in lines)
    return crossing > max(1, len(lines) // 10)


def column_bounds(region: Region, settings: TableSettings) -> list[float]:
    """Column boundaries: left edge, separators (drawn rules, else gutters), right edge."""
    x0, _, x1, _ = region.box
    size = sorted(ln.size for ln in region.lines)[len(region.lines) // 2] if region.lines else 10.0
    wide = 0.5 * (x1 - x0)
    # columns are defined by the fullest lines: group labels and section titles
    # (fewer, wider chunks) span the gutters those lines leave. Fullest as several lines
    # are: a header naming a column per month over rows that leave the months empty is one line
    counts = sorted((len(ln.chunks) for ln in region.lines), reverse=True)
    most = counts[min(2, len(counts) - 1)] if counts else 1
    usable = [
        ln for ln in region.lines
        if len(ln.chunks) >= max(2, (most + 1) // 2) and not (len(ln.chunks) == 1 and ln.x1 - ln.x0 > wide)
    ]
    if len(usable) < 2:
        usable = [ln for ln in region.lines if not (len(ln.chunks) == 1 and ln.x1 - ln.x0 > wide)]
    gaps = [(a, b, _least_crossed(region.lines, a, b, x, 0.3 * size))
            for a, b, x in gutters(usable, x0, x1, settings.gutter_min_em * size)]
    # the side of a painted box cutting the words of many lines a few type sizes right of a gutter
    # (none beside it) is a border drifted off the text's columns (wkhtmltopdf paints borders and
    # fills at a scale of its own): the gutter is the bound there
    rules = cluster_positions([e["x0"] for e in region.v_rules if x0 + 2 < e["x0"] < x1 - 2 and not (
        e.get("source") in PAINTED and not any(abs(x - e["x0"]) <= size for _, _, x in gaps)
        and any(0 < e["x0"] - x <= 6 * size for _, _, x in gaps) and _cuts_words(usable, e["x0"]))]
                              + _cell_sides(region), 3.0)
    # a rule standing in a gutter is that gutter's separator; one a point or two beside it (a
    # snapped position: shading's sides, borders off the text) is moved into it
    seps = [next((min(max(r, a + 0.5), b - 0.5) for a, b, _ in gaps if a - 2 <= r <= b + 2), r) for r in rules]
    walls = _walls_down(region)
    seps += [x for a, b, x in gaps if not any(a - 2 <= r <= b + 2 for r in rules)
             and not _inside_ruled_column(region.lines, x, walls)]
    return [x0] + sorted(set(seps)) + [x1]


def _walls_down(region: Region) -> list[float]:
    """The x of the vertical rules drawn (not painted) down most of the region's height, pieces
    drawn cell by cell added up."""
    height = region.box[3] - region.box[1]
    drawn = [e for e in region.v_rules if e.get("source") not in PAINTED]
    walls = []
    for x in cluster_positions([e["x0"] for e in drawn], 1.0):
        if sum(e["bottom"] - e["top"] for e in drawn if abs(e["x0"] - x) <= 1.0) >= 0.8 * height:
            walls.append(x)
    return walls


def _inside_ruled_column(lines: list[Line], x: float, walls: list[float]) -> bool:
    """A gutter at ``x`` between two rules drawn down the table, with none of its own, that labels
    run across and that parts no two labels (only figures and their note marks, ``10,000  (1)``):
    white space inside the column the rules bound. Sub-columns a group's rules enclose have labels
    of their own (``Number  Percent`` under ``All items``)."""
    left = max((w for w in walls if w < x - 1.0), default=None)
    right = min((w for w in walls if w > x + 1.0), default=None)
    if left is None or right is None:
        return False
    crossed = False
    for ln in lines:
        inner = [c for c in ln.chunks if left <= c.x0 and c.x1 <= right]
        if any(c.x1 <= x for c in inner if not is_numeric(c.text)) and \
                any(c.x0 >= x for c in inner if not is_numeric(c.text)):
            return False
        crossed = crossed or any(w["x0"] < x < w["x1"] for c in inner for w in c.words)
    return crossed


#: a cell's text starts at most this far (points) right of its left side
CELL_PADDING = 3.0


def _cell_sides(region: Region) -> list[float]:
    """In a table drawn with no rules, the left sides of its shaded cells (a quarter grid's marks)
    that no word crosses and where a column's text starts a padding's width right of the side (the
    ``Q1`` label over the marks): column bounds the gutters may miss, the text of the column before
    running up to the marks."""
    if region.kind != "whitespace" or not region.fills:
        return []
    x0, _, x1, _ = region.box
    words = [w for ln in region.lines for w in ln.words]
    starts = [c.x0 for ln in region.lines for c in ln.chunks]
    # (or, right of all text, a column of fills only: RAG cells coloured, not worded)
    return [x for x in sorted({f[0] for f in region.fills})
            if x0 + 2 < x < x1 - 2 and (any(x <= s <= x + CELL_PADDING for s in starts)
                                        or not any(w["x1"] > x + 0.5 for w in words))
            and not any(w["x0"] < x - 0.5 and w["x1"] > x + 0.5 for w in words)]
