"""Plans made a way the samples never were: python-docx tables → LibreOffice PDF.

``tests/fixtures/heldout/`` holds five invented councils' plans (an A-like
and a B-like plan, three other layouts; tagged and untagged; real vertical
merges, repeated header rows, cell shading) with ground truth written by
their generator. Each is imported end to end through
:func:`plantables.pipeline.import_paths` into SQLite and scored field by field
(:mod:`plantables.samples.scoring`, the samples' comparison rules; the
per-field table is printed by ``benchmarks/heldout_accuracy.py``). Issue 3's criterion is ≥ 97 % of fields right with
no action lost or duplicated: documents still short of it are marked xfail
with the cause, and every document must at least keep the accuracy reached so
far. The fixes behind the scores each have a test on the fixture below.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from plantables.extract.pdf.engine import extract_tables
from plantables.extract.pdf.page import read_pages
from plantables.samples.scoring import import_and_score, truth_of
from plantables.vocabulary.fields import looks_like_period_label

ROOT = Path(__file__).resolve().parents[2]
HELDOUT = ROOT / "tests" / "fixtures" / "heldout"


FILES = sorted(p for p in HELDOUT.glob("*.pdf") if Path(f"{p}.expected.json").exists())


#: accuracy reached so far (fraction of fields right): a floor, so a change cannot quietly lose ground
FLOOR = {
    "ashcombe_2018_19.pdf": 0.99,
    "brackenfield_2021_22.pdf": 0.99,
    "fenwick_2024_25.pdf": 0.99,
    "marston_vale_2022_23.pdf": 0.99,
    "oakhurst_2025_26.pdf": 0.99,
}
#: why a document is still short of 97 % (see the report of benchmarks/heldout_accuracy.py --problems)
SHORT: dict[str, str] = {}


def test_corpus_is_there():
    assert len(FILES) >= 5
    for path in FILES:
        truth = truth_of(path)
        assert truth["pages"] >= 6 and truth["actions"], path.name


@pytest.fixture(scope="module")
def scores(tmp_path_factory) -> dict[str, object]:
    url = f"sqlite:///{tmp_path_factory.mktemp('heldout') / 'plantables.db'}"
    return {s.file: s for s in import_and_score(FILES, url)}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_keeps_the_accuracy_reached(path, scores):
    s = scores[path.name]
    assert s.accuracy >= FLOOR[path.name], s.problems[:20]
    assert not s.duplicated and not s.extra or path.name in SHORT


@pytest.mark.parametrize("path", [
    pytest.param(p, marks=[pytest.mark.xfail(reason=SHORT[p.name], strict=False)] if p.name in SHORT else [],
                 id=p.name) for p in FILES])
def test_meets_issue_3(path, scores):
    """≥ 97 % of fields right, no action lost or duplicated."""
    s = scores[path.name]
    assert not s.lost and not s.duplicated and not s.extra
    assert s.accuracy >= 0.97, s.problems[:20]


# --- the fixes, each on the fixture that showed the problem ------------------------------------


def test_glyph_tight_boxes_keep_dots_on_their_line():
    """LibreOffice's fonts declare no ascent/descent: pdfium's loose boxes are then the glyphs'
    own, and the dots of '1.1.1' sat below the digits (the NOS cell read '1 1 1 / . .')."""
    page = next(read_pages(HELDOUT / "ashcombe_2018_19.pdf", [1]))
    words = [w["text"] for w in page.words]
    assert "1.1.1" in words and "." not in words
    sizes = {round(c["bottom"] - c["top"], 2) for c in page.chars if c["size"] == 8.0 and not c["text"].isspace()}
    assert sizes == {8.0}
    nos = [r.cells[0].text for t in extract_tables(str(HELDOUT / "ashcombe_2018_19.pdf"), pages=[1])
           for r in t.rows if r.kind == "data" and r.cells and r.cells[0].col == 0]
    assert "1.1.1" in nos


def test_line_end_hyphen_is_a_hyphen():
    """pdfium marks a hyphen that ends a line as U+0002; it is a printed hyphen ('Apr-' over '24')."""
    page = next(read_pages(HELDOUT / "fenwick_2024_25.pdf", [1]))
    text = "".join(c["text"] for c in page.chars)
    assert "\x02" not in text and "Apr-" in text


def test_month_label_wrapped_at_its_hyphen():
    assert looks_like_period_label("Apr- 24") and looks_like_period_label("Apr-\n24")
    assert looks_like_period_label("23- Sep")
    assert not looks_like_period_label("Lead")


def test_tags_that_drop_empty_cells_give_way_to_the_rules():
    """The tagged B-like plan: LibreOffice leaves empty month cells out of the structure tree, so the
    tags put the measures under a month; the ruled grid keeps every cell in its column."""
    tables = extract_tables(str(HELDOUT / "fenwick_2024_25.pdf"), pages=[1])
    grid = max(tables, key=lambda t: len(t.columns))
    assert len(grid.columns) == 19
    first = next(r for r in grid.rows if r.kind == "data" and r.cell(2) is not None and r.cell(2).text[:1].isdigit())
    by_col = {c.col: c for c in first.cells}
    assert by_col[18].fill is not None  # the RAG colour, in the last column
    assert by_col[16].text.startswith(("Vacancy", "Audit", "Fewer", "Feedback", "Target"))


def test_ligature_chars_are_not_taken_for_a_char_drawn_twice():
    """LibreOffice's 'ff' ligature is one glyph mapped to two chars at one box: both are kept."""
    page = next(read_pages(HELDOUT / "brackenfield_2021_22.pdf", [1]))
    assert "Staff" in [w["text"] for w in page.words]


