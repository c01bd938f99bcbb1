"""The loader: one transaction per document, idempotent, NULL for unknown, editions."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from plantables.normalise.records import Action, Objective, PlanDocument, Section, Status, Target
from plantables.schema import db
from plantables.schema.loader import FileInfo, load_document, plan_key

COUNTS = ("documents", "actions", "action_steps", "action_months", "targets", "risk_refs",
          "action_leads", "lead_aliases", "leads", "sections", "objectives", "plan_actions", "plans")


def make_plan(path="/plans/acme.txt", *, status="On track", extra_update="", leads=()):
    sec = Section("1", "Early help", "priority")
    obj = Objective("1.1", "Families get help early")
    return PlanDocument(
        path=path, format="text", organisation="Acme Borough Council", title="Acme improvement plan",
        pages=3, period_start="2023-09", period_end="2024-03",
        actions=[
            Action(
                ref="1.1.1", ref_raw="I.1.1", title="Run threshold training", steps=["Book rooms", "Deliver"],
                lead_raw=" / ".join(leads) or None, leads=list(leads), timeframe_raw="Sep – Nov 2023",
                start_month="2023-09", due_month="2023-11", active_months=["2023-10", "2023-09"],
                measures="Target – 95% staff trained", targets=[Target("95%", 95.0, "%", "at_least")],
                status=Status(status, "on_track", 0.9), update_text=("Going well" + extra_update),
                rag="green", risk_refs=["RSK_8", "RSK_2"], page_first=1, page_last=2, section=sec, objective=obj,
                theme="EARLY HELP",
            ),
            Action(ref="1.1.2", ref_raw="1.1.2", title="Publish the threshold document", lead_raw="",
                   measures="", section=sec, objective=obj),
            Action(ref=None, ref_raw=None, title="Unnumbered follow-up work", section=sec),
        ],
    )


def counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t: conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar() for t in COUNTS}


def overview(engine, order="document_id, action_ref"):
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(sa.text(f"SELECT * FROM action_overview ORDER BY {order}"))]


@pytest.fixture
def engine(db_url):
    e = db.open_engine(db_url)
    yield e
    e.dispose()


INFO = FileInfo("/plans/acme.txt", "a" * 64, 1234, 1_700_000_000.0)


def test_load_writes_every_field_and_lists_in_order(engine):
    res = load_document(engine, make_plan(), INFO)
    assert not res.skipped and res.actions == 3 and res.edition == 1
    rows = overview(engine, "document_id, title")
    first = next(r for r in rows if r["action_ref"] == "1.1.1")
    assert first["source_file"] == "acme.txt"
    assert first["organisation"] == "Acme Borough Council"
    assert (first["section_ref"], first["section_title"]) == ("1", "Early help")
    assert (first["objective_ref"], first["objective_text"]) == ("1.1", "Families get help early")
    assert first["action_ref_raw"] == "I.1.1" and first["theme"] == "EARLY HELP"
    assert first["action_steps"] == "Book rooms; Deliver"
    assert first["active_months"] == "2023-09,2023-10"
    assert first["risk_refs"] == "RSK_8,RSK_2"  # printed order kept
    assert first["targets"] == "95%"
    assert (first["status_raw"], first["status"]) == ("On track", "on_track")
    assert first["status_confidence"] == pytest.approx(0.9)
    assert (first["start_month"], first["due_month"], first["rag"]) == ("2023-09", "2023-11", "green")
    assert (first["page_first"], first["page_last"]) == (1, 2)
    second = next(r for r in rows if r["action_ref"] == "1.1.2")
    # unknown is NULL, never ''
    for col in ("lead_raw", "leads", "measures", "action_steps", "active_months", "targets", "risk_refs",
                "status", "status_raw", "update_text", "rag", "theme"):
        assert second[col] is None, col
    third = next(r for r in rows if r["action_ref"] is None)
    assert third["objective_ref"] is None and third["section_title"] == "Early help"


def test_same_content_twice_is_a_noop(engine):
    load_document(engine, make_plan(), INFO)
    before = counts(engine)
    res = load_document(engine, make_plan(), INFO)
    assert res.skipped and res.actions == 0
    assert counts(engine) == before


def test_a_failing_document_leaves_nothing(engine):
    plan = make_plan()
    plan.actions[2].title = None  # NOT NULL column: the insert fails mid-document
    with pytest.raises(Exception):  # noqa: B017 - each driver raises its own kind
        load_document(engine, plan, INFO)
    assert set(counts(engine).values()) == {0}


def test_changed_file_is_a_new_edition_with_stable_action_identity(engine):
    load_document(engine, make_plan(), INFO)
    changed = make_plan(status="Behind", extra_update=" until October")
    changed.actions[0].status = Status("Behind", "behind", 0.95)
    res = load_document(engine, changed, FileInfo(INFO.path, "b" * 64, 1300, 1_700_100_000.0))
    assert not res.skipped and res.edition == 2
    with engine.connect() as conn:
        hist = conn.execute(sa.text(
            "SELECT action_key, edition, status FROM action_history WHERE action_ref = '1.1.1' ORDER BY edition"
        )).all()
        assert [tuple(r) for r in hist] == [("1.1.1", 1, "on_track"), ("1.1.1", 2, "behind")]
        # the unnumbered action is matched by its title
        keys = conn.execute(sa.text(
            "SELECT count(DISTINCT action_key), count(*) FROM action_history WHERE action_ref IS NULL"
        )).one()
        assert tuple(keys) == (1, 2)
    # both editions stay queryable
    assert len(overview(engine)) == 6


def test_plan_identity_prefers_organisation_and_title():
    assert plan_key("Acme Council", "Improvement Plan 2023", "/a.txt") == plan_key(
        "acme council", "Improvement plan  2023", "/b.pdf")
    assert plan_key(None, None, "/x/a.txt") == "path:/x/a.txt"
