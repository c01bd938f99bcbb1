"""Files still being written (issue 16.2): a file modified within ``--min-age`` seconds is watched
that long; if it changes meanwhile it is left for the next run with one line (not a failure), and
the next run imports it once it is complete. A recent file that stays put is imported."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from plantables.pipeline import ImportSettings, import_paths
from tests.sql_rows import rows

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
PLAN = (SAMPLES / "harbourside_2024_26.layout.txt").read_text()
CODE = "from plantables.cli import cli; cli(prog_name='plantables')"


def _copying(path: Path, stop: threading.Event) -> None:
    """A slow copy: the plan written in pieces, one every 0.2 s; told to stop, it writes the rest at
    once, so the file the next run finds is the whole plan however far the slow part got (a min-age of
    5 s: on a loaded machine this thread can be starved for 2 s, and the half-written file looked
    settled)."""
    lines = PLAN.splitlines(keepends=True)
    with open(path, "w") as fh:
        for i, line in enumerate(lines):
            if stop.is_set():
                fh.write("".join(lines[i:]))
                break
            fh.write(line)
            fh.flush()
            time.sleep(0.2)


def test_a_file_still_being_copied_is_left_for_the_next_run(tmp_path, db_url):
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "done.txt").write_text(PLAN.replace("Harbourside", "Quayside"))
    os.utime(folder / "done.txt", (time.time() - 3600, time.time() - 3600))  # copied an hour ago
    growing = folder / "growing.txt"
    stop = threading.Event()
    copier = threading.Thread(target=_copying, args=(growing, stop))
    copier.start()
    try:
        time.sleep(0.5)
        out = subprocess.run([sys.executable, "-c", CODE, "import", str(folder), "--db", db_url,
                              "-j", "0", "--min-age", "5"], capture_output=True, text=True, timeout=300)
    finally:
        stop.set()
        copier.join()
    assert out.returncode == 0, out.stderr
    lines = [ln for ln in out.stderr.splitlines() if "growing.txt" in ln]
    assert len(lines) == 1 and "still being written" in lines[0] and "next run" in lines[0], out.stderr
    assert rows(db_url, "SELECT file_name FROM documents") == [("done.txt",)]
    assert rows(db_url, "SELECT status FROM import_files WHERE path LIKE '%growing.txt'") == [("deferred",)]

    # the copy is over: the next run takes it (the watch sees it stay put)
    result = import_paths([folder], db=db_url, settings=ImportSettings(workers=0, min_age_s=1.0))
    assert [(Path(f.path).name, f.status) for f in result.files] == [("done.txt", "skipped"),
                                                                     ("growing.txt", "imported")]
    assert rows(db_url, "SELECT size FROM documents WHERE file_name = 'growing.txt'") == [(growing.stat().st_size,)]


def test_a_recent_file_that_stays_put_is_imported(tmp_path, db_url):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN)
    result = import_paths([path], db=db_url, settings=ImportSettings(workers=0, min_age_s=1.0))
    assert [f.status for f in result.files] == ["imported"]
    assert result.exit_code == 0
