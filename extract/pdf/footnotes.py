"""Footnotes at the foot of a page: no text of the plan's flow.

A word processor prints a footnote's mark as a small raised number after a word (``policy²``)
and the note itself under the page's text, opening with the same number at the body size. A
line under the page's tables that opens with a number printed raised above on that page is such
a note (and so are its wrapped lines); it parts nothing, so the table it sits under still goes on
over the page break. The marks themselves stay in the cells' text (a table's own figures may be
printed raised too).
"""

from __future__ import annotations

from statistics import median

from plantables.extract.pdf.objects import Char
from plantables.extract.pdf.plan_flow import TextLine

#: a mark is this much smaller than the text before it, at most ...
MARK_SIZE = 0.75
#: ... and its foot stands this share of that text's size above the text's foot
MARK_RAISE = 0.2


def raised_numbers(chars: list[Char]) -> set[str]:
    """The numbers printed as raised marks after a char of larger text (``policy²``)."""
    marks: set[str] = set()
    number, base = "", None
    for c in chars:
        text = c["text"]
        if base is not None and text.isdigit() and c["size"] <= MARK_SIZE * base["size"] \
                and c["bottom"] < base["bottom"] - MARK_RAISE * base["size"]:
            number += text
            continue
        if number:
            marks.add(number)
            number = ""
        base = c if not text.isspace() else None
    if number:
        marks.add(number)
    return marks


def drop_footnotes(lines: list[TextLine], marks: set[str], tables_bottom: float) -> list[TextLine]:
    """``lines`` without the notes under the tables (``tables_bottom``) that open with a mark number."""
    if not marks:
        return lines
    size = median(ln.size for ln in lines) if lines else 0.0
    out: list[TextLine] = []
    in_note = False
    for ln in lines:
        words = ln.text.split()
        below = ln.bbox[1] > tables_bottom
        if below and words and words[0].rstrip(".)") in marks and len(words) > 1:
            in_note = True  # a note: its number, then its text
            continue
        if in_note and below and words and words[0][:1].islower() and ln.size <= size + 0.5:
            continue  # a wrapped line of the note above
        in_note = False
        out.append(ln)
    return out
