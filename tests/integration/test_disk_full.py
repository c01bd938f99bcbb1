"""A full disk (issue 16.3, 16.7): the SQLite database on a small tmpfs of its own, filled up.
During the first schema creation the import stops with one line and leaves no half schema; during
an import each file that does not fit fails with one line, the batch goes on, nothing is half
written, and once there is room the next run (no --retry-failed needed) equals a clean import.
Mounting needs root (CI runs as root); elsewhere the tests are skipped."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.db_state import database_state
from tests.sql_rows import rows
from tests.system.killing import CODE, finish_import, plan_folder


@pytest.fixture
def small_disk(tmp_path) -> Iterator[Path]:
    """An 8 MB tmpfs of its own (unmounted after)."""
    where = tmp_path / "disk"
    where.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(where)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({made.stderr.strip() or 'not root'})")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(disk: Path, leave_kb: int) -> Path:
    """A file taking all of ``disk`` but ``leave_kb`` KB."""
    filler = disk / "filler"
    st = os.statvfs(disk)
    size = st.f_bavail * st.f_frsize - leave_kb * 1024
    with open(filler, "wb") as fh:
        fh.write(b"\0" * max(size, 0))
    return filler


def _import(folder: Path, db: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", CODE, "import", str(folder), "--db", str(db), "-q", "-j", "1"],
                          capture_output=True, text=True, timeout=600)


def test_a_full_disk_during_the_first_schema_creation_leaves_no_half_schema(tmp_path, small_disk):
    folder = plan_folder(tmp_path / "plans", 2)
    expected = finish_import(folder, f"sqlite:///{tmp_path / 'clean.db'}")
    filler = fill(small_disk, leave_kb=64)
    db = small_disk / "plans.db"
    out = _import(folder, db)
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "disk is full" in lines[0], out.stderr
    assert rows(f"sqlite:///{db}", "SELECT name FROM sqlite_master") == []  # nothing half made
    filler.unlink()
    assert finish_import(folder, f"sqlite:///{db}") == expected


def test_a_full_disk_during_an_import_fails_each_file_that_does_not_fit_and_goes_on(tmp_path, small_disk):
    folder = plan_folder(tmp_path / "plans", 4)
    expected = finish_import(folder, f"sqlite:///{tmp_path / 'clean.db'}")
    first = plan_folder(tmp_path / "first", 1)
    db = small_disk / "plans.db"
    finish_import(first, f"sqlite:///{db}")  # the schema and one document fit
    filler = fill(small_disk, leave_kb=300)  # room to start a run, not for every document
    out = _import(folder, db)
    assert out.returncode == 1
    failed = rows(f"sqlite:///{db}", "SELECT path, error FROM import_files WHERE status = 'failed'")
    assert failed, "nothing failed: the disk was not full"
    lines = out.stderr.strip().splitlines()
    assert len(lines) == len(failed) and all("could not store it: database or disk is full" in ln for ln in lines)
    tried = rows(f"sqlite:///{db}", "SELECT path FROM import_files WHERE run_id = (SELECT max(id) FROM import_runs)")
    assert sorted(p for p, in tried) == sorted(str(p) for p in folder.iterdir())  # the batch went on
    stored = database_state(f"sqlite:///{db}")["actions"]
    assert all(a in expected["actions"] for a in stored)  # what is there is whole
    filler.unlink()
    assert finish_import(folder, f"sqlite:///{db}")["actions"] == expected["actions"]
