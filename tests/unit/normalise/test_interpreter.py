"""The plan interpreter's decisions on small tables built here: header rows, column roles,
plan or not. Each table is what a reader reports (cells, spans, fills, a header *hint* at most)."""

from __future__ import annotations

import pytest

from plantables.extract.model import Cell, Column, Document, Heading, Row, Table
from plantables.normalise.header import settle_header
from plantables.normalise.plan import NotAPlan, normalise_document, read_table


def table(rows: list[list[str]], *, hint: int = 0, fills: dict[tuple[int, int], str] | None = None) -> Table:
    """A table of plain rows; the first ``hint`` rows flagged as a header by the reader."""
    fills = fills or {}
    n = max(len(r) for r in rows)
    out = []
    for i, texts in enumerate(rows):
        cells = [Cell(j, t, page=1, fill=fills.get((i, j)), header=i < hint) for j, t in enumerate(texts)]
        out.append(Row(cells, 1, "header" if i < hint else "data"))
    return Table([Column(j, "") for j in range(n)], out, [1])


TASKS = [
    ["ID", "TASK NAME", "DURATION", "START", "FINISH", "STATUS"],
    ["1", "Agree the project brief with the board", "5 days", "01/04/2024", "05/04/2024", "Complete"],
    ["2", "Appoint the delivery partner for phase one", "20 days", "08/04/2024", "03/05/2024", "In progress"],
    ["3", "Consult residents on the draft proposals", "30 days", "06/05/2024", "14/06/2024", "Not started"],
    ["4", "Publish the final scheme and timetable", "2 days", "17/06/2024", "18/06/2024", "Not started"],
]


def test_an_unstyled_first_row_of_labels_over_other_kinds_of_cells_is_the_header():
    t = table(TASKS)  # no hint: the reader saw no styling
    reading = read_table(t)
    assert reading.header_rows == 1
    assert [c.label for c in t.columns] == TASKS[0]
    roles = reading.roles.fields
    assert roles[0] == "ref" and roles[1] == "action" and roles[5] == "status"
    assert roles[4] == "timeframe"  # FINISH: the due date
    assert reading.verdict is None


def test_a_body_row_styled_like_a_header_is_not_one():
    rows = [TASKS[0], ["1", "Agree the project brief with the board", "5 days", "01/04/2024", "05/04/2024", "Complete"]]
    rows += TASKS[2:]
    t = table(rows, hint=2)  # the reader flagged the first data row too (bold)
    assert settle_header(t) == 1
    assert t.rows[1].kind == "data"


def test_unknown_labels_get_roles_from_their_cells():
    t = table([
        ["Stage", "Timeline"],
        ["Issues and Options consultation (Regulation 18)", "May 2026"],
        ["Draft Local Plan consultation (Regulation 18)", "May 2027"],
        ["Submission (Regulation 22)", "May 2028"],
        ["Adoption (Regulation 26)", "tbc"],
    ])
    reading = read_table(t)
    assert reading.header_rows == 1
    assert reading.roles.fields == {0: "action", 1: "timeframe"}
    assert reading.verdict is None


def test_a_risk_register_ids_are_the_refs_and_unknown_columns_stay_other():
    t = table([
        ["Risk ID", "Risk Description", "Probability", "Impact", "Mitigation", "Owner"],
        ["R-042", "Machine overload in the plant room", "Medium", "High", "Install emergency shutdown", "Plant Manager"],
        ["R-067", "Industrial action by contractors", "Low", "High", "Improve welfare facilities", "HR Director"],
        ["R-089", "Interference with local air traffic", "Medium", "Medium", "Coordinate with the CAA", "Project Lead"],
    ])
    reading = read_table(t)
    roles = reading.roles.fields
    assert roles[0] == "ref" and roles[1] == "action" and roles[5] == "lead"
    assert 2 not in roles and 4 not in roles  # Probability, Mitigation: kept as other columns
    plan = normalise_document(Document("risks.pdf", "pdf", [table([r for r in [
        ["Risk ID", "Risk Description", "Probability", "Impact", "Mitigation", "Owner"],
        ["R-042", "Machine overload in the plant room", "Medium", "High", "Install emergency shutdown", "Plant Manager"],
        ["R-067", "Industrial action by contractors", "Low", "High", "Improve welfare facilities", "HR Director"],
    ]])]))
    assert [a.ref for a in plan.actions] == ["R-042", "R-067"]
    cells = {c.header: (c.field, c.text) for c in plan.actions[0].cells}
    assert cells["Probability"] == (None, "Medium") and cells["Mitigation"] == (None, "Install emergency shutdown")
    assert cells["Risk Description"] == ("action", "Machine overload in the plant room")


