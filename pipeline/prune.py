"""``--prune``: documents under the imported folders whose files are gone are marked missing, never deleted."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from plantables.pipeline.results import PRUNED, FileResult

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from plantables.schema.runs import SqlRunLog

log = logging.getLogger("plantables.import")


def prune_missing(engine: Engine, run_log: SqlRunLog, run_id: int, roots: list[Path],
                  present: set[str] | frozenset[str] = frozenset()) -> list[FileResult]:
    """Mark (never delete) documents under ``roots`` whose files are gone."""
    from sqlalchemy import select, update

    from plantables.schema.models import DocumentRow
    from plantables.schema.runlog import utcnow

    results: list[FileResult] = []
    with engine.begin() as conn:
        rows = conn.execute(
            select(DocumentRow.id, DocumentRow.path).where(DocumentRow.missing_since.is_(None))
        ).all()
        for doc_id, doc_path in rows:
            p = Path(doc_path)
            under = any(p == r or r in p.parents for r in roots)
            if under and doc_path not in present and not p.exists():
                conn.execute(update(DocumentRow).where(DocumentRow.id == doc_id).values(missing_since=utcnow()))
                run_log.record_file(conn, run_id, doc_path, PRUNED, document_id=doc_id)
                results.append(FileResult(doc_path, PRUNED, document_id=doc_id))
                log.warning("%s: file is gone; document %s marked missing", doc_path, doc_id)
    return results
