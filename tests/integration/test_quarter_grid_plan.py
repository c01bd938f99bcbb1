"""A plan printed from a browser (tests/fixtures/chromium/quarter_grid.html): a quarter grid under
a '2024/25' group header, zebra bands on every second row, objectives numbered in a merged cell,
bold action titles over bullet steps, status as a bold leading phrase or in prose, RAG letters."""

from __future__ import annotations

from pathlib import Path

import pytest

from plantables.pipeline.read import read_plan

PDF = Path(__file__).resolve().parents[1] / "fixtures" / "chromium" / "quarter_grid.pdf"


@pytest.fixture(scope="module")
def actions():
    return {a.ref: a for a in read_plan(PDF).actions}


def test_bold_title_over_bullets_is_title_and_steps(actions):
    a = actions["1.1"]
    assert a.title == "Launch the family hub network"
    assert a.steps == ["Open three hubs", "Recruit hub coordinators"]
    assert [x.title for x in actions.values()] == ["Launch the family hub network", "Review the front door",
                                                    "Practice standards refreshed", "Audit programme"]


def test_numbered_objective_in_a_merged_cell(actions):
    assert actions["1.2"].objective.ref == "1" and actions["1.2"].objective.text == "Ensure that families get help early"
    assert actions["2.1"].objective.ref == "2"


def test_quarter_grid_months_and_zebra_bands_are_no_marks(actions):
    q = {"Q1": ["2024-04", "2024-05", "2024-06"], "Q2": ["2024-07", "2024-08", "2024-09"],
         "Q3": ["2024-10", "2024-11", "2024-12"], "Q4": ["2025-01", "2025-02", "2025-03"]}
    assert actions["1.1"].active_months == q["Q1"] + q["Q2"]
    assert actions["1.2"].active_months == q["Q2"] + q["Q3"]  # its Q1 and Q4 cells carry the band only
    assert actions["2.2"].active_months == q["Q1"] + q["Q2"] + q["Q3"] + q["Q4"]
    assert (actions["2.1"].start_month, actions["2.1"].due_month) == ("2024-10", "2025-03")


def test_status_sources_and_rag_letters(actions):
    got = {r: (a.status.value, a.status_source, a.rag) for r, a in actions.items()}
    assert got == {
        "1.1": ("on_track", "phrase", "green"),
        "1.2": ("not_started", "prose", "amber"),
        "2.1": ("complete", "phrase", "green"),
        "2.2": ("complete", "prose", "red"),
    }
    assert actions["1.2"].status.confidence < actions["1.1"].status.confidence


def test_a_bold_status_opening_an_update_without_a_separator(actions):
    """'**Complete** standards published in May …': no dash or colon after the status; its bold
    run says where the status ends (the PDF reader's runs of bold and plain words)."""
    s = actions["2.1"].status
    assert (s.raw, s.value, actions["2.1"].status_source) == ("Complete", "complete", "phrase")


def test_small_print_bullets_drawn_as_specks_and_bold_titles_without_rules():
    """tests/fixtures/chromium/small_bullets.pdf (a randomised layout, seed 950005: no rules, 6 pt
    text): the list's disc is a 1.5 pt drawing, no glyph, and the table's cells are cut by the
    column finder, not a grid. The bold title over the bullets is the title, each bullet a step."""
    pdf = PDF.parent / "small_bullets.pdf"
    actions = {a.ref: a for a in read_plan(pdf).actions}
    a = actions["1.1.1"]
    assert a.title == "Return conversations offered within 72 hours of a child being found"
    assert a.steps == ["Review after six months", "Procure a delivery partner", "Report findings to cabinet"]
    assert actions["1.1.2"].title == "Replace the customer contact system and retire the old telephony platform"
    assert actions["1.1.2"].steps == ["Draft the brief and agree it with the portfolio holder",
                                      "Report findings to cabinet", "Train staff in the new process"]
    assert sum(len(x.steps) >= 2 for x in actions.values()) >= 12
