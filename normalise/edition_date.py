"""The date a plan document gives itself (its edition date), or None.

Looked for, first hit wins, in what the document says about itself:

1. its title, title block and running headers/footers, and the
   headings/paragraphs before its first table (where a plan prints ``Updated
   12 March 2024``, ``Position as at 31/10/2023``, ``Version 3 — January 2024``);
2. its file name (``plan_2024-03-12.pdf``, ``plan 20240312.txt``).

A full date anywhere in those lines counts (``2024-03-12``, ``12/03/2024``
read day-first as UK plans write it, ``12 March 2024``, ``March 12, 2024``).
A month alone (``March 2024``) counts only after a word that marks an edition
(updated, as at, as of, dated, published, version, revised, position, progress,
review), because a title's ``September 2023 – March 2024`` is the plan's
period, not its date; it gives ``YYYY-MM``. The import date is never used:
a document that names no date has none.
"""

from __future__ import annotations

import os
import re
from datetime import date

from plantables.extract.model import Document, Table

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MON = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_FULL_DATES = (
    re.compile(rf"\b{_YEAR}-(?P<m>\d\d)-(?P<d>\d\d)\b"),
    re.compile(rf"\b(?P<d>\d{{1,2}})[/.](?P<m>\d{{1,2}})[/.]{_YEAR}\b"),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}\.?,?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_MON}\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}\b", re.I),
)
_EDITION_WORD = r"(?:updated?|as\s+(?:at|of)|dated?|published|version|revised|revision|position|progress|review(?:ed)?|issued?)"
_MONTH_AFTER_WORD = re.compile(rf"\b{_EDITION_WORD}\b[^.;\n]{{0,40}}?\b{_MON}\.?,?\s+{_YEAR}\b", re.I)
_FILE_DATES = (
    re.compile(rf"(?<!\d){_YEAR}[-_.]?(?P<m>\d\d)[-_.]?(?P<d>\d\d)(?!\d)"),
    *_FULL_DATES[1:],
)
_LINES_BEFORE_TABLE = 12  # a self-description sits at the top, not in the body's prose


def _valid(year: int, month: int, day: int | None) -> str | None:
    try:
        date(year, month, day or 1)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def _month(match: re.Match) -> int:
    groups = match.groupdict()
    if groups.get("mon"):
        return _MONTHS[groups["mon"][:3].lower()]
    return int(groups["m"])


def date_in(text: str, *, month_only: bool = True) -> str | None:
    """The first full date in ``text``, else (``month_only``) a month after an edition word."""
    for pattern in _FULL_DATES:
        for m in pattern.finditer(text):
            found = _valid(int(m["year"]), _month(m), int(m["d"]))
            if found:
                return found
    if month_only:
        for m in _MONTH_AFTER_WORD.finditer(text):
            found = _valid(int(m["year"]), _month(m), None)
            if found:
                return found
    return None


def date_in_file_name(path: str) -> str | None:
    name = os.path.basename(path)
    for pattern in _FILE_DATES:
        for m in pattern.finditer(name):
            found = _valid(int(m["year"]), _month(m), int(m["d"]))
            if found:
                return found
    return None


def edition_date(doc: Document) -> str | None:
    """``YYYY-MM-DD`` (or ``YYYY-MM``) the document gives itself; None when it names none."""
    # the title, the title block and the running headers/footers the reader kept, then the flow
    lines = [doc.title or "", *doc.title_lines, *doc.running]
    for block in doc.blocks:
        if isinstance(block, Table) or len(lines) > _LINES_BEFORE_TABLE + len(doc.title_lines) + len(doc.running):
            break
        lines.append(block.text)
    for line in lines:
        found = date_in(line)
        if found:
            return found
    return date_in_file_name(doc.path)
