"""Leads in the database: canonical names in action_overview, lead_directory,
and review decisions that survive every later import."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from plantables.cli import cli
from plantables.schema import db, lead_review, leads_store
from plantables.schema.loader import FileInfo, load_document
from tests.integration.test_loader import make_plan

ORG = "Acme Borough Council"


def info(n: int) -> FileInfo:
    return FileInfo(f"/plans/acme{n}.txt", f"{n:064d}", 10 + n, float(n))


@pytest.fixture
def engine(db_url):
    e = db.open_engine(db_url)
    yield e
    e.dispose()


def directory(engine) -> dict[str, tuple]:
    with engine.connect() as conn:
        return {r.alias: (r.lead, r.role_type, r.decision, r.organisation)
                for r in conn.execute(sa.text("SELECT * FROM lead_directory"))}


def leads_of(engine, ref="1.1.1") -> list[str]:
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(sa.text(
            "SELECT leads FROM action_overview WHERE action_ref = :r ORDER BY document_id"), {"r": ref})]


def test_spellings_of_one_role_share_a_canonical_lead(engine):
    load_document(engine, make_plan(leads=("Head of Service QA", "HoS QA", "DCS")), info(1))
    d = directory(engine)
    assert d["HoS QA"][0] == d["Head of Service QA"][0] == "Head of Service QA"
    assert d["DCS"][0] != d["HoS QA"][0]
    assert d["DCS"][3] == ORG and d["HoS QA"][1] == "Head of Service"
    # canonical names, each once, in the order the cell names them
    assert leads_of(engine) == [f"Head of Service QA; {d['DCS'][0]}"]


def test_organisations_keep_separate_registries(engine):
    load_document(engine, make_plan(leads=("AD",)), info(1))
    other = make_plan(leads=("AD",))
    other.organisation = "Other Council"
    load_document(engine, other, info(2))
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM leads WHERE name = 'AD'")).scalar() == 2


def test_decisions_survive_reimport_of_same_and_new_documents(engine):
    load_document(engine, make_plan(leads=("Head of Service QA", "Lead Auditor")), info(1))
    with engine.begin() as conn:  # the analyst says "Lead Auditor" is the QA head's role
        leads_store.decide(conn, ORG, "Lead Auditor", leads_store.CONFIRMED, "Head of Service QA")
    assert directory(engine)["Lead Auditor"][:3] == ("Head of Service QA", "Head of Service", "confirmed")
    assert leads_of(engine) == ["Head of Service QA"]
    load_document(engine, make_plan(leads=("Head of Service QA", "Lead Auditor")), info(1))  # same file
    new = make_plan(leads=("Lead Auditor", "Lead Auditors"), status="Behind")
    load_document(engine, new, info(2))  # a new edition
    d = directory(engine)
    assert d["Lead Auditor"][:3] == ("Head of Service QA", "Head of Service", "confirmed")
    assert leads_of(engine)[0] == "Head of Service QA"  # the old document follows the decision too


def test_review_accept_reject_and_rejections_stick(engine):
    load_document(engine, make_plan(leads=("Head of Service QA", "QA Lead", "Audit Lead")), info(1))
    with engine.begin() as conn:  # as the matcher leaves an unsure alias
        target = conn.execute(sa.text("SELECT id FROM leads WHERE name = 'Head of Service QA'")).scalar()
        conn.execute(sa.text("UPDATE lead_aliases SET decision = 'suggested', candidate_lead_id = :t, score = 80 "
                             "WHERE alias IN ('QA Lead', 'Audit Lead')"), {"t": target})
        sugg = leads_store.suggestions(conn, ORG)
        assert {s.alias for s in sugg} == {"QA Lead", "Audit Lead"}
        assert {s.candidate for s in sugg} == {"Head of Service QA"}
        leads_store.decide(conn, ORG, "QA Lead", leads_store.CONFIRMED)
        leads_store.decide(conn, ORG, "Audit Lead", leads_store.REJECTED)
        assert leads_store.suggestions(conn, ORG) == []
    d = directory(engine)
    assert d["QA Lead"][:3] == ("Head of Service QA", "Head of Service", "confirmed")
    assert d["Audit Lead"][0] == "Audit Lead" and d["Audit Lead"][2] == "rejected"
    load_document(engine, make_plan(leads=("Audit Lead", "QA Lead")), info(2))
    d2 = directory(engine)
    assert d2["Audit Lead"] == d["Audit Lead"] and d2["QA Lead"] == d["QA Lead"]


def test_export_and_apply_decisions_csv(engine):
    load_document(engine, make_plan(leads=("Head of Service QA", "QA Lead")), info(1))
    with engine.begin() as conn:
        conn.execute(sa.text(
            "UPDATE lead_aliases SET decision = 'suggested', score = 80, candidate_lead_id = "
            "(SELECT id FROM leads WHERE name = 'Head of Service QA') WHERE alias = 'QA Lead'"))
        out = io.StringIO()
        assert leads_store.export_suggestions(conn, out, ORG) == 1
    lines = out.getvalue().splitlines()
    assert lines[0] == "organisation,alias,lead,candidate,score,decision"
    decided = lines[0] + "\n" + lines[1].rsplit(",", 1)[0] + ",accept\n"
    assert lead_review.apply_decisions(engine, lead_review.read_decisions(io.StringIO(decided))) == 1
    assert directory(engine)["QA Lead"][:3] == ("Head of Service QA", "Head of Service", "confirmed")


def test_cli_list_merge_rename(engine, db_url):
    load_document(engine, make_plan(leads=("Head of Service QA", "DCS")), info(1))
    runner = CliRunner()
    out = runner.invoke(cli, ["leads", "list", "--db", db_url])
    assert out.exit_code == 0 and "Head of Service QA" in out.output
    dcs = directory(engine)["DCS"][0]
    out = runner.invoke(cli, ["leads", "merge", dcs, "Head of Service QA", "--db", db_url])
    assert out.exit_code == 0, out.output
    assert leads_of(engine) == ["Head of Service QA"]
    out = runner.invoke(cli, ["leads", "rename", "Head of Service QA", "Head of QA", "--db", db_url])
    assert out.exit_code == 0, out.output
    assert leads_of(engine) == ["Head of QA"]
    out = runner.invoke(cli, ["leads", "rename", "Nobody", "X", "--db", db_url])
    assert out.exit_code == 1 and "no organisation" in out.output
    # a later import of the merged spelling still follows the merge
    load_document(engine, make_plan(leads=("DCS",), status="x"), info(2))
    assert leads_of(engine) == ["Head of QA", "Head of QA"]


def test_review_status_lists_low_confidence(engine, db_url):
    plan = make_plan()
    plan.actions[0].status.confidence = 0.4
    load_document(engine, plan, info(1))
    out = CliRunner().invoke(cli, ["review", "status", "--db", db_url, "--format", "csv"])
    assert out.exit_code == 0
    assert out.output.splitlines()[1].startswith("acme1.txt,1.1.1,On track,on_track,0.4")


def test_cli_review_walks_suggestions_interactively(engine, db_url):
    load_document(engine, make_plan(leads=("Head of Service QA", "QA Lead", "Audit Lead", "DCS")), info(1))
    with engine.begin() as conn:
        conn.execute(sa.text(
            "UPDATE lead_aliases SET decision = 'suggested', score = 80, candidate_lead_id = "
            "(SELECT id FROM leads WHERE name = 'Head of Service QA') WHERE alias IN ('QA Lead', 'Audit Lead')"))
    dcs = directory(engine)["DCS"][0]
    # suggestions come best score first, then by alias: Audit Lead, then QA Lead
    out = CliRunner().invoke(cli, ["leads", "review", "--db", db_url], input=f"p\n{dcs}\nr\n")
    assert out.exit_code == 0, out.output
    d = directory(engine)
    assert d["Audit Lead"][0] == dcs and d["Audit Lead"][2] == "confirmed"
    assert d["QA Lead"][0] == "QA Lead" and d["QA Lead"][2] == "rejected"
