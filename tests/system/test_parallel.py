"""Parallel import (plantables.pipeline.backends): worker processes read, one writer loads.

Everything here imports the real samples (PDF and text) and the real bad-input
files, and compares with a one-file-at-a-time import of the same files.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from plantables.cli import cli
from plantables.extract.model import ExtractError
from plantables.pipeline import ImportSettings, import_paths
from plantables.pipeline.backends.process import ProcessBackend
from plantables.pipeline.writer import read_ahead
from plantables.schema import db

pytestmark = pytest.mark.slow  # system tests: `-m 'not slow'` skips them locally

pytest.importorskip("plantables.extract.text.reader")
pytest.importorskip("plantables.normalise.plan")

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
BAD = Path(__file__).resolve().parents[1] / "fixtures" / "bad"


def batch(tmp_path: Path) -> Path:
    """The sample PDFs and text exports, a junk file, and one text plan twice (same content)."""
    folder = tmp_path / "batch"
    folder.mkdir()
    plans = sorted(SAMPLES.glob("*.pdf")) + sorted(p for p in SAMPLES.glob("*.txt") if ".layout" not in p.name)
    if len(plans) < 4:
        pytest.skip("samples/ has too few plans")
    for src in plans:
        shutil.copy(src, folder / src.name)
    shutil.copy(plans[-1], folder / f"zz_copy_of_{plans[-1].name}")
    shutil.copy(BAD / "html_renamed.pdf", folder / "html_renamed.pdf")
    return folder


def snapshot(url: str) -> dict:
    """Everything a user can see: documents, the overview (ids included), the run's file records."""
    engine = db.open_engine(url)
    files = sa.table("import_files", *(sa.column(c) for c in ("id", "path", "status", "document_id", "rows", "error")))
    with engine.connect() as conn:
        q = lambda sql: [tuple(r) for r in conn.execute(sa.text(sql))]  # noqa: E731
        out = {
            "documents": q("SELECT id, plan_id, edition, file_name, sha256, organisation, title, pages "
                           "FROM documents ORDER BY id"),
            "overview": q("SELECT * FROM action_overview ORDER BY document_id, action_ref, title"),
            # Core quotes `rows` (a reserved word on MariaDB)
            "files": [tuple(r) for r in conn.execute(sa.select(files.c.path, files.c.status, files.c.document_id,
                                                                 files.c.rows, files.c.error).order_by(files.c.id))],
            "leads": q("SELECT organisation, name, role_type FROM leads ORDER BY 1, 2"),
        }
    engine.dispose()
    return out


def test_workers_give_the_same_database_as_one_file_at_a_time(tmp_path, db_url):
    folder = batch(tmp_path)
    serial_url = f"sqlite:///{tmp_path / 'serial.db'}"
    parallel_url = db_url  # SQLite, and PostgreSQL/MariaDB when their test URLs are set
    serial = import_paths([folder], db=serial_url)
    parallel = import_paths([folder], db=parallel_url, settings=ImportSettings(workers=2))
    assert [(f.path, f.status, f.rows, f.error) for f in parallel.files] == [
        (f.path, f.status, f.rows, f.error) for f in serial.files]
    statuses = {Path(f.path).name: f.status for f in parallel.files}
    assert statuses["html_renamed.pdf"] == "not_a_plan"  # a web page read as one: no plan table in it
    assert sum(s == "skipped" for s in statuses.values()) == 1  # the copy: same content as a plan before it
    assert sum(s == "imported" for s in statuses.values()) >= 4
    a, b = snapshot(serial_url), snapshot(parallel_url)
    assert b["overview"] and a == b
    # the worker's reading time is part of each file's duration
    assert all(f.duration_s > 0.01 for f in parallel.files if f.status == "imported")


