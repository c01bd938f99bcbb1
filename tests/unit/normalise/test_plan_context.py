"""The interpreter's context and roles on small tables built here: which full-width row is a
section and which an objective, an objective column carried over a page, status and update
columns told apart by their cells, refs outside the first column, dates of day-month ranges."""

from __future__ import annotations

import pytest

from plantables.extract.model import Cell, Column, Document, Heading, Row, Table
from plantables.normalise.dates import parse_timeframe
from plantables.normalise.plan import normalise_document, read_table
from plantables.normalise.profile import is_date
from plantables.vocabulary.headings import classify_heading

HEAD = ["Ref", "Action", "Lead", "Update"]


def table(rows: list[list[str]], *, across: tuple[int, ...] = (), spans: dict[tuple[int, int], int] | None = None,
          head: list[str] | None = HEAD) -> Table:
    """A table with a bold header row (``head``), rows ``across`` one cell over every column and
    cells ``spans`` merged over several rows."""
    spans = spans or {}
    n = len(head or rows[0])
    out = [Row([Cell(j, t, page=1, header=True, bold=True) for j, t in enumerate(head)], 1, "header")] if head else []
    for i, texts in enumerate(rows):
        if i in across:
            out.append(Row([Cell(0, texts[0], col_span=n, page=1, bold=True)], 1, "data"))
            continue
        out.append(Row([Cell(j, t, row_span=spans.get((i, j), 1), page=1) for j, t in enumerate(texts)], 1, "data"))
    return Table([Column(j, "") for j in range(n)], out, [1])


def by_ref(doc: Document) -> dict:
    return {a.ref: a for a in normalise_document(doc).actions}


UPDATE = "Work is under way and the first phase is nearly finished."


def test_a_numbered_row_with_no_section_above_is_a_section_and_labelled_rows_its_objectives():
    t = table([
        ["1. Resident-focused services"],
        ["Objective 1.1: Ensure that the number of children at risk is known"],
        ["1.1.1", "Set up a tenancy sustainment service for care leavers", "Climate Officer", UPDATE],
        ["1.1.2", "Introduce a practice week twice a year", "Head of Finance", UPDATE],
        ["2. Health and wellbeing"],
        ["Objective 2.1: Work with schools so that children receive early help"],
        ["2.1.1", "Plant 5,000 trees on council land", "Head of Digital", UPDATE],
    ], across=(0, 1, 4, 5))
    acts = by_ref(Document("p.pdf", "pdf", [t]))
    a, b = acts["1.1.2"], acts["2.1.1"]
    assert (a.section.ref, a.section.title) == ("1", "Resident-focused services")
    assert (a.objective.ref, b.section.ref, b.objective.ref) == ("1.1", "2", "2.1")
    assert b.section.title == "Health and wellbeing"


def test_a_numbered_row_across_a_table_with_an_objective_column_is_a_section():
    head = ["Ref", "Objective", "Action", "Lead"]
    obj = "1.1 Ensure that assessments are timely, proportionate and lead to clear plans"
    first = table([
        ["1. Digital services"],
        ["1.1.1", obj, "Replace the customer contact system", "Head of Digital"],
        ["1.1.2", "", "Reduce the use of agency staff in the front door", "Head of Finance"],
    ], across=(0,), spans={(1, 1): 2}, head=head)
    # the next page repeats the header; the objective's merged cell left nothing on it
    rest = table([
        ["1.1.3", "", "Install additional CCTV cameras in the town centre", "Housing Manager"],
        ["1.2.1", "", "Refresh the supervision policy and train staff", "Head of Finance"],
    ], head=head)
    # ... or printed there the last line of its text again, in lower case
    rest.rows[1].cells[1].text = "lead to clear plans"
    acts = by_ref(Document("p.pdf", "pdf", [first, rest]))
    assert acts["1.1.1"].section.title == "Digital services" and acts["1.1.1"].objective.ref == "1.1"
    assert acts["1.1.3"].objective.ref == "1.1"  # carried over the page
    assert acts["1.2.1"].objective is None  # its number names another objective


