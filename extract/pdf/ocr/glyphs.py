"""Letters the recogniser confuses, told apart by the shape of their ink.

A sans-serif capital I is a bare upright bar; the digit 1 carries a flag at
its top left in every common face (Arial, Calibri, Times, Verdana, DejaVu).
The recogniser, reading "I.1.1" or a roman "II", leans to digits; the ink
settles it: a "1" drawn as a bar is a letter, an "I" or "l" with a flag
among digits is a 1.
"""

from __future__ import annotations

import cv2
import numpy as np

from plantables.extract.pdf.ocr.recognise import TextLine

#: a bar: the ink of its top third no wider than its stem's (SPREAD, in stroke widths a row) and
#: not drawn to either side (LEAN, the top's shift from the stem in stroke widths); measured
#: bars read <= 1.01 and |0.02|, flagged 1s >= 1.07 and 0.10 (150-300 dpi, noise, JPEG)
BAR_SPREAD, BAR_LEAN = 1.05, 0.06
#: a flag: the top's ink spread and pulled left at least this much (measured 1s: mostly 1.15 / 0.3 up)
FLAG_SPREAD, FLAG_LEAN = 1.15, 0.25
BARS = "1Il|"


def correct_bars(lines: list[TextLine], binary: np.ndarray, grey: np.ndarray) -> int:
    """Rewrite, in place, each "1" drawn as a bar as I (l beside a lowercase letter) and each
    I/l/| drawn with a flag among digits as 1; the number of chars changed.

    Only on a page whose face gives its 1 a flag: some "1" there has one, and no "1" standing
    between two digits ("2131") is a bar. A face that draws 1 as a bar (some report faces
    do) leaves nothing to tell it from I by: the recogniser's reading stands.
    """
    shapes = {}
    for n, line in enumerate(lines):
        for k, (text, x0, x1, _) in enumerate(line.chars):
            if text in BARS and (shape := _top_shape(line, x0, x1, binary, grey)) is not None:
                shapes[n, k] = shape
    ones = [(n, k) for (n, k) in shapes if lines[n].chars[k][0] == "1"]
    flagged = any(_flagged(*shapes[key]) for key in ones)
    bar_digit = any(_bar(*shapes[n, k]) and _neighbours(lines[n], k)[0].isdigit()
                    and _neighbours(lines[n], k)[1].isdigit() for n, k in ones)
    changed = 0
    for (n, k), (spread, lean) in shapes.items():
        text, x0, x1, conf = lines[n].chars[k]
        before, after = _neighbours(lines[n], k)
        new = text
        if text == "1" and flagged and not bar_digit and _bar(spread, lean):
            new = "l" if before.islower() or after.islower() else "I"
        elif (text != "1" and _flagged(spread, lean) and (after.isdigit() or after == ".")
              and not before.isalpha()):
            new = "1"
        if new != text:
            lines[n].chars[k] = (new, x0, x1, conf)
            changed += 1
    return changed


def _bar(spread: float, lean: float) -> bool:
    return spread <= BAR_SPREAD and abs(lean) <= BAR_LEAN


def _flagged(spread: float, lean: float) -> bool:
    return spread >= FLAG_SPREAD and lean >= FLAG_LEAN


def _neighbours(line: TextLine, k: int) -> tuple[str, str]:
    before = line.chars[k - 1][0] if k else ""
    return before, line.chars[k + 1][0] if k + 1 < len(line.chars) else ""


