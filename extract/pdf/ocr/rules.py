"""Ruling lines and cell shading found in a page image.

Lines: camelot's lattice way — ink (adaptive threshold), opened with a long
thin kernel so only runs longer than any glyph survive, each surviving blob
one segment. Shading: pixels neither near-white paper nor near-black ink,
opened with a kernel wider than a text stroke so text and its anti-aliasing
go, each remaining blob one filled rectangle whose colour is the median of
its own pixels (scan noise and JPEG colour shifts average out; text inside
the cell is not part of the blob).
"""

from __future__ import annotations

import cv2
import numpy as np

from plantables.extract.pdf.objects import Rect, Segment

#: shortest rule, in inches: longer than any glyph stroke, shorter than the narrowest cell side
MIN_RULE_INCH = 0.18
#: a vertical run this long (inches) is a rule still when it joins two horizontal rules: the side of a
#: low cell (a quarter's under its year: 0.15 in); glyph strokes are as long, but never meet a rule
SHORT_SIDE_INCH = 0.08
#: a rule is at most this thick (inches); thicker blobs are solid shapes, not rules
MAX_RULE_INCH = 0.06
#: a shaded region is at least this wide and tall (inches): more than a line of small text
MIN_FILL_INCH = 0.12
#: and this share of its pixels lie near its median colour (a cell's shading is flat; a
#: blurred word, which also survives the opening at low resolution, runs from ink to paper)
FLAT_SHARE = 0.6
#: a rule is at least this many grey levels darker than what lies on each side of it
LINE_CONTRAST = 25
#: shading is at least this many levels darker than the paper around it (scan noise, averaged, is less)
PAPER_MARGIN = 8
#: the paper may darken this much across a scan (uneven light) and still be paper
UNEVEN = 24
#: a colour step this steep (levels across 3 px) is a region's border or a glyph's stroke
COLOUR_STEP = 24
#: ink: every channel at most this dark
INK = 80


def find_rules(binary: np.ndarray, dpi: float,
               value: np.ndarray | None = None) -> tuple[list[tuple[int, int, int, int]], np.ndarray]:
    """Horizontal and vertical rules as ``(x0, y0, x1, y1)`` pixel boxes, and the mask of their pixels.

    ``value`` (each pixel's brightest channel, HSV's value): rules are looked for among the
    thin dark strokes (:func:`_thin_dark`) rather than among all ink, so a rule beside a
    shaded month cell stays thin and the border of a fill is no rule. The brightest channel,
    not grey: a red or green cell is bright in it, so a black rule beside one still stands out.
    """
    size = max(8, int(MIN_RULE_INCH * dpi))
    thick = max(3, int(MAX_RULE_INCH * dpi))
    # opened first (a closing first would join a line of small text into a "rule"), then closed
    # along the rule so the breaks noise and JPEG leave in a thin one do not cut it in pieces
    bridge = max(3, int(0.04 * dpi))
    reach = max(2, int(0.02 * dpi))  # how far beside a run text's other strokes are looked for (~1.5 pt)
    boxes: list[tuple[int, int, int, int]] = []
    mask = np.zeros_like(binary)
    across = mask
    short = max(6, int(SHORT_SIDE_INCH * dpi))
    # a third pass looks for the low cells' sides only: short vertical runs between two rules
    for kernel, closing in (((size, 1), (bridge, 1)), ((1, size), (1, bridge)), ((1, short), (1, bridge))):
        horizontal = kernel[0] > 1
        low = kernel[1] == short
        # ink that is also a thin dark line: the black-hat alone fills a bold word's counters
        strokes = binary if value is None else cv2.bitwise_and(binary, _thin_dark(value, thick, horizontal))
        if low:  # less the rules found: closed along the run, a low side would join a long rule it
            # meets end to end (a header cell's side over a column's) and pass for that rule, found already
            # (its sides only: not above or below it, where a low side ends on the rule it joins)
            upright = cv2.bitwise_and(mask, cv2.bitwise_not(across))
            strokes = cv2.bitwise_and(strokes, cv2.bitwise_not(cv2.dilate(upright, np.ones((1, 3), np.uint8))))
        opened = cv2.morphologyEx(strokes, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        opened = cv2.morphologyEx(opened, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, closing))
        n, labels, stats, _ = cv2.connectedComponentsWithStats(opened, connectivity=8)
        for i in range(1, n):
            x, y, w, h, area = (int(v) for v in stats[i])
            # thickness as area over length: a thin rule with something thick touching it somewhere
            # (the edge of a dark RAG cell) is still a rule, though its box is tall
            if low and (h >= size or area / h > thick
                        or not _between_rules(across, x, y, w, h, max(2, int(0.015 * dpi)))):
                opened[y:y + h, x:x + w][labels[y:y + h, x:x + w] == i] = 0
                continue  # found by the pass before, or a glyph's stroke, not the side of a low cell
            if area / (w if horizontal else h) > thick:
                continue  # a solid block (a filled cell's dark fill, a logo), not a rule
            own = labels[y:y + h, x:x + w] == i
            less, more = _inked_beside(strokes, own, x, y, horizontal, reach)
            # (a low cell's side joins two rules, as no glyph's stroke does: a word close beside it is
            # its cell's text, 2-3 pt of padding away, not a sign the run is part of that text)
            if less > 0.35 or (more > 0.5 and not low and (w if horizontal else h) < 0.6 * dpi):
                opened[y:y + h, x:x + w][own] = 0
                continue  # through a line of small text whose letters touch, or along its top or foot
            core = _core(own, x, y, horizontal)
            if value is not None and _step(value, core, horizontal, reach):
                opened[y:y + h, x:x + w][own] = 0
                continue  # the dark fringe JPEG leaves along a coloured cell's side
            boxes.append(core)
        mask |= opened
        if horizontal:
            across = mask.copy()  # the horizontal rules, which a low cell's side joins
    return boxes, mask


