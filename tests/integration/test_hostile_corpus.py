"""The hostile corpus of issue 16 (tests/hostile/make_hostile.py): bombs, broken page trees, odd
file-system entries and names. Each bad input costs its file one line; the batch goes on and the
good plans around them are imported. Peak memory per bomb is measured in benchmarks/hostile_memory.py."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from plantables.cli import cli
from plantables.pipeline import ImportSettings, import_paths
from tests.hostile.make_hostile import build, make_oddities

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "harbourside_2024_26.layout.txt"
CAP_MB = 700  # below the bombs' needs, above a real plan's


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    build(folder, scale=0.5)
    shutil.copy(SAMPLE, folder / "zz_good_plan.txt")  # last in order: the batch must get there
    return folder


def test_every_hostile_file_costs_one_line_and_the_batch_goes_on(corpus, tmp_path, db_url):
    folder = tmp_path / "batch"
    shutil.copytree(corpus, folder)
    odd = make_oddities(folder / "odd")
    result = import_paths([folder], db=db_url, settings=ImportSettings(
        workers=1, max_seconds_per_file=60, max_memory_mb=CAP_MB))
    by_name = {os.path.basename(f.path): f for f in result.files}
    assert by_name["zz_good_plan.txt"].status == "imported"
    for bomb in ("form_nesting.pdf", "flate_bomb.pdf"):
        f = by_name[bomb]
        assert f.status == "failed" and "\n" not in f.error, f
        assert "max-memory-per-file" in f.error or "MemoryError" in f.error or "out of memory" in f.error, f.error
    for name in ("operator_bomb.pdf", "huge_page.pdf", "zero_page.pdf", "recursive_pages.pdf", "deep_forms.pdf",
                 "deep_arrays.pdf", "image_bomb.pdf"):  # the last three: pdfium's own recursion and decoding
        error = by_name[name].error
        assert by_name[name].status in ("failed", "not_a_plan") and "\n" not in error and len(error) < 300, error
    cells = by_name["cell_bomb.xlsx"]  # refused from its XML before openpyxl would load 3 million cells
    assert cells.status == "failed" and "more than 600000 cells and rows" in cells.error, cells
    assert by_name["pipe.pdf"].error.endswith("a FIFO (named pipe), not a file")
    assert by_name["loop.pdf"].error.endswith("a symbolic link loop")
    assert by_name["dangling.pdf"].error.endswith("a broken symbolic link (to nowhere.pdf)")
    latin1 = by_name["caf\\xe9_plan.txt"]
    assert latin1.status == "imported", latin1  # a name that is not UTF-8 is imported, shown escaped
    assert by_name["utf16_plan.txt"].status == "imported", by_name["utf16_plan.txt"]
    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        paths = set(conn.execute(sa.text("SELECT path FROM documents")).scalars())
        assert str(odd["latin1"].parent) + "/caf\\xe9_plan.txt" in paths
        recorded = conn.execute(sa.text("SELECT count(*) FROM import_files WHERE run_id = :r"),
                                {"r": result.run_id}).scalar()
    engine.dispose()
    assert recorded == len(result.files)
    again = import_paths([folder], db=db_url, settings=ImportSettings(workers=1, max_memory_mb=CAP_MB, prune=True))
    again_by_name = {os.path.basename(f.path): f for f in again.files}
    assert again_by_name["caf\\xe9_plan.txt"].status == "skipped"  # found again, not pruned
    assert not [f for f in again.files if f.status == "pruned"]


@pytest.mark.parametrize("name", ["form_nesting.pdf", "flate_bomb.pdf"])
def test_tables_and_inspect_are_bounded_too(corpus, name):
    for args in (["tables", str(corpus / name)], ["inspect", str(corpus / name)]):
        out = CliRunner().invoke(cli, [*args, "--max-memory-per-file", str(CAP_MB)])
        assert out.exit_code == 1 and out.output.count("\n") == 1 and "Traceback" not in out.output, out.output
        assert out.output.startswith(f"Error: {corpus / name}")


def test_a_named_fifo_or_loop_is_one_line_not_a_usage_error(tmp_path):
    odd = make_oddities(tmp_path / "odd")
    out = CliRunner().invoke(cli, ["import", str(odd["fifo"]), str(odd["loop"]), str(SAMPLE), "--db",
                                   str(tmp_path / "p.db"), "-j", "0"])
    assert out.exit_code == 1, out.output
    assert "a FIFO (named pipe), not a file" in out.output and "a symbolic link loop" in out.output
    assert "1 imported" in out.output


def _as_a_plain_user() -> list[str]:
    """A command prefix under which folder permissions hold: root reads every folder, so as root the
    import runs without the capabilities that let it (``setpriv``, util-linux)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("root lists every folder and setpriv is not here to drop that")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


def test_a_folder_that_cannot_be_listed_is_one_line_and_the_batch_goes_on(tmp_path, db_url):
    import subprocess
    import sys

    folder = tmp_path / "plans"
    (folder / "locked").mkdir(parents=True)
    shutil.copy(SAMPLE, folder / "good.txt")
    shutil.copy(SAMPLE, folder / "locked" / "hidden.txt")
    (folder / "locked").chmod(0)
    try:
        out = subprocess.run([*_as_a_plain_user(), sys.executable, "-c", "from plantables.cli import cli; cli()",
                              "import", str(folder), "--db", db_url, "-q", "-j", "0"],
                             capture_output=True, text=True, timeout=300)
    finally:
        (folder / "locked").chmod(0o755)
    assert out.returncode == 1
    assert out.stderr.strip().splitlines() == [
        f"ERROR plantables.import: {folder / 'locked'}: cannot list this folder: Permission denied"], out.stderr
    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT file_name FROM documents")).scalars().all() == ["good.txt"]
    engine.dispose()
