"""``plantables query`` as analysts use it: literals are text, -p, stdin, formats, layouts, odd file names."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest
from click.testing import CliRunner

from plantables.cli import cli
from plantables.schema import db
from plantables.schema.loader import FileInfo, load_document
from plantables.schema.output import write_table
from plantables.schema.query import QueryResult
from tests.integration.test_loader import make_plan


@pytest.fixture
def loaded(db_url):
    engine = db.open_engine(db_url)
    load_document(engine, make_plan(), FileInfo("/plans/acme.txt", "a" * 64, 10, 1.0))
    engine.dispose()
    return db_url


def query(*args, input=None):
    return CliRunner().invoke(cli, ["query", *map(str, args)], input=input)


def test_colons_and_percent_in_literals_are_text(loaded):
    sql = ("SELECT action_ref, '%:00%' AS lit, ':a' AS colon FROM action_overview "
           "WHERE title LIKE '%threshold%' OR timeframe_raw LIKE '%: %' ORDER BY action_ref")
    out = query(sql, "--db", loaded, "--format", "json")
    assert out.exit_code == 0, out.output
    assert json.loads(out.output) == [{"action_ref": "1.1.1", "lit": "%:00%", "colon": ":a"},
                                      {"action_ref": "1.1.2", "lit": "%:00%", "colon": ":a"}]


def test_named_parameters_beside_percent_literals(loaded):
    sql = "SELECT action_ref, '50%' AS pct FROM action_overview WHERE action_ref = :ref AND title LIKE '%' || :w || '%'"
    if "mysql" in loaded:
        sql = sql.replace("'%' || :w || '%'", "CONCAT('%', :w, '%')")
    out = query(sql, "--db", loaded, "-p", "ref", "1.1.1", "-p", "w", "training", "--format", "csv")
    assert out.exit_code == 0, out.output
    assert list(csv.reader(io.StringIO(out.output))) == [["action_ref", "pct"], ["1.1.1", "50%"]]
    missing = query("SELECT :nope", "--db", loaded)
    assert missing.exit_code == 1 and missing.output == "Error: no value for :nope (give -p nope VALUE)\n"
    unused = query("SELECT 1", "--db", loaded, "-p", "x", "1")
    assert unused.exit_code == 1 and unused.output.count("\n") == 1 and "'x' is not used" in unused.output


def test_sql_from_stdin_and_every_format(loaded):
    sql = "SELECT action_ref, page_first, status FROM action_overview ORDER BY page_first, action_ref"
    out = query("-", "--db", loaded, "--format", "jsonl", input=sql)
    assert out.exit_code == 0, out.output
    assert sorted(str(json.loads(line)["action_ref"]) for line in out.output.splitlines()) == [
        "1.1.1", "1.1.2", "None"]
    tsv = query(sql, "--db", loaded, "--format", "tsv").output.splitlines()
    assert tsv[0] == "action_ref\tpage_first\tstatus" and len(tsv) == 4
    assert "1.1.1\t1\ton_track" in tsv


def test_table_shows_null_and_right_aligns_numbers_plainly_when_piped(loaded):
    out = query("SELECT action_ref, page_first FROM action_overview ORDER BY action_ref", "--db", loaded)
    assert out.exit_code == 0
    lines = out.output.splitlines()
    assert lines[0].split() == ["action_ref", "page_first"] and set(lines[1]) <= {"-", " "}
    assert not any(ch in out.output for ch in "│┃━─┏")  # no box drawing when not a terminal
    body = {line.split()[0]: line for line in lines[2:]}
    assert "NULL" in body  # the action without a ref
    assert body["1.1.1"].endswith(" 1") and len(body["1.1.1"]) == len(lines[0])  # right-aligned under its header


def test_wide_rows_are_shown_one_block_per_row():
    result = QueryResult(["id", "long_text", "n"], [(1, "x" * 80, None), (2, "two\nlines", 3.5)])
    out = io.StringIO()
    write_table(result, out, width=60, tty=True)
    text = out.getvalue()
    assert text.splitlines()[0].startswith("-[ row 1 ]")
    assert "long_text | " + "x" * 80 in text and "n         | NULL" in text
    assert "long_text | two\n          | lines" in text
    narrow = io.StringIO()
    write_table(result, narrow, width=200, tty=True)
    assert "┃" in narrow.getvalue() or "│" in narrow.getvalue()


@pytest.mark.parametrize("name", ["a#b.db", "pct%41.db", "q?x=1.db", "sp ace.db"])
def test_sqlite_paths_are_exactly_that_file(tmp_path, name, samples_dir):
    target = tmp_path / name
    out = CliRunner().invoke(cli, ["import", str(samples_dir / "harbourside_2024_26.layout.txt"), "--db", str(target),
                                   "-j", "0", "-q"])
    assert out.exit_code == 0, out.output
    q = query("SELECT count(*) AS n FROM documents", "--db", target, "--format", "csv")
    assert q.exit_code == 0 and q.output.splitlines() == ["n", "1"]
    made = sorted(os.listdir(tmp_path))
    assert {m for m in made if not m.startswith(name)} == set(), made  # no pctA.db, no q
    assert name in made
