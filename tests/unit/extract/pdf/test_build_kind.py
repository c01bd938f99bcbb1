"""The compiled build (make compile) is used only while it is the build of the source beside it.

A package folder is made here with a source module and a file in the place of its compiled
module; the guard decides from the files' times. Under ``make test-compiled``
(``PLANTABLES_EXPECT_BUILD=compiled``) the PDF reader running the tests is checked to be the
compiled one, so those tests do test it; under ``make test``, the source.
"""

from __future__ import annotations

import importlib.machinery
import os
import subprocess
import sys
from pathlib import Path

import pytest

import plantables.extract.pdf as pdf_package
from plantables.extract.pdf import build_kind
from plantables.extract.pdf.build_kind import SourceFirst, choose_build, compiled_files, stale

SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]  # e.g. ".cpython-311-x86_64-linux-gnu.so"


def _package(tmp_path: Path, *, source_age: float, compiled_age: float) -> Path:
    """A folder with ``mod.py`` (it sets ``WHERE = "source"``) and a compiled file beside it, aged in seconds."""
    folder = tmp_path / "fakepkg"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("")
    source = folder / "mod.py"
    source.write_text('WHERE = "source"\n')
    compiled = folder / f"mod{SUFFIX}"
    compiled.write_bytes(b"not a library")  # importing it would fail: the source must be chosen
    (folder / f"group__mypyc{SUFFIX}").write_bytes(b"")  # the shared library: no source of its own
    now = 1_700_000_000
    os.utime(source, (now - source_age, now - source_age))
    os.utime(compiled, (now - compiled_age, now - compiled_age))
    return folder


def test_compiled_files_pair_each_library_with_its_source(tmp_path: Path):
    folder = _package(tmp_path, source_age=100, compiled_age=10)
    files = compiled_files({"fakepkg": folder})
    assert files["fakepkg.mod"] == (folder / f"mod{SUFFIX}", folder / "mod.py")
    assert set(files) == {"fakepkg.mod", "fakepkg.group__mypyc"}  # one entry a file, whatever its suffixes


def test_a_source_edited_after_compiling_is_stale(tmp_path: Path):
    fresh = _package(tmp_path / "a", source_age=100, compiled_age=10)
    edited = _package(tmp_path / "b", source_age=10, compiled_age=100)
    assert stale(compiled_files({"fakepkg": fresh})) == []
    assert stale(compiled_files({"fakepkg": edited})) == ["fakepkg.mod"]


def test_written_within_a_second_or_two_is_not_stale(tmp_path: Path):
    """A wheel's install writes a module's source and library in any order, moments apart."""
    folder = _package(tmp_path, source_age=10, compiled_age=11)
    assert stale(compiled_files({"fakepkg": folder})) == []


def test_source_first_imports_the_source_beside_the_library(tmp_path: Path):
    folder = _package(tmp_path, source_age=10, compiled_age=100)
    finder = SourceFirst({"fakepkg.mod": folder / "mod.py"})
    spec = finder.find_spec("fakepkg.mod")
    assert spec is not None and spec.origin == str(folder / "mod.py")
    assert finder.find_spec("fakepkg.other") is None


@pytest.mark.parametrize(("ages", "pure", "build"), [
    ((10, 100), "", "source (newer than its compiled module: fakepkg.mod)"),
    ((100, 10), "1", "source (PLANTABLES_PURE_PYTHON=1)"),
])
def test_a_stale_or_refused_build_imports_every_module_from_source(tmp_path: Path, ages, pure, build):
    folder = _package(tmp_path, source_age=ages[0], compiled_age=ages[1])
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from pathlib import Path;"
        "from plantables.extract.pdf.build_kind import choose_build;"
        "print(choose_build({'fakepkg': Path(sys.argv[1]) / 'fakepkg'}));"
        "import fakepkg.mod; print(fakepkg.mod.WHERE)"
    )
    env = {**os.environ, "PLANTABLES_PURE_PYTHON": pure}
    out = subprocess.run([sys.executable, "-c", code, str(folder.parent)], env=env,
                         capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[:2] == [build, "source"]


def test_no_compiled_module_means_the_source_build(tmp_path: Path):
    (tmp_path / "fakepkg").mkdir()
    (tmp_path / "fakepkg" / "mod.py").write_text("")
    assert choose_build({"fakepkg": tmp_path / "fakepkg"}) == "source"


@pytest.mark.skipif("PLANTABLES_EXPECT_BUILD" not in os.environ, reason="set by make test and make test-compiled")
def test_the_expected_build_runs():
    """make test runs the source (PLANTABLES_PURE_PYTHON=1), make test-compiled the compiled build."""
    expected = os.environ["PLANTABLES_EXPECT_BUILD"]
    assert pdf_package.BUILD.split(" ")[0] == expected
    from plantables.extract.pdf import text

    compiled = not (text.__file__ or "").endswith(".py")
    assert compiled == (expected == "compiled")
    assert build_kind.__file__.endswith(".py")  # the guard itself is never compiled
