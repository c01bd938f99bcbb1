"""Import-run bookkeeping: ``import_runs`` (one per invocation) and ``import_files``.

A run row is committed as ``running`` before any file is touched. A run that
never finished (the process was killed) is marked ``interrupted`` by the next
run, which holds the import lock, so it cannot be mistaken for a live one.
"""

from __future__ import annotations

import os

from sqlalchemy import Connection, Engine, insert, update

from plantables.schema.loader import utcnow
from plantables.schema.models import ImportFile, ImportRun
from plantables.schema.unchanged import host_name

RUNNING, OK, FAILED, INTERRUPTED = "running", "ok", "failed", "interrupted"


def start_run(engine: Engine) -> int:
    """Mark stale runs interrupted, then open (and commit) a new ``running`` run."""
    with engine.begin() as conn:
        conn.execute(
            update(ImportRun).where(ImportRun.status == RUNNING).values(status=INTERRUPTED, finished_at=utcnow())
        )
        return conn.execute(
            insert(ImportRun).values(
                started_at=utcnow(), status=RUNNING, pid=os.getpid(), host=host_name(),
                files_seen=0, files_imported=0, files_skipped=0, files_failed=0,
            )
        ).inserted_primary_key[0]


def record_file(
    conn: Connection, run_id: int, path: str, status: str, *, sha256: str | None = None,
    document_id: int | None = None, duration_s: float | None = None, rows: int | None = None,
    error: str | None = None, warnings: list[str] | None = None,
) -> None:
    conn.execute(
        insert(ImportFile).values(
            run_id=run_id, path=path, sha256=sha256, status=status, document_id=document_id,
            duration_s=duration_s, rows=rows, error=error, warnings="\n".join(warnings or []) or None,
        )
    )


def finish_run(engine: Engine, run_id: int, status: str, *, seen: int, imported: int, skipped: int,
               failed: int, errors: list[str]) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(ImportRun).where(ImportRun.id == run_id).values(
                status=status, finished_at=utcnow(), files_seen=seen, files_imported=imported,
                files_skipped=skipped, files_failed=failed, errors="\n".join(errors) or None,
            )
        )
