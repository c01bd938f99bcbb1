"""Sections, objectives and refs the interpreter finds in tables built here as a reader reports
them: numbered rows across the table, a ref column that is not the first, one table per section."""

from __future__ import annotations

from plantables.extract.model import Cell, Column, Document, Heading, Row, Table
from plantables.normalise.plan import normalise_document
from plantables.vocabulary.headings import classify_heading

LABELS = ["Action", "#", "Owner", "Due"]


def across(text: str, n: int = len(LABELS)) -> Row:
    return Row([Cell(0, text, col_span=n, bold=True)], None, "heading")


def plan_table(rows: list[Row | list[str]], labels: list[str] = LABELS) -> Table:
    out = [Row([Cell(j, t, header=True, bold=True) for j, t in enumerate(labels)], None, "header")]
    out += [r if isinstance(r, Row) else Row([Cell(j, t) for j, t in enumerate(r)]) for r in rows]
    return Table([Column(j, "") for j in range(len(labels))], out)


def by_ref(doc: Document) -> dict:
    return {a.ref: a for a in normalise_document(doc).actions}


def test_a_capital_opening_a_title_is_not_a_title_in_capitals():
    assert classify_heading("Priority 2: A cleaner, greener place").title == "A cleaner, greener place"
    assert classify_heading("Priority 3: CCTV cameras in every car park").title == "CCTV cameras in every car park"
    h = classify_heading("PRIORITY I – GOVERNANCE, LEADERSHIP AND MANAGEMENT The Chief Executive will lead")
    assert h.title == "GOVERNANCE, LEADERSHIP AND MANAGEMENT"


def test_a_numbered_name_across_the_table_is_a_section_and_a_ref_column_may_come_second():
    doc = Document("plan.docx", "docx", [plan_table([
        across("1. Digital services"),
        across("Objective 1.1: Residents can do more of their business with the council online"),
        ["Move parking permits online", "1.1.1", "Head of Digital", "May 2025"],
        ["Close the cash office once payments are online", "1.1.2", "Head of Finance", "June 2025"],
        ["Publish a plain-English guide to the new service", "1.1.3", "Head of Digital", "July 2025"],
        across("2. Strong governance"),
        ["Review the constitution with members and officers", "2.1.1", "Monitoring Officer", "March 2026"],
    ])])
    acts = by_ref(doc)
    assert sorted(acts) == ["1.1.1", "1.1.2", "1.1.3", "2.1.1"]
    a = acts["1.1.2"]
    assert (a.section.ref, a.section.title) == ("1", "Digital services")
    assert a.objective.ref == "1.1" and a.title.startswith("Close the cash office")
    b = acts["2.1.1"]
    assert (b.section.ref, b.section.title) == ("2", "Strong governance") and b.objective is None


def test_a_sentence_numbered_across_the_table_stays_an_objective():
    doc = Document("plan.docx", "docx", [
        Heading("1 CHILDREN IN NEED OF HELP AND PROTECTION"),
        plan_table([
            across("1 Ensure that assessments are timely"),
            ["Track every assessment against the timescale", "1.1", "Service Manager", "May 2025"],
            ["Report the figures to the board each month", "1.2", "Service Manager", "June 2025"],
            ["Audit a sample of assessments every quarter", "1.3", "Head of Service", "July 2025"],
            across("2 Ensure that plans are specific and reviewed"),
            ["Issue practice standards for plans", "2.1", "Head of Service", "May 2025"],
        ]),
    ])
    a = by_ref(doc)["2.1"]
    assert a.section.title == "CHILDREN IN NEED OF HELP AND PROTECTION"
    assert a.objective.ref == "2"


