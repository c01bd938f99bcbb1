"""normalise_document: tables → actions, on hand-built documents and on text exports."""

from __future__ import annotations

from pathlib import Path

from plantables.extract.model import Cell, Column, Document, Heading, Row, Table
from plantables.extract.text.reader import read_text
from plantables.normalise.plan import normalise_document

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "text"


def table(labels: list[str], rows: list[Row], groups: dict[int, str] | None = None) -> Table:
    groups = groups or {}
    return Table([Column(i, lab, groups.get(i)) for i, lab in enumerate(labels)], rows)


def row(*cells: Cell, page: int = 1, kind: str = "data") -> Row:
    return Row(list(cells), page, kind)  # type: ignore[arg-type]


def heading(text: str, page: int = 1) -> Row:
    return Row([Cell(0, text, col_span=8)], page, "heading")


def by_ref(plan):
    return {a.ref: a for a in plan.actions}


# --- NOS | What? | Who? | How? … : the merged What? is the title, How? rows are steps --------------

NOS_HEADER = ["NOS", "What?", "Who?", "How?", "When?", "Success measures", "Current Status", "Outcome"]


def nos_document() -> Document:
    rows = [
        heading("1 CHILDREN IN NEED OF HELP AND PROTECTION"),
        heading("1 Ensure that assessments are timely"),
        row(Cell(0, "1.1", 3), Cell(1, "Assessments completed within 20 days", 3), Cell(2, "AD/HoS", 3),
            Cell(3, "Revise practice standards"), Cell(4, "Dec 2016"), Cell(5, "Target – 59.1% in 20 days"),
            Cell(6, "COMPLETED"), Cell(7, "Standards issued 9.12.16")),
        row(Cell(3, "Train all social workers"), Cell(4, "From Jan 2017 and ongoing"), Cell(6, "IN PROGRESS"),
            page=2),
        row(Cell(3, "and audit the results"), Cell(4, "Mar 2017"), Cell(5, "70% of audits good"), page=2),
        row(Cell(0, "1.2", 1), Cell(1, "S47 enquiries within 15 days", 1), Cell(2, "Head of Service MASH", 1),
            Cell(3, "Weekly tracker"), Cell(4, "Nov 2016 – Feb 2017"), page=2),
        heading("2 PARTNERSHIP WORKING", page=2),
        heading("3 Agree thresholds with partners", page=2),
        row(Cell(0, "4.1", 1), Cell(1, "Multi-agency threshold document"), Cell(2, "LSCB"), Cell(3, "Workshops"),
            page=2),
    ]
    return Document("nos.txt", "text", [table(NOS_HEADER, rows)])


def test_merged_what_is_the_title_and_how_rows_are_steps():
    a = by_ref(normalise_document(nos_document()))["1.1"]
    assert a.ref_raw == "1.1"
    assert a.title == "Assessments completed within 20 days"
    assert a.steps == ["Revise practice standards", "Train all social workers and audit the results"]
    assert (a.lead_raw, a.leads) == ("AD/HoS", ["AD", "HoS"])
    assert a.page_first == 1 and a.page_last == 2


def test_step_fields_combine_by_convention():
    a = by_ref(normalise_document(nos_document()))["1.1"]
    assert a.timeframe_raw == "Dec 2016; From Jan 2017 and ongoing; Mar 2017"
    # a single date is a due month; "From Jan 2017" only a start: earliest start, latest due
    assert (a.start_month, a.due_month) == ("2017-01", "2017-03")
    assert a.measures == "Target – 59.1% in 20 days\n70% of audits good"
    assert [t.value for t in a.targets] == [59.1, 70.0]
    assert a.status.value == "in_progress" and a.status.raw == "COMPLETED; IN PROGRESS"  # least advanced wins
    assert a.update_text == "Standards issued 9.12.16"
    b = by_ref(normalise_document(nos_document()))["1.2"]
    assert (b.start_month, b.due_month) == ("2016-11", "2017-02")


def test_sections_and_numbered_objectives_from_heading_rows():
    plan = normalise_document(nos_document())
    a = by_ref(plan)["1.2"]
    assert (a.section.ref, a.section.title, a.section.kind) == ("1", "CHILDREN IN NEED OF HELP AND PROTECTION", "section")
    assert (a.objective.ref, a.objective.text) == ("1", "Ensure that assessments are timely")
    # 4.1 sits under objective 3 in the file: the objective it names (4) has no heading
    odd = by_ref(plan)["4.1"]
    assert odd.section.title == "PARTNERSHIP WORKING" and odd.objective is None
    assert any("4.1" in w for w in plan.warnings)


def test_unknown_values_are_none_not_empty():
    a = by_ref(normalise_document(nos_document()))["4.1"]
    assert a.measures is None and a.update_text is None and a.status is None and a.timeframe_raw is None
    assert a.start_month is None and a.due_month is None and a.rag is None
    assert a.active_months == [] and a.targets == [] and a.risk_refs == []


# --- Risk | Desired Outcome | Actions | Lead | month grid | … : refs in the action cells --------

GRID_HEADER = ["Risk register reference", "Desired Outcome", "Actions", "Lead", "23-Sep", "23-Oct", "23-Nov",
               "How will we measure the difference?", "Monthly HoS update", "RAG"]


