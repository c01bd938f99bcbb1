"""Footnotes at the foot of a page: no text of the plan's flow.

A word processor prints a footnote's mark as a small raised number after a word (``policy²``)
and the note itself under the page's text, opening with the same number at the body size. A
line under the page's tables that opens with a number printed raised above on that page is such
a note (and so are its wrapped lines); it parts nothing, so the table it sits under still goes on
over the page break. A mark glued to a word of a cell's text (``… seven days a week¹``) whose
note is there under the table goes from the text; other raised figures stay (a table's own
figures may be printed raised too).
"""

from __future__ import annotations

import re
from dataclasses import replace
from statistics import median

from plantables.extract.model import Run, Table
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


def note_numbers(lines: list[TextLine], marks: set[str], tables_bottom: float) -> set[str]:
    """The marks whose note is printed under the tables: a line opening with the number, and the
    numbers opening a sentence after it there (notes run on in one paragraph: ``1 … bid. 2 …``)."""
    out: set[str] = set()
    for ln in lines:
        words = ln.text.split()
        if ln.bbox[1] > tables_bottom and len(words) > 1 and words[0].rstrip(".)") in marks:
            out.add(words[0].rstrip(".)"))
            out.update(n for n in _RUN_ON.findall(ln.text) if n in marks)
    return out


#: a note's number after the sentence before it, in a paragraph of notes
_RUN_ON = re.compile(r"[.;]\s+(\d{1,3})\s+(?=[A-Z])")


def strip_note_marks(tables: list[Table], numbers: set[str]) -> None:
    """Each cell's text without the note marks glued to the end of a word in small letters
    (``week1`` → ``week``; ``Q1``, ``CE1``, ``2025`` keep theirs), in place."""
    if not numbers:
        return
    alts = "|".join(sorted(map(re.escape, numbers), key=len, reverse=True))
    glued = re.compile(rf"(?<=[a-z])(?:{alts})(?=[\s.,;:)]|$)")
    for table in tables:
        for row in table.rows:
            for i, cell in enumerate(row.cells):
                cut = [m.span() for m in glued.finditer(cell.text)]
                if cut:
                    text = "".join(ch for k, ch in enumerate(cell.text) if not any(a <= k < b for a, b in cut))
                    row.cells[i] = replace(cell, text=text, runs=_runs_without(cell.runs, cell.text, cut))


def _runs_without(runs: tuple[Run, ...], text: str, cut: list[tuple[int, int]]) -> tuple[Run, ...]:
    """The runs of ``text`` without its chars in the spans ``cut`` (runs that spell it otherwise: kept)."""
    if "".join(r.text for r in runs) != text:
        return runs
    out, at = [], 0
    for r in runs:
        kept = "".join(ch for k, ch in enumerate(r.text, start=at) if not any(a <= k < b for a, b in cut))
        at += len(r.text)
        if kept:
            out.append(Run(kept, r.bold, r.italic))
    return tuple(out)
