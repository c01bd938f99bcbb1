"""The import runner: files → reader → normaliser → loader, one run at a time.

* ``files.py`` — which files (:func:`discover`) and what identifies a version of one (:func:`file_info`);
* ``read.py`` — the pure per-file work (:func:`read_plan`), runnable anywhere;
* ``backends/`` — where files are read: ``inline`` (here, with the time-limited
  child), ``process`` (worker processes), ``dask`` (a cluster), one
  :class:`~plantables.pipeline.backends.base.Backend` protocol and one
  :class:`~plantables.pipeline.backends.base.Outcome` per file;
* ``writer.py`` — :func:`import_paths`, the one loop that loads, records and reports, over
  ``readahead.py`` (files read a window ahead, handed back in order), ``load.py`` (one file loaded and
  recorded) and ``prune.py`` (documents whose files are gone marked missing).

Backends import ``base`` and ``read``, never the writer.

The names below are imported when first used (:func:`__getattr__`): ``import
plantables.pipeline.limits`` (the CLI's options, every worker) then runs
this file without loading the writer, SQLAlchemy's models and the readers.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from plantables.pipeline.backends.base import ExecutorError, ReaderFailed
    from plantables.pipeline.files import NOT_DOCUMENTS, UsageError, discover, file_info
    from plantables.pipeline.read import guess_organisation, read_plan
    from plantables.pipeline.results import FileResult, ImportResult, ImportSettings
    from plantables.pipeline.writer import import_paths

#: public name -> the module defining it
_HOMES = {
    "ExecutorError": "backends.base", "ReaderFailed": "backends.base",
    "NOT_DOCUMENTS": "files", "UsageError": "files", "discover": "files", "file_info": "files",
    "guess_organisation": "read", "read_plan": "read",
    "FileResult": "results", "ImportResult": "results", "ImportSettings": "results",
    "import_paths": "writer",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # looked up once
    return value


def default_workers() -> int:
    """The machine's cores (the ones this process may use): the CLI's ``--workers`` default."""
    from plantables.pipeline.backends.process import default_workers as cores

    return cores()


__all__ = [
    "NOT_DOCUMENTS",
    "ExecutorError",
    "FileResult",
    "ImportResult",
    "ImportSettings",
    "ReaderFailed",
    "UsageError",
    "default_workers",
    "discover",
    "file_info",
    "guess_organisation",
    "import_paths",
    "read_plan",
]