def test_tables_under_one_header_share_what_their_columns_hold():
    first = plan_table([
        ["Move parking permits online", "1.1.1", "Head of Digital", "May 2025"],
        ["Close the cash office once payments are online", "1.1.2", "Head of Finance", "June 2025"],
        ["Publish a plain-English guide to the new service", "1.1.3", "Head of Digital", "July 2025"],
    ])
    second = plan_table([["Review the constitution with members and officers", "2.1.1", "Monitoring Officer", "May 2026"]])
    acts = by_ref(Document("plan.docx", "docx", [Heading("1. Digital services"), first,
                                                  Heading("2. Strong governance"), second]))
    assert acts["2.1.1"].title.startswith("Review the constitution")  # one row alone: its '#' column is the ref


def test_an_objective_printed_beside_each_action_with_its_parent_number_is_its_objective():
    labels = ["Priority outcome", "ID", "What we will do", "Who?"]
    doc = Document("plan.html", "html", [plan_table([
        ["2.1 Ensure that young people who present as homeless get a full assessment", "2.1.1",
         "Referrals are made for every young person who presents as homeless", "Housing Manager"],
        ["2.2 Ensure that assessments are timely and proportionate", "2.2.1",
         "Every child's record shows the assessment and its date", "Head of Service"],
        ["2.3 With partners, ensure that thresholds are applied consistently", "2.3.1",
         "Consistent application of thresholds across the partnership", "Head of Service"],
    ], labels)])
    a = by_ref(doc)["2.2.1"]
    assert a.objective.ref == "2.2" and a.objective.text.startswith("Ensure that assessments")
    assert a.title.startswith("Every child's record") and not a.steps


def test_a_priority_column_merged_over_its_actions_names_their_section():
    labels = ["Priority", "Ref", "Action", "Lead", "Priority level"]
    priority = Cell(0, "1. Safe and secure homes", row_span=2)
    rows: list[Row | list[str]] = [
        Row([priority, Cell(1, "1.1"), Cell(2, "Complete stock condition surveys of all council homes"),
             Cell(3, "Head of Asset Management"), Cell(4, "High")]),
        Row([Cell(1, "1.2"), Cell(2, "Agree a five-year planned maintenance programme"),
             Cell(3, "Head of Asset Management"), Cell(4, "Medium")]),
        ["Priority 2: Tenant voice", "2.1", "Set up a tenant scrutiny panel", "Tenant Engagement Lead", "Low"],
    ]
    acts = by_ref(Document("plan.xlsx", "xlsx", [Heading("Housing Improvement Plan"), plan_table(rows, labels)]))
    assert (acts["1.2"].section.ref, acts["1.2"].section.title) == ("1", "Safe and secure homes")
    assert (acts["2.1"].section.ref, acts["2.1"].section.title, acts["2.1"].section.kind) == ("2", "Tenant voice", "priority")
    # a 'Priority' of High/Medium/Low rates the action: no section
    cells = {c.header: c.field for c in acts["1.1"].cells}
    assert cells["Priority level"] is None


def test_a_letter_numbers_a_theme_heading():
    h = classify_heading("Theme A – Reducing anti-social behaviour")
    assert (h.kind, h.ref, h.title) == ("theme", "A", "Reducing anti-social behaviour")
    assert classify_heading("Priority B: Safer streets").ref == "B"
    assert classify_heading("Theme A cleaner place").kind == "text"  # no separator: a sentence


def test_a_progress_column_keeps_the_words_after_its_status_and_the_last_date_column_is_the_due_date():
    labels = ["Ref", "What will we do?", "Who will lead?", "", "", "Progress"]
    doc = Document("plan.docx", "docx", [plan_table([
        ["A1", "Launch a multi-agency ASB hotline", "ASB Coordinator", "Apr 2024", "Sep 2024", "Complete – live since August."],
        ["A2", "Target hotspots with joint patrols", "Police Inspector", "May 2024", "Mar 2025", "On track: 12 patrols held."],
        ["A3", "Expand the youth diversion scheme", "Youth Services Manager", "Sep 2024", "Mar 2026", "Delayed"],
    ], labels)])
    a = by_ref(doc)["A2"]
    assert a.status.value == "on_track" and "12 patrols held" in (a.update_text or "")
    assert a.due_month == "2025-03"  # two unlabelled date columns: a start is printed before its end