def _top_shape(line: TextLine, x0: float, x1: float, binary: np.ndarray,
               grey: np.ndarray) -> tuple[float, float] | None:
    """The top third of the narrow glyph at ``x0..x1``: its ink a row and its shift left of the
    stem, both in stroke widths; None when no narrow upright glyph of the line's height stands there.

    Weighed in grey levels, not thresholded pixels: at 150 dpi a flag is a pixel or two, and
    the grey says how much of each is ink.
    """
    bx0, by0, bx1, by1 = line.box
    height = by1 - by0
    pad = 0.15 * height
    left, right = max(0, int(x0 - pad)), min(binary.shape[1], int(x1 + pad) + 1)
    top, bottom = max(0, int(by0)), min(binary.shape[0], int(by1) + 1)
    if right - left < 2 or bottom - top < 4:
        return None
    n, labels, stats, _ = cv2.connectedComponentsWithStats(binary[top:bottom, left:right], connectivity=8)
    centre = (x0 + x1) / 2 - left
    # the glyph: a narrow upright blob of about the line's cap height, the one nearest the char's middle
    tall = [i for i in range(1, n) if stats[i, 3] >= 0.35 * height and stats[i, 2] <= 0.6 * stats[i, 3]]
    if not tall:
        return None
    i = min(tall, key=lambda j: abs(stats[j, 0] + stats[j, 2] / 2 - centre))
    x, y, w, h = (int(v) for v in stats[i, :4])
    own = cv2.dilate((labels[y:y + h, x:x + w] == i).astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    patch = grey[top + y:top + y + h, left + x:left + x + w].astype(np.float32)
    paper = float(np.percentile(grey[top:bottom, left:right], 90))
    dark = float(patch[own].min())
    if paper - dark < 40:
        return None  # too faint to weigh
    weight = np.clip((paper - patch) / (paper - dark), 0.0, 1.0) * own
    middle = weight[int(0.4 * h):max(int(0.4 * h) + 1, int(0.8 * h))]
    stroke = float(np.median(middle.sum(axis=1)))
    columns = middle.sum(axis=0)
    if stroke <= 0 or columns.sum() <= 0:
        return None
    stem = float((columns * np.arange(w)).sum() / columns.sum())
    upper = weight[:max(1, int(round(0.3 * h)))]
    rows = upper.sum(axis=1)
    xs = np.arange(w)
    centre_top = float((upper * xs).sum() / max(upper.sum(), 1e-6))
    return float(rows.mean()) / stroke, (stem - centre_top) / stroke

#: a list bullet: a solid dot (a disc's fill is pi/4 of its box; a ring, an "o", has paper at its
#: middle) this big against the line's box (a bullet is ~0.35 em, the box ~1.25 em: measured 0.2-0.3 of it),
#: its middle in the middle band of the line (a stop sits on the baseline), standing at most
#: BULLET_REACH box heights before the line's first char
BULLET_SIZE, BULLET_FILL, BULLET_MIDDLE, BULLET_REACH = (0.18, 0.45), 0.62, (0.3, 0.72), 2.0


def add_bullets(lines: list[TextLine], binary: np.ndarray) -> int:
    """Give, in place, each line a bullet the recogniser dropped; the number of lines given one.

    The recogniser often drops the dot of a bulleted list item (and the detector's box may
    start after it): the ink shows a solid dot of about a third of the type's height, at
    mid-height of the line, just before its first char, nothing between them. It becomes
    "•" and a space, as a text layer has them.
    """
    added = 0
    for line in lines:
        if line.word or not line.chars or line.chars[0][0] in "•·∙●":
            continue
        x0, y0, x1, y1 = line.box
        height = y1 - y0
        first = line.chars[0][1]
        left, right = max(0, int(first - BULLET_REACH * height)), int(first)
        top, bottom = max(0, int(y0)), min(binary.shape[0], int(y1) + 1)
        if right - left < 3 or bottom - top < 6:
            continue
        n, labels, stats, _ = cv2.connectedComponentsWithStats(binary[top:bottom, left:right], connectivity=8)
        dots = [i for i in range(1, n) if _dot(stats, labels, i, height, right - left)]
        if not dots:
            continue
        i = max(dots, key=lambda j: stats[j, 0])  # the nearest before the first char
        x, y, w, h, _ = (int(v) for v in stats[i])
        if any(stats[j, 4] >= 4 and x - 1.5 * w <= stats[j, 0] + stats[j, 2] <= x
               and stats[j, 1] < y + h and stats[j, 1] + stats[j, 3] > y for j in range(1, n) if j != i):
            continue  # ink just before it: a letter's part (the "e" ending a word in the column before)
        bx0, bx1 = float(left + x), float(left + x + w)
        cx, cy = (bx0 + bx1) / 2, top + y + h / 2
        if any(o is not line and o.box[0] <= cx <= o.box[2] and o.box[1] <= cy <= o.box[3] for o in lines):
            continue  # read already: the recogniser made the dot a line of its own ("·")
        conf = float(np.mean([c[3] for c in line.chars]))
        line.chars[:0] = [("•", bx0, bx1, conf), (" ", bx1, first, conf)]
        line.box = (min(x0, bx0), y0, x1, y1)
        added += 1
    return added


def _dot(stats: np.ndarray, labels: np.ndarray, i: int, height: float, width: int) -> bool:
    """Is blob ``i`` (of a band ``height`` px tall, ``width`` wide) a bullet's solid dot, whole and apart
    from the char after it?"""
    x, y, w, h, area = (int(v) for v in stats[i])
    low, high = BULLET_SIZE
    if x == 0 or x + w + max(2, w // 2) > width:
        return False  # cut by the band's left edge, or touching the first char: part of a glyph
    if not (low * height <= min(w, h) and max(w, h) <= high * height and 0.7 <= w / h <= 1.4):
        return False
    middle = (y + h / 2) / labels.shape[0]
    if area < BULLET_FILL * w * h or not BULLET_MIDDLE[0] <= middle <= BULLET_MIDDLE[1]:
        return False
    return bool(labels[y + h // 2, x + w // 2] == i)  # solid at its middle: a dot, not a ring ("o")


__all__ = ["add_bullets", "correct_bars"]
