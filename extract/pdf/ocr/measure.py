"""Type size and baseline of recognised lines, from their ink rather than the detector's box.

The detector pads each line's box by an amount that varies with what the
line holds (a descender, a bold face, a neighbour's ascenders): a size taken
from the box is noisy by a quarter, enough for a body line to pass as a
heading and for the table engine to cut a table there. The ink is exact: a
line's capitals, digits and ascenders stand about 0.72 of the type size above
its baseline in the common faces (Arial/Helvetica 0.72, Calibri 0.64-0.69,
Times 0.66-0.68, Verdana 0.73), its lowercase about half; which of the two a
line shows the recogniser's text says.
"""

from __future__ import annotations

import numpy as np

from plantables.extract.pdf.ocr.recognise import TextLine

#: height of capitals and ascenders over the type size
ASCENT = 0.72
#: height of lowercase letters (x-height) over the type size
X_HEIGHT = 0.5
#: what stands as tall as a capital: a line holding one of these shows its ascent
TALL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789bdfhklß/()[]{}|?!&%$£€#@")
#: a line's char box: this much of the size above the baseline and below it (as a
#: born-digital PDF's font box gives them: ascent ~0.95, descent ~0.24 in the common faces)
ABOVE, BELOW = 0.95, 0.24
#: ink runs of a line this far apart (of its box's height) are parts of one line
RUN_GAP = 0.15
#: ascents of one page this many pixels apart are one size (the ink is read in whole pixels)
SAME_SIZE = 1.25


def baselines(lines: list[TextLine], dark: np.ndarray) -> list[tuple[float, float] | None]:
    """Each line's baseline (px) and type size (px) from its ink, or None where it shows no ink.

    The rows the line's chars span are profiled: the baseline is the foot of
    the run of rows holding the bulk of the ink (descenders hold little), the
    top of its glyphs the last row going up that still holds ink (the box,
    padded a little, bounds both). Sizes a
    pixel apart (rounding) are made one: a page sets its text in few sizes.
    """
    found = [_measure(line, dark) for line in lines]
    weights = [len(line.chars) for line in lines]
    tall = [m if m is not None and _shows_ascent(line) else None for m, line in zip(found, lines)]
    sized = _one_size_each(tall, weights)
    sizes = sorted({m[1] for m in sized if m is not None})
    rest: list[tuple[float, float] | None] = [None] * len(lines)
    for i, m in enumerate(found):
        if m is None or sized[i] is not None:
            continue
        near = [size for size in sizes if XLINE_LOW <= m[1] / size <= XLINE_HIGH]
        if near:
            sized[i] = (m[0], min(near, key=lambda size: abs(np.log(m[1] / size / XLINE_OVER))))
        else:
            rest[i] = m
    return _row_sizes(lines, [a if a is not None else b for a, b in zip(sized, _one_size_each(rest, weights))])


#: lines whose baselines lie this many pixels apart stand on one row (cells of a table row)
SAME_BASE = 1.5
#: a line's size off its row's by at most this share is its row's: a short line's glyph whose thin
#: apex or tail the threshold cut or kept ("4" of "Q4" in a serif face read a fifth short)
ROW_SIZE = 0.25


def _row_sizes(lines: list[TextLine], found: list[tuple[float, float] | None]) -> list[tuple[float, float] | None]:
    """Each line's size made its row's where a row's other lines, holding more chars, agree on one
    within ROW_SIZE of it (a short cell's two glyphs say less about the type than its row's)."""
    out = list(found)
    for i, m in enumerate(found):
        if m is None:
            continue
        own = len(lines[i].chars)
        votes: dict[float, int] = {}
        for j, other in enumerate(found):
            if j != i and other is not None and abs(other[0] - m[0]) <= SAME_BASE:
                votes[other[1]] = votes.get(other[1], 0) + len(lines[j].chars)
        if not votes:
            continue
        size, weight = max(votes.items(), key=lambda kv: kv[1])
        if size != m[1] and weight > 2 * own and abs(size - m[1]) <= ROW_SIZE * size:
            out[i] = (m[0], size)
    return out


#: a line without a capital, digit or ascender is sized from its x-height, which the dots of i
#: and j and the stem of t overshoot by up to half (measured: 6 pt body lines of lowercase read
#: 4.6-8.6 pt): it takes the size of a line that shows its ascent within these bounds of its own
XLINE_LOW, XLINE_HIGH = 0.7, 1.5
#: and it reads about this much over its size, the size nearest to that is taken
XLINE_OVER = 1.2


def _shows_ascent(line: TextLine, whole: bool = True) -> bool:
    """Does the line (``whole``: all of it, else its chars that stand on the baseline) hold a tall char?"""
    return any(c[0] in TALL for c in line.chars if whole or c[0] not in DESCENDING)


#: chars whose ink runs below the baseline in the common faces: a short line of them ("Q1" in a
#: serif face, whose Q has a tail) holds so few glyphs that the descent passes for the bulk of its ink
DESCENDING = frozenset("gjpqyQJ(),;[]{}|$@")