def _between_rules(horizontal: np.ndarray, x: int, y: int, w: int, h: int, tol: int) -> bool:
    """Does a vertical run reach a horizontal rule (in the mask ``horizontal``) at each end: the
    side of a low cell (a month under a year, a row shorter than MIN_RULE_INCH)? A glyph's stroke
    never does: a cell's padding keeps its text off the rules (``tol``: a pixel or two of blur; a
    low row's text stands 3 pt or more from its rules)."""
    inside = 2 * tol  # the closing along the run may carry it a little past the rule it meets
    # (and a pixel or two either side: a table's outer side ends where the rules begin, which the
    # blur and the deskew may leave a pixel short of it)
    left, right = max(0, x - tol), x + w + tol
    top = horizontal[max(0, y - tol):y + inside, left:right]
    foot = horizontal[max(0, y + h - inside):y + h + tol, left:right]
    return bool(top.any() and foot.any())


def _core(own: np.ndarray, x: int, y: int, horizontal: bool) -> tuple[int, int, int, int]:
    """The rule's box without what touches it: its length, and across it the rows (columns) it fills most."""
    profile = own.sum(axis=1 if horizontal else 0)
    main = profile >= 0.5 * profile.max()
    first, last = int(np.argmax(main)), int(len(main) - np.argmax(main[::-1]) - 1)
    h, w = own.shape
    if horizontal:
        return x, y + first, x + w, y + last + 1
    return x + first, y, x + last + 1, y + h


def _inked_beside(binary: np.ndarray, own: np.ndarray, x: int, y: int, horizontal: bool,
                  reach: int) -> tuple[float, float]:
    """How much ink lies in the bands just beyond a run: on its less and its more inked side.

    A rule stands alone: a cell's padding keeps text off it, so there is
    mostly paper beside it but where another rule crosses. A run through a
    line of small text has the letters' other strokes on both sides nearly
    all along; one along the top or foot of a line, on one side.
    """
    x0, y0, x1, y1 = _core(own, x, y, horizontal)
    # from two rows (columns) out from the run's core: the one right beside it may be the rule's own blur
    if horizontal:
        before = binary[max(0, y0 - 1 - reach):max(0, y0 - 1), x0:x1]
        after = binary[y1 + 1:y1 + 1 + reach, x0:x1]
    else:
        before = binary[y0:y1, max(0, x0 - 1 - reach):max(0, x0 - 1)]
        after = binary[y0:y1, x1 + 1:x1 + 1 + reach]
    if not before.size or not after.size:
        return 0.0, 0.0
    axis = 0 if horizontal else 1  # ink anywhere in the band, per position along the run
    sides = sorted((float(np.mean(before.any(axis=axis))), float(np.mean(after.any(axis=axis)))))
    return sides[0], sides[1]


