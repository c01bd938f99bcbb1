"""What an import is asked (:class:`ImportSettings`) and what it reports (:class:`ImportResult`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from plantables.normalise.config import Config

IMPORTED, SKIPPED, FAILED, PRUNED = "imported", "skipped", "failed", "pruned"
#: read, but no table of it reads as a plan: recorded with its reason, no actions, not a failure
NOT_A_PLAN = "not_a_plan"
#: changed while the run watched it (``--min-age``): not read, left for the next run, not a failure
DEFERRED = "deferred"


@dataclass
class ImportSettings:
    """Knobs of one import run (CLI options map one to one)."""

    organisation: str | None = None  # overrides what the document says
    prune: bool = False  # mark documents under the given folders whose files are gone
    fail_fast: bool = False  # stop at the first failed file
    wait: bool = False  # wait for another import to finish instead of exiting
    max_seconds_per_file: float | None = None  # read+normalise time limit; None = no limit
    reader_options: dict[str, Any] = field(default_factory=dict)  # passed to the PDF reader
    exclude: tuple[str, ...] = ()  # glob patterns (fnmatch, on the path and on the name) of files to pass over
    # where files are read (plantables.pipeline.backends): 0 = here, one at a time; N = N worker
    # processes (the CLI's default: every core); executor "dask" = tasks on the cluster at `scheduler`
    workers: int = 0
    executor: str = "process"
    scheduler: str | None = None
    config: Config | None = None  # the settings file (glossary, status phrases, lead thresholds)
    max_memory_mb: float | None = None  # address-space cap of each reading process (pipeline/limits.py)
    retry_failed: bool = False  # read again a file that failed before and has not changed since
    min_age_s: float = 0.0  # a file modified more recently is watched that long, deferred if it changes


@dataclass
class FileResult:
    path: str
    status: str  # imported, skipped, failed, pruned, not_a_plan, deferred
    duration_s: float = 0.0
    rows: int = 0
    error: str | None = None
    document_id: int | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    run_id: int | None
    db_url: str
    files: list[FileResult] = field(default_factory=list)
    interrupted: bool = False

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == FAILED]

    @property
    def exit_code(self) -> int:
        """0 every file imported or already there, 1 some failed."""
        return 1 if self.failed or self.interrupted else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "database": self.db_url,
            "imported": self.count(IMPORTED),
            "skipped": self.count(SKIPPED),
            "failed": self.count(FAILED),
            "pruned": self.count(PRUNED),
            "not_a_plan": self.count(NOT_A_PLAN),
            "deferred": self.count(DEFERRED),
            "files": [asdict(f) for f in self.files],
        }
