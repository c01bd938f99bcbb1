"""Every CLI error path of issue 15 point 8: one line, the right exit code, no traceback;
and the import's bookkeeping (counters as files finish, real durations, pruned counted,
non-documents passed over, failures not retried every night)."""

from __future__ import annotations

import codecs
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from plantables.cli import cli
from plantables.pipeline import ImportSettings, import_paths
from plantables.schema import db, leads_store
from plantables.schema.loader import FileInfo, load_document
from tests.integration.test_loader import make_plan

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
TEXT_PLAN = SAMPLES / "harbourside_2024_26.layout.txt"
PDF_PLAN = SAMPLES / "harbourside_2024_26.pdf"
BAD = Path(__file__).resolve().parents[1] / "fixtures" / "bad"


def invoke(*args, **kw):
    return CliRunner().invoke(cli, [str(a) for a in args], **kw)


def one_line(out, code: int) -> str:
    assert out.exit_code == code, out.output
    assert out.output.startswith("Error: ") and out.output.count("\n") == 1, out.output
    assert "Traceback" not in out.output
    return out.output


@pytest.mark.parametrize("args", [
    ["import", TEXT_PLAN, "--db", "{tmp}/db.db", "--report", "{tmp}/missing/run.json"],
    ["export", "--db", "{tmp}/db.db", "-o", "{tmp}/missing/out.csv"],
    ["inspect", PDF_PLAN, "--page", "1", "--png", "{tmp}/missing/page.png"],
    ["import", TEXT_PLAN, "--db", "{tmp}/missing/db.db"],
    ["query", "SELECT 1", "--db", "{tmp}/missing/db.db"],
    ["tables", PDF_PLAN, "--pages", "abc"],
    ["tables", PDF_PLAN, "--pages", "5-2"],
    ["import", TEXT_PLAN, "--db", "{tmp}/not_a_db.txt"],
    ["query", "SELECT 1", "--db", "{tmp}/not_a_db.txt"],
])
def test_usage_errors_are_one_line_exit_2_and_do_nothing(tmp_path, args):
    (tmp_path / "not_a_db.txt").write_text("a text file, not a database\n")
    before = sorted(p.name for p in tmp_path.iterdir())
    out = invoke(*[str(a).format(tmp=tmp_path) for a in args])
    one_line(out, 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no folder made, no file written
    assert (tmp_path / "not_a_db.txt").read_text() == "a text file, not a database\n"


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder holding a loaded database that cannot be written: a read-only tmpfs when root
    (root ignores permission bits), else a folder without write permission."""
    folder = tmp_path / "ro"
    folder.mkdir()
    engine = db.open_engine(folder / "p.db")
    load_document(engine, make_plan(), FileInfo("/plans/acme.txt", "a" * 64, 10, 1.0))
    engine.dispose()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    staged = tmp_path / "staged"
    shutil.copytree(folder, staged)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(folder)], check=True)
    try:
        for f in staged.iterdir():
            shutil.copy(f, folder / f.name)
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_database_in_a_read_only_folder(read_only_folder):
    out = invoke("import", TEXT_PLAN, "--db", read_only_folder / "p.db", "-j", "0")
    assert "p.db" in one_line(out, 1)
    query = invoke("query", "SELECT count(*) AS n FROM action_overview", "--db", read_only_folder / "p.db",
                   "--format", "csv")
    assert query.exit_code == 0 and query.output.splitlines() == ["n", "3"]  # reading still works


def test_import_password(tmp_path):
    database = tmp_path / "p.db"
    out = invoke("import", BAD / "encrypted.pdf", "--db", database, "-j", "0", "--report", tmp_path / "r1.json")
    assert out.exit_code == 1 and "a password is needed" in (tmp_path / "r1.json").read_text()
    out = invoke("import", BAD / "encrypted.pdf", "--db", database, "-j", "0", "--password", "secret",
                 "--report", tmp_path / "r2.json")
    error = json.loads((tmp_path / "r2.json").read_text())["files"][0]["error"]
    assert error == "not a plan: no tables found"  # opened with the password: its content decides


def write_apply_csv(path: Path, text: str, encoding: str, bom: bytes = b"") -> None:
    path.write_bytes(bom + text.encode(encoding))


@pytest.mark.parametrize("encoding, bom", [("latin-1", b""), ("utf-16-le", codecs.BOM_UTF16_LE),
                                           ("utf-8", codecs.BOM_UTF8), ("utf-16-be", codecs.BOM_UTF16_BE)])
def test_leads_review_apply_reads_what_spreadsheets_write(tmp_path, encoding, bom):
    database = tmp_path / "p.db"
    engine = db.open_engine(database)
    load_document(engine, make_plan(leads=("Head of Service QA", "Équipe QA")),
                  FileInfo("/plans/acme.txt", "a" * 64, 10, 1.0))
    with engine.begin() as conn:
        conn.execute(sa.text(
            "UPDATE lead_aliases SET decision = 'suggested', score = 80, candidate_lead_id = "
            "(SELECT id FROM leads WHERE name = 'Head of Service QA') WHERE alias = 'Équipe QA'"))
    decisions = tmp_path / "decisions.csv"
    huge = "x" * 200_000  # over the csv module's default field limit (131,072)
    write_apply_csv(decisions, "organisation,alias,lead,candidate,score,decision,note\r\n"
                    f"Acme Borough Council,Équipe QA,,,80,accept,{huge}\r\n", encoding, bom)
    out = invoke("leads", "review", "--db", database, "--apply", decisions)
    assert out.exit_code == 0 and out.output == "1 decisions applied\n", out.output
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT decision FROM lead_aliases WHERE alias = 'Équipe QA'")).scalar() \
            == leads_store.CONFIRMED
    engine.dispose()


def test_apply_of_a_binary_file_is_one_line(tmp_path):
    database = tmp_path / "p.db"
    db.open_engine(database).dispose()
    out = invoke("leads", "review", "--db", database, "--apply", BAD / "encrypted.pdf")
    assert out.exit_code == 1 and out.output.count("\n") == 1 and "Traceback" not in out.output


def test_verbose_shows_plantables_steps_not_alembic(tmp_path):
    out = subprocess.run([sys.executable, "-c", "from plantables.cli import cli; cli(prog_name='plantables')",
                          "import", str(TEXT_PLAN), "--db",
                          str(tmp_path / "p.db"), "-j", "0", "-v"], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": os.environ.get("PYTHONPATH", "")})
    assert out.returncode == 0, out.stderr
    assert "INFO plantables.import: 1 files to look at" in out.stderr
    assert "INFO plantables.schema: schema empty ->" in out.stderr
    assert "actions (edition 1)" in out.stderr
    assert "alembic" not in out.stderr.lower()


def test_counters_update_as_files_finish(db_url, tmp_path):
    for i in range(3):
        shutil.copy(TEXT_PLAN, tmp_path / f"plan{i}.txt")
        (tmp_path / f"plan{i}.txt").write_text(TEXT_PLAN.read_text() + f"\nprinted {i}\n")
    (tmp_path / "sitemap.xml").write_text("<urlset/>")
    (tmp_path / "export.csv").write_text("a,b\n1,2\n")
    seen = []
    engine = sa.create_engine(db_url)

    def on_file(result):  # what another session sees while the import runs
        with engine.connect() as conn:
            seen.append(tuple(conn.execute(sa.text(
                "SELECT files_seen, files_imported FROM import_runs ORDER BY id DESC")).first()))

    result = import_paths([tmp_path], db=db_url, settings=ImportSettings(workers=0))
    assert [f.path.rsplit("/", 1)[-1] for f in result.files] == ["plan0.txt", "plan1.txt", "plan2.txt"]
    (tmp_path / "plan3.txt").write_text(TEXT_PLAN.read_text() + "\nprinted 3\n")
    import_paths([tmp_path], db=db_url, settings=ImportSettings(workers=0), on_file=on_file)
    assert seen == [(1, 0), (2, 0), (3, 0), (4, 1)]  # skipped, skipped, skipped, imported: committed one by one
    engine.dispose()


def test_pruned_files_are_counted_in_the_summary(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(TEXT_PLAN, folder / "a.txt")
    database = tmp_path / "p.db"
    assert invoke("import", folder, "--db", database, "-j", "0").exit_code == 0
    (folder / "a.txt").unlink()
    out = invoke("import", folder, "--db", database, "-j", "0", "--prune")
    assert out.exit_code == 0 and "1 pruned" in out.output.splitlines()[-1]


def test_failures_are_real_durations_and_not_retried_unless_asked(db_url, tmp_path):
    slow = tmp_path / "slow.pdf"
    shutil.copy(PDF_PLAN, slow)
    bad = tmp_path / "truncated.pdf"
    shutil.copy(BAD / "truncated.pdf", bad)
    settings = ImportSettings(workers=1, max_seconds_per_file=0.05)
    first = {Path(f.path).name: f for f in import_paths([slow, bad], db=db_url, settings=settings).files}
    assert first["slow.pdf"].status == "failed" and "gave up after 0.05 s" in first["slow.pdf"].error
    assert first["slow.pdf"].duration_s >= 0.05  # the time it really ran, not 0
    again = {Path(f.path).name: f for f in import_paths([slow, bad], db=db_url, settings=settings).files}
    for name in ("slow.pdf", "truncated.pdf"):
        assert again[name].status == "failed" and again[name].error.endswith("--retry-failed reads it again)")
        assert again[name].error.startswith(first[name].error) and again[name].duration_s == 0.0
    third = import_paths([slow, bad], db=db_url, settings=settings).files
    assert {f.error for f in third} == {f.error for f in again.values()}  # the note is not repeated
    retried = import_paths([slow], db=db_url, settings=ImportSettings(workers=0, retry_failed=True)).files
    assert retried[0].status == "imported"
    bad.write_bytes(BAD.joinpath("truncated.pdf").read_bytes() + b"\n%changed\n")  # new content: read again
    changed = import_paths([bad], db=db_url, settings=settings).files[0]
    assert changed.status == "failed" and "--retry-failed" not in changed.error