def _thin_dark(value: np.ndarray, thick: int, horizontal: bool) -> np.ndarray:
    """Strokes darker than what lies on both their sides across the rule's direction (255 on 0).

    A black-hat across the rule (closing minus the page): a line thinner
    than the kernel stands out by its contrast, while a fill wider than the
    kernel, or its border (a step, not a line), gives nothing.
    """
    across = (1, 2 * thick + 1) if horizontal else (2 * thick + 1, 1)
    dark = cv2.morphologyEx(value, cv2.MORPH_BLACKHAT, cv2.getStructuringElement(cv2.MORPH_RECT, across))
    return np.where(dark >= LINE_CONTRAST, 255, 0).astype(np.uint8)


def _step(value: np.ndarray, core: tuple[int, int, int, int], horizontal: bool, reach: int) -> bool:
    """Is the run a step between two levels (a fill's side) rather than a line darker than both?

    A rule stands out from both its sides; along a fill's side JPEG leaves a
    fringe a little darker than the fill, far darker than the paper: against
    the fill it hardly stands out. Medians along the run: noise, a crossing
    rule or a word beside it do not count.
    """
    x0, y0, x1, y1 = core
    run = value[y0:y1, x0:x1]
    if horizontal:
        sides = (value[max(0, y0 - 1 - reach):max(0, y0 - 1), x0:x1], value[y1 + 1:y1 + 1 + reach, x0:x1])
    else:
        sides = (value[y0:y1, max(0, x0 - 1 - reach):max(0, x0 - 1)], value[y0:y1, x1 + 1:x1 + 1 + reach])
    if not run.size or not all(side.size for side in sides):
        return False  # at the image's edge: nothing to compare with
    level = float(np.median(run))
    contrast = sorted(float(np.median(side)) - level for side in sides)
    return contrast[0] < 0.35 * contrast[1]


def rule_lines(boxes: list[tuple[int, int, int, int]], scale: float) -> list[Segment]:
    """The rules as page-model lines (points): a horizontal one along its middle row, a vertical one its column."""
    lines: list[Segment] = []
    for x0, y0, x1, y1 in boxes:
        if x1 - x0 >= y1 - y0:
            y = (y0 + y1) / 2 * scale
            lines.append({"x0": x0 * scale, "top": y, "x1": x1 * scale, "bottom": y,
                          "stroke": "#000000", "linewidth": (y1 - y0) * scale})
        else:
            x = (x0 + x1) / 2 * scale
            lines.append({"x0": x, "top": y0 * scale, "x1": x, "bottom": y1 * scale,
                          "stroke": "#000000", "linewidth": (x1 - x0) * scale})
    return lines