def grid_document() -> Document:
    groups = {4: "Timeframe", 5: "Timeframe", 6: "Timeframe"}
    rows = [
        heading("EARLY HELP"),
        row(Cell(0, "RSK_11 RSK_21", 2), Cell(1, "I.1 Members are well informed", 3),
            Cell(2, "I.1.1 Members attend the board"), Cell(3, "DCS"), Cell(4, "█"), Cell(5, "█"),
            Cell(7, "Board minutes"), Cell(8, "Complete - attended in September"), Cell(9, "", fill="#00B050")),
        row(Cell(2, "I.1.2 Members join practice weeks"), Cell(3, "DCS/ SD"), Cell(6, "", fill="#8EAADB"),
            Cell(8, "Planned for November"), Cell(9, "Amber")),
        row(Cell(0, "PROPOSED NEW RISK"), Cell(2, "1.1.3 Brief new members"), Cell(3, "HoS QAS"),
            Cell(8, "On track - booked"), page=2),
        row(Cell(1, "1.2 Leaders set clear priorities"), Cell(2, "1.2.1 Refresh the plan"), Cell(3, "CEx"), page=2),
    ]
    blocks = [
        Heading("PRIORITY I – GOVERNANCE, LEADERSHIP AND MANAGEMENT; The Chief Executive will …", "priority"),
        Heading("To be good; leaders know their services well.", "text"),
        table(GRID_HEADER, rows, groups),
    ]
    return Document("grid.txt", "text", blocks, title="Improvement Plan", organisation="Testshire Council")


def test_refs_in_action_cells_and_merged_outcome_and_risk():
    plan = normalise_document(grid_document())
    acts = by_ref(plan)
    assert list(acts) == ["1.1.1", "1.1.2", "1.1.3", "1.2.1"]
    a = acts["1.1.1"]
    assert (a.ref_raw, a.title, a.steps) == ("I.1.1", "Members attend the board", [])
    for ref in ("1.1.1", "1.1.2", "1.1.3"):  # the outcome cell spans all three
        assert (acts[ref].objective.ref, acts[ref].objective.text) == ("1.1", "Members are well informed")
    assert acts["1.1.1"].risk_refs == acts["1.1.2"].risk_refs == ["RSK_11", "RSK_21"]
    assert acts["1.1.3"].risk_refs == []  # its own cell names no register entry
    assert acts["1.2.1"].objective.ref == "1.2" and acts["1.2.1"].risk_refs == []


def test_priority_theme_and_plan_period():
    plan = normalise_document(grid_document())
    a = by_ref(plan)["1.1.2"]
    assert (a.section.ref, a.section.title, a.section.kind) == ("1", "GOVERNANCE, LEADERSHIP AND MANAGEMENT", "priority")
    assert a.theme == "EARLY HELP"
    assert (plan.period_start, plan.period_end) == ("2023-09", "2023-11")
    assert (plan.organisation, plan.title) == ("Testshire Council", "Improvement Plan")
    assert normalise_document(grid_document(), organisation="Other Council").organisation == "Other Council"


def test_month_marks_and_fills_give_active_months_and_dates():
    acts = by_ref(normalise_document(grid_document()))
    assert acts["1.1.1"].active_months == ["2023-09", "2023-10"]
    assert (acts["1.1.1"].start_month, acts["1.1.1"].due_month) == ("2023-09", "2023-10")
    assert acts["1.1.2"].active_months == ["2023-11"]  # a shaded cell without a mark
    assert acts["1.1.1"].timeframe_raw is None


def test_status_from_update_words_and_rag_from_fill_or_text():
    acts = by_ref(normalise_document(grid_document()))
    s = acts["1.1.1"].status
    assert (s.raw, s.value) == ("Complete", "complete")
    assert acts["1.1.1"].update_text == "Complete - attended in September"
    # "Planned for November" opens with no status phrase and separator: its prose states it (issue 11)
    s2 = acts["1.1.2"].status
    assert (s2.value, s2.confidence, acts["1.1.2"].status_source) == ("not_started", 0.5, "prose")
    assert acts["1.1.1"].status_source == "phrase"
    assert acts["1.1.3"].status.value == "on_track"
    assert acts["1.1.1"].rag == "green" and acts["1.1.2"].rag == "amber" and acts["1.1.3"].rag is None


# --- end to end on text exports ------------------------------------------------------------


def test_progress_column_gives_status_and_update():
    acts = by_ref(normalise_document(read_text(FIXTURES / "eastvale_delivery_plan.txt")))
    a = acts["1.2"]
    assert (a.status.raw, a.status.value) == ("Delayed", "behind")
    assert a.update_text == "Delayed – consultation extended to January."
    assert a.lead_raw == "Head of Economy"  # owner cell merged down from 1.1
    assert (a.rag, acts["2.2"].rag) == ("amber", "green")
    assert (acts["2.2"].start_month, acts["2.2"].due_month) == ("2024-11", "2025-03")
    assert acts["1.1"].due_month == "2024-09"  # Q2 2024/25
    assert acts["2.1"].section.title == "Cleaner neighbourhoods"


def test_quarter_grid_plan_end_to_end():
    plan = normalise_document(read_text(FIXTURES / "riverside_grid_plan.txt"))
    acts = by_ref(plan)
    assert list(acts) == ["1.1.1", "1.1.2", "1.2.1"]
    assert acts["1.1.2"].objective.text == "Fewer people are victims of street crime"
    assert acts["1.1.2"].active_months == ["2024-10", "2024-11", "2024-12"]  # Q3 of the financial year
    assert acts["1.1.1"].measures == "Reduce street crime by 10%"
    assert [t.direction for t in acts["1.1.1"].targets] == ["reduce"]
    assert acts["1.2.1"].status.value == "not_started"
    assert acts["1.2.1"].section.title == "SAFER STREETS"
