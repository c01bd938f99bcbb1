"""Targets in success-measure text: real seed wording, precision guards, properties."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plantables.normalise.targets import extract_targets


def triples(text):
    return [(t.value, t.unit, t.direction) for t in extract_targets(text)]


@pytest.mark.parametrize(
    "text, want",
    [
        ("Target – 59.1%", [(59.1, "%", None)]),
        ("Target for 45 days – 83%", [(83.0, "%", None)]),
        ("70% of all ICPCs to be held within 15 working days of the initial strategy meeting/discussion.",
         [(70.0, "%", None)]),
        ("Target – 95% all CP investigations completed within timescales. 70% of all ICPCs to be held",
         [(95.0, "%", None), (70.0, "%", None)]),
        ("95%ICPCs being held", [(95.0, "%", None)]),
        ("Increase by 10% of DRPs being raised", [(10.0, "%", "increase")]),
        ("2 % target reduction", [(2.0, "%", "reduce")]),
        ("2% increase in number of children", [(2.0, "%", "increase")]),
        ("100% of children will be offered a return home interview within 72 hours", [(100.0, "%", None)]),
        ("at least 20 children per quarter", [(20.0, "count", "at_least")]),
        ("90% compliance minimum", [(90.0, "%", "at_least")]),
        ("over 60% of staff", [(60.0, "%", "at_least")]),
        ("%70%", [(70.0, "%", None)]),
        ("85 % of all contacts", [(85.0, "%", None)]),
        ("Reduce caseloads to no more than 18 children", [(18.0, "count", "at_most")]),
        ("Assessments to be completed within 20 days", [(20.0, "days", "at_most")]),
        ("All assessments within 20 days; 85% within 15 days", [(85.0, "%", None)]),
        ("Visits at least 6 weeks apart", [(6.0, "weeks", "at_least")]),
        ("Children to be seen within 5 working days of referral", [(5.0, "days", "at_most")]),
        ("Contacts to be screened within 24 hours.", [(24.0, "hours", "at_most")]),
        ("no more than 3 weeks", [(3.0, "weeks", "at_most")]),
        ("a minimum of 6 visits per year", [(6.0, "count", "at_least")]),
    ],
)
def test_real_measures(text, want):
    assert triples(text) == want


def test_raw_keeps_the_wording():
    (t,) = extract_targets("Target – 59.1% of assessments")
    assert t.raw == "59.1%"


@pytest.mark.parametrize(
    "text",
    [
        "Q1 2017 report",
        "Dec 2016 Phase 2 Mar 2017",
        "launch of this approach will start 13/12/16 9.12.16",
        "S47 assessments and Section 47 enquiries",
        "I.1.1 Elected Members will attend; 1.4.2 recruit",
        "CYPF_RSK_11 CYPF_RSK_21",
        "5 day Signs of Safety training commissioned",
        "five GCSE grades at Key Stage 4",
        "60 Staff Sws, TMs, IROs and HoS completed 5 day training",
        "Increase in percentage of assessments completed",
        "Increase in percentage of assessments completed within 20 days",
        "Graded Care Profile 2",
        "",
        None,
    ],
)
def test_no_targets_in_dates_refs_and_labels(text):
    assert extract_targets(text) == []


def test_measures_column_of_torbay_seed_is_precise(torbay_seed):
    """Every target found in the real Success measures column is a %, a duration or a cued count,
    and no year, quarter or date is among them."""
    from plantables.vocabulary.fields import match_field

    col, found, cells = None, [], 0
    for line in torbay_seed.read_text(encoding="utf-8").splitlines():
        row = line.split("\t")
        fields = [match_field(c).field if c.strip() and len(c) < 60 else None for c in row]
        if "measures" in fields and "lead" in fields:
            col = fields.index("measures")
            continue
        if col is None or col >= len(row) or re.fullmatch(r"\s*\d+\s*", row[0]):
            continue
        cells += 1
        found += extract_targets(row[col])
    print(f"\nTorbay measures cells: {cells}, targets: {len(found)} "
          f"({sum(t.unit == '%' for t in found)} %, {sum(t.unit != '%' for t in found)} other)")
    assert len(found) >= 15
    for t in found:
        assert t.unit in ("%", "days", "hours", "weeks", "months", "count") or t.unit.endswith("s")
        assert not (1990 <= t.value <= 2100), t
        assert t.unit != "%" or 0 <= t.value <= 100, t
        assert t.value == float(re.search(r"\d+(?:\.\d+)?", t.raw).group(0))


@given(st.text(max_size=300))
@settings(max_examples=400, deadline=None)
def test_never_raises(text):
    for t in extract_targets(text):
        assert t.value is not None and t.raw and t.raw in text
        assert t.direction in (None, "at_least", "increase", "reduce", "at_most")


@given(st.decimals(min_value=0, max_value=100, places=1), st.sampled_from(["%", " %", " per cent"]),
       st.sampled_from(["", "Target – ", "Target: ", "We aim for "]))
def test_any_percentage_round_trips(value, sign, prefix):
    (t,) = extract_targets(f"{prefix}{value}{sign} of children seen")
    assert (t.value, t.unit) == (float(value), "%")


def test_sample_ground_truth_targets(samples_dir):
    """Every measures cell of the project's sample plans gives exactly its documented targets."""
    import json

    checked = 0
    for path in sorted(samples_dir.glob("*.expected.json")):
        for action in json.loads(path.read_text(encoding="utf-8"))["actions"]:
            if action["measures"]:
                want = [(t["value"], t["unit"], t["direction"]) for t in action["targets"]]
                assert triples(action["measures"]) == want, action["measures"]
                checked += 1
    assert checked >= 100
