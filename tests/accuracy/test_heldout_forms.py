"""Plans in forms the layout generator never draws (``tests/fixtures/heldout_forms/``, ``adverse_forms/``).

A risk register, an MS Project-style Gantt print, a milestone timetable without refs, an action
plan in unusual order and wording, a two-row header, a capital programme with a total row, a
table whose header is printed on its first page only, one key/value card per action — made
through Chromium and reportlab by ``build.py`` there, with ground truth written from the content;
and ``adverse_forms`` (status first, three-row headers under title rows, notes rows, lettered
sub-actions, captions, NHS/university/council/risk-register looks …) through Writer, Calc,
Chromium and reportlab, each with its own .docx/.xlsx/.html where it has one; and ``adverse_forms2``
(a service plan fit to a page, key/value cards, question labels over a tfoot, recommendations
merged over actions, RAG as coloured dots, a table printed in two halves …); and ``adverse_forms3``
(RAG as the colour of the type, a three-level header, bars outside the tables, a label printed up
the side, footnote marks, a quarterly log, blank numbered rows, boxes two abreast … through
WeasyPrint and wkhtmltopdf too).
Each is imported end to end and scored field by field (:mod:`plantables.samples.scoring`; a plan
without refs is matched by title). ``benchmarks/heldout_accuracy.py`` prints the table.

Every document must keep the accuracy reached so far (``FLOOR``: fields right, actions found);
the held-out target is ≥ 97 % of actions found and ≥ 95 % of fields right, which documents still
short of it (``SHORT``, with the cause) do not assert yet.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from plantables.samples.scoring import import_and_score

FORMS = Path(__file__).resolve().parents[1] / "fixtures" / "heldout_forms"
#: more layouts the generator does not draw, in every format (``test_adverse_forms.py`` checks each fix)
ADVERSE = Path(__file__).resolve().parents[1] / "fixtures" / "adverse_forms"
#: and a second such set (``test_adverse_forms2.py`` checks each fix)
ADVERSE2 = Path(__file__).resolve().parents[1] / "fixtures" / "adverse_forms2"
#: and a third (``test_adverse_forms3.py`` checks each fix)
ADVERSE3 = Path(__file__).resolve().parents[1] / "fixtures" / "adverse_forms3"
FILES = sorted((p for p in [*FORMS.glob("*.pdf"), *ADVERSE.iterdir(), *ADVERSE2.iterdir(),
                             *ADVERSE3.iterdir()]
                if not p.name.endswith((".json", ".py")) and Path(f"{p}.expected.json").exists()), key=lambda p: p.name)

#: (fields right, actions found) reached so far: a floor, so a change cannot quietly lose ground
FLOOR: dict[str, tuple[float, float]] = {
    "action_cards.pdf": (0.99, 1.0),
    "capital_programme.pdf": (0.99, 1.0),
    "continued_pages.pdf": (0.985, 1.0),
    "gantt_delivery.pdf": (0.99, 1.0),
    "milestone_timetable.pdf": (0.99, 1.0),
    "risk_register.pdf": (0.99, 1.0),
    "two_row_header.pdf": (0.99, 1.0),
    "where_we_are.pdf": (0.99, 1.0),
    # tests/fixtures/adverse_forms
    "caption_th.html": (0.99, 1.0),
    "caption_th.pdf": (0.99, 1.0),
    "committee_report.docx": (0.995, 1.0),
    "committee_report.pdf": (0.995, 1.0),
    "dated_status.html": (0.995, 1.0),
    "dated_status.pdf": (0.995, 1.0),
    "dates_mix.docx": (0.995, 1.0),
    "dates_mix.pdf": (0.995, 1.0),
    "guidance_then_plan.pdf": (0.99, 1.0),
    "guidance_then_plan.xlsx": (0.995, 1.0),
    "lead_first.pdf": (0.99, 1.0),
    "narrative_then_plan.docx": (0.995, 1.0),
    "narrative_then_plan.pdf": (0.995, 1.0),
    "nhs_plan.html": (0.99, 1.0),
    "nhs_plan.pdf": (0.99, 1.0),
    "notes_rows.html": (0.99, 1.0),
    "notes_rows.pdf": (0.99, 1.0),
    "objective_captions.pdf": (0.99, 1.0),
    "objective_in_table.docx": (0.995, 1.0),
    "objective_in_table.pdf": (0.995, 1.0),
    "risk_scores.pdf": (0.995, 1.0),
    "risk_scores.xlsx": (0.995, 1.0),
    "risk_words.docx": (0.99, 1.0),
    "risk_words.pdf": (0.99, 1.0),
    "status_first.docx": (0.995, 1.0),
    "status_first.pdf": (0.98, 1.0),
    "status_first_tracker.pdf": (0.99, 1.0),
    "status_first_tracker.xlsx": (0.99, 1.0),
    "sub_actions.docx": (0.99, 1.0),
    "sub_actions.pdf": (0.99, 1.0),
    "sub_rows.html": (0.995, 1.0),
    "sub_rows.pdf": (0.995, 1.0),
    "symbols_summary.html": (0.995, 1.0),
    "symbols_summary.pdf": (0.995, 1.0),
    "tick_grid.docx": (0.99, 1.0),
    "tick_grid.pdf": (0.98, 1.0),
    "title_bar.html": (0.99, 1.0),
    "title_bar.pdf": (0.99, 1.0),
    "tracker_three_rows.pdf": (0.99, 1.0),
    "tracker_three_rows.xlsx": (0.99, 1.0),
    "university_plan.pdf": (0.99, 1.0),
    "university_plan.xlsx": (0.99, 1.0),
    # adverse_forms2
    "calc_title_pages.pdf": (1.0, 1.0),
    "calc_title_pages.xlsx": (1.0, 1.0),
    "kpis_then_actions.docx": (1.0, 1.0),
    "kpis_then_actions.pdf": (1.0, 1.0),
    "kv_cards.docx": (1.0, 1.0),
    "kv_cards.pdf": (1.0, 1.0),
    "labelled_lines.docx": (1.0, 1.0),
    "labelled_lines.pdf": (1.0, 1.0),
    "objective_rows_in_column.pdf": (1.0, 1.0),
    "objective_rows_in_column.xlsx": (1.0, 1.0),
    "percent_status.pdf": (1.0, 1.0),
    "question_tfoot.html": (1.0, 1.0),
    "question_tfoot.pdf": (1.0, 1.0),
    "rag_glyphs.html": (1.0, 1.0),
    "rag_glyphs.pdf": (1.0, 1.0),
    "recommendations.docx": (1.0, 1.0),
    "recommendations.pdf": (1.0, 1.0),
    "sections_landscape.docx": (1.0, 1.0),
    "sections_landscape.pdf": (0.995, 1.0),  # one raised footnote mark stays ("priority4": its note on another page)
    "service_plan_fit.pdf": (1.0, 1.0),
    "service_plan_fit.xlsx": (1.0, 1.0),
    "shared_status.docx": (1.0, 1.0),
    "shared_status.pdf": (1.0, 1.0),
    "side_by_side.pdf": (1.0, 1.0),
    "wide_no_fit.pdf": (0.67, 1.0),
    "wide_no_fit.xlsx": (1.0, 1.0),
    # adverse_forms3
    "action_boxes.html": (1.0, 1.0),
    "action_boxes.pdf": (1.0, 1.0),
    "alternating_sizes.html": (1.0, 1.0),
    "alternating_sizes.pdf": (0.44, 0.66),
    "coloured_letters_calc.pdf": (0.99, 1.0),  # the prose status clause cut at 'with' ('the … service under way')
    "coloured_letters_calc.xlsx": (0.99, 1.0),
    "directorate_bars.pdf": (1.0, 1.0),
    "footnote_marks.html": (1.0, 1.0),
    "footnote_marks.pdf": (1.0, 1.0),
    "numbered_objectives_odt.odt": (1.0, 1.0),
    "numbered_objectives_odt.pdf": (1.0, 1.0),
    "quarter_log.pdf": (1.0, 1.0),
    "quarter_log.xlsx": (1.0, 1.0),
    "rag_font_colour.html": (1.0, 1.0),
    "rag_font_colour.pdf": (1.0, 1.0),
    "rotated_objective.pdf": (1.0, 1.0),
    "school_colour_words.docx": (1.0, 1.0),
    "school_colour_words.pdf": (1.0, 1.0),
    "stacked_cards.docx": (1.0, 1.0),
    "stacked_cards.pdf": (1.0, 1.0),
    "subtotals_placeholders.docx": (1.0, 1.0),
    "subtotals_placeholders.pdf": (1.0, 1.0),
    "three_level_header.html": (1.0, 1.0),
    "three_level_header.pdf": (1.0, 1.0),
    "vertical_objective_docx.docx": (1.0, 1.0),
    "vertical_objective_docx.pdf": (1.0, 1.0),
}
#: why a document is still short of the held-out target
SHORT: dict[str, str] = {
    "alternating_sizes.pdf": "WeasyPrint's unruled table of rows in two sizes (a bold summary line over a small "
                             "detail line across four columns) is read with cells run together and its last two "
                             "rows as paragraphs under it: E and F lost, titles in the updates",
    "wide_no_fit.pdf": "Calc prints the sheet's last columns on pages of their own (no fit to width); the pages are "
                       "read as separate tables, not joined side by side: lead, dates, status, progress lost",
}


def test_corpus_is_there():
    assert len(FILES) >= 48 + 26
    assert set(FLOOR) == {p.name for p in FILES}


@pytest.fixture(scope="module")
def scores(tmp_path_factory) -> dict[str, object]:
    url = f"sqlite:///{tmp_path_factory.mktemp('forms') / 'plantables.db'}"
    return {s.file: s for s in import_and_score(FILES, url)}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_keeps_the_accuracy_reached(path, scores):
    s = scores[path.name]
    fields, found = FLOOR[path.name]
    assert s.accuracy >= fields - 1e-9, s.problems[:20]
    assert s.found >= found * s.actions, s.lost


@pytest.mark.parametrize("path", [
    pytest.param(p, marks=[pytest.mark.xfail(reason=SHORT[p.name], strict=True)] if p.name in SHORT else [],
                 id=p.name) for p in FILES])
def test_meets_the_held_out_target(path, scores):
    """≥ 97 % of actions found (none extra or twice), ≥ 95 % of fields right."""
    s = scores[path.name]
    assert s.found >= 0.97 * s.actions and not s.duplicated and not s.extra, (s.lost, s.duplicated, s.extra)
    assert s.accuracy >= 0.95, s.problems[:20]
