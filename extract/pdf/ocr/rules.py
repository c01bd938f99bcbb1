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
#: a rule is at most this thick (inches); thicker blobs are solid shapes, not rules
MAX_RULE_INCH = 0.06
#: a shaded region is at least this wide and tall (inches): more than a line of small text
MIN_FILL_INCH = 0.12
#: and this share of its pixels lie near its median colour (a cell's shading is flat; a
#: blurred word, which also survives the opening at low resolution, runs from ink to paper)
FLAT_SHARE = 0.6
#: paper: every channel at least this light; ink: every channel at most this dark
PAPER, INK = 232, 80


def find_rules(binary: np.ndarray, dpi: float) -> tuple[list[tuple[int, int, int, int]], np.ndarray]:
    """Horizontal and vertical rules as ``(x0, y0, x1, y1)`` pixel boxes, and the mask of their pixels."""
    size = max(8, int(MIN_RULE_INCH * dpi))
    thick = max(3, int(MAX_RULE_INCH * dpi))
    # opened first (a closing first would join a line of small text into a "rule"), then closed
    # along the rule so the breaks noise and JPEG leave in a thin one do not cut it in pieces
    bridge = max(3, int(0.04 * dpi))
    reach = max(2, int(0.02 * dpi))  # how far beside a run text's other strokes are looked for (~1.5 pt)
    boxes: list[tuple[int, int, int, int]] = []
    mask = np.zeros_like(binary)
    for kernel, closing in (((size, 1), (bridge, 1)), ((1, size), (1, bridge))):
        opened = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        opened = cv2.morphologyEx(opened, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, closing))
        n, labels, stats, _ = cv2.connectedComponentsWithStats(opened, connectivity=8)
        horizontal = kernel[0] > 1
        for i in range(1, n):
            x, y, w, h, area = (int(v) for v in stats[i])
            # thickness as area over length: a thin rule with something thick touching it somewhere
            # (the edge of a dark RAG cell) is still a rule, though its box is tall
            if area / (w if horizontal else h) > thick:
                continue  # a solid block (a filled cell's dark fill, a logo), not a rule
            own = labels[y:y + h, x:x + w] == i
            less, more = _inked_beside(binary, own, x, y, horizontal, reach)
            if less > 0.35 or (more > 0.5 and (w if horizontal else h) < 0.6 * dpi):
                opened[y:y + h, x:x + w][own] = 0
                continue  # through a line of small text whose letters touch, or along its top or foot
            boxes.append(_core(own, x, y, horizontal))
        mask |= opened
    return boxes, mask


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

    ``rules`` (the rule mask) parts neighbouring cells: the blur would
    otherwise wash a thin rule out and join a red cell to the amber one below.
    """
    smooth = cv2.medianBlur(rgb, 3)
    lo = smooth.min(axis=2)
    hi = smooth.max(axis=2)
    shade = ((lo < PAPER) & (hi > INK)).astype(np.uint8)
    if rules is not None:
        shade[cv2.dilate(rules, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3))) > 0] = 0
    k = max(3, int(0.035 * dpi))  # wider than a text stroke, narrower than any shaded cell
    shade = cv2.morphologyEx(shade, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(shade, connectivity=4)
    least = MIN_FILL_INCH * dpi
    rects: list[Rect] = []
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
        grow = 0.015 * dpi  # the opening and the rule's own width keep the blob a pixel or two inside the cell
        rects.append({"x0": (x - grow) * scale, "top": (y - grow) * scale, "x1": (x + w + grow) * scale,
                      "bottom": (y + h + grow) * scale, "fill": f"#{r:02X}{g:02X}{b:02X}", "stroke": None,
                      "linewidth": 0.0})
    return rects


__all__ = ["find_fills", "find_rules", "rule_lines"]
