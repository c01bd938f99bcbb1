"""`plantables serve`: Datasette on a real imported database, checked through its JSON API and in
headless Chromium against SQL on the same file."""

from __future__ import annotations

import json
import re
import sqlite3
import urllib.parse
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from plantables.cli import cli
from plantables.pipeline import ImportSettings, import_paths
from plantables.schema import search
from plantables.serve import example_queries
from tests.system.browser import PLANTABLES, dump_dom, free_port, get, running

pytestmark = pytest.mark.slow
SAMPLES = Path(__file__).resolve().parents[2] / "samples"
PLANS = [SAMPLES / f"{n}.txt" for n in ("westmoor_2016_17", "kingsbridge_2023_24", "harbourside_2024_26")]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serve")
    path = tmp / "plans.db"
    import_paths([str(p) for p in PLANS], db=str(path), settings=ImportSettings(workers=0))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with running([*PLANTABLES, "serve", "--db", str(path), "--port", str(port)], f"{base}/-/versions.json"):
        yield base, path, tmp


def _json(base: str, path: str, **params) -> dict | list:
    return json.loads(get(f"{base}{path}?{urllib.parse.urlencode(params, doseq=True)}"))


def _sql(path: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return [tuple(r) for r in con.execute(sql)]
    finally:
        con.close()


def test_facets_count_what_sql_counts(served):
    base, path, _ = served
    data = _json(base, "/plans/current_actions.json", _size=1)
    facets = {name: {r["value"]: r["count"] for r in f["results"]} for name, f in data["facet_results"].items()}
    assert set(facets) >= {"organisation", "status", "role_types_json", "due_month", "rag", "leads_json",
                           "active_months_json"}
    for column in ("organisation", "status", "rag"):
        expected = dict(_sql(path, f"SELECT {column}, count(*) FROM current_actions WHERE {column} IS NOT NULL "
                                   f"GROUP BY {column}"))
        assert facets[column] == expected, column
    # array facets count each lead once per action, not the '; '-joined combinations
    per_lead = Counter(lead for (j,) in _sql(path, "SELECT leads_json FROM current_actions WHERE leads_json IS NOT NULL")
                       for lead in json.loads(j))
    assert len(per_lead) > len(facets["leads_json"]) or facets["leads_json"] == dict(per_lead)
    assert all(per_lead[k] == v for k, v in facets["leads_json"].items())
    # role type: actions per role type of their leads (an action with two Heads of Service counts once)
    per_role = Counter()
    for _action_id, roles in _sql(path, "SELECT al.action_id, group_concat(DISTINCT l.role_type) FROM action_leads al "
                                       "JOIN lead_aliases la ON la.id = al.alias_id JOIN leads l ON l.id = la.lead_id "
                                       "JOIN current_actions o ON o.action_id = al.action_id "
                                       "WHERE l.role_type IS NOT NULL GROUP BY al.action_id"):
        per_role.update(roles.split(","))
    assert facets["role_types_json"] == {k: v for k, v in per_role.items() if k in facets["role_types_json"]}
    assert len(facets["role_types_json"]) == min(len(per_role), 30)
    roles = _json(base, "/plans/lead_directory.json", _size=1)["facet_results"]["role_type"]["results"]
    assert {r["value"]: r["count"] for r in roles} == dict(
        _sql(path, "SELECT role_type, count(*) FROM lead_directory WHERE role_type IS NOT NULL GROUP BY role_type"))


def test_search_is_the_full_text_index(served):
    base, path, _ = served
    rows = _json(base, "/plans/current_actions.json", _search="health assessment", _shape="array", _size="max")
    found = {(r["source_file"], r["action_ref"]) for r in rows}
    con = sqlite3.connect(path)
    try:
        _, expected = search.search(_Conn(con), "health assessment", limit=1000)
    finally:
        con.close()
    assert found and found == {(r[2], r[4]) for r in expected}


class _Conn:
    """Just enough of a SQLAlchemy connection over sqlite3 for search.search."""

    class dialect:  # noqa: N801
        name = "sqlite"

    def __init__(self, con: sqlite3.Connection):
        self.con = con

    def execute(self, clause, params):
        return self.con.execute(str(clause), params)  # sqlite3 takes :name parameters as they are


def test_canned_queries_are_the_readme_queries_and_return_what_sql_returns(served):
    base, path, _ = served
    listed = {q["name"] for q in _json(base, "/plans.json")["queries"]}
    examples = example_queries()
    assert listed == {name for name, _, _ in examples} and len(examples) >= 9
    for name, title, sql in examples:
        got = _json(base, f"/plans/{name}.json", _shape="arrays", _size="max")
        assert [tuple(r) for r in got["rows"]] == _sql(path, sql), title


def test_bookkeeping_is_hidden_and_columns_are_described(served):
    base, _, _ = served
    tables = {t["name"]: t for t in _json(base, "/plans.json")["tables"]}
    assert tables["alembic_version"]["hidden"] and tables[search.INDEX_TABLE]["hidden"]
    assert not tables["actions"]["hidden"]
    meta = _json(base, "/-/metadata.json")["databases"]["plans"]["tables"]
    assert meta["documents"]["columns"]["edition_date"].startswith("date the document gives itself")
    assert meta["current_actions"]["columns"]["status"] == meta["actions"]["columns"]["status"]
    assert "JSON array" in meta["current_actions"]["columns"]["leads_json"]
    assert meta["import_files"]["units"] == {"duration_s": "s"} and meta["documents"]["units"] == {"size": "byte"}


def test_the_pages_render_in_chromium(served):
    base, path, tmp = served
    dom = dump_dom(f"{base}/plans/current_actions?_search=health+assessment", tmp)
    for facet in ("organisation", "status", "role_types_json", "due_month", "rag", "leads_json",
                  "active_months_json"):
        assert f"facet-plans-current_actions-{facet}" in dom, facet
    assert "column-descriptions" in dom and "canonical status" in dom
    shown = len(re.findall(r'<td class="col-action_ref type-', dom))
    assert shown == len(_json(base, "/plans/current_actions.json", _search="health assessment", _shape="array"))
    name, title, sql = example_queries()[0]
    dom = dump_dom(f"{base}/plans/{name}", tmp)
    assert title in dom and dom.count("<tr>") - 1 >= min(len(_sql(path, sql)), 1)


def test_serve_refuses_a_server_database_in_one_line(pg_url):
    out = CliRunner().invoke(cli, ["serve", "--db", pg_url])
    assert out.exit_code == 2 and "Datasette serves SQLite files" in out.output
    assert len(out.output.strip().splitlines()) == 1
