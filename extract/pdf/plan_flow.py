"""Text outside the tables of a plan PDF: title, running headers, headings in the flow.

Small pure functions over the word dicts of :mod:`plantables.extract.pdf.page`
(``text, x0, top, x1, bottom, size, bold``). Words inside a table are left to
the table engine; the rest is grouped into lines, running headers/footers are
recognised by repeating at the same place on most pages, and what remains
becomes :class:`~plantables.extract.model.Heading` blocks in reading order.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from statistics import median

from plantables.extract.model import BBox, Heading, HeadingKind
from plantables.extract.pdf.objects import Word
from plantables.vocabulary.organisation import is_organisation, split_running_header  # noqa: F401 (re-exported)

_PRIORITY = re.compile(r"^\W*priority\b", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
#: words on one line further apart than this many font sizes are separate lines
#: (left and right parts of a running header); justified text never gaps so wide
WIDE_GAP_EM = 4.0


@dataclass
class TextLine:
    """One line of text outside tables."""

    page: int
    text: str
    bbox: BBox
    size: float
    bold: bool  # the first word is bold (a bold run opens headings and priorities)


def _outside(words: list[Word], boxes: list[BBox], margin: float = 1.0) -> list[Word]:
    """The words whose centre lies in none of the boxes grown by ``margin`` (one pass over a page's words)."""
    grown = [(b[0] - margin, b[1] - margin, b[2] + margin, b[3] + margin) for b in boxes]
    out = []
    for w in words:
        cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
        for x0, top, x1, bottom in grown:
            if x0 <= cx <= x1 and top <= cy <= bottom:
                break
        else:
            out.append(w)
    return out


def _split_wide_gaps(line: list[Word]) -> list[list[Word]]:
    """A line's words (sorted by x) cut where a gap is wider than :data:`WIDE_GAP_EM`:
    a running header's left and right parts (``Council – Plan`` … ``OFFICIAL``) are two lines."""
    parts = [[line[0]]]
    for w in line[1:]:
        prev = parts[-1][-1]
        size = max(prev.get("size") or (prev["bottom"] - prev["top"]), 1.0)
        if w["x0"] - prev["x1"] > WIDE_GAP_EM * size:
            parts.append([w])
        else:
            parts[-1].append(w)
    return parts


def word_rows(words: list[Word]) -> list[list[Word]]:
    """Words grouped by height into rows (top to bottom), each left to right."""
    rows: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        last = rows[-1] if rows else None
        if last and abs(w["top"] - last[0]["top"]) <= 0.5 * (w["bottom"] - w["top"]):
            last.append(w)
        else:
            rows.append([w])
    return [sorted(row, key=lambda w: w["x0"]) for row in rows]


def text_line(words: list[Word], page: int) -> TextLine:
    """One :class:`TextLine` of words (sorted left to right)."""
    bbox = (min(w["x0"] for w in words), min(w["top"] for w in words),
            max(w["x1"] for w in words), max(w["bottom"] for w in words))
    size = max(w.get("size") or (w["bottom"] - w["top"]) for w in words)
    return TextLine(page, " ".join(w["text"] for w in words), bbox, size, bool(words[0].get("bold")))


def lines_outside(words: list[Word], table_boxes: list[BBox], page: int) -> list[TextLine]:
    """Words not inside any table, grouped into lines (top to bottom, left to right)."""
    rows = word_rows(_outside(words, table_boxes))
    return [text_line(part, page) for row in rows for part in _split_wide_gaps(row)]


def _running_key(line: TextLine) -> tuple[str, int]:
    # page numbers change from page to page: "Page 3 of 9" ~ "Page # of #"
    return _DIGITS.sub("#", line.text.strip().lower()), round(line.bbox[1] / 6)


def running_lines(
    pages: dict[int, list[TextLine]], heights: dict[int, float] | None = None, min_share: float = 0.5,
    body: float | None = None,
) -> set[tuple[str, int]]:
    """Keys of lines repeated at the same height on most pages (running header/footer).

    With a single page there is nothing to compare: lines in its top or bottom
    6 % (where Word puts running headers and footers) no larger than its body
    text (``body``, the page's median word size) are taken instead.
    """
    if len(pages) < 2:
        out = set()
        for number, lines in pages.items():
            h = (heights or {}).get(number)
            size = body or body_size(lines)  # a heading at the top of the page is larger than body text
            out |= {_running_key(ln) for ln in lines
                    if h and ln.size <= size and (ln.bbox[3] < 0.06 * h or ln.bbox[1] > 0.94 * h)}
        return out
    counts = Counter(key for lines in pages.values() for key in {_running_key(ln) for ln in lines})
    need = max(2, int(len(pages) * min_share + 0.5))
    return {key for key, n in counts.items() if n >= need}


def drop_running(lines: list[TextLine], running: set[tuple[str, int]]) -> tuple[list[TextLine], list[TextLine]]:
    """Split lines into (flow, running)."""
    keep: list[TextLine] = []
    dropped: list[TextLine] = []
    for ln in lines:
        (dropped if _running_key(ln) in running else keep).append(ln)
    return keep, dropped


def _ended_short(prev: TextLine, ln: TextLine) -> bool:
    """``prev`` stops short of ``ln`` by more than ``ln``'s first word: that word would have fit on
    it, so ``prev`` was not wrapped but ended (a heading over the next one set close under it).
    The word's width is over-estimated (0.6 em a letter), so a wrapped line is never cut."""
    first = ln.text.split()[0] if ln.text.split() else ""
    return ln.bbox[2] - prev.bbox[2] > (0.6 * len(first) + 0.5) * ln.size


def paragraphs(lines: list[TextLine]) -> list[list[TextLine]]:
    """Consecutive lines closer than ~half a line height form one paragraph, unless the line above
    ended short of the next (:func:`_ended_short`)."""
    out: list[list[TextLine]] = []
    for ln in lines:
        prev = out[-1][-1] if out else None
        if prev is not None and prev.page == ln.page and 0 <= ln.bbox[1] - prev.bbox[3] < 0.6 * ln.size \
                and abs(prev.size - ln.size) < 1.0 and not _ended_short(prev, ln):
            out[-1].append(ln)
        else:
            out.append([ln])
    return out


def heading_kind(text: str, para: list[TextLine], body_size: float) -> HeadingKind:
    if _PRIORITY.match(text):
        return "priority"
    if para[0].size >= body_size * 1.15 or (para[0].bold and len(text.split()) <= 12):
        return "section"
    return "text"


def to_heading(para: list[TextLine], body_size: float) -> Heading:
    text = " ".join(ln.text for ln in para)
    bbox = (min(ln.bbox[0] for ln in para), para[0].bbox[1], max(ln.bbox[2] for ln in para), para[-1].bbox[3])
    return Heading(text, heading_kind(text, para, body_size), 1, para[0].page, bbox)


def body_size(lines: list[TextLine]) -> float:
    return median(ln.size for ln in lines) if lines else 10.0


def title_block(
    first_page: list[TextLine], running: list[TextLine], before: float, size: float
) -> tuple[str | None, list[TextLine]]:
    """The title from the large lines above the first table of page 1 (a line naming a public
    body is not the title), else from the running header (``Organisation – Title``).

    Returns ``(title, title_lines)``; the title lines are taken out of the flow by the
    caller and reported on the document, largest first, for the interpreter to read the
    organisation from. ``size`` is the body text size of the page.
    """
    from plantables.vocabulary.headings import classify_heading

    big = []
    for ln in first_page:  # the run of large lines opening the page is the title block ...
        if ln.bbox[1] >= before or ln.size < size * 1.15 or classify_heading(ln.text).ref is not None:
            break  # ... up to a numbered heading ("1. Housing", "Section 1: …"): the first section
        big.append(ln)
    title = None
    body_named = False
    for ln in sorted(big, key=lambda ln: -ln.size):
        if not body_named and is_organisation(ln.text):
            body_named = True  # the first line naming a body is the organisation's, not the title
        elif title is None:
            title = ln.text.strip()
    for ln in running:
        title = title or split_running_header(ln.text)[1]
    return title, big


