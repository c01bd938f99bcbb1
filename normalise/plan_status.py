"""An action's status and RAG from its cells: the status column (the least advanced of its
cells), else a status phrase or the prose opening the update; RAG from a cell's fill, its word or
its letter. Split from :mod:`plantables.normalise.plan_fields`, whose other field functions are
about text, leads and dates."""

from __future__ import annotations

import re
from collections.abc import Sequence, Set
from functools import lru_cache

from plantables.extract.model import Cell
from plantables.normalise import config as settings
from plantables.normalise.dates import parse_timeframe
from plantables.normalise.plan_fields import joined
from plantables.normalise.records import Status
from plantables.vocabulary.status import (
    StatusVocabulary,
    classify_status,
    rag_from_fill,
    rag_from_text,
    status_from_update,
    status_in_prose,
)

#: least advanced first: an action with one step in progress is in progress
_PROGRESS_ORDER = ("not_started", "behind", "in_progress", "on_track", "ongoing", "not_due", "complete")
_STATUS_HEAD = re.compile(r"\s[-–—]|[-–—]\s|[:;(,]|\.(?:\s|$)")


#: a status cell longer than this is a progress update that opens with its status (``On track – …``)
STATUS_WORDS_MAX = 6


def split_progress(status_texts: list[str]) -> tuple[list[str], list[str]]:
    """Status cells that are bare statuses, and those that are progress updates (``Delayed – …``)."""
    def is_update(t: str) -> bool:
        return len(t.split()) > STATUS_WORDS_MAX or bool(re.search(r"\s[-–—:]\s*\w|\w:\s+\w", t))

    return [t for t in status_texts if not is_update(t)], [t for t in status_texts if is_update(t)]


def status_of(status_texts: list[str], update: str | None) -> Status | None:
    """From the status column (the least advanced of its cells), else the update's leading words."""
    return status_and_source(status_texts, update)[0]


def status_and_source(status_texts: list[str], update: str | None,
                      bold: str | None = None) -> tuple[Status | None, str | None]:
    """The action's status and where it was read (``Action.status_source``):

    ``column``  the status column's cells (the least advanced of them);
    ``phrase``  a status phrase opening the update (``On track – …``), or its bold opening
                words when they are a status (``bold``: :func:`bold_head`; no separator needed);
    ``prose``   a sentence of the update stating it (``Not yet progressed …``), confidence 0.5;
    When nothing but a RAG rating (a fill, a colour word, a letter G/A/R) says how the action
    stands, the status stays None: the rating is the action's ``rag`` (BRAG schemes disagree on
    the status a colour means, and a text export of the same plan may not show the colour).
    A status column whose cells say nothing known (``unknown``) gives way to the update.
    """
    found = _column_status(status_texts)
    if found is not None and found.value != "unknown":
        return found, "column"
    led = _update_status(update)
    if led is not None:
        return led, "phrase"
    if bold and len(bold.split()) <= 5:
        s = classify_status(bold, vocabulary=settings.status_vocabulary())
        if s is not None and s.value != "unknown" and s.confidence >= 0.8:
            return Status(bold, s.value, 0.9), "phrase"
    vocabulary = settings.status_vocabulary() or StatusVocabulary.default()
    prose = status_in_prose(update, vocabulary=vocabulary) if update else None
    if prose is not None:
        return prose, "prose"
    if found is not None:
        return found, "column"
    return None, None


_RAG_LETTERS = re.compile(r"^\s*[GARB](?:\s*/\s*[GARB])?\s*$")


def _column_status(status_texts: list[str]) -> Status | None:
    """The status column's cells, the least advanced; a cell holding only a RAG letter (``G``,
    ``A/G``) is a rating, not a status (:func:`rag_of` reads it); a cell that goes on after its
    status (``Completed: feedback …``) gives the status words as its raw text."""
    vocabulary = settings.status_vocabulary()
    texts = [t for t in status_texts if not _RAG_LETTERS.match(t)]
    found = [s for s in (classify_status(t, vocabulary=vocabulary) for t in texts) if s is not None]
    if found:
        heads = []
        for st in found:
            led = _update_status(st.raw) if st.confidence < 1.0 else None
            heads.append(led.raw if led is not None and led.value == st.value else st.raw)
        raw = joined(heads, "; ", distinct=True) or ""
        known = [s for s in found if s.value in _PROGRESS_ORDER]
        if not known:
            return Status(raw, found[0].value, min(s.confidence for s in found))
        worst = min(known, key=lambda s: _PROGRESS_ORDER.index(s.value))
        return Status(raw, worst.value, min(s.confidence for s in known))
    return None


#: the words before a colon or dash opening an update: a date there ('Nov 2025: On track – …') dates
#: the entry, and the status follows it
_LEAD = re.compile(r"^\s*([^:;–—\n]{3,24}?)\s*(?::|\s[-–—])\s+")


@lru_cache(maxsize=1024)
def _dated(words: str) -> bool:
    return parse_timeframe(words).due_month is not None


def _update_status(update: str | None) -> Status | None:
    if not update:
        return None
    lead = _LEAD.match(update)
    if lead and _dated(lead.group(1)):
        update = update[lead.end():]
    s = status_from_update(update, vocabulary=settings.status_vocabulary())
    if s is None:
        return None
    m = _STATUS_HEAD.search(update)
    head = update[: m.start()].strip() if m else update.strip()
    return Status(head, s.value, s.confidence)


def rag_of(cells: list[Cell], status_cells: Sequence[Cell] = (), background: Set[str] = frozenset(),
           plain: Set[str] = frozenset()) -> str | None:
    """RAG from the RAG column's cells (fill, colour word or letter G/A/R), else from the fill of
    a status cell (``COMPLETE`` on green: status and RAG), else from the colour their words are
    printed in (:func:`type_colour`). A fill every cell of the row shares (``background``: zebra
    bands, shaded rows) is the row's, not a RAG mark; so is a type colour of the row's other cells
    (``plain``)."""
    for c in cells:
        colour = (rag_from_fill(c.fill) if c.fill not in background else None) or rag_from_text(c.text) \
            or (type_colour(c) if c.colour not in plain else None)
        if colour:
            return colour
    for c in status_cells:
        colour = (rag_from_fill(c.fill) if c.fill not in background else None) or (
            type_colour(c) if c.colour not in plain else None)
        if colour:
            return colour
        if _RAG_LETTERS.match(c.text):  # "RAG status" read as the status column: its letters rate
            return rag_from_text(c.text)
    return None


#: a status printed in its RAG colour is a word or a few ('On track', 'Off track', 'Not started')
TYPE_COLOUR_MAX_WORDS = 4


def type_colour(cell: Cell) -> str | None:
    """The RAG a status or RAG cell gives by the colour its few words are printed in (no fill):
    red, amber, green or blue; grey type is muted print, no rating."""
    colour = rag_from_fill(cell.colour)
    return colour if colour in ("red", "amber", "green", "blue") and \
        len(cell.text.split()) <= TYPE_COLOUR_MAX_WORDS else None