def find_fills(rgb: np.ndarray, dpi: float, scale: float, rules: np.ndarray | None = None) -> list[Rect]:
    """Shaded regions as page-model rects (points) filled with their median colour.

    A region is a stretch of one colour darker than the paper around it
    (:func:`_paper`): the paper's own level, not a fixed one, so a faint
    header tint shows on a clean scan and a grey scan's paper does not. Colour
    steps part regions: a month mark or a RAG cell inside a banded row is a
    region of its own, and the band is cut around it (:func:`_cut_around`), as
    a spreadsheet paints its cells. ``rules`` (the rule mask) parts
    neighbouring cells too: the blur would otherwise wash a thin rule out and
    join a red cell to the amber one below.
    """
    smooth = cv2.medianBlur(rgb, 3)
    lo = smooth.min(axis=2)
    hi = smooth.max(axis=2)
    level = cv2.blur(lo, (5, 5))  # noise averaged out before the paper test
    step = np.max([cv2.morphologyEx(smooth[:, :, c], cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8))
                   for c in range(3)], axis=0)
    darker = level.astype(np.int16) < _paper(level, dpi) - PAPER_MARGIN
    shade = (darker & (hi > INK) & (step < COLOUR_STEP)).astype(np.uint8)
    if rules is not None:
        shade[cv2.dilate(rules, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3))) > 0] = 0
    k = max(3, int(0.035 * dpi))  # wider than a text stroke, narrower than any shaded cell
    shade = cv2.morphologyEx(shade, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(shade, connectivity=4)
    least = MIN_FILL_INCH * dpi
    regions: list[tuple[tuple[int, int, int, int], str]] = []
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        if w < least or h < least or area < 0.5 * w * h:
            continue  # a thin sliver or a ragged blob (a photo's edge): no cell shading
        region = smooth[y:y + h, x:x + w][labels[y:y + h, x:x + w] == i]
        median = np.median(region, axis=0)
        near = np.abs(region.astype(np.int16) - median.astype(np.int16)).max(axis=1) <= 24
        if near.mean() < FLAT_SHARE:
            continue  # text blurred into a blob, not shading
        r, g, b = (int(v) for v in median)
        x, w = _across_text(smooth, darker, median, x, y, w, h)
        # the opening, the colour step and the rule's own width keep the blob a little inside the cell
        grow = int(round(0.015 * dpi)) + 1
        regions.append(((x - grow, y - grow, x + w + grow, y + h + grow), f"#{r:02X}{g:02X}{b:02X}"))
    # larger first: a mark inside a band is painted over it, as the last painted wins
    regions.sort(key=lambda reg: -(reg[0][2] - reg[0][0]) * (reg[0][3] - reg[0][1]))
    regions = _without_repeats(regions)
    rects: list[Rect] = []
    for box, fill in regions:
        for x0, y0, x1, y1 in _cut_around(box, [b for b, f in regions if f != fill]):
            rects.append({"x0": x0 * scale, "top": y0 * scale, "x1": x1 * scale, "bottom": y1 * scale,
                          "fill": fill, "stroke": None, "linewidth": 0.0})
    return rects


#: a stretch of columns beside a fill is the same fill behind text when at most this share of its
#: pixels is paper and at least SAME_SHARE of them have the fill's colour (text fills the rest). Not
#: none: a faint tint (#F1F1F1, 14 levels under the paper) under grey noise and JPEG shows a few
#: pixels of a column as light as the paper (measured: 4-12 % in a 150 dpi band), and a column of
#: real paper beside a band, or between two cells' fills, is paper nearly all down
PAPER_SHARE, SAME_SHARE = 0.2, 0.3
#: two fills this close in every channel are one colour (JPEG and noise shift a tint by a few levels)
SAME_FILL = 6


def _without_repeats(regions: list[tuple[tuple[int, int, int, int], str]]) -> list[tuple[tuple[int, int, int, int], str]]:
    """The regions (largest first) less those lying within a larger one of nearly its colour: the
    pieces a band's text parted it into, each widened over that text to the band's width (kept,
    each would be cleared of its text again, and cut the band where its edges differ)."""
    kept: list[tuple[tuple[int, int, int, int], str]] = []
    for box, fill in regions:
        x0, y0, x1, y1 = box
        rgb = [int(fill[i:i + 2], 16) for i in (1, 3, 5)]
        if not any(bx0 - 2 <= x0 and x1 <= bx1 + 2 and by0 - 2 <= y0 and y1 <= by1 + 2
                   and max(abs(a - int(f[i:i + 2], 16)) for a, i in zip(rgb, (1, 3, 5))) <= SAME_FILL
                   for (bx0, by0, bx1, by1), f in kept):
            kept.append((box, fill))
    return kept


def _across_text(smooth: np.ndarray, darker: np.ndarray, colour: np.ndarray, x: int, y: int, w: int,
                 h: int) -> tuple[int, int]:
    """The region's left edge and width, widened over the text it runs into on either side.

    A banded row (a section or objective title on a tint) is mostly text: the opening that
    clears text strokes from the shade mask leaves only the tint right of the words, and the
    band would start mid-row, its edge a column bound cutting the row's title. Columns of the
    region's rows that hold no paper and still show the fill between the glyphs are the band.
    """
    rows = smooth[y:y + h]
    same = (np.abs(rows.astype(np.int16) - colour.astype(np.int16)).max(axis=2) <= 24).mean(axis=0)
    paper = 1.0 - darker[y:y + h].mean(axis=0)
    band = (paper <= PAPER_SHARE) & (same >= SAME_SHARE)
    left, right = x, x + w
    while left > 0 and band[left - 1]:
        left -= 1
    while right < len(band) and band[right]:
        right += 1
    # a pixel or two of a mark's blurred side is no text behind it: that leaves the region as it is
    least = 3
    left = left if x - left >= least else x
    right = right if right - (x + w) >= least else x + w
    return left, right - left


#: a fill's text stands at least this many grey levels off the fill (its faintest: dark red on red
#: is ~30; scan noise on a mark without text stays within ~10); dark text standing this many off
#: is left as it is (black on a tint, on green or amber: the recogniser reads it, and a stretch
#: would thicken its strokes and close its word gaps)
TEXT_LEAST, TEXT_PLAIN = 20, 60


def clear_fills(rgb: np.ndarray, rects: list[Rect], scale: float) -> int:
    """Make faint or reversed text inside fills dark on white, in place; return how many fills changed.

    The recogniser reads dark text on a light ground. On a fill it misses
    reversed text (a header band's white captions) and text of the fill's own
    hue (dark red "Behind" on a red cell: ~30 grey levels apart). Grey, not a
    colour channel: JPEG keeps colour at half resolution, and thin strokes
    blur away in it. The fill's level is its median; its text's, the extreme
    half-percentile on the side that stands further off (lighter: reversed).
    The grey is stretched so the fill becomes paper and its text ink. Looked
    at from just inside the rect: its edge is grown past the fill onto the
    paper (:func:`find_fills`).
    """
    changed = 0
    inset = int(round(0.015 * 72 / scale)) + 1
    for rect in rects:
        x0, y0 = max(0, int(rect["x0"] / scale) + inset), max(0, int(rect["top"] / scale) + inset)
        x1, y1 = int(rect["x1"] / scale) - inset, int(rect["bottom"] / scale) - inset
        if x1 - x0 < 4 or y1 - y0 < 4:
            continue
        grey = cv2.cvtColor(rgb[y0:y1, x0:x1], cv2.COLOR_RGB2GRAY)
        # measured after a median: scan noise is specks, a stroke is at least two pixels across
        smooth = cv2.medianBlur(grey, 3)
        low, level, high = (float(v) for v in np.percentile(smooth, (0.5, 50, 99.5)))
        reversed_ = high - level > level - low
        text = high if reversed_ else low
        if abs(text - level) < TEXT_LEAST or (not reversed_ and level - text >= TEXT_PLAIN):
            continue
        paper = level
        if abs(text - level) < TEXT_PLAIN:  # faint text: a steep stretch, of the smoothed grey, and
            grey = smooth  # what lies within a quarter of the way to the text's level (noise) becomes paper
            paper = level - 0.25 * (level - text)
        out = (grey.astype(np.float32) - text) * (255.0 / (paper - text))
        rgb[y0:y1, x0:x1] = np.clip(out, 0, 255).astype(np.uint8)[:, :, None]
        changed += 1
    return changed


def _paper(level: np.ndarray, dpi: float) -> np.ndarray:
    """The paper's grey level around each pixel: the lightest within half an inch or so.

    Uneven light across a scan shifts it; a fill larger than the window would
    pass for paper, so the local level is held to within UNEVEN of the page's
    commonest light level.
    """
    light = np.bincount(level.ravel(), minlength=256)[128:]
    page = int(np.argmax(light)) + 128
    factor = 8
    small = cv2.resize(level, None, fx=1 / factor, fy=1 / factor, interpolation=cv2.INTER_AREA)
    side = max(3, int(1.2 * dpi / factor)) | 1
    local = cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_RECT, (side, side)))
    local = cv2.resize(local, (level.shape[1], level.shape[0]), interpolation=cv2.INTER_NEAREST)
    return np.maximum(local.astype(np.int16), page - UNEVEN)


def _cut_around(box: tuple[int, int, int, int], others: list[tuple[int, int, int, int]],
                ) -> list[tuple[int, int, int, int]]:
    """``box`` less the stretches across it where another region (a mark in a band) stands.

    Only regions inside the box that fill most of its height cut it: the band
    of a row goes on either side of a month mark in that row.
    """
    x0, y0, x1, y1 = box
    cuts = sorted((ox0, ox1) for ox0, oy0, ox1, oy1 in others
                  if ox0 >= x0 - 2 and ox1 <= x1 + 2 and oy0 >= y0 - 2 and oy1 <= y1 + 2
                  and (ox1 - ox0) * (oy1 - oy0) < (x1 - x0) * (y1 - y0) and oy1 - oy0 >= 0.6 * (y1 - y0))
    pieces, start = [], x0
    for cx0, cx1 in cuts:
        if cx0 > start:
            pieces.append((start, y0, cx0, y1))
        start = max(start, cx1)
    if start < x1:
        pieces.append((start, y0, x1, y1))
    return pieces


__all__ = ["clear_fills", "find_fills", "find_rules", "rule_lines"]
