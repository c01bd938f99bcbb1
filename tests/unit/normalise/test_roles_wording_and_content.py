"""Column roles where the label's wording and the cells disagree: the cells settle it."""

from __future__ import annotations

from plantables.extract.model import Cell, Column, Row, Table
from plantables.normalise.plan import read_table
from plantables.vocabulary.fields import match_field


def table(rows: list[list[str]]) -> Table:
    out = [Row([Cell(j, t, header=True, bold=True) for j, t in enumerate(rows[0])], None, "header")]
    out += [Row([Cell(j, t) for j, t in enumerate(r)]) for r in rows[1:]]
    return Table([Column(j, "") for j in range(len(rows[0]))], out)


def roles_by_label(rows: list[list[str]]) -> dict[str, str | None]:
    t = table(rows)
    fields = read_table(t).roles.fields
    return {c.label: fields.get(c.index) for c in t.columns}


def test_a_label_about_risks_names_the_risk_whatever_else_it_says():
    assert match_field("Risk Description").field == "risk_ref"
    assert match_field("Risk owner").field == "risk_ref"
    got = roles_by_label([
        ["Ref", "Action", "Lead", "Risk Description"],
        ["1.1", "Publish the new allocations policy for consultation", "Housing Manager", "Capacity in the team may delay delivery"],
        ["1.2", "Train every front-line officer in the new policy", "HR Business Partner", "Supplier may not meet the timetable"],
        ["1.3", "Report the first year's lettings to cabinet", "Housing Manager", "Budget pressures reduce the scope"],
    ])
    assert got == {"Ref": "ref", "Action": "action", "Lead": "lead", "Risk Description": None}


def test_progress_of_sentences_is_the_update_and_a_rating_of_status_words_the_status():
    got = roles_by_label([
        ["Ref", "Action", "Progress", "Rating", "Overall status"],
        ["1.1", "Publish the new allocations policy", "The draft went to cabinet in June and was agreed.", "Completed", ""],
        ["1.2", "Train every front-line officer", "Two further workshops are booked for the autumn.", "In progress", ""],
        ["1.3", "Report the first year's lettings", "Not yet started as the data is not available.", "Not started", ""],
    ])
    assert got["Progress"] == "update"
    assert got["Rating"] == "status"  # its status words beat an empty column worded as the status


def test_progress_of_status_words_is_still_the_status():
    got = roles_by_label([
        ["Ref", "Action", "Progress", "Commentary"],
        ["1.1", "Publish the new allocations policy", "Complete", "Agreed by cabinet in June."],
        ["1.2", "Train every front-line officer", "On track", "Two further workshops are booked for the autumn."],
        ["1.3", "Report the first year's lettings", "Not started", "Waiting for the year-end data."],
    ])
    assert got["Progress"] == "status" and got["Commentary"] == "update"


def test_of_two_objective_worded_columns_the_one_on_every_row_is_the_action():
    # 'Desired outcome' numbered as the parent of its actions, on their first row only; 'What?'
    # on every row: the outcome groups the actions, 'What?' is each action's description
    got = roles_by_label([
        ["Desired outcome", "Ref", "What?", "Lead Officer"],
        ["1.1 Ensure that managers provide regular supervision", "1.1.1", "A single front door for early help", "Head of Digital"],
        ["", "1.1.2", "Strengthen the quality assurance framework", "Housing Manager"],
        ["1.2 Ensure that assessments are timely", "1.2.1", "Reduce the number of assessments that end with no service", "Head of Finance"],
        ["", "1.2.2", "Publish a monthly practice dashboard", "Head of Planning"],
    ])
    assert got["Desired outcome"] == "objective" and got["What?"] == "action" and got["Ref"] == "ref"


def test_a_column_numbering_its_rows_is_the_ref_wherever_it_stands():
    got = roles_by_label([
        ["Action", "#", "Lead", "Due"],
        ["Publish the new allocations policy for consultation", "1", "Housing Manager", "May 2026"],
        ["Train every front-line officer in the new policy", "2", "HR Business Partner", "June 2026"],
        ["Report the first year's lettings to cabinet", "3", "Housing Manager", "March 2027"],
    ])
    assert got["#"] == "ref"
    figures = roles_by_label([
        ["Action", "Budget", "Lead", "Due"],
        ["Publish the new allocations policy for consultation", "40", "Housing Manager", "May 2026"],
        ["Train every front-line officer in the new policy", "12", "HR Business Partner", "June 2026"],
        ["Report the first year's lettings to cabinet", "3", "Housing Manager", "March 2027"],
    ])
    assert figures["Budget"] is None  # figures do not count on
