"""The plan's period and the months it dates: from headings past a key table, from a grid's year
groups, and days printed before 'May'."""

from __future__ import annotations

from plantables.extract.model import Cell, Column, Document, Heading, Row, Table
from plantables.normalise.dates import parse_timeframe
from plantables.normalise.plan import grid_label, normalise_document


def table(rows: list[list[str]]) -> Table:
    out = [Row([Cell(j, t, header=True, bold=True) for j, t in enumerate(rows[0])], None, "header")]
    out += [Row([Cell(j, t) for j, t in enumerate(r)]) for r in rows[1:]]
    return Table([Column(j, "") for j in range(len(rows[0]))], out)


KEY = [["Status", "Meaning"], ["Green", "On track to deliver by the target date"],
       ["Amber", "At risk of missing the target date"], ["Red", "Will miss the target date"],
       ["Blue", "Complete"]]


def test_a_heading_after_a_key_table_names_the_period_of_yearless_dates():
    plan = table([
        ["Ref", "Action", "Lead", "By when"],
        ["1.1", "Publish the new allocations policy", "Housing Manager", "8-May to 7-Jul"],
        ["1.2", "Train every front-line officer in it", "HR Business Partner", "8-Jun to 7-Aug"],
        ["1.3", "Report the first lettings to cabinet", "Housing Manager", "12-Jan to 3-Mar"],
    ])
    doc = Document("plan.xlsx", "xlsx", [Heading("Guidance", "sheet", 0), table(KEY),
                                         Heading("Action Plan", "sheet", 0),
                                         Heading("Corporate Plan Action Tracker 2023/24"), plan])
    got = {a.ref: (a.start_month, a.due_month) for a in normalise_document(doc).actions}
    assert got == {"1.1": ("2023-05", "2023-07"), "1.2": ("2023-06", "2023-08"), "1.3": ("2024-01", "2024-03")}


def test_months_under_a_year_group_take_its_year():
    assert grid_label(Column(2, "Apr", "2022")) == "Apr 2022"
    assert grid_label(Column(2, "Q1", "2025/26")) == "Q1 2025/26"
    assert grid_label(Column(2, "Apr-24", "2024")) == "Apr-24"  # its own year already
    plan = table([["Ref", "Action", "Lead", "Oct", "Nov", "Dec", "Jan", "Feb"],
                  ["1.1", "Publish the new allocations policy", "Housing Manager", "", "■", "■", "■", ""],
                  ["1.2", "Train every front-line officer in it", "HR Business Partner", "", "", "", "■", "■"],
                  ["1.3", "Report the first lettings to cabinet", "Housing Manager", "■", "", "", "", ""]])
    # the years over the months, merged across them, as a row of its own above the labels
    years = Row([Cell(0, "Ref", row_span=2, header=True, bold=True), Cell(1, "Action", row_span=2, header=True, bold=True),
                 Cell(2, "Lead", row_span=2, header=True, bold=True), Cell(3, "2022", col_span=3, header=True, bold=True),
                 Cell(6, "2023", col_span=2, header=True, bold=True)], None, "header")
    plan.rows[0].cells = [c for c in plan.rows[0].cells if c.col >= 3]
    plan.rows.insert(0, years)
    acts = {a.ref: a for a in normalise_document(Document("plan.xlsx", "xlsx", [plan])).actions}
    assert acts["1.1"].active_months == ["2022-11", "2022-12", "2023-01"]
    assert (acts["1.2"].start_month, acts["1.2"].due_month) == ("2023-01", "2023-02")


def test_a_day_before_may_makes_it_the_month_not_the_verb():
    period = ("2023-04", "2024-03")
    assert parse_timeframe("8-May to 7-Jul", period=period).start_month == "2023-05"
    assert parse_timeframe("Complete by 31 May", period=period).due_month == "2023-05"
    assert parse_timeframe("Staff may attend the training", period=period).months == []