def test_bullets_start_steps_and_a_wrapped_bullet_carries_on():
    """Ashcombe's How? cells: '• step' wrapped over lines is one step, its bullet dropped."""
    from plantables.normalise.plan_fields import join_steps
    assert join_steps(["• Run two workshops with\npractitioners", "• Write the draft and\nCirculate"]) == [
        "Run two workshops with practitioners", "Write the draft and Circulate"]
    assert join_steps(["Intro line\n• One\n▪ Two\nwrapped"]) == ["Intro line", "One", "Two wrapped"]
    assert join_steps(["May 2018 –\nDec 2018"]) == ["May 2018 – Dec 2018"]
    steps = [s for t in extract_tables(str(HELDOUT / "ashcombe_2018_19.pdf"), pages=[1]) for r in t.rows
             if r.kind == "data" for c in r.cells if c.col == 3 for s in join_steps([c.text])]
    assert "Run two workshops with practitioners" in steps and not any(s.startswith("•") for s in steps)


def _oakhurst_table(page: int):
    return max(extract_tables(str(HELDOUT / "oakhurst_2025_26.pdf"), pages=[page]), key=lambda t: len(t.rows))


def test_rule_banded_rows_keyed_on_the_ref_column_not_a_wrapped_name():
    """Oakhurst: rules between actions, the lead officer (wrapped) in the first column and the ref
    second: a band is one action, the name's second line no new record."""
    rows = [r for r in _oakhurst_table(1).rows if r.kind == "data" and r.cell(1) is not None and r.cell(1).text]
    assert [r.cell(1).text for r in rows][:3] == ["1.1", "1.2", "1.3"]
    assert " ".join(rows[0].cell(0).text.split()) == "Workforce Development Lead"


@pytest.mark.parametrize("page", [1, 2, 3])
def test_quarter_columns_from_their_shading_the_same_on_every_page(page):
    """Quarter cells with no text, labels too close for a gutter: the shaded cells' sides are the
    column bounds, so each page has the same ten columns and the group label heads all four."""
    table = _oakhurst_table(page)
    assert len(table.columns) == 10
    quarters = next(r for r in table.rows if any(c.text == "Q1" for c in r.cells))
    assert {c.col: c.text for c in quarters.cells if c.text} == {4: "Q1", 5: "Q2", 6: "Q3", 7: "Q4"}
    group = next(c for r in table.rows for c in r.cells if c.text == "2025/26")
    assert (group.col, group.col_span) == (4, 4)
    status = next(c for r in table.rows for c in r.cells if c.text == "Status")
    assert (status.col, status.col_span) == (8, 1)


def test_quarter_sub_labels_are_header_and_take_the_group_year():
    """'Q1'..'Q4' under '2025/26' (not bold): a header row, and each column stands for its quarter."""
    from plantables.normalise.plan import grid_label
    table = _oakhurst_table(1)
    quarters = [c for c in table.columns if c.group == "2025/26"]
    assert [c.label for c in quarters] == ["Q1", "Q2", "Q3", "Q4"]
    assert [grid_label(c) for c in quarters][-1] == "Q4 2025/26"


def test_section_row_and_repeated_header_inside_a_rule_banded_table():
    """Oakhurst page 2: '2. Healthy communities' alone between rules is a heading row across the
    table; the header repeated under it is no action's text."""
    from plantables.extract.model import Document, Heading
    from plantables.normalise.grouping import repeats_header
    from plantables.normalise.plan import normalise_document
    table = _oakhurst_table(2)
    heading = next(r for r in table.rows if r.kind == "heading")
    assert heading.cells[0].text.startswith("2.") and heading.cells[0].col_span == len(table.columns)
    assert any(repeats_header(r, table) for r in table.rows if r.kind == "data")
    plan = normalise_document(Document("oakhurst.pdf", "pdf", [Heading("1. Housing and homelessness"), table]))
    by_ref = {a.ref: a for a in plan.actions}
    assert by_ref["2.1"].section.ref == "2" and by_ref["2.1"].objective is None
    assert "Lead Officer" not in (by_ref["1.8"].lead_raw or "")


