"""Where an action's status was read (Action.status_source), and colours that are no marks."""

from __future__ import annotations

from plantables.extract.model import Cell
from plantables.normalise.plan_fields import active_months, is_marked, row_background
from plantables.normalise.plan_status import rag_of, status_and_source


def test_status_sources_in_order_of_evidence():
    s, src = status_and_source(["Complete"], "On track - all done")
    assert (s.value, src) == ("complete", "column")
    s, src = status_and_source([], "On track - sessions weekly")
    assert (s.value, s.raw, src) == ("on_track", "On track", "phrase")
    s, src = status_and_source([], "Not yet progressed while the post is vacant")
    assert (s.value, s.confidence, src) == ("not_started", 0.5, "prose")
    s, src = status_and_source(["TBC"], "Planned for October")  # an unknown column gives way
    assert (s.value, src) == ("not_started", "prose")
    # only a RAG rating (a letter in the status column): no status, the letter is the rag
    assert status_and_source(["G"], None) == (None, None)
    assert rag_of([], [Cell(5, "G")]) == "green"
    assert status_and_source([], "Attendance to be reported") == (None, None)


def test_a_status_word_in_a_coloured_cell_gives_status_and_rag():
    cell = Cell(4, "COMPLETE", fill="#00B050")
    assert rag_of([], [cell]) == "green"
    assert status_and_source([cell.text], None)[0].value == "complete"


def test_row_shading_is_not_a_mark():
    band = "#DEEAF6"
    row = [("ref", Cell(0, "1.1", fill=band)), ("action", Cell(1, "Do it", fill=band)),
           ("month", Cell(2, "", fill=band)), ("month", Cell(3, "", fill="#4472C4"))]
    background = row_background([row])
    assert background == {band}
    assert not is_marked(row[2][1], background) and is_marked(row[3][1], background)
    grid = [("Q1 2024/25", row[2][1]), ("Q2 2024/25", row[3][1])]
    assert active_months(grid, period=None, background=background) == ["2024-07", "2024-08", "2024-09"]
    # a zebra-banded RAG cell is no colour either; a letter still is
    assert rag_of([Cell(5, "", fill=band)], [], background) is None
    assert rag_of([Cell(5, "G", fill=band)], [], background) == "green"


def test_unshaded_rows_have_no_background():
    row = [("ref", Cell(0, "1.1")), ("action", Cell(1, "Do it")), ("month", Cell(2, "", fill="#4472C4"))]
    assert row_background([row]) == frozenset()


def test_a_bar_merged_across_month_columns_marks_every_month():
    """Office files draw a Gantt bar as one cell merged over the months it runs (colspan)."""
    from plantables.extract.model import Column, Row, Table
    from plantables.normalise.action import build_action
    from plantables.normalise.grouping import Group, coverage
    from plantables.normalise.plan import Context

    labels = ["Ref", "Action", "Apr-24", "May-24", "Jun-24", "Jul-24"]
    table = Table([Column(i, t) for i, t in enumerate(labels)],
                  [Row([Cell(0, "1.1"), Cell(1, "Do it"), Cell(3, "", col_span=3, fill="#4472C4")])])
    fields = {0: "ref", 1: "action", 2: "month", 3: "month", 4: "month", 5: "month"}
    a = build_action(table, Group([0], table.rows[0].cells[0]), coverage(table), fields,
                     {i: t for i, t in enumerate(labels)}, 0, False, Context(), None, [])
    assert a.active_months == ["2024-05", "2024-06", "2024-07"]


def test_risk_register_codes_inside_other_cells():
    from plantables.normalise.plan_fields import risk_codes_in

    assert risk_codes_in(["Mitigates CYPF_RSK_11 and CYPF_RSK_4", "See RISK-04; CRR RISK 12"]) == [
        "CYPF_RSK_11", "CYPF_RSK_4", "RISK-04", "RISK 12"]
    assert risk_codes_in(["Risk of delay is high", "Q2 2024", "RISKS reviewed"]) == []