def test_a_second_run_over_loaded_files_starts_no_worker(tmp_path, sqlite_url, monkeypatch):
    folder = tmp_path / "plans"
    folder.mkdir()
    for src in sorted(SAMPLES.glob("*.txt"))[:3]:
        shutil.copy(src, folder / src.name)
    first = import_paths([folder], db=sqlite_url, settings=ImportSettings(workers=2))
    assert first.count("imported") + first.count("failed") == 3 and first.count("imported") >= 1

    def no_process(self):
        raise AssertionError("a worker was started for files that are already loaded")

    monkeypatch.setattr(ProcessBackend, "_spawn", no_process)
    for f in first.failed:  # files that cannot be read are tried again: leave only loaded ones
        Path(f.path).unlink()
    second = import_paths([folder], db=sqlite_url, settings=ImportSettings(workers=2))
    assert second.exit_code == 0 and second.count("skipped") == first.count("imported")


def test_time_limit_kills_the_worker_and_the_next_file_gets_a_fresh_one(tmp_path, sqlite_url):
    big = (BAD / "big_plan.txt").read_bytes()  # ~0.7 s to read
    for i in range(2):
        (tmp_path / f"big_{i}.txt").write_bytes(big + f"\ncopy {i}\n".encode())
    settings = ImportSettings(workers=1, max_seconds_per_file=0.05)
    result = import_paths([tmp_path / "big_0.txt", tmp_path / "big_1.txt"], db=sqlite_url, settings=settings)
    assert [f.status for f in result.files] == ["failed", "failed"]
    for f in result.files:
        assert f.error == f"{f.path}: gave up after 0.05 s (--max-seconds-per-file)"
    engine = db.open_engine(sqlite_url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM documents")).scalar() == 0
        assert conn.execute(sa.text("SELECT status FROM import_runs")).scalar() == "failed"
    engine.dispose()


def test_a_worker_killed_mid_file_costs_that_file_one_line(tmp_path):
    backend = ProcessBackend(1)
    try:
        backend.submit(0, str(BAD / "big_plan.txt"), {})
        (worker,) = backend._workers
        time.sleep(0.2)
        os.kill(worker.process.pid, signal.SIGKILL)
        outcomes = []
        deadline = time.monotonic() + 60
        while not outcomes and time.monotonic() < deadline:
            outcomes = backend.poll(1.0)
        [(seq, crash)] = outcomes
        assert seq == 0 and crash.kind == "crash" and crash.exit_code == -signal.SIGKILL
        assert crash.seconds > 0  # how long it ran before it died, not 0
        with pytest.raises(ExtractError, match=r"big_plan.txt: the reader crashed \(exit code -9\)"):
            outcomes[0][1].result(str(BAD / "big_plan.txt"))
        # the pool goes on with a new worker
        backend.submit(1, str(SAMPLES / "westmoor_2016_17.txt"), {})
        outcomes = []
        while not outcomes and time.monotonic() < deadline:
            outcomes = backend.poll(1.0)
        (seq, outcome), = outcomes
        assert seq == 1 and outcome.kind == "ok" and outcome.result("x").actions
        # a worker that dies while idle is replaced when the next file goes out
        (idle,) = backend._workers
        os.kill(idle.process.pid, signal.SIGKILL)
        idle.process.wait(10)
        backend.submit(2, str(SAMPLES / "westmoor_2016_17.txt"), {})
        outcomes = []
        while not outcomes and time.monotonic() < deadline:
            outcomes = backend.poll(1.0)
        assert [(s, o.kind) for s, o in outcomes] == [(2, "ok")]
    finally:
        backend.close()


def test_read_ahead_keeps_file_order_and_never_runs_ahead_of_its_window(tmp_path):
    files = []
    texts = sorted(p for p in SAMPLES.glob("*.txt") if ".layout" not in p.name)
    for i in range(6):
        dst = tmp_path / f"plan_{i}.txt"
        # the big one first: the small ones after it finish earlier, yet come out after it
        dst.write_bytes((BAD / "big_plan.txt").read_bytes() if i == 0 else texts[i % len(texts)].read_bytes())
        files.append(dst)
    pulled = []

    def source():
        for f in files:
            pulled.append(f)
            yield f

    backend = ProcessBackend(2)
    seen = []
    try:
        for path, outcome in read_ahead(source(), backend, lambda p: True, {}, window=3):
            assert len(pulled) - len(seen) <= 3
            seen.append(path)
            assert outcome.kind == "ok" and outcome.result(str(path)).path == str(path)
    finally:
        backend.close()
    assert seen == files


def test_cli_workers_option_and_report(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    texts = sorted(p for p in SAMPLES.glob("*.txt") if ".layout" not in p.name)
    for src in texts:
        shutil.copy(src, folder / src.name)
    report = tmp_path / "run.json"
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    out = CliRunner().invoke(cli, ["import", str(folder), "--db", url, "--workers", "2", "--report", str(report)])
    assert out.exit_code == 0, out.output
    data = json.loads(report.read_text())
    assert data["imported"] == len(texts) and data["failed"] == 0
    usage = CliRunner().invoke(cli, ["import", str(folder), "--db", url, "--executor", "dask"])
    assert usage.exit_code == 2 and "--executor dask needs --scheduler" in usage.output


def _run_recorded(path) -> bool:
    import sqlite3

    if not path.exists():
        return False
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.1) as conn:
            return conn.execute("SELECT count(*) FROM import_runs WHERE status = 'running'").fetchone()[0] > 0
    except sqlite3.Error:  # not created yet, or locked by the writer's migration
        return False


def test_sigterm_mid_run_stops_the_workers_and_records_the_run_interrupted(tmp_path):
    import subprocess
    import sys

    import psutil

    folder = tmp_path / "plans"
    folder.mkdir()
    big = (BAD / "big_plan.txt").read_bytes()
    for i in range(60):  # ~20 s of reading: SIGTERM lands mid-run
        (folder / f"big_{i:02d}.txt").write_bytes(big + f"\ncopy {i}\n".encode())
    url = f"sqlite:///{tmp_path / 'term.db'}"
    cli_cmd = [sys.executable, "-c", "from plantables.cli import cli; cli()"]
    proc = subprocess.Popen(cli_cmd + ["import", str(folder), "--db", url, "--workers", "2", "-q"],
                            stderr=subprocess.PIPE, text=True)
    try:
        workers: list = []
        running = False  # the workers start with the writer, before the run is recorded: wait for both
        deadline = time.monotonic() + 120
        while (len(workers) < 2 or not running) and time.monotonic() < deadline and proc.poll() is None:
            try:
                workers = psutil.Process(proc.pid).children()  # the readers
            except psutil.Error:  # a process ended while we looked
                pass
            running = running or _run_recorded(tmp_path / "term.db")
            time.sleep(0.05)
        assert len(workers) >= 2, "the readers did not start"
        assert running, "the run was not recorded"
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 1 and "interrupted" in err
    gone, alive = psutil.wait_procs(workers, timeout=10)
    assert not alive
    engine = db.open_engine(url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT status FROM import_runs")).scalar() == "interrupted"
    engine.dispose()


@pytest.mark.parametrize("how", ["stdin", "script without a main guard"])
def test_workers_start_from_any_caller(tmp_path, how):
    """Workers never re-run the caller's main module (multiprocessing's spawn/forkserver do)."""
    import subprocess
    import sys

    texts = sorted(p for p in SAMPLES.glob("*.txt") if ".layout" not in p.name)[:2]
    code = (
        "from plantables.pipeline import ImportSettings, import_paths\n"
        f"r = import_paths({[str(t) for t in texts]!r}, db={str(tmp_path / 'c.db')!r}, "
        "settings=ImportSettings(workers=2))\n"
        "print(r.count('imported'), [f.error for f in r.failed])\n"
    )
    if how == "stdin":
        out = subprocess.run([sys.executable, "-"], input=code, capture_output=True, text=True, timeout=300)
    else:
        script = tmp_path / "run_import.py"
        script.write_text(code)
        out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[0] == f"{len(texts)} []"
