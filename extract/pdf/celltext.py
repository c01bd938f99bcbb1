"""A cell's text: its lines top to bottom, words joined by single spaces, a word the cell's right edge
broke joined again; rotated chars after, read bottom to top. Used by the grid (``grid.finish``) and the
hybrid tables."""

from __future__ import annotations

from collections.abc import Sequence
from operator import methodcaller

from plantables.extract.pdf.objects import Char, Word
from plantables.extract.pdf.settings import TableSettings
from plantables.extract.pdf.text import chars_to_words, group_lines, words_text

_COLOUR = methodcaller("get", "colour")


def chars_text(chars: list[Char], settings: TableSettings, words: list[Word] | None = None,
               box: tuple[float, float] | None = None, lines: list[list[Word]] | None = None) -> str:
    """Text of a cell's chars: lines top to bottom, words joined by single spaces.

    ``words``: ``chars_to_words(chars)`` when already made (only its upright words are used);
    ``box``: the cell's left and right sides, to join words its edge broke; ``lines``: with
    ``box``, ``group_lines`` of the upright words when already made.
    """
    if not chars:
        return ""
    if words is None:
        words = chars_to_words(chars, settings.word_gap_em, settings.line_overlap)
    upright = [w for w in words if w["upright"]]
    # every rotated glyph is in a rotated word: with none, the rotated chars (spaces, if any) add no text
    rotated = [c for c in chars if not c.get("upright", True)] if len(upright) < len(words) else []
    words = upright
    if box is None:
        text = words_text(words, settings.line_overlap, settings.keep_line_breaks)
    else:
        text = joined_lines(group_lines(words, settings.line_overlap) if lines is None else lines, box,
                             "\n" if settings.keep_line_breaks else " ", chars)
    if rotated:
        vertical = rotated_text(rotated)
        text = f"{text}\n{vertical}" if text else vertical
    return text.strip()


def text_colour(chars: list[Char]) -> str | None:
    """The one colour all of a cell's glyphs are painted in, when not black or white (``Cell.colour``)."""
    if set(map(_COLOUR, chars)) == {None}:  # the usual cell: no char coloured (a C-level pass)
        return None
    colours = {ch.get("colour") for ch in chars if not ch["text"].isspace()}
    colour = colours.pop() if len(colours) == 1 else None
    return colour if colour not in (None, "#000000", "#FFFFFF") else None


def rotated_text(chars: list[Char]) -> str:
    """Chars turned a quarter anticlockwise (a label printed up the side of a merged cell): each line
    a column of glyphs side by side across the page, read bottom to top, lines left to right (the
    first line is the leftmost). Words part where a gap up the line is wider than a fifth of the type
    size: the space chars are not trusted (pdfium generates them at the glyphs' far edge)."""
    glyphs = sorted((c for c in chars if not c["text"].isspace()), key=lambda c: c["x0"])
    cols: list[list[Char]] = []
    right = 0.0
    for c in glyphs:
        if cols and c["x0"] < right - 0.5:
            cols[-1].append(c)
            right = max(right, c["x1"])
        else:
            cols.append([c])
            right = c["x1"]
    lines = []
    for col in cols:
        col.sort(key=lambda c: -c["bottom"])
        line = col[0]["text"]
        for below, c in zip(col, col[1:]):  # 'below' is printed lower: read first
            line += (" " if below["top"] - c["bottom"] > 0.2 * max(c["size"], 1.0) else "") + c["text"]
        lines.append(line)
    return "\n".join(lines)


def joined_lines(lines: list[list[Word]], box: tuple[float, float], sep: str, chars: list[Char] | None = None) -> str:
    """Lines of words as text, a word the cell's edge broke joined again (:func:`broken_at_edge`);
    ``chars`` (the cell's, spaces included) tell a line wrapped at a space from a cut word."""
    text = " ".join(w["text"] for w in lines[0]) if lines else ""
    for above, line in zip(lines, lines[1:]):
        glue = sep if broken_at_edge(above, line, lines, box, chars) is None else ""
        text += glue + " ".join(w["text"] for w in line)
    return text


def broken_at_edge(line: list[Word], below: list[Word], lines: list[list[Word]],
                   box: tuple[float, float], chars: list[Char] | None = None) -> str | None:
    """``""`` when ``line`` ends in a word the cell's right edge broke, to go on in ``below``; else None.

    A word-wrapping writer breaks a line at a space, so a wrapped line's last
    word is whole. A word wider than the cell is cut where its glyphs reach the
    edge: it is then alone on a full line ('Safeguardin' over 'g'). Likewise a
    compound is wrapped at its hyphen ('trauma-' over 'informed'), the hyphen
    ending the line. Only left-aligned text in a drawn cell (with padding, so
    the text edge can be told from the cell's) is judged: the right text edge
    is the right side less the left padding. The line must be full, not even
    the next line's first char (first word, after a hyphen) fitting in the
    room left, and the next line must go on in lower case; in justified text
    (other lines of several words ending where it does) a full line says nothing.
    A space printed after the line's last word (``chars``; page._read_chars
    keeps one where pdfium's line break says the run went on) is a wrap at a
    space: an HTML table's column as wide as its longest word is full too
    ('Description' over 'of the risk').
    """
    left = min(ln[0]["x0"] for ln in lines)
    pad, widest = left - box[0], max(ln[-1]["x1"] for ln in lines)
    if pad < 0.5 or any(ln[0]["x0"] - left > 1.0 for ln in lines):
        return None  # no padding (a box of the text itself) or not left-aligned
    if not any(ln[0]["x0"] - left <= 0.5 and ln[-1]["x1"] < widest - ln[-1]["size"] for ln in lines):
        return None  # no short line at the left side: centred lines look left-aligned and full alike
    last, first = line[-1], below[0]
    if not first["text"][:1].islower():
        return None
    room = box[1] - pad - last["x1"]
    word = last["text"]
    if word[-1:].isalpha() and len(line) == 1:
        if last["x1"] < widest - 0.5:
            return None  # another line of the cell reaches further: this one is not full
        if any(ln is not line and len(ln) > 1 and abs(ln[-1]["x1"] - last["x1"]) <= 0.5 for ln in lines):
            return None  # justified text: every line runs to the edge, whole words too
        lead: Sequence[Char | Word] = first.get("chars") or [first]
        if room >= lead[0]["x1"] - lead[0]["x0"] or (chars is not None and _space_after(last, chars)):
            return None
        return ""
    if word.endswith("-") and word[-2:-1].isalpha():
        return "" if room < first["x1"] - first["x0"] else None
    return None


def _space_after(word: Word, chars: list[Char]) -> bool:
    """A space char on the word's line right after it."""
    x1, top, bottom, reach = word["x1"], word["top"], word["bottom"], 0.5 * word["size"]
    return any(c["text"] == " " and x1 - 0.5 <= c["x0"] <= x1 + reach and c["top"] < bottom and c["bottom"] > top
               for c in chars)
