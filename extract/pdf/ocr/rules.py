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

#: shortest rule, in inches: longer than any glyph stroke, shorter than the narrowest cell side
MIN_RULE_INCH = 0.18
#: a rule is at most this thick (inches); thicker blobs are solid shapes, not rules
MAX_RULE_INCH = 0.06
#: a shaded region is at least this wide and tall (inches)
MIN_FILL_INCH = 0.07
#: paper: every channel at least this light; ink: every channel at most this dark
PAPER, INK = 232, 80


def find_rules(binary: np.ndarray, dpi: float) -> tuple[list[tuple[int, int, int, int]], np.ndarray]:
    """Horizontal and vertical rules as ``(x0, y0, x1, y1)`` pixel boxes, and the mask of their pixels."""
    size = max(8, int(MIN_RULE_INCH * dpi))
    thick = max(3, int(MAX_RULE_INCH * dpi))
    # opened first (a closing first would join a line of small text into a "rule"), then closed
    # along the rule so the breaks noise and JPEG leave in a thin one do not cut it in pieces
    bridge = max(3, int(0.04 * dpi))
    boxes: list[tuple[int, int, int, int]] = []
    mask = np.zeros_like(binary)
    for kernel, closing in (((size, 1), (bridge, 1)), ((1, size), (1, bridge))):
        opened = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        opened = cv2.morphologyEx(opened, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, closing))
        n, _, stats, _ = cv2.connectedComponentsWithStats(opened, connectivity=8)
        horizontal = kernel[0] > 1
        for x, y, w, h, _area in stats[1:n]:
            if (h if horizontal else w) > thick:
                continue  # a solid block (a filled cell's dark fill, a logo), not a rule
            if _inked_both_sides(binary, x, y, w, h, horizontal) > 0.2:
                opened[y:y + h, x:x + w] = 0
                continue  # the middle of a line of small bold text, whose letters touch
            boxes.append((int(x), int(y), int(x + w), int(y + h)))
        mask |= opened
    return boxes, mask


def _inked_both_sides(binary: np.ndarray, x: int, y: int, w: int, h: int, horizontal: bool) -> float:
    """Share of a run's length with ink just beyond it on both sides.

    A rule stands alone: paper on both sides of it, but where another rule
    crosses or text touches. A run through a line of text has the letters'
    other strokes on both sides nearly all along.
    """
    if horizontal:  # the rows (columns) right beside the run
        before = binary[max(0, y - 1), x:x + w]
        after = binary[min(binary.shape[0] - 1, y + h), x:x + w]
    else:
        before = binary[y:y + h, max(0, x - 1)]
        after = binary[y:y + h, min(binary.shape[1] - 1, x + w)]
    return float(np.mean((before > 0) & (after > 0))) if before.size else 0.0


def rule_lines(boxes: list[tuple[int, int, int, int]], scale: float) -> list[dict]:
    """The rules as page-model lines (points): a horizontal one along its middle row, a vertical one its column."""
    lines = []
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


def find_fills(rgb: np.ndarray, dpi: float, scale: float, rules: np.ndarray | None = None) -> list[dict]:
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
    rects = []
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        if w < least or h < least or area < 0.5 * w * h:
            continue  # a thin sliver or a ragged blob (a photo's edge): no cell shading
        region = smooth[y:y + h, x:x + w][labels[y:y + h, x:x + w] == i]
        r, g, b = (int(v) for v in np.median(region, axis=0))
        grow = 0.015 * dpi  # the opening and the rule's own width keep the blob a pixel or two inside the cell
        rects.append({"x0": (x - grow) * scale, "top": (y - grow) * scale, "x1": (x + w + grow) * scale,
                      "bottom": (y + h + grow) * scale, "fill": f"#{r:02X}{g:02X}{b:02X}", "stroke": None,
                      "linewidth": 0.0})
    return rects


__all__ = ["find_fills", "find_rules", "rule_lines"]