def test_a_two_row_header_group_over_quarters_is_one_header():
    rows = [
        ["No.", "Action", "Lead officer", "2024/25", "", "", ""],
        ["", "", "", "Q1", "Q2", "Q3", "Q4"],
        ["1", "Open the new family hub in the town centre", "Head of Early Help", "", "", "", ""],
        ["2", "Recruit two more family support workers", "Service Manager", "", "", "", ""],
        ["3", "Review the referral pathway with partners", "Head of Early Help", "", "", "", ""],
    ]
    t = table(rows, hint=2, fills={(2, 4): "#808080", (2, 5): "#808080", (3, 3): "#808080", (4, 6): "#808080"})
    t.rows[0].cells[3].col_span = 4
    t.rows[0].cells = t.rows[0].cells[:4]
    reading = read_table(t)
    assert reading.header_rows == 2
    assert [(c.label, c.group) for c in t.columns[3:]] == [("Q1", "2024/25"), ("Q2", "2024/25"), ("Q3", "2024/25"),
                                                           ("Q4", "2024/25")]
    assert [reading.roles.fields[k] for k in range(3, 7)] == ["month"] * 4
    plan = normalise_document(Document("grid.pdf", "pdf", [t]))
    assert plan.actions[0].active_months == ["2024-07", "2024-08", "2024-09", "2024-10", "2024-11", "2024-12"]


def test_no_title_column_takes_the_longest_text_with_a_warning():
    t = table([
        ["Milestone", "Lead", "Date"],
        ["Cabinet approves the revised housing allocations policy", "Head of Housing", "March 2025"],
        ["Consultation with registered providers closes", "Housing Manager", "June 2025"],
        ["New policy in force across the borough", "Head of Housing", "September 2025"],
    ])
    plan = normalise_document(Document("m.pdf", "pdf", [t]))
    assert [a.title for a in plan.actions][0] == "Cabinet approves the revised housing allocations policy"
    assert any("'Milestone'" in w and "longest text" in w for w in plan.warnings)


def test_a_status_legend_inside_a_plan_is_not_actions():
    plan_table = table(TASKS)
    legend = table([
        ["Status", "Meaning"],
        ["Complete", "The task is finished and signed off"],
        ["In progress", "Work has started and is on schedule"],
        ["Not started", "Work has not begun yet"],
        ["Delayed", "Work is behind the agreed timetable"],
    ])
    doc = Document("p.pdf", "pdf", [legend, Heading("Delivery plan", "section", 1, 1), plan_table])
    plan = normalise_document(doc)
    assert len(plan.actions) == 4
    assert any("key to statuses" in w for w in plan.warnings)


def test_a_table_of_figures_is_not_a_plan():
    t = table([
        ["Region", "2019", "2020", "2021"],
        ["North", "1,204", "1,310", "1,288"],
        ["South", "2,011", "2,140", "2,305"],
        ["East", "904", "877", "951"],
        ["West", "1,530", "1,602", "1,644"],
    ])
    with pytest.raises(NotAPlan, match="statistics"):
        normalise_document(Document("stats.pdf", "pdf", [t]))


