"""The per-file work of an import: sniff, read, normalise — pure, so it runs anywhere.

:func:`read_plan` returns a picklable :class:`PlanDocument` (or raises
``ExtractError``); the backends run it here, in worker processes or on a Dask
cluster, and the writer loads what comes back.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from typing import TYPE_CHECKING, Any

# the readers are imported when a file needs them: a re-run over unchanged files never does
if TYPE_CHECKING:
    from plantables.extract.model import Document
    from plantables.normalise.config import Config
    from plantables.normalise.records import PlanDocument


def read_plan(path: str | os.PathLike[str], *, organisation: str | None = None, config: Config | None = None,
              **reader_options: Any) -> PlanDocument:
    """Read and normalise one file (with the settings file ``config``). Raises ``ExtractError``
    for anything that is not a plan."""
    from plantables.extract.model import ExtractError
    from plantables.extract.sniff import read_document
    from plantables.normalise.config import using
    from plantables.normalise.plan import normalise_document

    p = os.fspath(path)
    doc = read_document(p, **reader_options)
    org = organisation or doc.organisation or guess_organisation(doc)
    with using(config):
        plan = normalise_document(doc, organisation=org)
    if organisation or not plan.organisation:
        plan.organisation = org
    if not plan.actions:
        raise ExtractError(p, "no plan table found (no header row naming plan columns, or no numbered rows)")
    return plan


#: modules every reader needs, imported by each worker before its first file
WORKER_PRELOAD = (
    "plantables.pipeline.read",
    "plantables.extract.sniff",
    "plantables.extract.pdf.plan",
    "plantables.extract.pdf.engine",
    "plantables.extract.text.reader",
    "plantables.normalise.plan",
)


def preload_readers() -> None:
    """Import the readers in this process (a worker before its first file; the serial
    path before forking a time-limited child per file, so each child starts warm)."""
    import importlib

    for name in WORKER_PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:  # a reader this build does not have
            pass


_COUNCIL = re.compile(
    r"\b((?:[A-Z][\w'&-]+ )*[A-Z][\w'&-]+) (?:(?:City|County|Borough|District|Metropolitan Borough) )?Council\b"
)
# "… services across X", "… pathway for X": a capitalised word after a place
# preposition that follows a lower-case word (so not inside a name such as
# "Centre for Excellence" or "Scheme of Delegation")
_PLACE = re.compile(r"\b[a-z]+ (?:in|across|throughout|within|for) ([A-Z][a-z]{3,})\b")
_MONTH_WORDS = frozenset(
    "january february march april june july august september october november december sept".split()
)


def document_text(doc: Document) -> str:
    parts = [doc.title or ""] + [h.text for h in doc.headings]
    for t in doc.tables:
        parts += [c.text for r in t.rows for c in r.cells]
    return "\n".join(parts)


def guess_organisation(doc: Document) -> str | None:
    """The organisation a plan belongs to, from its own words.

    ``<Name> [City|County|Borough…] Council`` anywhere wins; otherwise the
    capitalised word most often named as a place (``… in X``, ``… across X``),
    at least twice, that never appears in lower case — a council's plan keeps
    naming its area.
    """
    text = document_text(doc)
    # a proper name is never written in lower case ("Children in Care Council" is not one)
    lower = set(re.findall(r"\b[a-z]{3,}\b", text))
    named = Counter(
        m.group(1) for m in _COUNCIL.finditer(text)
        if not any(w.lower() in lower for w in m.group(1).split())
    )
    if named:
        return f"{named.most_common(1)[0][0]} Council"
    places = Counter(
        m.group(1) for m in _PLACE.finditer(text)
        if m.group(1).lower() not in _MONTH_WORDS and m.group(1).lower() not in lower
    )
    if not places:
        return None
    best, hits = places.most_common(1)[0]
    return best if hits >= 2 else None
