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

from plantables.extract.model import BBox, Heading

#: words naming a public body: a title line or running header holding one of
#: these is the organisation ("Westmoor Borough Council", "… NHS Trust").
ORGANISATION_WORDS = re.compile(
    r"\b(council|borough|county|city|district|authority|trust|partnership|combined authority|"
    r"metropolitan|unitary|parish|nhs|police|fire and rescue)\b",
    re.IGNORECASE,
)
_PRIORITY = re.compile(r"^\W*priority\b", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_RUNNING_SPLIT = re.compile(r"\s+[–—|-]\s+")


@dataclass
class TextLine:
    """One line of text outside tables."""

    page: int
    text: str
    bbox: BBox
    size: float
    bold: bool  # the first word is bold (a bold run opens headings and priorities)


def _inside(word: dict, boxes: list[BBox], margin: float = 1.0) -> bool:
    cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return any(b[0] - margin <= cx <= b[2] + margin and b[1] - margin <= cy <= b[3] + margin for b in boxes)


def lines_outside(words: list[dict], table_boxes: list[BBox], page: int) -> list[TextLine]:
    """Words not inside any table, grouped into lines (top to bottom, left to right)."""
    free = sorted((w for w in words if not _inside(w, table_boxes)), key=lambda w: (w["top"], w["x0"]))
    groups: list[list[dict]] = []
    for w in free:
        last = groups[-1] if groups else None
        height = w["bottom"] - w["top"]
        if last and abs(w["top"] - last[0]["top"]) <= 0.5 * height:
            last.append(w)
        else:
            groups.append([w])
    out = []
    for g in groups:
        g.sort(key=lambda w: w["x0"])
        bbox = (min(w["x0"] for w in g), min(w["top"] for w in g), max(w["x1"] for w in g), max(w["bottom"] for w in g))
        size = max(w.get("size") or (w["bottom"] - w["top"]) for w in g)
        out.append(TextLine(page, " ".join(w["text"] for w in g), bbox, size, bool(g[0].get("bold"))))
    return out


def _running_key(line: TextLine) -> tuple[str, int]:
    # page numbers change from page to page: "Page 3 of 9" ~ "Page # of #"
    return _DIGITS.sub("#", line.text.strip().lower()), round(line.bbox[1] / 6)


def running_lines(
    pages: dict[int, list[TextLine]], heights: dict[int, float] | None = None, min_share: float = 0.5
) -> set[tuple[str, int]]:
    """Keys of lines repeated at the same height on most pages (running header/footer).

    With a single page there is nothing to compare: lines in its top or bottom
    6 % (where Word puts running headers and footers) are taken instead.
    """
    if len(pages) < 2:
        out = set()
        for number, lines in pages.items():
            h = (heights or {}).get(number)
            out |= {_running_key(ln) for ln in lines if h and (ln.bbox[3] < 0.06 * h or ln.bbox[1] > 0.94 * h)}
        return out
    counts = Counter(key for lines in pages.values() for key in {_running_key(ln) for ln in lines})
    need = max(2, int(len(pages) * min_share + 0.5))
    return {key for key, n in counts.items() if n >= need}


def drop_running(lines: list[TextLine], running: set[tuple[str, int]]) -> tuple[list[TextLine], list[TextLine]]:
    """Split lines into (flow, running)."""
    keep, dropped = [], []
    for ln in lines:
        (dropped if _running_key(ln) in running else keep).append(ln)
    return keep, dropped


def paragraphs(lines: list[TextLine]) -> list[list[TextLine]]:
    """Consecutive lines closer than ~half a line height form one paragraph."""
    out: list[list[TextLine]] = []
    for ln in lines:
        prev = out[-1][-1] if out else None
        if prev is not None and prev.page == ln.page and 0 <= ln.bbox[1] - prev.bbox[3] < 0.6 * ln.size \
                and abs(prev.size - ln.size) < 1.0:
            out[-1].append(ln)
        else:
            out.append([ln])
    return out


def heading_kind(text: str, para: list[TextLine], body_size: float) -> str:
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


def title_and_organisation(
    first_page: list[TextLine], running: list[TextLine], before: float, size: float
) -> tuple[str | None, str | None, list[TextLine]]:
    """Title and organisation from the large lines above the first table of page 1,
    else from the running header (``Organisation – Title``).

    Returns ``(title, organisation, title_lines)``; the title lines are taken
    out of the flow by the caller. ``size`` is the body text size of the page.
    """
    big = []
    for ln in first_page:  # the run of large lines opening the page is the title block
        if ln.bbox[1] >= before or ln.size < size * 1.15:
            break
        big.append(ln)
    title = organisation = None
    for ln in sorted(big, key=lambda ln: -ln.size):
        if organisation is None and ORGANISATION_WORDS.search(ln.text) and len(ln.text.split()) <= 8:
            organisation = ln.text.strip()
        elif title is None:
            title = ln.text.strip()
    for ln in running:
        parts = _RUNNING_SPLIT.split(ln.text.strip())
        for part in parts:
            if ORGANISATION_WORDS.search(part) and len(part.split()) <= 8:
                organisation = organisation or part.strip()
            elif title is None and len(parts) > 1 and len(part.split()) >= 3 and not _DIGITS.fullmatch(part):
                title = part.strip()
    return title, organisation, big