def _glyphs_reaching(band: np.ndarray, start: int, end: int) -> np.ndarray:
    """``band`` with only the ink of glyphs reaching into its columns ``start..end`` (the chars'
    estimated span) in the margins beyond it: a rule's remains or a neighbour's glyph there is not
    the line's (a column of ink all down the band would carry its top into the line above)."""
    import cv2

    if start <= 0 and end >= band.shape[1]:
        return band
    n, labels = cv2.connectedComponents(band.astype(np.uint8), connectivity=8)
    inside = np.unique(labels[:, max(0, start):max(start + 1, end)])
    out = band.copy()
    margin = np.ones(band.shape[1], dtype=bool)
    margin[max(0, start):max(start + 1, end)] = False
    out[:, margin] = np.where(np.isin(labels[:, margin], inside[inside > 0]), band[:, margin], 0)
    return out


def _on_baseline(line: TextLine, band: np.ndarray, left: int) -> tuple[np.ndarray, bool]:
    """The line's ink (``band``, its first column at page column ``left``) less the glyphs of its
    descending chars, and whether it is whole: the glyph under a descending char's middle goes, unless
    nothing would be left (a line of descenders only, or glyphs run together by blur)."""
    import cv2

    middles = [int((x0 + x1) / 2) - left for text, x0, x1, _ in line.chars if text in DESCENDING]
    if not middles:
        return band, True
    n, labels = cv2.connectedComponents(band.astype(np.uint8), connectivity=8)
    drop: set[int] = set()
    for m in middles:
        if 0 <= m < band.shape[1]:
            drop.update(int(v) for v in np.unique(labels[:, max(0, m - 1):m + 2]) if v)
    kept = np.where(np.isin(labels, list(drop)), 0, band)
    if not kept.any() or len(drop) >= n - 1:
        return band, True
    return kept, False


def _measure(line: TextLine, dark: np.ndarray) -> tuple[float, float] | None:
    x0, y0, x1, y1 = line.box
    if not line.chars:
        return None
    h = y1 - y0
    # the recogniser's char boxes are estimates: its first and last glyphs may reach a char's width
    # past them (the detector's box bounds that), and a glyph cut short reads as a smaller size
    (_, a0, a1, _), (_, b0, b1, _) = line.chars[0], line.chars[-1]
    left = max(0, int(max(x0, a0 - (a1 - a0))))
    right = min(dark.shape[1], int(min(x1, b1 + (b1 - b0))) + 1)
    top, bottom = max(0, int(y0 - 0.1 * h)), min(dark.shape[0], int(y1 + 0.1 * h) + 1)
    if right - left < 2 or bottom - top < 4:
        return None
    band = _glyphs_reaching(dark[top:bottom, left:right], max(0, int(a0) - left), int(b1) + 1 - left)
    band, whole = _on_baseline(line, band, left)
    rows = band.sum(axis=1, dtype=np.int64)
    if rows.max() <= 0:
        return None
    # the bulk of the ink: runs of rows at least a quarter as inked as the most inked; the run
    # nearest the box's middle is this line's (a close neighbour's ink reaches into the box)
    bulk = np.concatenate(([0], (rows >= 0.25 * rows.max()).view(np.int8), [0]))
    edges = np.diff(bulk)
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    # runs a few rows apart are one line's (the waist of a 3 between a 1's flag and the dots of
    # "1.1.3" holds little ink); a neighbouring line lies a line's leading away
    keep = np.concatenate(([True], starts[1:] - ends[:-1] > RUN_GAP * h))
    starts, ends = starts[keep], np.concatenate((ends[:-1][keep[1:]], ends[-1:]))
    middle = (y0 + y1) / 2 - top
    k = int(np.argmin(np.abs((starts + ends) / 2 - middle)))
    head, foot = int(starts[k]), int(ends[k]) - 1
    faint = max(1, int(0.03 * rows.max()))
    while head > 0 and rows[head - 1] >= faint:
        head -= 1
    height = foot + 1 - head
    size = height / (ASCENT if _shows_ascent(line, whole) else X_HEIGHT)
    if not 0.5 * h / 1.6 <= size <= 1.2 * h:
        return None  # the profile ran into a neighbour or a rule's remains: the box is nearer
    return float(top + foot + 1), float(size)


def _one_size_each(found: list[tuple[float, float] | None], weights: list[int]) -> list[tuple[float, float] | None]:
    """Sizes a pixel's rounding apart made one, the page's commonest first.

    Taken in turn: the size with the most chars within :data:`SAME_SIZE` of it, and every
    size so near it (a body line's ascent read a pixel short or long stays body text).
    """
    left = {i: m[1] for i, m in enumerate(found) if m is not None}
    out = list(found)
    while left:
        def near(size: float) -> list[int]:
            tolerance = max(SAME_SIZE / ASCENT, 0.05 * size)
            return [i for i, other in left.items() if abs(other - size) <= tolerance]
        centre = max(left.values(), key=lambda size: sum(max(1, weights[i]) for i in near(size)))
        group = near(centre)
        sizes = np.repeat([left[i] for i in group], [max(1, weights[i]) for i in group])
        common = float(np.median(sizes))
        for i in group:
            out[i] = (found[i][0], common)  # type: ignore[index]
            del left[i]
    return out


__all__ = ["ABOVE", "BELOW", "baselines"]
