"""A cell the PDF reader cut over two rows of one action is read whole (normalise/action.py).

layout_0019 (zebra bands, no rules) comes back with some actions over two rows: ``November 25,``
over ``2020`` in the due-date column, ``Customer Services`` over ``Manager`` in the lead column.
Read apart, the year alone was due in December and the lead was two; read whole they are the date
and the one lead printed.
"""

from __future__ import annotations

import json
from pathlib import Path

from plantables.extract.pdf.engine import extract_tables
from plantables.extract.sniff import read_document
from plantables.normalise.plan import normalise_document
from plantables.normalise.plan_fields import date_goes_on, lead_goes_on, rejoin_cut

LAYOUTS = Path(__file__).resolve().parents[2] / "fixtures" / "layouts"


def test_leads_and_dates_cut_over_two_rows_are_read_whole():
    truth = json.loads((LAYOUTS / "layout_0019.pdf.expected.json").read_text(encoding="utf-8"))
    plan = normalise_document(read_document(LAYOUTS / "layout_0019.pdf"))
    got = {a.ref: (a.leads, a.due_month) for a in plan.actions}
    want = {a["action_ref"]: (a["leads"], a["due_month"]) for a in truth["actions"]}
    assert got == want
    # since whitespace_runs reads a row standing alone with one cell's wrapped line, the reader no
    # longer cuts these rows (a row without an ID whose due date is only a year); the interpreter's
    # join is the fallback, tested on the texts the reader cut here before
    cut = [r for t in extract_tables(LAYOUTS / "layout_0019.pdf") for r in t.rows
           if r.kind == "data" and not r.text(1).strip() and r.text(4).strip().isdigit()]
    assert not cut


def test_a_date_and_a_lead_cut_over_two_rows_are_joined_by_the_fields_reading():
    assert rejoin_cut(["November 25,", "2020"], date_goes_on) == ["November 25,\n2020"]
    assert rejoin_cut(["Nov 2015 –", "Apr 2016"], date_goes_on) == ["Nov 2015 –\nApr 2016"]
    assert rejoin_cut(["March 2020", "June 2021"], date_goes_on) == ["March 2020", "June 2021"]
    assert rejoin_cut(["Customer Services", "Manager"], lead_goes_on) == ["Customer Services\nManager"]
    assert rejoin_cut(["Head of Finance", "Chief Executive"], lead_goes_on) == ["Head of Finance", "Chief Executive"]


def test_an_objective_cell_cut_at_each_row_is_one_objective_not_the_title():
    """layout_0080 (no rules): the objective column's merged cells print one line per row, the rest
    of '1.2 Ensure that …' in lower case beside the next action, the rows between empty. The
    objective groups its actions, whole; the 'Key actions' column is the title."""
    truth = json.loads((LAYOUTS / "layout_0080.pdf.expected.json").read_text(encoding="utf-8"))
    plan = normalise_document(read_document(LAYOUTS / "layout_0080.pdf"))
    got = {a.ref: (a.title, a.objective.ref if a.objective else None, a.objective.text if a.objective else None)
           for a in plan.actions}
    want = {a["action_ref"]: (a["title"], a["objective_ref"], a["objective_text"]) for a in truth["actions"]}
    assert got == want
    # since extract/pdf/runover.py the reader itself joins the run-on text into one merged cell, so no
    # cell of the objective column opens in lower case any more; the interpreter's join is the fallback
    cut = [r for t in extract_tables(LAYOUTS / "layout_0080.pdf") for r in t.rows
           if r.kind == "data" and r.text(1).strip()[:1].islower()]
    assert not cut


def _plan_and_truth(name: str):
    truth = json.loads((LAYOUTS / f"{name}.expected.json").read_text(encoding="utf-8"))
    return normalise_document(read_document(LAYOUTS / name)), {a["action_ref"]: a for a in truth["actions"]}


def test_a_heading_row_whose_merge_stops_short_of_the_last_columns_is_a_heading():
    """layout_0064: 'Priority 2: Homes for local people' merged over three of six columns, empty
    cells after it. It heads the actions below; it is no part of the action above it."""
    plan, want = _plan_and_truth("layout_0064.pdf")
    got = {a.ref: (a.title, a.steps, a.lead_raw, a.section.ref if a.section else None) for a in plan.actions}
    assert got == {ref: (w["title"], w["action_steps"], w["lead_raw"], w["section_ref"]) for ref, w in want.items()}


def test_a_section_and_its_objective_in_one_heading_cell_are_both_read():
    """layout_0296: '2. Thriving town centres' over 'Objective 2.1: Ensure …' in one merged cell:
    the actions below are in section 2 and objective 2.1."""
    plan, want = _plan_and_truth("layout_0296.pdf")
    got = {a.ref: (a.section.ref if a.section else None, a.objective.ref if a.objective else None,
                   a.objective.text if a.objective else None) for a in plan.actions if a.ref in want}
    assert {"1", "2"} <= {section for section, _, _ in got.values()}
    assert got == {ref: (w["section_ref"], w["objective_ref"], w["objective_text"])
                   for ref, w in want.items() if ref in got}
