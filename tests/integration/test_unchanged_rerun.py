"""The no-op re-run of a SQLite database (schema/unchanged.py) records what the full pipeline records.

A re-run over unchanged files is decided with the stdlib ``sqlite3`` before
SQLAlchemy or any reader is imported; these tests compare it with the full
pipeline forced on the same database (``unchanged.sqlite_file`` patched to
decline), row for row and in the ``--report`` JSON.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from plantables.pipeline import ImportSettings, import_paths
from plantables.schema import unchanged

pytest.importorskip("plantables.extract.text.reader")
pytest.importorskip("plantables.normalise.plan")

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"


@pytest.fixture
def loaded(tmp_path) -> tuple[Path, Path]:
    """A folder of three text plans and a SQLite file they are imported into."""
    folder = tmp_path / "plans"
    folder.mkdir()
    for src in sorted(p for p in SAMPLES.glob("*.txt") if ".layout" not in p.name)[:3]:
        shutil.copy(src, folder / src.name)
    db_file = tmp_path / "p.db"
    first = import_paths([folder], db=db_file)
    assert first.exit_code == 0 and first.count("imported") == 3, [f.error for f in first.failed]
    return folder, db_file


def rows(db_file: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db_file) as conn:
        return conn.execute(sql).fetchall()


def last_run(db_file: Path) -> dict:
    """The newest run's rows, without what differs between any two runs (ids, times, pid)."""
    run = rows(db_file, "SELECT status, host, files_seen, files_imported, files_skipped, files_failed, errors, "
                        "finished_at IS NOT NULL, id FROM import_runs ORDER BY id DESC LIMIT 1")[0]
    files = rows(db_file, "SELECT path, sha256, status, document_id, rows, error, warnings, duration_s >= 0 "
                          f"FROM import_files WHERE run_id = {run[-1]} ORDER BY id")
    return {"run": run[:-1], "files": files}


def report_without_times(data: dict) -> dict:
    return {**data, "run_id": None, "files": [{**f, "duration_s": None} for f in data["files"]]}


def full_pipeline(monkeypatch) -> None:
    monkeypatch.setattr(unchanged, "sqlite_file", lambda url: None)


def test_rerun_records_what_the_full_pipeline_records(loaded, monkeypatch, tmp_path):
    folder, db_file = loaded
    fast = import_paths([folder], db=db_file)
    fast_rows = last_run(db_file)
    with monkeypatch.context() as m:
        full_pipeline(m)
        full = import_paths([folder], db=db_file)
    assert fast.run_id == full.run_id - 1
    assert last_run(db_file) == fast_rows
    assert fast_rows["run"][:6] == ("ok", fast_rows["run"][1], 3, 0, 3, 0)
    assert report_without_times(fast.to_dict()) == report_without_times(full.to_dict())
    assert fast.exit_code == 0 and not fast.interrupted


def test_the_cli_rerun_imports_neither_sqlalchemy_nor_a_reader(loaded, tmp_path):
    folder, db_file = loaded
    report = tmp_path / "report.json"
    probe = (
        "import sys\nfrom plantables.cli import cli\n"
        f"try:\n    cli(['import', {str(folder)!r}, '--db', {str(db_file)!r}, '-j', '2', '--quiet', "
        f"'--report', {str(report)!r}])\n"
        "except SystemExit as exc:\n"
        "    print(exc.code, sorted(m for m in ('sqlalchemy', 'alembic', 'plantables.extract.sniff', "
        "'plantables.normalise.plan') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.split(None, 1) == ["0", "[]\n"], out.stderr
    data = json.loads(report.read_text())
    assert (data["imported"], data["skipped"], data["failed"]) == (0, 3, 0)
    assert data["database"] == f"sqlite:///{db_file}"


def test_a_changed_or_new_file_takes_the_full_pipeline(loaded, tmp_path):
    folder, db_file = loaded
    runs_before = rows(db_file, "SELECT count(*) FROM import_runs")[0][0]
    touched = sorted(folder.iterdir())[0]
    os.utime(touched, (1_000_000_000, 1_000_000_000))  # same content, new mtime: found by its sha256
    result = import_paths([folder], db=db_file)
    assert [f.status for f in result.files] == ["skipped"] * 3
    files = rows(db_file, f"SELECT path, sha256 IS NOT NULL FROM import_files WHERE run_id = {result.run_id} "
                          "ORDER BY id")
    assert files == [(str(f), f == touched) for f in sorted(folder.iterdir())]
    assert rows(db_file, "SELECT count(*) FROM import_runs")[0][0] == runs_before + 1  # nothing left by the check


def test_a_stale_running_run_is_marked_interrupted(loaded):
    folder, db_file = loaded
    with sqlite3.connect(db_file) as conn:
        conn.execute("UPDATE import_runs SET status = 'running', finished_at = NULL")
    result = import_paths([folder], db=db_file)
    assert rows(db_file, "SELECT status, finished_at IS NOT NULL FROM import_runs ORDER BY id") == [
        ("interrupted", True), ("ok", True)]
    assert result.count("skipped") == 3


def test_prune_takes_the_full_pipeline(loaded, monkeypatch):
    folder, db_file = loaded
    calls = []
    monkeypatch.setattr(unchanged, "record_if_unchanged", lambda *a: calls.append(a))
    import_paths([folder], db=db_file, settings=ImportSettings(prune=True))
    assert calls == []


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:", "sqlite:///a.db?timeout=3",
                                 "sqlite:///a%20b.db", "postgresql://h/db", "sqlite+pysqlite:///a.db"])
def test_only_plain_sqlite_file_urls_take_the_short_cut(url):
    assert unchanged.sqlite_file(url) is None


def test_a_plain_sqlite_url_names_its_file():
    assert unchanged.sqlite_file("sqlite:////tmp/x/p.db") == Path("/tmp/x/p.db")
    assert unchanged.sqlite_file("sqlite:///rel.db") == Path("rel.db")
