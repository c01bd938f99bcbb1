"""Whose plan is it? The organisation, decided once, from what the readers report.

Readers report the lines that open a document (``Document.title_lines``,
largest first) and its running headers/footers (``Document.running``) as
printed; the patterns are in :mod:`plantables.vocabulary.organisation`. In order:

1. a title line or running header naming a public body (``Westmoor Borough
   Council``, ``Council – Plan 2023 – 2024``);
2. a council's name inside one of those lines (``Improvement plan of Ashford
   Vale Borough Council``);
3. the council most often named anywhere in the document (a name never written
   in lower case: "Children in Care Council" is no council);
4. the capitalised place the plan keeps naming (``… services across Northbay``),
   at least twice.
"""

from __future__ import annotations

import re
from collections import Counter

from plantables.extract.model import Document
from plantables.vocabulary.organisation import COUNCIL_NAME, MONTH_WORDS, PLACE, plain_case, split_running_header

_LOWER_WORD = re.compile(r"\b[a-z]{3,}\b")
#: words of a council's name that are also plain words ("the borough"): not a sign it is no name
_KIND_WORDS = frozenset("city county borough district metropolitan town and of council".split())


def organisation_of(doc: Document) -> str | None:
    """The organisation ``doc`` belongs to, from its own words (see the module notes); None if it names none."""
    lines = list(doc.title_lines) + list(doc.running)
    for line in lines:
        org, _ = split_running_header(plain_case(line))
        if org:
            return org.strip()
    for line in lines:
        m = COUNCIL_NAME.search(plain_case(line))
        if m:
            return m.group(1)
    return named_in_text(document_text(doc))


def document_text(doc: Document) -> str:
    parts = [doc.title or ""] + [h.text for h in doc.headings]
    for t in doc.tables:
        parts += [c.text for r in t.rows for c in r.cells]
    return "\n".join(parts)


def named_in_text(text: str) -> str | None:
    """Steps 3 and 4 of the module notes, on a document's whole text."""
    lower = set(_LOWER_WORD.findall(text))  # a proper name is never written in lower case
    named = Counter(
        m.group(1) for m in COUNCIL_NAME.finditer(text)
        if m.group(1).endswith("Council")
        and not any(w.lower() in lower for w in m.group(1).split() if w.lower() not in _KIND_WORDS)
    )
    if named:
        return named.most_common(1)[0][0]
    places = Counter(
        m.group(1) for m in PLACE.finditer(text)
        if m.group(1).lower() not in MONTH_WORDS and m.group(1).lower() not in lower
    )
    if not places:
        return None
    best, hits = places.most_common(1)[0]
    return best if hits >= 2 else None
