"""The nightly job: incremental re-runs, editions, locking, crash safety, readers.

These import real files (the samples, the bad-input corpus) through real
subprocesses, and kill them with SIGKILL.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from plantables.pipeline import ImportSettings, import_paths
from plantables.schema import db

pytestmark = pytest.mark.slow  # system tests: `-m 'not slow'` skips them locally

pytest.importorskip("plantables.extract.text.reader")
pytest.importorskip("plantables.normalise.plan")

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
BAD = Path(__file__).resolve().parents[1] / "fixtures" / "bad"
CLI = [sys.executable, "-c", "from plantables.cli import cli; cli()"]
TABLES = ("documents", "actions", "action_steps", "action_months", "targets", "risk_refs", "action_leads",
          "lead_aliases", "leads", "sections", "objectives", "plan_actions", "plans")


def sample_texts() -> list[Path]:
    files = sorted(p for p in SAMPLES.glob("*.txt") if not p.name.endswith(".layout.txt"))
    if not files:
        pytest.skip("no text samples in samples/")
    return files


def counts(url: str) -> dict[str, int]:
    engine = db.open_engine(url)
    with engine.connect() as conn:
        out = {t: conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar() for t in TABLES}
    engine.dispose()
    return out


def rows(url: str, sql: str, params: dict | None = None) -> list[tuple]:
    engine = db.open_engine(url)
    with engine.connect() as conn:
        out = [tuple(r) for r in conn.execute(sa.text(sql), params or {})]
    engine.dispose()
    return out


def content(url: str) -> list[tuple]:
    """The database's documents and overview rows, without ids a crash may shift."""
    docs = rows(url, "SELECT file_name, sha256, edition, organisation, title FROM documents ORDER BY file_name, edition")
    cols = "source_file, action_ref, title, leads, status, due_month, active_months, targets, update_text"
    overview = rows(url, f"SELECT {cols} FROM action_overview")
    key = lambda r: tuple("" if v is None else str(v) for v in r)  # noqa: E731
    return docs + sorted(overview, key=key)


def corpus(tmp_path: Path, copies: int = 1) -> Path:
    """Sample plans, each ``copies`` times with a distinct last line (distinct content)."""
    folder = tmp_path / "incoming"
    folder.mkdir()
    for src in sample_texts():
        for i in range(copies):
            dst = folder / f"{src.stem}_{i:02d}.txt"
            dst.write_bytes(src.read_bytes() + f"\nprinted copy {i}\n".encode())
    return folder


def run_cli(*args, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(CLI + [str(a) for a in args], capture_output=True, text=True, timeout=600, **kw)


def test_rerun_is_a_noop(tmp_path, db_url):
    folder = corpus(tmp_path)
    first = import_paths([folder], db=db_url)
    assert first.exit_code == 0, [f.error for f in first.failed]
    before = counts(db_url)
    assert before["documents"] == len(sample_texts()) and before["actions"] > 0
    second = import_paths([folder], db=db_url)
    assert second.exit_code == 0 and second.count("skipped") == len(sample_texts())
    assert counts(db_url) == before
    run = rows(db_url, "SELECT status, files_seen, files_imported, files_skipped, files_failed FROM import_runs "
                       "WHERE id = :i", {"i": second.run_id})
    assert run == [("ok", len(sample_texts()), 0, len(sample_texts()), 0)]


def test_changed_file_adds_an_edition_and_history_shows_both(tmp_path, db_url):
    src = sample_texts()[0]
    plan = tmp_path / "plan.txt"
    shutil.copy(src, plan)
    import_paths([plan], db=db_url)
    n_actions = counts(db_url)["actions"]
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text + "\n", encoding="utf-8")  # next month's export: same plan, new content
    res = import_paths([plan], db=db_url)
    assert res.count("imported") == 1
    assert rows(db_url, "SELECT edition FROM documents ORDER BY edition") == [(1,), (2,)]
    assert counts(db_url)["actions"] == 2 * n_actions  # the old edition stays queryable
    hist = rows(db_url, "SELECT action_key, count(*), min(edition), max(edition) FROM action_history "
                        "GROUP BY action_key")
    assert hist and all(r[1:] == (2, 1, 2) for r in hist)


