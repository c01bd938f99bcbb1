"""List bullets drawn as shapes, given back to the text as ``•`` chars.

A browser (Chromium's ``<li>`` disc) and some word processors draw a list's
bullet as a small round path, not a glyph, so the text layer loses the mark
that tells a list item from a wrapped line. A format fact, read here: a small,
roughly square drawing centred on a text line's middle, just left of the
line's first char, with nothing of the line on its left, is a bullet. What a
bullet means (a step under a title) is the interpreter's decision.
"""

from __future__ import annotations

from plantables.extract.pdf.objects import BBox, Char

#: a bullet is at most this share of its line's font size across (a disc is ~0.3 em; a RAG dot is larger)
_MAX_SIZE = 0.6
#: and at least this share (a speck, a dotted rule's dot)
_MIN_SIZE = 0.15
#: the gap from the bullet to its item's first char, in font sizes (a list's hanging indent)
_MAX_GAP = 2.5


def drawn_bullets(chars: list[Char], graphics: list[BBox]) -> list[Char]:
    """A ``•`` char for each drawing that sits as a list bullet before a line of ``chars``."""
    out: list[Char] = []
    for box in graphics:
        x0, top, x1, bottom = box
        w, h = x1 - x0, bottom - top
        if not w or not h or max(w, h) > 12 or not 0.7 <= w / h <= 1.4:  # 12 pt: no text is that large here
            continue
        mid = (top + bottom) / 2
        line = [c for c in chars if c["upright"] and c["top"] < mid < c["bottom"] and not c["text"].isspace()]
        right = [c for c in line if c["x0"] >= x1 - 0.1]
        if not right:
            continue
        first = min(right, key=lambda c: c["x0"])
        size = first["size"] or (first["bottom"] - first["top"])
        centre = (first["top"] + first["bottom"]) / 2
        if (not _MIN_SIZE * size <= max(w, h) <= _MAX_SIZE * size
                or first["x0"] - x1 > _MAX_GAP * size
                or abs(mid - centre) > 0.35 * (first["bottom"] - first["top"])
                or any(c["x1"] > x0 - size and c["x0"] < x0 for c in line)):  # text just before it: no line start
            continue
        out.append({**first, "text": "\u2022", "x0": x0, "x1": x1})
    return out
