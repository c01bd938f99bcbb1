"""Ruled tables broken by a page, on PDFs of the layout corpus: a merged cell left open at the
page foot keeps its text, a heading row opening the next page stays a row of its own, the rest of
a row whose empty cells drew no rules joins its row, bulleted cells do not make a ruled grid look
open, and glyphs a browser printed one by one on a scaled page make whole words."""

from __future__ import annotations

from pathlib import Path

from plantables.extract.pdf.engine import extract_tables
from plantables.extract.pdf.page import read_pages
from plantables.extract.pdf.text import chars_to_words

LAYOUTS = Path(__file__).resolve().parents[3] / "fixtures" / "layouts"


def rows_of(name: str) -> list[list[str]]:
    """Each row's cell texts (whitespace collapsed) of every stitched table of a corpus PDF."""
    return [[" ".join(c.text.split()) for c in r.cells] for t in extract_tables(str(LAYOUTS / name)) for r in t.rows]


def row_starting(rows: list[list[str]], first: str) -> list[str]:
    return next(r for r in rows if r and r[0] == first)


def test_a_merged_cell_open_at_the_page_foot_keeps_its_text():
    """Calc draws an objective merged over rows that run onto the next page without a bottom rule."""
    row = row_starting(rows_of("layout_0006.pdf"), "3.1.1")
    assert row[1].startswith("3.1 Ensure that assessments are timely")


def test_a_heading_row_opening_the_next_page_is_not_the_rest_of_the_row_above():
    rows = rows_of("layout_0125.pdf")
    assert row_starting(rows, "2.2.3")[1].startswith("Agree a new local plan")
    assert not any("Objective 2.3" in t for t in row_starting(rows, "2.2.3"))
    assert any(r[0].startswith("Objective 2.3: With partners") for r in rows)


def test_the_rest_of_a_row_with_unruled_empty_cells_joins_its_row():
    """Chromium carries three lines of a row to the next page; its empty cells draw no rules, so
    the engine sees other columns there: the cells are placed by where they stand."""
    rows = rows_of("layout_0261.pdf")
    row = next(r for r in rows if any(t.startswith("2.3.2 Launch a recruitment campaign") for t in r))
    assert any(t == "2.3.2 Launch a recruitment campaign for experienced social workers" for t in row)
    assert not any(r and r[0] == "experienced social workers" for r in rows)


def test_bullets_set_off_by_a_tab_leave_a_ruled_grid_whole():
    """Writer prints each bullet a tab before its item: not two columns in one cell."""
    rows = rows_of("layout_0107.pdf")
    assert any(r[0].startswith("1.1.3 Assessments to be completed within 35 working days") for r in rows)
    assert not any(r and r[0] == "to be completed" for r in rows)


def test_glyphs_of_a_scaled_browser_page_make_whole_words():
    """Chromium printing a wide table scales the page; pdfium then puts a line break after every
    glyph, at the unscaled advance: no space where the next glyph touches the last."""
    pages = read_pages(LAYOUTS / "layout_0183.pdf", with_tags=False)
    words = {w["text"] for p in pages for w in chars_to_words(p.chars)}
    assert {"Ensure", "Ongoing", "Director"} <= words
    assert not {"E", "ns", "u", "Direc"} & words


def test_a_row_open_at_the_page_foot_and_its_rest_open_at_the_next_top_are_read():
    """Chromium breaks a row over two pages drawing neither the bottom rule of its first part nor
    the top rule of its rest; both parts keep their text and are joined."""
    row = row_starting(rows_of("layout_0214.pdf"), "Publish a monthly practice dashboard for senior leaders and members "
                       "\u2022 Draft the brief and agree it with the portfolio holder \u2022 Consult residents and partners")
    assert row[1] == "3.1.1"
    rest = row_starting(rows_of("layout_0292.pdf"), "3.1.2")
    assert rest[1] == "Assessments to be completed within 35 working days, with exceptions agreed by a manager"


def test_a_header_printed_alone_at_a_page_foot_does_not_swallow_the_first_cell_below():
    """A header cell spanning its two rows is no merged cell running on: the first action's
    coloured status cell on the next page stays that action's."""
    (table, *_) = extract_tables(str(LAYOUTS / "layout_0058.pdf"))
    brag = next(c for c in table.rows[0].cells if c.text == "BRAG")
    assert brag.row_span == 2
    first = next(r for r in table.rows if r.cells and r.cells[0].text == "1.1.1")
    assert any(c.fill and not c.text for c in first.cells if c.col == brag.col)
