"""The command line: exit codes, read-only query, export formats, db upgrade."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from plantables.cli import cli
from plantables.schema import db
from plantables.schema.loader import FileInfo, load_document
from tests.integration.test_loader import make_plan

BAD = Path(__file__).resolve().parents[1] / "fixtures" / "bad"


@pytest.fixture
def loaded(db_url):
    engine = db.open_engine(db_url)
    load_document(engine, make_plan(), FileInfo("/plans/acme.txt", "a" * 64, 10, 1.0))
    engine.dispose()
    return db_url


def run(*args, **kw):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, **kw)


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_query_formats(loaded):
    sql = "SELECT action_ref, status, active_months FROM action_overview WHERE action_ref IS NOT NULL ORDER BY 1"
    out = run("query", sql, "--db", loaded, "--format", "json")
    assert out.exit_code == 0
    assert json.loads(out.output) == [
        {"action_ref": "1.1.1", "status": "on_track", "active_months": "2023-09,2023-10"},
        {"action_ref": "1.1.2", "status": None, "active_months": None},
    ]
    rows = list(csv.reader(io.StringIO(run("query", sql, "--db", loaded, "--format", "csv").output)))
    assert rows == [["action_ref", "status", "active_months"], ["1.1.1", "on_track", "2023-09,2023-10"],
                    ["1.1.2", "", ""]]
    table = run("query", sql, "--db", loaded).output
    assert "1.1.1" in table and "on_track" in table


@pytest.mark.parametrize("sql", ["DELETE FROM actions", "DROP VIEW action_overview",
                                 "INSERT INTO plans (plan_key) VALUES ('x')"])
def test_query_is_read_only(loaded, sql):
    out = invoke("query", sql, "--db", loaded)
    assert out.exit_code == 1 and "Error" in out.output
    engine = db.open_engine(loaded)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM action_overview")).scalar() == 3
        assert conn.execute(sa.text("SELECT count(*) FROM plans")).scalar() == 1
    engine.dispose()


def test_query_errors_are_one_line(loaded):
    out = invoke("query", "SELECT nope FROM nowhere", "--db", loaded)
    assert out.exit_code == 1 and "Traceback" not in out.output and "nowhere" in out.output


def test_query_on_missing_sqlite_file(tmp_path):
    out = invoke("query", "SELECT 1", "--db", tmp_path / "none.db")
    assert out.exit_code == 1 and "no database" in out.output
    assert not (tmp_path / "none.db").exists()


def test_export_every_format(loaded, tmp_path):
    out = run("export", "--db", loaded)
    rows = list(csv.DictReader(io.StringIO(out.output)))
    assert len(rows) == 3 and rows[0]["source_file"] == "acme.txt"
    assert list(rows[0]) [:3] == ["document_id", "source_file", "organisation"]
    jl = tmp_path / "o.jsonl"
    run("export", "--db", loaded, "--format", "jsonl", "-o", jl)
    recs = [json.loads(line) for line in jl.read_text().splitlines()]
    assert len(recs) == 3 and {r["action_ref"] for r in recs} == {"1.1.1", "1.1.2", None}
    xl = tmp_path / "o.xlsx"
    run("export", "--db", loaded, "--format", "xlsx", "-o", xl)
    from openpyxl import load_workbook

    ws = load_workbook(xl).active
    assert ws.max_row == 4 and ws.cell(1, 2).value == "source_file"
    pq_file = tmp_path / "o.parquet"
    run("export", "--db", loaded, "--format", "parquet", "-o", pq_file)
    import pyarrow.parquet as pq

    t = pq.read_table(pq_file)
    assert t.num_rows == 3 and t.column_names[0] == "document_id"
    assert invoke("export", "--db", loaded, "--format", "xlsx").exit_code == 1


def test_db_upgrade_creates_schema(tmp_path):
    out = run("db", "upgrade", "--db", tmp_path / "new.db")
    assert out.exit_code == 0 and db.head_revision() in out.output
    engine = db.open_engine(tmp_path / "new.db", upgrade_schema=False)
    assert db.has_schema(engine)
    engine.dispose()


def test_import_exit_codes_and_report(tmp_path):
    database = tmp_path / "p.db"
    out = invoke("import", tmp_path / "missing", "--db", database)
    assert out.exit_code == 2
    out = invoke("import")
    assert out.exit_code == 2
    report = tmp_path / "run.json"
    out = invoke("import", BAD / "empty.txt", "--db", database, "--report", report, "-q")
    assert out.exit_code == 1 and out.output == ""
    data = json.loads(report.read_text())
    assert data["failed"] == 1 and data["files"][0]["status"] == "failed"
    assert "empty" in data["files"][0]["error"]
    assert set(data["files"][0]) >= {"path", "status", "duration_s", "rows", "error"}


def test_import_while_locked_exits_3(tmp_path):
    from plantables.schema.lock import import_lock

    database = tmp_path / "p.db"
    engine = db.open_engine(database)
    with import_lock(engine):
        out = invoke("import", BAD / "empty.txt", "--db", database)
    assert out.exit_code == 3 and "another plantables import is running" in out.output
    engine.dispose()


def test_db_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANTABLES_DB", str(tmp_path / "env.db"))
    assert run("db", "upgrade").exit_code == 0
    assert (tmp_path / "env.db").exists()