def test_prune_marks_missing_files_and_keeps_rows(tmp_path, sqlite_url):
    folder = corpus(tmp_path)
    import_paths([folder], db=sqlite_url)
    before = counts(sqlite_url)
    gone = sorted(folder.iterdir())[0]
    gone.unlink()
    res = import_paths([folder], db=sqlite_url, settings=ImportSettings(prune=True))
    assert [Path(f.path).name for f in res.files if f.status == "pruned"] == [gone.name]
    assert counts(sqlite_url) == before
    assert rows(sqlite_url, "SELECT file_name FROM documents WHERE missing_since IS NOT NULL") == [(gone.name,)]


def test_time_limit_per_file(tmp_path, sqlite_url):
    res = import_paths([BAD / "big_plan.txt"], db=sqlite_url, settings=ImportSettings(max_seconds_per_file=0.01))
    assert res.failed and "gave up after 0.01 s" in res.failed[0].error
    assert counts(sqlite_url)["documents"] == 0


def _wait_for(predicate, timeout=120.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def _running(url: str) -> bool:
    try:
        return bool(rows(url, "SELECT id FROM import_runs WHERE status = 'running'"))
    except sa.exc.SQLAlchemyError:
        return False


def test_concurrent_runs_one_proceeds_one_exits_locked(tmp_path, db_url):
    folder = corpus(tmp_path, copies=4)
    gate = tmp_path / "gate"  # the first import's reader waits for this file: it runs until the test says
    gated = (
        "import os, time\n"
        "import plantables.pipeline.backends.base as base\n"
        "read = base.read_plan\n"
        "def gated(path, **options):\n"
        f"    while not os.path.exists({str(gate)!r}):\n"
        "        time.sleep(0.02)\n"
        "    return read(path, **options)\n"
        "base.read_plan = gated\n"
        "from plantables.cli import cli\n"
        f"cli(['import', {str(folder)!r}, '--db', {db_url!r}, '-q', '--workers', '0'])\n"
    )
    db.open_engine(db_url).dispose()  # schema first, so both processes only import
    first = subprocess.Popen([sys.executable, "-c", gated], stderr=subprocess.PIPE, text=True)
    waiting = None
    try:
        _wait_for(lambda: _running(db_url), what="the first import to start")
        second = run_cli("import", folder, "--db", db_url)
        assert second.returncode == 3, second.stderr
        assert "another plantables import is running" in second.stderr
        waiting = subprocess.Popen(CLI + ["import", str(folder), "--db", db_url, "--wait", "-q"])
        time.sleep(0.5)
        assert first.poll() is None and waiting.poll() is None  # one reads (held at the gate), one waits
        gate.touch()
        assert first.wait(300) == 0, first.stderr.read() if first.stderr else ""
        assert waiting.wait(300) == 0  # ran after the first: everything already loaded
    finally:
        gate.touch()
        for p in (first, waiting):
            if p is not None and p.poll() is None:
                p.kill()
    runs = rows(db_url, "SELECT status, files_imported, files_skipped FROM import_runs ORDER BY id")
    n = len(sample_texts()) * 4
    assert runs == [("ok", n, 0), ("ok", 0, n)]


@pytest.mark.parametrize("kill_after_documents", [0, 1, 3, 6])
def test_sigkill_then_rerun_equals_a_clean_import(tmp_path, db_url, kill_after_documents):
    folder = corpus(tmp_path, copies=3)
    clean_url = f"sqlite:///{tmp_path / 'clean.db'}"
    assert import_paths([folder], db=clean_url).exit_code == 0
    db.open_engine(db_url).dispose()
    proc = subprocess.Popen(CLI + ["import", str(folder), "--db", db_url, "-q"], stderr=subprocess.DEVNULL)
    try:
        _wait_for(lambda: proc.poll() is not None or (
            _running(db_url) and counts(db_url)["documents"] >= kill_after_documents), what="documents")
        time.sleep(0.03 * kill_after_documents)  # land inside a document's transaction some of the time
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(60)
    partial = counts(db_url)
    # no partial document: each one has exactly the actions its import record says
    per_doc = rows(db_url, "SELECT d.id, f.rows, (SELECT count(*) FROM actions a WHERE a.document_id = d.id) "
                           "FROM documents d JOIN import_files f ON f.document_id = d.id AND f.status = 'imported'")
    assert len(per_doc) == partial["documents"]
    assert all(r[1] == r[2] for r in per_doc)
    # the killed import's reader child dies with it (PDEATHSIG); the lock goes with them
    res = import_paths([folder], db=db_url, settings=ImportSettings(wait=True))
    assert res.exit_code == 0
    statuses = [r[0] for r in rows(db_url, "SELECT status FROM import_runs ORDER BY id")]
    assert statuses[-1] == "ok"
    first = rows(db_url, "SELECT status, files_imported FROM import_runs ORDER BY id")[0]
    # killed before it finished → recorded interrupted; killed after (while exiting) → ok with every file
    assert first[0] == "interrupted" or (first[0] == "ok" and first[1] == partial["documents"])
    assert content(db_url) == content(clean_url)


def test_readers_see_only_whole_documents(tmp_path, db_url):
    folder = corpus(tmp_path, copies=2)
    clean_url = f"sqlite:///{tmp_path / 'clean.db'}"
    res = import_paths([folder], db=clean_url)
    sizes = [f.rows for f in res.files]
    allowed = {sum(sizes[:i]) for i in range(len(sizes) + 1)}
    engine = db.open_engine(db_url)
    seen: set[int] = set()
    stop = threading.Event()

    def reader():
        with engine.connect() as conn:
            while not stop.is_set():
                seen.add(conn.execute(sa.text("SELECT count(*) FROM action_overview")).scalar())
                conn.commit()  # a fresh snapshot each time

    t = threading.Thread(target=reader)
    t.start()
    try:
        out = run_cli("import", folder, "--db", db_url, "-q")
    finally:
        stop.set()
        t.join()
        engine.dispose()
    assert out.returncode == 0, out.stderr
    assert seen <= allowed, sorted(seen - allowed)
    assert len(seen) >= 2  # the reader really ran during the import


def test_bad_corpus_each_file_handled_good_files_present(tmp_path, db_url):
    folder = tmp_path / "batch"
    shutil.copytree(BAD, folder)
    for src in sample_texts():
        shutil.copy(src, folder / src.name)
    report = tmp_path / "run.json"
    out = run_cli("import", folder, "--db", db_url, "--report", report)
    assert out.returncode == 1
    assert "Traceback" not in out.stderr + out.stdout
    files = {Path(f["path"]).name: f for f in json.loads(report.read_text())["files"]}
    must_fail = {"empty.txt", "binary.txt", "truncated.pdf", "encrypted.pdf", "docx_renamed.pdf"}
    for name in ("no_table.txt", "unknown_layout.txt"):  # read whole, no plan table: not plans, one line
        assert files[name]["status"] == "not_a_plan" and "\n" not in files[name]["error"], files[name]
    for name in must_fail:
        f = files[name]
        assert f["status"] == "failed", name
        assert f["error"].startswith(str(folder / name) + ": ") and "\n" not in f["error"], f["error"]
    # a web page under a .pdf name is read as the web page it is; its only table is a header: no plan, one line
    page = files["html_renamed.pdf"]
    assert page["status"] == "not_a_plan" and "\n" not in (page["error"] or "") and "not a plan" in page["error"]
    # a scan has no text: an error, or a warning on an empty import — never silence
    scan = files["image_only.pdf"]
    assert scan["status"] == "failed" or scan["warnings"]
    assert files["big_plan.txt"]["status"] == "imported" and files["big_plan.txt"]["rows"] >= 1000
    assert files["cp1252.txt"]["status"] == "imported"
    for src in sample_texts():
        assert files[src.name]["status"] == "imported"
    n_failed = rows(db_url, "SELECT count(*) FROM import_files WHERE status = 'failed'")[0][0]
    assert n_failed == sum(1 for f in files.values() if f["status"] == "failed")