def test_a_start_column_starts_the_action_and_the_finish_column_ends_it():
    plan = normalise_document(Document("tasks.pdf", "pdf", [table(TASKS)]))
    first = plan.actions[0]
    assert read_table(table(TASKS)).roles.fields[3] == "start"
    assert (first.start_month, first.due_month) == ("2024-04", "2024-04")
    assert first.timeframe_raw == "01/04/2024; 05/04/2024"
    assert (plan.actions[2].start_month, plan.actions[2].due_month) == ("2024-05", "2024-06")


def test_scores_beside_owners_and_statuses_leave_a_risk_register():
    """Likelihood, impact and score columns of figures: a risk register, not statistics; its
    'Risk' column of sentences is what each row describes (no column is worded as the action)."""
    rows = [["Risk ID", "Risk", "Likelihood", "Impact", "Score", "Risk owner", "Controls and mitigation", "Status"]]
    rows += [[f"CR0{k}", f"Failure of the {w} service during the winter months", str(k % 4 + 1), "4",
              str(4 * (k % 4 + 1)), "Head of Finance", f"Weekly review of the {w} service with partners",
              "Open" if k % 2 else "Closed"] for k, w in enumerate(("waste", "payroll", "library", "housing"), 1)]
    reading = read_table(table(rows))
    assert reading.verdict is None
    assert reading.roles.title_col == 1 and reading.roles.fields[5] == "lead"
    plan = normalise_document(Document("risks.pdf", "pdf", [table(rows)]))
    assert [a.status.value for a in plan.actions] == ["in_progress", "complete", "in_progress", "complete"]


def test_a_lone_bold_or_labelled_row_in_a_numbered_table_is_a_heading():
    """A Gantt print's summary rows (``Phase 2 – Build``, bold, no ID) head the tasks below them."""
    rows = [TASKS[0], ["", "Phase 1 – Discovery", "", "", "", ""], TASKS[1], TASKS[2],
            ["", "Delivery and launch", "", "", "", ""], TASKS[3], TASKS[4]]
    t = table(rows)
    t.rows[4].cells[1].bold = True
    plan = normalise_document(Document("tasks.pdf", "pdf", [t]))
    assert [(a.ref, a.section.ref if a.section else None, a.section.title if a.section else None, a.steps)
            for a in plan.actions] == [("1", "1", "Discovery", []), ("2", "1", "Discovery", []),
                                       ("3", None, "Delivery and launch", []), ("4", None, "Delivery and launch", [])]


def test_a_column_of_updates_opening_with_a_status_phrase_gives_the_status():
    rows = [["What we will do", "Who", "By when", "Where we are", "Ref"]]
    rows += [[f"Open a youth hub in the {w} of the district", "Youth Services Manager", "September 2025",
              f"{s} – work with the {w} schools and clubs", f"W{k}"]
             for k, (w, s) in enumerate((("north", "On track"), ("south", "Delayed"), ("east", "Complete")), 1)]
    plan = normalise_document(Document("young.pdf", "pdf", [table(rows)]))
    assert [a.status.value for a in plan.actions] == ["on_track", "behind", "complete"]
    assert [a.ref for a in plan.actions] == ["W1", "W2", "W3"]


def test_a_total_row_at_the_foot_is_no_action():
    rows = [["Scheme", "Lead officer", "Budget (£000)", "Spend to date (£000)", "Completion", "Status"],
            ["Resurface the A614 between Oakley and Ryde", "Highways Manager", "1,250", "980", "November 2025",
             "On track"],
            ["Replace street lighting with LED lanterns", "Street Lighting Engineer", "640", "655", "July 2025",
             "Complete"],
            ["Extend the Brook Lane park and ride", "Transport Planning Manager", "2,100", "310", "March 2027",
             "Delayed"],
            ["Total", "", "3,990", "1,945", "", ""]]
    plan = normalise_document(Document("capital.pdf", "pdf", [table(rows)]))
    assert [a.title for a in plan.actions] == [r[0] for r in rows[1:4]]


