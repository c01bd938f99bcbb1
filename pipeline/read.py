"""The per-file work of an import: sniff, read, normalise — pure, so it runs anywhere.

:func:`read_plan` returns a picklable :class:`PlanDocument` (or raises
``ExtractError``); the backends run it here, in worker processes or on a Dask
cluster, and the writer loads what comes back.
"""

from __future__ import annotations

import os
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
    with using(config):  # the organisation: --organisation, else what the interpreter reads in the document
        plan = normalise_document(doc, organisation=organisation)
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


def guess_organisation(doc: Document) -> str | None:
    """The organisation a plan belongs to: :func:`plantables.normalise.organisation.organisation_of`
    (the interpreter decides it once, from what the reader reported)."""
    from plantables.normalise.organisation import organisation_of

    return organisation_of(doc)