def test_empty_cells_left_out_of_the_tags_come_from_the_ruled_grid():
    """Brackenfield's section 1 is read from the tags, which leave the textless RAG cells out:
    the ruled grid under it still has them, with their colour."""
    table = extract_tables(str(HELDOUT / "brackenfield_2021_22.pdf"), pages=[1], stitch=False)[0]
    rags = [r.cell(6) for r in table.rows if r.kind == "data" and r.cell(0) is not None and r.cell(0).text[:1].isdigit()]
    assert len(rags) >= 9 and all(c is not None and not c.text for c in rags)
    assert [c.fill for c in rags[:3]] == ["#FF0000", "#FFC000", "#FFC000"]


def test_a_heading_across_a_month_grid_leaves_the_grid_ruled():
    """Fenwick page 1: 'CHILDREN IN CARE' across the table has words that happen to fall in
    separate narrow month columns; a space apart they are one phrase, not values in columns, so
    the ruled grid stands (two header rows, every month column under 'Timeframe')."""
    from plantables.normalise.plan import column_fields
    table = extract_tables(str(HELDOUT / "fenwick_2024_25.pdf"), pages=[1], stitch=False)[0]
    assert [r.kind for r in table.rows[:3]] == ["header", "header", "heading"]
    headings = [r.cells[0].text for r in table.rows if r.kind == "heading"]
    assert headings == ["CHILDREN IN CARE", "PRACTICE STANDARDS"]
    assert [c.group for c in table.columns[4:16]] == ["Timeframe"] * 12
    assert list(column_fields(table).values()).count("month") == 12


def test_a_word_broken_at_a_narrow_cells_edge_is_joined_again():
    """Brackenfield's lead column is too narrow for 'Safeguarding': the glyphs run to the edge and
    'g' goes on the next line. A full line of one word, the next going on in lower case, is one
    word; lines wrapped at a space keep their break."""
    table = extract_tables(str(HELDOUT / "brackenfield_2021_22.pdf"), pages=[1], stitch=False)[0]
    leads = [c.text for r in table.rows if r.kind == "data" for c in r.cells if c.col == 3]
    assert "Service\nManager,\nSafeguarding" in leads and "Director of\nHousing /\nFinance\nManager" in leads
    assert not any(line in ("g", "ng") for t in leads for line in t.split("\n"))
    assert table.columns[4].label == "Target\nCompletion Date"
    actions = [c.text for r in table.rows if r.kind == "data" for c in r.cells if c.col == 2]
    assert actions[0].startswith("Commission an independent\nreview of fostering fees.")


def test_justified_and_ragged_lines_of_whole_words_keep_their_breaks(peers_dir):
    """ICDAR eu-003: justified cells run every line to the edge ('Reclassification' over 'from'),
    and a ragged cell's one-word line short of its widest ('requirements' over 'were'): whole words."""
    texts = [c.text for t in extract_tables(str(peers_dir / "icdar2013" / "competition-dataset-eu" / "eu-003.pdf"))
             for r in t.rows for c in r.cells]
    assert sum(t.startswith("Reclassification\nfrom ") for t in texts) == 4
    assert any("\nrequirements\nwere stricter" in t for t in texts)


def _row_of(table, col: int, start: str):
    return next(r for r in table.rows if r.cell(col) is not None and r.cell(col).text.startswith(start))


def test_a_row_broken_at_a_page_foot_whose_ref_is_empty_or_runs_on_is_joined():
    """The rest of a row broken by the page break leaves the ref column empty (brackenfield 2.2,
    its lead's second line 'Manager, …' capitalised) or carries its ref cell on in lower case
    (fenwick 1.4.2 '… with the' / 'voluntary sector'): its texts join the row above; the next
    row, with its own ref, stays a row."""
    brack = extract_tables(str(HELDOUT / "brackenfield_2021_22.pdf"), pages=[1, 2])[1]
    row = _row_of(brack, 0, "2.2")
    assert row.cell(3).text == "Service\nManager,\nSafeguarding" and row.cell(5).text == "In\nprogress"
    assert row.cell(2).text.startswith("Refresh the corporate risk\nmanagement policy.")
    assert _row_of(brack, 0, "2.3").cell(2).text.startswith("Map the journey")
    fen = extract_tables(str(HELDOUT / "fenwick_2024_25.pdf"), pages=[1, 2])[0]
    row = _row_of(fen, 2, "1.4.2")
    assert row.cell(2).text.endswith("with the\nvoluntary sector") and row.cell(3).text == "Head of Early\nHelp"
    assert not any(c.text.startswith("voluntary") for r in fen.rows for c in r.cells)


def test_a_compound_wrapped_at_its_hyphen_loses_the_line_break_not_the_hyphen():
    """Oakhurst (columns from alignment): 'trauma-' ends a full line, 'informed' goes on below:
    one word 'trauma-informed'; a line that ends in a whole word keeps its break."""
    texts = [c.text for p in (4, 6) for r in _oakhurst_table(p).rows for c in r.cells]
    assert any("trauma-informed" in t for t in texts)
    assert not any("trauma-\n" in t or "trauma- " in t for t in texts)
    assert any("\n" in t and len(t.split()) > 3 for t in texts)
