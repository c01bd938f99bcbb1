"""Bounds on one reader: its memory (``--max-memory-per-file``), applied where the reading happens.

A hostile PDF (nested form XObjects, a Flate or drawing-operator bomb) makes
pdfium allocate without end; a reader is therefore run in a process whose
address space is capped (``RLIMIT_AS``): worker processes, the forked child of
``--workers 0``, and the child that ``tables``/``inspect`` read in. An
allocation past the cap fails: Python raises ``MemoryError``, pdfium aborts
the process; either way that file gets one line and the batch goes on.
The cap counts address space, not resident memory, so the resident peak of a
reader stays below it.
"""

from __future__ import annotations

import os
from typing import Any

#: default cap per reading process, in MB (the whole import then peaks under 1 GB resident): a
#: worker's interpreter and readers take ~400 MB of
#: address space (~140 MB resident) before a file; real plans need tens of MB more
DEFAULT_MAX_MEMORY_MB = 900
ENV = "PLANTABLES_MAX_MEMORY_MB"
#: one thread for the numeric libraries a reader imports: each extra thread reserves address
#: space (stacks, malloc arenas) that would count against the cap for nothing
THREAD_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
              "MALLOC_ARENA_MAX": "2"}


def limit_memory(mb: float | None, *, above_current: bool = False) -> None:
    """Cap this process's address space at ``mb`` megabytes (None or 0: no cap); ``above_current``:
    ``mb`` more than it has now (a forked child starts with its parent's address space, which
    for ``tables`` may hold camelot and OpenCV: the cap bounds what the reading adds)."""
    if not mb:
        return
    import resource

    limit = int(mb * 1024 * 1024)
    if above_current:
        try:
            with open("/proc/self/statm") as fh:
                limit += int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError):
            pass
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def worker_env(mb: float | None) -> dict[str, Any]:
    """Environment additions of a worker process reading under a ``mb`` cap."""
    return {**THREAD_ENV, ENV: str(mb or 0)}


def limit_from_env() -> None:
    """In a worker: apply the cap its parent passed (:func:`worker_env`)."""
    limit_memory(float(os.environ.get(ENV) or 0))


def out_of_memory() -> str:
    """What a reader that ran out of memory under the cap its parent passed says."""
    return "ran out of memory while reading" + crash_hint(float(os.environ.get(ENV) or 0))


def crash_hint(mb: float | None) -> str:
    return f"; it may have needed more than --max-memory-per-file {mb:g} MB" if mb else ""

