"""Which build of the PDF reader runs: its modules compiled by mypyc, or their Python source.

``make compile`` (``PLANTABLES_COMPILE=1``, see setup.py) puts a compiled module beside
each source module of this package; Python then imports the compiled one. It is used
only when it is the build of the source beside it: the compiled modules call one another
directly, so a tree that mixes compiled and source modules would run two versions of
the same code. When any source is newer than its compiled module (edited, checked out
again since ``make compile``), or ``PLANTABLES_PURE_PYTHON=1`` is set, every module of
the package is read from its source. ``plantables.extract.pdf.BUILD`` says which build runs.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import sys
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
PACKAGE = __name__.rpartition(".")[0]
#: the folders holding compiled modules, by package name
FOLDERS = {PACKAGE: HERE, f"{PACKAGE}.pdfium": HERE / "pdfium"}
#: a wheel writes a module's source and its compiled file in either order, a second or so apart
_SLACK = 2.0
_SUFFIXES = sorted(importlib.machinery.EXTENSION_SUFFIXES, key=len, reverse=True)


def compiled_files(folders: dict[str, Path] = FOLDERS) -> dict[str, tuple[Path, Path]]:
    """Module name → (compiled file, source file), for every compiled module in ``folders`` (package → folder)."""
    found = {}
    for package, folder in folders.items():
        for so in folder.glob("*.*"):
            # the longest suffix first: ".cpython-311-x86_64-linux-gnu.so" before ".so"
            suffix = next((s for s in _SUFFIXES if so.name.endswith(s)), None)
            if suffix is not None:
                stem = so.name[: -len(suffix)]
                found[f"{package}.{stem}"] = (so, so.with_name(stem + ".py"))
    return found


def stale(files: dict[str, tuple[Path, Path]]) -> list[str]:
    """The modules whose source is newer than their compiled file (the group library has no source)."""
    out = []
    for name, (so, source) in files.items():
        try:
            if source.stat().st_mtime > so.stat().st_mtime + _SLACK:
                out.append(name)
        except FileNotFoundError:
            continue
    return sorted(out)


class SourceFirst(MetaPathFinder):
    """Imports these modules from their ``.py`` source, never from the compiled file beside it."""

    def __init__(self, sources: dict[str, Path]) -> None:
        self.sources = sources

    def find_spec(self, fullname: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        source = self.sources.get(fullname)
        if source is None or not source.exists():
            return None
        return importlib.util.spec_from_file_location(fullname, source)


def choose_build(folders: dict[str, Path] = FOLDERS) -> str:
    """Set up the imports of these packages; return ``"compiled"``, ``"source"`` or why the source is used."""
    files = compiled_files(folders)
    if not files:
        return "source"
    if os.environ.get("PLANTABLES_PURE_PYTHON") == "1":
        reason = "source (PLANTABLES_PURE_PYTHON=1)"
    elif old := stale(files):
        reason = f"source (newer than its compiled module: {', '.join(old[:3])}{' …' if len(old) > 3 else ''})"
    else:
        return "compiled"
    sys.meta_path.insert(0, SourceFirst({name: source for name, (_so, source) in files.items()}))
    return reason
