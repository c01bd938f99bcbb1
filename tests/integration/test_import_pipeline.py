"""The import pipeline's own parts: discovery, bad files, run records, lock, time limit."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from plantables.extract.model import Document, ExtractError, Heading
from plantables.pipeline import (
    NOT_DOCUMENTS,
    ImportSettings,
    UsageError,
    discover,
    guess_organisation,
    import_paths,
)
from plantables.pipeline.backends.base import Outcome
from plantables.pipeline.backends.inline import call_in_child
from plantables.schema import db
from plantables.schema.lock import ImportLocked, import_lock

BAD = Path(__file__).resolve().parents[1] / "fixtures" / "bad"
# refused before any reader, or by it (the "pdf" that is a Word package with no document relationship);
# html_renamed.pdf is a readable web page now (its only table a header: recorded not_a_plan, see test_nightly)
JUNK = ["empty.txt", "binary.txt", "docx_renamed.pdf"]


def test_discover_recurses_skips_hidden_and_refuses_missing(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "p.txt").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "q.txt").write_text("x")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / "b.pdf").write_text("x")
    assert [p.name for p in discover([tmp_path])] == ["p.txt", "b.pdf"]
    with pytest.raises(UsageError, match="no such file"):
        discover([tmp_path / "missing"])


def test_discover_finds_what_rglob_finds_resolved_and_sorted_as_paths(tmp_path):
    real = tmp_path / "real"
    for rel in ["b.pdf", "a/z.txt", "a b/c.pdf", "A/d.pdf", "x.", "y.tar.gz", "n.JSON", "s.py", "__pycache__/p.pdf",
                "_u.pdf", "sub/.h/q.pdf", "sub/r.PDF"]:
        (real / rel).parent.mkdir(parents=True, exist_ok=True)
        (real / rel).write_text("x")
    outside = tmp_path / "outside.pdf"
    outside.write_text("x")
    (real / "sub" / "to_file.pdf").symlink_to(outside)
    (real / "to_dir").symlink_to(real / "a")  # a symlinked folder is not entered (as Path.rglob)
    (real / "broken.pdf").symlink_to(tmp_path / "nowhere")
    (tmp_path / "link").symlink_to(real)

    def rglob_way(p):  # what discover did before it walked with os.scandir
        return list(dict.fromkeys(f.resolve() for f in sorted(
            f for f in p.rglob("*") if f.is_file() and f.suffix.lower() not in NOT_DOCUMENTS
            and not any(part.startswith((".", "__")) for part in f.relative_to(p).parts))))

    for root in (real, tmp_path / "link"):
        assert discover([root]) == rglob_way(root)
    assert [p.relative_to(real).as_posix() for p in discover([tmp_path / "link"]) if p != outside] == [
        "A/d.pdf", "_u.pdf", "a/z.txt", "a b/c.pdf", "b.pdf", "sub/r.PDF", "x."]  # y.tar.gz: an archive
    assert outside in discover([real]) and discover([real, real / "b.pdf"]) == discover([real])


def test_junk_files_fail_one_line_each_and_are_recorded(tmp_path, db_url):
    for name in JUNK:
        (tmp_path / name).write_bytes((BAD / name).read_bytes())
    result = import_paths([tmp_path], db=db_url)
    assert result.exit_code == 1
    assert sorted(Path(f.path).name for f in result.failed) == sorted(JUNK)
    for f in result.failed:
        assert f.error.startswith(f.path + ": ") and "\n" not in f.error and "Traceback" not in f.error
    engine = db.open_engine(db_url)
    with engine.connect() as conn:
        run = conn.execute(sa.text("SELECT status, files_seen, files_failed, errors FROM import_runs")).one()
        assert (run.status, run.files_seen, run.files_failed) == ("failed", 3, 3)
        assert len(run.errors.splitlines()) == 3
        assert conn.execute(sa.text("SELECT count(*) FROM import_files WHERE status = 'failed'")).scalar() == 3
        assert conn.execute(sa.text("SELECT count(*) FROM documents")).scalar() == 0
    engine.dispose()


def test_fail_fast_stops_at_first_failure(tmp_path, sqlite_url):
    for name in JUNK:
        (tmp_path / name).write_bytes((BAD / name).read_bytes())
    result = import_paths([tmp_path], db=sqlite_url, settings=ImportSettings(fail_fast=True))
    assert len(result.files) == 1 and result.exit_code == 1


def test_second_import_waits_or_is_refused_while_locked(tmp_path, db_url):
    (tmp_path / "empty.txt").write_bytes(b"")
    engine = db.open_engine(db_url)
    try:
        with import_lock(engine):
            with pytest.raises(ImportLocked, match="another plantables import is running"):
                import_paths([tmp_path], db=db_url)
        # lock released: the same call now runs
        assert import_paths([tmp_path], db=db_url).run_id is not None
    finally:
        engine.dispose()


def test_a_run_killed_earlier_is_marked_interrupted(tmp_path, sqlite_url):
    from plantables.schema import runs

    engine = db.open_engine(sqlite_url)
    stale = runs.SqlRunLog(engine).start()  # as if the process died here
    (tmp_path / "empty.txt").write_bytes(b"")
    import_paths([tmp_path], db=sqlite_url)
    with engine.connect() as conn:
        status = conn.execute(sa.text("SELECT status FROM import_runs WHERE id = :i"), {"i": stale}).scalar()
    assert status == "interrupted"
    engine.dispose()


def _sleepy(seconds):
    time.sleep(seconds)
    return Outcome("ok", seconds=seconds)


def _refuses(path):
    raise ExtractError(path, "is not a plan")


def _dies():
    os._exit(7)


def test_time_limit_kills_a_hung_reader_and_passes_results_and_errors():
    assert call_in_child(_sleepy, (0,), seconds=10) == Outcome("ok", seconds=0)
    t0 = time.monotonic()
    timeout = call_in_child(_sleepy, (30,), seconds=0.5)
    assert time.monotonic() - t0 < 5
    with pytest.raises(TimeoutError, match="gave up after 0.5 s"):
        timeout.result("x")
    with pytest.raises(ExtractError) as err:
        call_in_child(_refuses, ("/p.txt",), seconds=10).result("/p.txt")
    assert (err.value.path, err.value.reason) == ("/p.txt", "is not a plan")
    with pytest.raises(ExtractError, match="reader crashed"):
        call_in_child(_dies, (), seconds=10).result("/p.txt")


def test_organisation_from_the_council_name_or_the_place_the_plan_keeps_naming():
    doc = Document("/x.txt", "text", blocks=[Heading("Riverside Borough Council – service plan")])
    assert guess_organisation(doc) == "Riverside Borough Council"
    doc = Document("/x.txt", "text", blocks=[Heading("Report to the Children in Care Council about care")])
    assert guess_organisation(doc) is None
    doc = Document("/x.txt", "text", blocks=[
        Heading("Children in Northbay will be safe; services across Northbay work together"),
        Heading("Work in November with partners for Northbay families"),
    ])
    assert guess_organisation(doc) == "Northbay"
    assert guess_organisation(Document("/x.txt", "text", blocks=[Heading("Plan for the year")])) is None


def test_file_info_hashes_each_version_of_a_file_once_and_a_changed_file_again(tmp_path, monkeypatch):
    import hashlib

    from plantables.pipeline import file_info

    path = tmp_path / "plan.txt"
    path.write_text("first version")
    opened: list[str] = []
    real_open = open
    monkeypatch.setattr("builtins.open", lambda f, *a, **k: (opened.append(str(f)), real_open(f, *a, **k))[1])
    first = file_info(path)
    assert file_info(path) == first and opened.count(str(path)) == 1  # the writer's second ask: no re-read
    path.write_text("second version, longer")
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 1_000_000))
    second = file_info(path)
    assert second.sha256 == hashlib.sha256(b"second version, longer").hexdigest() != first.sha256
    assert second.size == len("second version, longer")
