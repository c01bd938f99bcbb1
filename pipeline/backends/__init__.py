"""Where an import's files are read: ``inline`` (here, ``--workers 0``), ``process``
(worker processes) or ``dask`` (a Dask cluster), all behind :class:`.base.Backend`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from plantables.pipeline.backends.base import Backend, ExecutorError, Outcome, ReaderFailed

if TYPE_CHECKING:
    from plantables.pipeline.results import ImportSettings

EXECUTORS = ("process", "dask")


def make_backend(settings: ImportSettings) -> Backend:
    """The backend ``settings`` ask for; each imported only when asked for."""
    if settings.executor == "dask":
        from plantables.pipeline.backends.dask import DaskBackend

        return DaskBackend(settings.scheduler, max_seconds=settings.max_seconds_per_file)  # the cluster's own limits
    if settings.executor != "process":
        raise ExecutorError(f"unknown executor {settings.executor!r}; choose one of {', '.join(EXECUTORS)}")
    if not settings.workers:
        from plantables.pipeline.backends.inline import InlineBackend

        return InlineBackend(max_seconds=settings.max_seconds_per_file, max_memory_mb=settings.max_memory_mb)
    from plantables.pipeline.backends.process import ProcessBackend

    return ProcessBackend(settings.workers, max_seconds=settings.max_seconds_per_file,
                          max_memory_mb=settings.max_memory_mb)


__all__ = ["EXECUTORS", "Backend", "ExecutorError", "Outcome", "ReaderFailed", "make_backend"]