def test_a_sentence_opening_with_a_one_letter_word_keeps_its_title():
    info = classify_heading("Priority 1: A cleaner, greener place", in_table=True)
    assert (info.kind, info.ref, info.title) == ("priority", "1", "A cleaner, greener place")


@pytest.mark.parametrize("head, statuses", [
    # a rating of status words is the status, the progress prose beside it the update
    (["No.", "Action", "Progress", "Rating"], ["Delayed", "Ongoing", "On track", "Ongoing"]),
    # a stage column of status words is the status, though 'Ongoing' is also a date
    (["Ref", "Action", "Update", "Stage"], ["Ongoing", "On track", "Ongoing", "Complete"]),
])
def test_a_column_of_status_words_is_the_status_and_the_prose_beside_it_the_update(head, statuses):
    actions = ["Agree the brief with the portfolio holder", "Appoint the delivery partner for phase one",
               "Consult residents on the draft proposals", "Publish the final scheme and timetable"]
    t = table([[str(i), action, UPDATE, status] for i, (action, status) in enumerate(zip(actions, statuses), 1)],
              head=head)
    roles = read_table(t).roles.fields
    assert (roles[2], roles[3]) == ("update", "status")


def test_dotted_refs_in_order_are_the_ref_wherever_the_column_stands_and_figures_are_not():
    rows = [["Agree the brief with the portfolio holder", "1.1.1", "Head of Finance", "0.5 FTE project officer"],
            ["Appoint the delivery partner for phase one", "1.1.2", "Climate Officer", "Staff time only"],
            ["Consult residents on the draft proposals", "1.2.1", "Head of Digital", "0.5 FTE project officer"],
            ["Publish the final scheme and timetable", "1.2.2", "Housing Manager", "Staff time only"]]
    roles = read_table(table(rows, head=["Deliverable", "#", "Owner", "Resources"])).roles.fields
    assert roles[1] == "ref" and roles.get(3) is None and roles[0] == "action"
    shuffled = [r[:1] + [f"{n}.5"] + r[2:] for r, n in zip(rows, (3, 1, 4, 2))]  # figures, not refs
    assert read_table(table(shuffled, head=["Deliverable", "#", "Owner", "Resources"])).roles.fields.get(1) != "ref"


def test_a_column_describing_risks_is_not_the_action():
    t = table([
        ["1.1", "Agree the brief with the portfolio holder", "Partners do not share data in time"],
        ["1.2", "Appoint the delivery partner for phase one", "Budget pressures reduce the scope"],
        ["1.3", "Consult residents on the draft proposals", "Capacity in the team may delay delivery"],
    ], head=["Action ref", "What?", "Risk Description"])
    roles = read_table(t).roles
    assert roles.fields.get(2) is None and roles.title_col == 1


def test_day_month_ranges_are_dates_and_a_one_digit_day_is_never_a_year():
    assert is_date("3-Sep to 10-Nov") and is_date("7-May to 12-Jul")
    tf = parse_timeframe("7-May to 12-Jul", period=("2023-04", "2024-03"))
    assert (tf.start_month, tf.due_month) == ("2023-05", "2023-07")
    assert parse_timeframe("7-May").months == []  # no year printed or given


def test_the_plan_period_comes_from_headings_after_a_status_key():
    key = table([["Green", "On track"], ["Amber", "Some slippage"], ["Red", "Off track"], ["Blue", "Complete"]],
                head=["RAG", "Definition"])
    plan = table([
        ["1", "Agree the brief with the portfolio holder", "Head of Finance", "8-Jun to 7-Aug"],
        ["2", "Appoint the delivery partner for phase one", "Climate Officer", "7-May to 12-Jul"],
        ["3", "Consult residents on the draft proposals", "Head of Digital", "8-Jan to 14-Feb"],
    ], head=["Ref", "Action", "Lead", "By when"])
    doc = Document("p.pdf", "pdf", [Heading("Key to the status column", "text", 1, 1), key,
                                    Heading("Corporate Plan Action Tracker 2023/24", "section", 1, 1), plan])
    acts = by_ref(doc)
    assert (acts["1"].start_month, acts["1"].due_month) == ("2023-06", "2023-08")
    assert acts["3"].due_month == "2024-02"
