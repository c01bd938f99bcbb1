"""Chars -> text lines -> words, and the text of a box, from geometry alone.

pdfium reports the chars of the content stream plus spaces and line breaks it
guesses; we drop its guesses (page.py) and rebuild lines and words from char
boxes, so cell text does not depend on the order the producer drew things in.
"""

from __future__ import annotations

from collections.abc import Iterable


def dedupe_chars(chars: list[dict], tolerance: float = 1.0) -> list[dict]:
    """Drop chars drawn twice at (almost) the same place: fake bold, shadows."""
    seen: dict[tuple[str, int, int], list[dict]] = {}
    kept: list[dict] = []
    for c in chars:
        key = (c["text"], round(c["x0"] / tolerance), round(c["top"] / tolerance))
        twins = seen.setdefault(key, [])
        if any(abs(t["x0"] - c["x0"]) <= tolerance and abs(t["top"] - c["top"]) <= tolerance for t in twins):
            continue
        twins.append(c)
        kept.append(c)
    return kept


def group_lines(chars: Iterable[dict], overlap: float = 0.5) -> list[list[dict]]:
    """Upright chars grouped into text lines, top to bottom, each sorted left to right.

    A char joins a line when its vertical middle lies within ``1 - overlap``
    of a height from the line's mean middle (superscripts still join their
    line). Comparing middles, not growing boxes, keeps tightly leaded lines
    apart even though font boxes of neighbouring lines overlap.
    """
    ordered = sorted((c for c in chars if c.get("upright", True)), key=lambda c: (c["top"] + c["bottom"]) / 2)
    lines: list[list[dict]] = []
    centres: list[list[float]] = []  # per line: sum of middles, count, smallest height
    for c in ordered:
        middle = (c["top"] + c["bottom"]) / 2
        height = max(c["bottom"] - c["top"], 0.1)
        placed = False
        # a char can only join one of the last few lines (they are sorted by middle)
        for i in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
            total, count, line_height = centres[i]
            if abs(middle - total / count) <= (1 - overlap) * min(height, line_height):
                lines[i].append(c)
                centres[i] = [total + middle, count + 1, min(line_height, height)]
                placed = True
                break
        if not placed:
            lines.append([c])
            centres.append([middle, 1, height])
    for line in lines:
        line.sort(key=lambda c: c["x0"])
    lines.sort(key=lambda line: min(c["top"] for c in line))
    return lines


def split_words(line: list[dict], gap_em: float = 0.2) -> list[list[dict]]:
    """Split one line's chars (sorted by x) at spaces and at gaps wider than ``gap_em``."""
    words: list[list[dict]] = []
    current: list[dict] = []
    for c in line:
        if c["text"].isspace():
            if current:
                words.append(current)
                current = []
            continue
        if current:
            prev = current[-1]
            gap = c["x0"] - prev["x1"]
            if gap > gap_em * max(prev["size"], c["size"], 1.0) or c["x0"] < prev["x0"] - 0.5 * prev["size"]:
                words.append(current)
                current = []
        current.append(c)
    if current:
        words.append(current)
    return words


def _word(chars: list[dict]) -> dict:
    return {
        "text": "".join(c["text"] for c in chars),
        "x0": min(c["x0"] for c in chars),
        "top": min(c["top"] for c in chars),
        "x1": max(c["x1"] for c in chars),
        "bottom": max(c["bottom"] for c in chars),
        "size": max(c["size"] for c in chars),
        "bold": all(c["bold"] for c in chars),
        "upright": chars[0].get("upright", True),
        "chars": chars,
    }


def chars_to_words(chars: list[dict], gap_em: float = 0.2, overlap: float = 0.5) -> list[dict]:
    """Words of a page in reading order (line by line); rotated text forms its own words."""
    words = [_word(w) for line in group_lines(chars, overlap) for w in split_words(line, gap_em)]
    words.extend(_vertical_words(chars))
    return words


def _vertical_words(chars: list[dict]) -> list[dict]:
    """Rotated chars (vertical column headers) as words, one per column of chars."""
    rotated = [c for c in chars if not c.get("upright", True) and not c["text"].isspace()]
    if not rotated:
        return []
    rotated.sort(key=lambda c: ((c["x0"] + c["x1"]) / 2, c["top"]))
    columns: list[list[dict]] = [[rotated[0]]]
    for c in rotated[1:]:
        prev = columns[-1][-1]
        same_x = abs((c["x0"] + c["x1"]) / 2 - (prev["x0"] + prev["x1"]) / 2) < 0.5 * max(c["size"], 1.0)
        if same_x and c["top"] - prev["bottom"] < 0.5 * max(c["size"], 1.0):
            columns[-1].append(c)
        else:
            columns.append([c])
    # vertical text usually reads bottom to top (rotated 90 degrees counter-clockwise)
    return [_word(sorted(col, key=lambda c: -c["top"])) for col in columns]


def words_text(words: list[dict], overlap: float = 0.5, keep_line_breaks: bool = True) -> str:
    """Text of some words: lines top to bottom, words joined by spaces."""
    if not words:
        return ""
    lines = group_lines(words, overlap)
    sep = "\n" if keep_line_breaks else " "
    text = sep.join(" ".join(w["text"] for w in line) for line in lines)
    vertical = [w["text"] for w in words if not w.get("upright", True)]
    if vertical:
        text = (text + sep if text else "") + " ".join(vertical)
    return text


def center_inside(obj: dict, bbox: tuple[float, float, float, float]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return bbox[0] <= x < bbox[2] and bbox[1] <= y < bbox[3]
