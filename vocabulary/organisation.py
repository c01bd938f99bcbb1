"""The words that name a public body, and how a running header splits into body and title.

Readers report what they saw (title lines, running headers); the plan
interpreter (:mod:`plantables.normalise.organisation`) decides the organisation
from them with these patterns, once. Readers still read a document's title
from a running header with :func:`split_running_header`.
"""

from __future__ import annotations

import re

from plantables.vocabulary.headings import caps_share

#: words naming a public body: a title line or running header holding one of
#: these is the organisation ("Westmoor Borough Council", "… NHS Trust").
ORGANISATION_WORDS = re.compile(
    r"\b(council|borough|county|city|district|authority|trust|partnership|combined authority|"
    r"metropolitan|unitary|parish|nhs|police|fire and rescue)\b",
    re.IGNORECASE,
)
#: a council's name inside a longer text ("… by Ashford Vale Borough Council in …", "London Borough of X")
COUNCIL_NAME = re.compile(
    r"\b((?:(?:London|Royal) Borough of|City of) [A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*"
    r"|[A-Z][\w'’-]*(?: (?:and )?[A-Z][\w'’-]*)* (?:City |County |Borough |District |Metropolitan Borough |Town )?Council)\b"
)
#: "… services across X", "… pathway for X": a capitalised word after a place preposition that
#: follows a lower-case word (so not inside a name such as "Centre for Excellence")
PLACE = re.compile(r"\b[a-z]+ (?:in|across|throughout|within|for) ([A-Z][a-z]{3,})\b")
MONTH_WORDS = frozenset(
    "january february march april june july august september october november december sept".split()
)
_RUNNING_SPLIT = re.compile(r"\s+[–—|-]\s+")
#: names that open with the body word ("City of London", "London Borough of Ealing", "NHS Kernow")
_BODY_FIRST = re.compile(r"^(?:City of|(?:London|Royal) Borough of|NHS)\b")
_DIGITS = re.compile(r"\d+")


def is_organisation(text: str) -> bool:
    """A short line naming a body: ``… District Council``, ``City of London``, ``NHS Kernow`` — a
    capitalised body word ending the name or opening it — not ``A cleaner, greener district`` nor
    ``Council Delivery Plan 2024–2026``."""
    text = text.strip().rstrip(".,;:")
    if not text or len(text.split()) > 8:
        return False
    for m in ORGANISATION_WORDS.finditer(text):
        if not m.group(0)[0].isupper():
            continue
        if m.end() == len(text) or _BODY_FIRST.match(text):
            return True
    return False


def plain_case(text: str) -> str:
    """``NORTHBROOK COUNCIL – …`` → ``Northbrook Council – …`` so names in capitals are found too."""
    return text.title() if caps_share(text) >= 0.8 else text


def split_running_header(text: str) -> tuple[str | None, str | None]:
    """``(organisation, title)`` of a running header such as ``Council – Plan 2023 – 2024``.

    The organisation is the part naming a public body at either end; the
    title is everything on the other side of it, dashes and all (a title may
    hold ``September 2023 – March 2024``). Without an organisation, the
    longest part of three words or more is the title.
    """
    text = text.strip()
    seps = list(_RUNNING_SPLIT.finditer(text))
    if not seps:
        return (text, None) if is_organisation(text) else (None, None)
    first, last = text[: seps[0].start()].strip(), text[seps[-1].end() :].strip()
    if is_organisation(first):
        return first, _title_part(text[seps[0].end() :])
    if is_organisation(last):
        return last, _title_part(text[: seps[-1].start()])
    parts = [p.strip() for p in _RUNNING_SPLIT.split(text)]
    return None, _title_part(max(parts, key=len))


def _title_part(text: str) -> str | None:
    text = text.strip()
    return text if len(text.split()) >= 3 and not _DIGITS.fullmatch(text) else None
