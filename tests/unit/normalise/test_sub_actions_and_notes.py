"""Sub-actions lettered in an action's cell, a note across the table, a title block, a header under title rows."""

from __future__ import annotations

from pathlib import Path

from plantables.extract.model import Cell, Column, Document, Heading, Row, Table
from plantables.normalise.grouping import is_note
from plantables.normalise.header import settle_header
from plantables.normalise.plan_fields import title_and_steps
from plantables.normalise.titleblock import mark_title_block
from plantables.vocabulary.headings import classify_heading

FORMS = Path(__file__).resolve().parents[2] / "fixtures" / "adverse_forms"


def test_lettered_lines_under_a_title_are_its_steps():
    text = "Improve transition to adult services\na) Start planning at Year 9\nreviews\nb) Create a joint panel"
    assert title_and_steps(text) == ("Improve transition to adult services",
                                     ["Start planning at Year 9 reviews", "Create a joint panel"])
    assert title_and_steps("Review the policy\n(i) Consult staff\n(ii) Report to Cabinet")[1] == [
        "Consult staff", "Report to Cabinet"]


def test_letters_out_of_sequence_or_alone_are_text():
    assert title_and_steps("Plan the works\nb) second only")[1] == []
    assert title_and_steps("a) Survey homes\nb) Report")[1] == []  # no title line above the items
    assert title_and_steps("Buy 2 vans\nc) later\na) first")[1] == []
    # the criteria of one sentence, not sub-actions
    assert title_and_steps("Loss of offices will be resisted unless:\na) the site is not needed; or\n"
                           "b) it has been vacant for a year.")[1] == []


def _infos(text):
    return [classify_heading(text, in_table=True)]


def test_a_note_is_labelled_or_a_sentence_a_heading_is_neither():
    assert is_note("Notes: Twelve vans replaced.", _infos("Notes: Twelve vans replaced."))
    long = "Work on this action was paused while the service review took place."
    assert is_note(long, _infos(long))
    assert not is_note("Customer services", _infos("Customer services"))
    assert not is_note("Appendix A: Draft Monitoring Framework", _infos("Appendix A: Draft Monitoring Framework"))
    assert not is_note("Objective 2.1: Improve homes", _infos("Objective 2.1: Improve homes"))


def test_the_opening_headings_of_an_office_file_are_its_title_block():
    table = Table([Column(0, "Ref")], [Row([Cell(0, "1")])])
    doc = Document("x.docx", "docx", [Heading("Marsh Lane Borough Council", "section", 1),
                                      Heading("Community Safety Plan 2025-2027", "section", 2),
                                      Heading("Priority 1: Safer streets", "section", 2), table])
    mark_title_block(doc)
    assert [b.kind for b in doc.blocks[:3]] == ["title", "title", "section"]


def test_a_heading_seen_again_after_a_table_is_a_section():
    t1, t2 = (Table([Column(0, "Ref")], [Row([Cell(0, "1")])]) for _ in range(2))
    doc = Document("x.docx", "docx", [Heading("Plan 2025", "title", 1), Heading("Housing", "section", 2), t1,
                                      Heading("Transport", "section", 2), t2])
    mark_title_block(doc)
    assert doc.blocks[1].kind == "section"


def test_a_header_of_three_rows_under_title_rows_printed_in_the_grid():
    from plantables.extract.sniff import read_document

    table = read_document(str(FORMS / "tracker_three_rows.pdf")).tables[0]
    assert settle_header(table) == 3
    assert [c.label for c in table.columns] == ["ID", "Task", "Owner", "Start", "End", "RAG", "Comments"]
    assert [r.kind for r in table.rows[:2]] == ["heading", "heading"]


def test_a_team_leader_is_one_role():
    from plantables.normalise.leads import split_leads

    assert split_leads("Contact Centre Team Leader") == ["Contact Centre Team Leader"]
    assert split_leads("Team Leader Housing Officer") == ["Team Leader", "Housing Officer"]


def test_one_word_and_a_role_after_it_are_one_lead():
    from plantables.normalise.leads import split_leads

    assert split_leads("Health and Safety Manager") == ["Health and Safety Manager"]
    assert split_leads("Police and Health") == ["Police", "Health"]


def test_an_en_dash_between_months_is_a_range():
    from plantables.normalise.plan_fields import cell_months

    assert cell_months("Jan–Mar 2026", period=None) == ("2026-01", "2026-03")
    assert cell_months("2025–26", period=None) == (None, "2026-03")
    assert cell_months("Mar-26", period=None) == (None, "2026-03")


def test_a_status_after_the_date_opening_an_update():
    from plantables.normalise.plan_status import _update_status

    s = _update_status("Nov 2025: On track – backlog down from 600 to 240.")
    assert s is not None and (s.raw, s.value) == ("On track", "on_track")
    assert _update_status("March 2026 – the review will start") is None


def test_a_summary_row_counting_the_actions_is_a_total():
    from plantables.normalise.grouping import is_total_row

    assert is_total_row(Row([Cell(0, "Total: 10 actions", col_span=3), Cell(3, "4 complete")]))
    assert is_total_row(Row([Cell(0, "Total"), Cell(2, "9,040"), Cell(3, "3,685")]))
    assert not is_total_row(Row([Cell(0, "Total quality review"), Cell(1, "Head of Service")]))
