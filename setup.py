"""The compiled build: the PDF reader's modules compiled to C with mypyc, on request.

Everything about the package is in pyproject.toml; this file only adds extension
modules when ``PLANTABLES_COMPILE=1`` is set at build time:

    PLANTABLES_COMPILE=1 pip install --no-build-isolation .   # needs mypy and a C compiler

Reading a PDF is pure Python over pdfium's chars, ~35 ms a page; compiled, the same
code reads the same pages with 1.3x fewer instructions (an import 1.14-1.19x faster)
and gives the same output (``make bench`` measures both builds, ``make test-compiled``
runs the PDF tests on the compiled one).
The default build, and every editable install (``make install``, ``make test``),
stays pure Python: a compiled module sitting beside its source would shadow later
edits of that source.
"""

from __future__ import annotations

import os
from pathlib import Path

from setuptools import setup

#: the modules compiled: the PDF reader (chars, words, lines, grids, tables, stitching),
#: where import time goes; the reference engines' wrappers (camelot, pdfplumber) and the
#: table export stay Python: they call into other libraries, and nothing is gained
COMPILED_PACKAGES = ("extract/pdf", "extract/pdf/pdfium")
NOT_COMPILED = {"__init__.py", "build_kind.py", "camelot_engine.py", "plumber.py", "export.py"}


def compiled_modules(root: Path) -> list[str]:
    """The source files to compile, as paths under ``build/mypyc/plantables`` (a link to ``root``).

    mypyc names a module by the packages around its file; the repository is the package
    ``plantables`` (pyproject.toml's package-dir), so the files are reached through a
    folder of that name.
    """
    link = root / "build" / "mypyc" / "plantables"
    link.parent.mkdir(parents=True, exist_ok=True)
    if not link.is_symlink():
        link.symlink_to(root.resolve(), target_is_directory=True)
    files = []
    for package in COMPILED_PACKAGES:
        files += sorted(str(p.relative_to(root)) for p in (link / package).glob("*.py") if p.name not in NOT_COMPILED)
    return files


def extensions() -> list:
    if os.environ.get("PLANTABLES_COMPILE") != "1":
        return []
    from mypyc.build import mypycify

    root = Path(__file__).resolve().parent
    # the linked folder is the only package base: mypy would otherwise take the repository
    # itself (it has an __init__.py) for a package of its folder's name
    os.environ["MYPYPATH"] = str(Path("build", "mypyc"))
    return mypycify(["--config-file", str(root / "pyproject.toml"), "--explicit-package-bases",
                     # only the compiled modules need types; a library missing from the build (numpy, for
                     # the OCR modules they import) is read as Any
                     "--ignore-missing-imports",
                     *compiled_modules(root)], opt_level="3",
                    # the shared library inside the package, beside the modules it serves
                    group_name="plantables.extract.pdf.compiled")


setup(ext_modules=extensions())
