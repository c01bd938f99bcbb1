"""Where an action's status was read (Action.status_source), and colours that are no marks."""

from __future__ import annotations

from plantables.extract.model import Cell
from plantables.normalise.plan_fields import active_months, is_marked, rag_of, row_background, status_and_source


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