def test_key_value_rows_above_a_timetable_in_one_table_are_no_milestones():
    """Facts printed above a timetable in the same table (their date column holds prose) are not
    milestones; a dash is no timeframe; a two-row table of labelled dates is a timetable too."""
    rows = [["Role and subject / geographical coverage", "This will set out the development strategy and the "
             "policies for the three councils."],
            ["When adopted, will supersede", "The Joint Core Strategy 2011-2031 and the Borough Plan."],
            ["Timetable – Key Stage"],
            ["Evidence gathering and engagement (Regulation 18)", "February 2025 – April 2026"],
            ["Council approvals for the Pre-Submission plan", "May – July 2026"],
            ["Submission to the Secretary of State", "-"],
            ["Adoption (Regulation 26)", "TBC"]]
    t = table([r if len(r) == 2 else r + [""] for r in rows])
    t.rows[2].cells = [Cell(0, rows[2][0], col_span=2, page=1, bold=True)]
    plan = normalise_document(Document("lds.pdf", "pdf", [t]))
    assert [a.title for a in plan.actions] == [r[0] for r in rows[3:]]
    assert [(a.start_month, a.due_month) for a in plan.actions[:2]] == [("2025-02", "2026-04"), ("2026-05", "2026-07")]
    assert plan.actions[2].timeframe_raw is None
    assert any("read as facts" in w for w in plan.warnings)
    short = table([["", "2025 estimate"], ["Regulation 14 draft plan consultation", "2027"],
                   ["Regulation 15 submission", "2027"]], hint=1)
    assert [a.timeframe_raw for a in normalise_document(Document("n.pdf", "pdf", [short])).actions] == ["2027"] * 2


def test_one_label_value_card_per_action_reads_as_a_plan():
    """Cards (``Ref | A1``, ``Action | …``, ``Lead officer | …``, ``Deadline | …``, ``Status | …``,
    ``Progress | …``) are the plan table on its side: one action per card."""
    cards = []
    for ref, text, lead, due, status, note in (
            ("A1", "Adopt a climate action plan for the estate", "Climate Change Officer", "June 2025", "Complete",
             "Plan adopted by Full Council in June."),
            ("A2", "Switch the pool fleet to electric vehicles", "Fleet Manager", "March 2026", "In progress",
             "Eight of twenty vehicles replaced so far.")):
        cards.append(table([["Ref", ref], ["Action", text], ["Lead officer", lead], ["Deadline", due],
                            ["Status", status], ["Progress", note]]))
    key = table([["Status", "Meaning"], ["Complete", "Done and signed off"], ["In progress", "Under way"]])
    plan = normalise_document(Document("cards.pdf", "pdf", [*cards, Heading("Key", "text"), key]))
    assert [(a.ref, a.title, a.lead_raw, a.due_month, a.status.value, a.update_text) for a in plan.actions] == [
        ("A1", "Adopt a climate action plan for the estate", "Climate Change Officer", "2025-06", "complete",
         "Plan adopted by Full Council in June."),
        ("A2", "Switch the pool fleet to electric vehicles", "Fleet Manager", "2026-03", "in_progress",
         "Eight of twenty vehicles replaced so far.")]


def test_a_label_wrapped_over_two_header_rows_is_one_label():
    # a web print breaks "Progress rating" and "Target completion" into two header rows of one cell each
    t = table([
        ["Task ID", "Key actions", "Progress", "By whom", "Target", "Partners"],
        ["", "", "rating", "", "completion", ""],
        ["1.2.1", "Refurbish the harbour leisure centre changing rooms", "On track", "Head of Digital",
         "Ongoing", "Police and health"],
        ["1.2.2", "Referrals are made for every young person who presents as homeless", "Not started",
         "Head of Planning", "Throughout the plan", "Housing associations"],
        ["1.2.3", "Introduce a quarterly audit of plans for children in care", "In progress",
         "Waste Services Manager", "Annually", "Voluntary sector forum"],
    ], hint=2)
    assert settle_header(t) == 2
    assert [c.label for c in t.columns][2:5] == ["Progress rating", "By whom", "Target completion"]
