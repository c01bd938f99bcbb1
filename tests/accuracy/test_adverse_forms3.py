"""A third set of plans in layouts no other fixture draws (``tests/fixtures/adverse_forms3/``).

RAG given by the colour of the type (no fill) in HTML, PDF, Word and Excel, a three-level header
with directorate rows across the table, directorate bars outside the tables, an objective printed
up the side of a merged cell, footnote marks glued to words, a quarterly progress log, theme
totals and blank numbered rows, action boxes two abreast numbered by headings above them, a
``Timescale / progress`` column, each through a producer the other sets use little (WeasyPrint,
wkhtmltopdf) or a real one (Chromium, reportlab, Writer from .docx and .odt, Calc).

Each document's floor and the held-out target are asserted with the other hand-made layouts'
(``test_heldout_forms.py``: ``FLOOR``, ``SHORT``); the fixes these documents showed are checked
field by field here, so a fault that comes back fails by name.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from plantables.samples.scoring import import_and_score

FORMS = Path(__file__).resolve().parents[1] / "fixtures" / "adverse_forms3"
FILES = sorted(p for p in FORMS.iterdir() if not p.name.endswith((".json", ".py"))
               and Path(f"{p}.expected.json").exists())


@pytest.fixture(scope="module")
def scores(tmp_path_factory) -> dict[str, object]:
    url = f"sqlite:///{tmp_path_factory.mktemp('adverse3') / 'plantables.db'}"
    return {s.file: s for s in import_and_score(FILES, url)}


def _field(score, name: str) -> float:
    return score.hits[name] / max(1, score.actions)


@pytest.mark.parametrize("name", ["rag_font_colour.html", "rag_font_colour.pdf", "school_colour_words.docx",
                                  "school_colour_words.pdf", "coloured_letters_calc.xlsx",
                                  "coloured_letters_calc.pdf"])
def test_a_status_printed_in_its_colour_gives_the_rag(name, scores):
    s = scores[name]  # 'On track' in green type, no fill; 'G' in a RAG column in green type
    assert _field(s, "rag") == 1.0, s.problems[:5]


@pytest.mark.parametrize("name", ["quarter_log.xlsx", "quarter_log.pdf"])
def test_the_latest_quarter_of_a_progress_log_is_the_update(name, scores):
    s = scores[name]  # Q1 RAG | Q1 update | Q2 RAG | Q2 update | Q3 … (empty): Q2's
    assert _field(s, "update_text") == 1.0 and _field(s, "rag") == 1.0, s.problems[:5]


@pytest.mark.parametrize("name", ["subtotals_placeholders.docx", "subtotals_placeholders.pdf",
                                  "coloured_letters_calc.xlsx", "coloured_letters_calc.pdf"])
def test_blank_numbered_rows_and_named_totals_are_no_actions(name, scores):
    s = scores[name]  # '1.4' alone; 'Repairs – total actions: 3 | 1 complete'
    assert not s.extra and not s.duplicated, (s.extra, s.duplicated)


@pytest.mark.parametrize("name", ["footnote_marks.html", "footnote_marks.pdf"])
def test_footnote_marks_are_no_part_of_the_text(name, scores):
    s = scores[name]  # 'week<sup>1</sup>' (a raised 1 in the PDF, its note under the table), 'Chief Nurse*'
    assert _field(s, "title") == 1.0 and _field(s, "lead_raw") == 1.0 and _field(s, "leads") == 1.0, \
        s.problems[:5]


@pytest.mark.parametrize("name", ["action_boxes.html", "action_boxes.pdf", "stacked_cards.docx",
                                  "stacked_cards.pdf"])
def test_a_heading_over_a_card_numbers_it(name, scores):
    # 'Action 2.1' over an Action: | Lead: | Due: | Progress: box, boxes two abreast; cards one under
    # another, which Writer's PDF prints so close that the reader joins them, headings and all
    s = scores[name]
    assert s.found == s.actions and not s.extra and _field(s, "section_title") == 1.0, (s.lost, s.problems[:5])


@pytest.mark.parametrize("name", ["three_level_header.html", "three_level_header.pdf"])
def test_unnumbered_rows_across_the_table_are_its_sections(name, scores):
    s = scores[name]  # 'Place Directorate', 'People Directorate' rows over their actions
    assert _field(s, "section_title") == 1.0, s.problems[:5]


def test_the_first_bar_over_a_repeated_header_is_a_heading(scores):
    s = scores["directorate_bars.pdf"]  # 'CHILDREN AND FAMILIES' over the first 'No. | Improvement action …'
    assert _field(s, "section_title") == 1.0, s.problems[:5]


@pytest.mark.parametrize("name", ["rotated_objective.pdf", "vertical_objective_docx.docx",
                                  "vertical_objective_docx.pdf"])
def test_an_objective_printed_up_the_side_is_read(name, scores):
    # 'Objective 2: Protecting vulnerable people' turned a quarter (reportlab; Word's btLr, two only)
    s = scores[name]
    assert _field(s, "objective_ref") == 1.0 and _field(s, "objective_text") == 1.0, s.problems[:5]


@pytest.mark.parametrize("name", ["numbered_objectives_odt.odt", "numbered_objectives_odt.pdf"])
def test_a_timescale_and_progress_column_gives_both(name, scores):
    s = scores[name]  # 'Sept 2025 onwards' over 'Attendance at 88% …'; 'Termly' over 'Autumn audit scheduled.'
    assert _field(s, "timeframe_raw") == 1.0 and _field(s, "update_text") == 1.0, s.problems[:5]


@pytest.mark.parametrize("name", ["school_colour_words.docx", "school_colour_words.pdf"])
def test_partially_achieved_is_in_progress(name, scores):
    s = scores[name]
    assert _field(s, "status") == 1.0, s.problems[:5]


def test_items_lettered_alone_are_refs(scores):
    s = scores["alternating_sizes.html"]  # 'Item' A, B, C … (A and B are no RAG letters there)
    assert s.found == s.actions and _field(s, "action_ref_raw") == 1.0, (s.lost, s.problems[:5])
