"""Acceptance on the two real seed plans: every numbered row once, fields right.

``tests/expected/*_seed.json`` are hand-checked annotations of a sample of
actions (tricky ones included: labels printed mid-cell, rows broken by page
breaks, refs split from their text). Each annotated field is scored: refs,
dates, statuses and risk refs must match exactly; prose (titles, outcomes,
measures, updates, lead cells) must match after collapsing whitespace, with
a similarity of at least 90 (rapidfuzz ``ratio``) to allow for the export's
garbled letters (``PROTECTI ON``). A field left out of an annotation is not
scored.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from plantables.extract.text.reader import read_text
from plantables.normalise.plan import normalise_document

EXPECTED = Path(__file__).resolve().parents[1] / "expected"
TARGET = 0.98
PROSE = {"title", "section_title", "objective_text", "lead_raw", "measures", "update_text"}


def action_fields(a) -> dict:
    return {
        "ref": a.ref,
        "ref_raw": a.ref_raw,
        "section_ref": a.section.ref if a.section else None,
        "section_title": a.section.title if a.section else None,
        "objective_ref": a.objective.ref if a.objective else None,
        "objective_text": a.objective.text if a.objective else None,
        "theme": a.theme,
        "title": a.title,
        "lead_raw": a.lead_raw,
        "status": a.status.value if a.status else None,
        "due_month": a.due_month,
        "measures": a.measures,
        "update_text": a.update_text,
        "risk_refs": a.risk_refs,
        "rag": a.rag,
    }


def same(field: str, want, got) -> bool:
    if want is None or got is None:
        return want is None and got is None
    if field in PROSE:
        return fuzz.ratio(" ".join(want.split()), " ".join(got.split())) >= 90
    return want == got


def score(plan, expected: dict) -> tuple[dict[str, list[int]], list[str]]:
    """Per field ``[right, total]`` and a line per wrong field."""
    found = defaultdict(list)
    for a in plan.actions:
        found[a.ref].append(action_fields(a))
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    wrong = []
    for want in expected["actions"]:
        n = want.get("occurrence", 1)
        got = found[want["ref"]][n - 1] if len(found[want["ref"]]) >= n else {}
        for field, value in want.items():
            if field in ("occurrence", "note"):
                continue
            tally[field][1] += 1
            if same(field, value, got.get(field)):
                tally[field][0] += 1
            else:
                wrong.append(f"{want['ref']} {field}: want {value!r} got {got.get(field)!r}")
    return tally, wrong


def report(name: str, tally, wrong) -> float:
    right = sum(r for r, _ in tally.values())
    total = sum(t for _, t in tally.values())
    print(f"\n{name}: {right}/{total} fields right ({right / total:.1%})")
    for field, (r, t) in tally.items():
        print(f"  {field:15s} {r:3d}/{t:<3d}")
    for line in wrong:
        print("  wrong:", line)
    return right / total


SEEDS = [("torbay", "torbay_seed"), ("plymouth", "plymouth_seed")]


@pytest.fixture
def seed(request, torbay_seed, plymouth_seed):
    return {"torbay": torbay_seed, "plymouth": plymouth_seed}[request.param]


@pytest.mark.parametrize("seed, name", [(s, f) for s, f in SEEDS], indirect=["seed"])
def test_annotated_fields_are_right(seed, name):
    expected = json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))
    assert len(expected["actions"]) >= 25
    plan = normalise_document(read_text(seed))
    tally, wrong = score(plan, expected)
    assert report(name, tally, wrong) >= TARGET


@pytest.mark.parametrize("seed, name", [(s, f) for s, f in SEEDS], indirect=["seed"])
def test_every_numbered_row_exactly_once(seed, name):
    expected = json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))
    plan = normalise_document(read_text(seed))
    assert [a.ref for a in plan.actions] == expected["refs"]


@pytest.mark.parametrize("seed, name", [(s, f) for s, f in SEEDS], indirect=["seed"])
def test_no_header_row_or_empty_action(seed, name):
    plan = normalise_document(read_text(seed))
    header_words = {"NOS", "What?", "Who?", "How?", "Actions", "Lead", "Desired Outcome", "Risk register reference"}
    for a in plan.actions:
        assert a.title and a.title not in header_words
        assert a.section is not None
        assert a.lead_raw, a.ref
        for value in (a.measures, a.update_text, a.timeframe_raw, a.lead_raw, a.theme):
            assert value is None or value.strip()
        assert not any(w in (a.update_text or "") for w in ("Current Status", "Monthly HoS update"))


def test_torbay_status_due_and_sections_cover_the_plan(torbay_seed):
    plan = normalise_document(read_text(torbay_seed))
    sections = Counter(a.section.ref for a in plan.actions)
    assert sorted(sections, key=int) == ["1", "2", "3", "4", "5", "6"]
    assert sum(1 for a in plan.actions if a.status is not None) >= 40
    assert sum(1 for a in plan.actions if a.due_month) >= 40
    assert (plan.period_start, plan.period_end) == ("2016-08", "2017-12")


def test_plymouth_every_action_has_its_outcome_and_priority(plymouth_seed):
    plan = normalise_document(read_text(plymouth_seed))
    for a in plan.actions:
        assert a.objective is not None and a.objective.text, a.ref
        assert a.ref.startswith(a.section.ref + "."), a.ref
    assert (plan.period_start, plan.period_end) == ("2023-09", "2024-03")
    with_risk = [a.ref for a in plan.actions if a.risk_refs]
    assert len(with_risk) >= 60 and all(r.startswith("CYPF_RSK_") for a in plan.actions for r in a.risk_refs)
