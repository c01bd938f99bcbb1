"""`leads review` on real sample plans: context per suggestion, every decision saved as made, close
matches for an unknown lead, checked decisions files, a rename that will not merge by surprise, and an
import that runs while a review waits at its prompt."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from plantables.cli import cli
from tests.sql_rows import rows as _rows

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
PLANS = [SAMPLES / f"{n}.txt" for n in ("westmoor_2016_17", "kingsbridge_2023_24", "harbourside_2024_26")]
PLANTABLES = [sys.executable, "-c", "from plantables.cli import cli; cli()"]
LOOSE = "[leads]\nhigh = 60\nlow = 50\n"  # loose thresholds: the matcher puts several spellings up for review


def _url(request, kind: str, tmp_path: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'plans.db'}"
    return request.getfixturevalue({"postgresql": "pg_url", "mysql": "mysql_url"}[kind])


def _import(url: str, tmp_path: Path, *files: Path, config: str | None = LOOSE):
    args = ["import", *map(str, files or PLANS), "--db", url, "-j", "0", "-q"]
    if config:
        (tmp_path / "settings.toml").write_text(config, encoding="utf-8")
        args += ["--config", str(tmp_path / "settings.toml")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output


def _open(url: str) -> list[tuple]:
    return _rows(url, "SELECT organisation, alias FROM lead_aliases WHERE decision = 'suggested'")


def test_no_open_suggestions(tmp_path):
    url = f"sqlite:///{tmp_path / 'plans.db'}"
    _import(url, tmp_path, config=None)
    out = CliRunner().invoke(cli, ["leads", "review", "--db", url])
    assert out.exit_code == 0 and out.output.strip() == "no open suggestions"


@pytest.mark.parametrize("kind", ["sqlite", "postgresql", "mysql"])
def test_each_suggestion_shows_its_context_and_each_decision_is_saved(request, kind, tmp_path):
    url = _url(request, kind, tmp_path)
    _import(url, tmp_path)
    before = _open(url)
    assert len(before) >= 3
    out = CliRunner().invoke(cli, ["leads", "review", "--db", url], input="a\nr\ns\nq\n")
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith(f"[1/{len(before)}]"))
    # its plan(s), its action count, and one of its actions
    context = lines[first + 1]
    titles = {t for (t,) in _rows(url, "SELECT title FROM documents")}
    assert any(t in context for t in titles) and " action" in context and ", e.g. " in context
    assert lines[-1] == f"1 accepted, 1 rejected, 0 reassigned, 1 skipped, {len(before) - 3} not reached; " \
                        "every decision is saved"
    decided = dict(_rows(url, "SELECT decision, count(*) FROM lead_aliases WHERE decision IN "
                              "('confirmed', 'rejected') GROUP BY decision"))
    assert decided == {"confirmed": 1, "rejected": 1}
    assert len(_open(url)) == len(before) - 2


def test_an_unknown_lead_is_asked_again_with_close_matches(tmp_path):
    url = f"sqlite:///{tmp_path / 'plans.db'}"
    _import(url, tmp_path)
    org, alias = _rows(url, """SELECT la.organisation, la.alias FROM lead_aliases la WHERE decision = 'suggested'
                               ORDER BY la.organisation, la.score DESC, la.alias""")[0]
    target = _rows(url, f"SELECT name FROM leads WHERE organisation = '{org}' AND name <> '{alias}' "
                        "ORDER BY length(name) DESC")[0][0]
    typo = target[:5] + target[6:]  # a typo: a letter lost
    out = CliRunner().invoke(cli, ["leads", "review", "--db", url], input=f"p\n{typo}\n{target}\nq\n")
    assert out.exit_code == 0, out.output
    assert f"no lead {typo!r}" in out.output and f"close: {target!r}" in out.output
    assert _rows(url, f"SELECT l.name, la.decision FROM lead_aliases la JOIN leads l ON l.id = la.lead_id "
                      f"WHERE la.alias = '{alias}' AND la.organisation = '{org}'") == [(target, "confirmed")]
    assert "1 reassigned" in out.output.splitlines()[-1]


def test_apply_checks_columns_and_decision_words_before_writing(tmp_path):
    url = f"sqlite:///{tmp_path / 'plans.db'}"
    _import(url, tmp_path)
    exported = tmp_path / "suggestions.csv"
    assert CliRunner().invoke(cli, ["leads", "review", "--db", url, "--export", str(exported)]).exit_code == 0
    header, *rows = exported.read_text(encoding="utf-8").splitlines()
    assert header == "organisation,alias,lead,candidate,score,decision" and len(rows) >= 2
    cases = {
        "cols.csv": ("org,name,verdict\nX,Y,accept\n", "missing column(s) organisation, alias, decision"),
        "words.csv": (f"{header}\n{rows[0]}accept\n{rows[1]}maybe\n", "line 3: decision 'maybe'"),
        "alias.csv": (f"{header}\n{rows[0]}accept\nNobody Council,Nobody,x,,,reject\n", "line 3: no alias 'Nobody'"),
    }
    for name, (text, message) in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        out = CliRunner().invoke(cli, ["leads", "review", "--db", url, "--apply", str(tmp_path / name)])
        assert out.exit_code == 2, out.output
        assert len(out.output.strip().splitlines()) == 1 and message in out.output and name in out.output
    assert len(_open(url)) == len(rows)  # nothing applied from a file with a problem
    (tmp_path / "good.csv").write_text(f"{header}\n{rows[0]}accept\n{rows[1]}\n", encoding="utf-8")
    out = CliRunner().invoke(cli, ["leads", "review", "--db", url, "--apply", str(tmp_path / "good.csv")])
    assert out.exit_code == 0 and "1 decisions applied" in out.output
    assert len(_open(url)) == len(rows) - 1


def test_rename_onto_an_existing_lead_needs_merge(tmp_path):
    url = f"sqlite:///{tmp_path / 'plans.db'}"
    _import(url, tmp_path, config=None)
    org = "Westmoor Borough Council"
    a, b = [n for (n,) in _rows(url, f"SELECT name FROM leads WHERE organisation = '{org}' ORDER BY id")][:2]
    count = _rows(url, "SELECT count(*) FROM leads")[0][0]
    out = CliRunner().invoke(cli, ["leads", "rename", a, b, "--db", url, "-O", org])
    assert out.exit_code == 1 and "exists already" in out.output and "--merge" in out.output
    assert _rows(url, "SELECT count(*) FROM leads")[0][0] == count
    out = CliRunner().invoke(cli, ["leads", "rename", a, b, "--db", url, "-O", org, "--merge"])
    assert out.exit_code == 0, out.output
    assert _rows(url, "SELECT count(*) FROM leads")[0][0] == count - 1


@pytest.mark.parametrize("kind", ["sqlite", "postgresql", "mysql"])
def test_an_import_runs_while_a_review_waits_and_a_killed_review_keeps_its_decisions(request, kind, tmp_path):
    url = _url(request, kind, tmp_path)
    _import(url, tmp_path, *PLANS[:2])
    assert _open(url)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    review = subprocess.Popen([*PLANTABLES, "leads", "review", "--db", url],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    try:
        review.stdin.write("a\n")
        review.stdin.flush()
        deadline = time.monotonic() + 60
        while not _rows(url, "SELECT 1 FROM lead_aliases WHERE decision = 'confirmed'"):
            assert time.monotonic() < deadline and review.poll() is None, review.stderr.read()
            time.sleep(0.2)
        # the review now waits at its next prompt, having written a decision
        started = time.monotonic()
        imported = subprocess.run([*PLANTABLES, "import", str(PLANS[2]), "--db", url,
                                   "-j", "0", "-q"], capture_output=True, text=True, timeout=120, env=env)
        assert imported.returncode == 0, imported.stderr
        assert time.monotonic() - started < 30  # not the 30 s busy timeout, nor a lock wait
        assert review.poll() is None  # still waiting for its person
    finally:
        review.kill()
        review.wait()
    assert _rows(url, "SELECT count(*) FROM documents")[0][0] == 3
    assert _rows(url, "SELECT count(*) FROM lead_aliases WHERE decision = 'confirmed'")[0][0] == 1