def test_a_sheet_named_as_a_priority_is_the_section_of_its_actions():
    def sheet(name: str, rows: list[list[str]]) -> list:
        return [Heading(name, "sheet", 0), plan_table(rows, ["Ref", "Action", "Responsible Officer", "Target Date"])]

    doc = Document("plan.xlsx", "xlsx", [
        Heading("Instructions", "sheet", 0),
        *sheet("Priority 1 - Economy", [["E1", "Open the new business hub", "Economic Development Manager", "Jun-25"],
                                        ["E2", "Run a shop-front grant scheme", "Town Centre Manager", "Dec-25"]]),
        *sheet("Priority 2 - Environment", [["V1", "Plant 2,000 street trees", "Parks Manager", "Mar-26"],
                                            ["V2", "Introduce food waste collections", "Waste Manager", "Sep-26"]]),
    ])
    acts = by_ref(doc)
    assert (acts["E2"].section.ref, acts["E2"].section.title) == ("1", "Economy")
    assert (acts["V1"].section.ref, acts["V1"].section.title) == ("2", "Environment")


def test_a_date_column_just_before_the_due_date_under_the_same_group_is_the_start():
    labels = ["Ref", "Action", "Lead", "From", "To"]
    doc = Document("plan.html", "html", [plan_table([
        ["BE1", "Retrofit council offices with heat pumps", "Property Services", "April 2023", "March 2025"],
        ["BE2", "Install solar panels on schools", "Education Estates", "September 2023", "August 2026"],
        ["BE3", "Publish a home insulation grant scheme", "Housing Strategy", "January 2024", "December 2024"],
    ], labels)])
    a = by_ref(doc)["BE2"]
    assert (a.start_month, a.due_month) == ("2023-09", "2026-08")


def test_labelled_headings_whose_text_spans_only_two_columns_are_headings_not_header_or_actions():
    """A spreadsheet printed without borders: the merged section and objective cells draw no edge, so
    the reader spans them only as far as their text runs (two or three of eight columns), the rest of
    the row empty; the first one sits right under the header."""
    labels = ["Ref", "Key tasks", "BRAG", "Update", "Q1", "Q2", "Q3", "Lead officer"]

    def narrow(text: str, span: int) -> Row:
        return Row([Cell(0, text, col_span=span)] + [Cell(j, "") for j in range(span, len(labels))])

    doc = Document("plan.pdf", "pdf", [plan_table([
        narrow("Priority 1: A cleaner, greener place", 2),
        narrow("Objective 1.1: Ensure that young people who present as homeless are offered support", 3),
        ["1.1.1", "Set up a multi-agency panel", "R", "Teams are further ahead", "", "", "", "Climate Officer"],
        ["1.1.2", "Agree a new local plan timetable", "G", "Support has been offered", "", "", "", "Head of Finance"],
        narrow("Priority 2: Safer neighbourhoods", 2),
        narrow("Objective 2.1: Ensure that children who go missing are offered a conversation", 3),
        ["2.1.1", "All contacts to be screened", "G", "Workshops are booked", "", "", "", "Housing Manager"],
        ["2.1.2", "Strengthen the quality assurance framework", "R", "A report went", "", "", "", "Head of Digital"],
    ], labels)])
    acts = by_ref(doc)
    assert sorted(acts) == ["1.1.1", "1.1.2", "2.1.1", "2.1.2"]
    assert (acts["1.1.2"].section.ref, acts["1.1.2"].section.title) == ("1", "A cleaner, greener place")
    assert acts["1.1.2"].objective.ref == "1.1"
    assert (acts["2.1.1"].section.ref, acts["2.1.1"].objective.ref) == ("2", "2.1")
    assert acts["2.1.2"].leads == ["Head of Digital"]
