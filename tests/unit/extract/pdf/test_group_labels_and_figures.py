"""Tables of figures on ICDAR 2013 pages (statistics reports): group labels over pairs of columns stay
whole, a narrow gutter after a column of figures set flush right parts two columns, a table whose every
font reads bold keeps its rule stack under a two-row header, a section title or label under a blank
line is a row of its own, a note mark set apart inside a ruled column stays in its cell, and neither a
bar chart boxed under its figure caption nor a chart's plot area drawn as a grid is a table."""

from __future__ import annotations

from pathlib import Path

from plantables.extract.pdf.engine import find_tables
from plantables.extract.pdf.page import read_pages


def _tables(peers_dir: Path, doc: str, page: int):
    return find_tables(next(read_pages(peers_dir / "icdar2013" / "competition-dataset-us" / f"{doc}.pdf", [page])))


def _spans(row) -> list[tuple[str, int, int]]:
    return [(c.text.replace("\n", " "), c.col, c.col_span) for c in row.cells if c.text]


def test_group_labels_over_number_and_percent_stay_whole(peers_dir):
    # 'All items' is centred on the gutter between Number and Percent (the separator must not move
    # into its word space); 'Trend items' has its word space right on the gutter's middle
    table = _tables(peers_dir, "us-021", 2)[0]
    assert _spans(table.rows[0])[1:] == [("All items", 1, 2), ("New items", 3, 2), ("Trend items", 5, 2)]
    assert [c.text for c in table.rows[1].cells if c.text] == ["Number", "Percent"] * 3


def test_group_labels_over_two_years_stay_whole(peers_dir):
    (table,) = _tables(peers_dir, "us-026", 1)
    assert _spans(table.rows[0]) == [("Fused aluminum oxide", 1, 2), ("Silicon carbide", 3, 2)]
    assert [c.text for c in table.rows[1].cells if c.text] == ["2009", "2010", "2009", "2010"]


def test_a_narrow_gutter_after_figures_set_flush_right_parts_two_columns(peers_dir):
    # Stroke 'no.' (right-aligned, ending at one x) and 'Rate' 4.8 pt to its right: two columns
    table = _tables(peers_dir, "us-025", 4)[0]
    row = next(r for r in table.rows if r.cells[0].text == "District of Columbia")
    assert [c.text for c in row.cells[:7]] == ["District of Columbia", "1,144", "193.5", "(182.2–204.8)",
                                               "221", "37.6", "(32.6–42.6)"]


def test_a_table_set_all_in_bold_keeps_the_rules_under_its_two_row_header(peers_dir):
    # every font of the page reads bold, so rows of figures looked like the header of a new table
    # and the rule under 'No. Rate (95% CI)' started one: that line was lost between the two
    first = _tables(peers_dir, "us-025", 3)[0]
    texts = [" ".join(c.text for c in r.cells if c.text) for r in first.rows]
    assert any(t.startswith("no. Rate") for t in texts)
    assert any(t.startswith("45–54 345 15.5") for t in texts) and any(t.startswith("total 9,369") for t in texts)


def test_a_bar_chart_boxed_under_its_figure_caption_is_no_table(peers_dir):
    assert _tables(peers_dir, "us-001", 2) == []


def test_a_section_title_across_the_figures_is_a_row_of_its_own(peers_dir):
    # between the rules of one band, a title centred over the figures under a blank line ('Projected
    # enrollment, in thousands') has no text in the first column: it is no wrapped rest of the row above
    table = _tables(peers_dir, "us-019", 4)[0]
    texts = [" ".join(c.text for c in r.cells if c.text) for r in table.rows]
    assert "Projected enrollment, in thousands" in texts
    assert "Percentage difference between actual and projected values" in texts
    assert "Actual 49,293 49,266 49,373 49,484" in texts


def test_a_section_label_under_a_row_of_figures_is_a_row_of_its_own(peers_dir):
    # 'Type of degree-granting institution' opens a section of the stub under a blank line; the
    # records are keyed by a column of figures, which leaves it empty: still no rest of 'Total'
    table = _tables(peers_dir, "us-002", 1)[0]
    texts = [" ".join(c.text for c in r.cells if c.text) for r in table.rows]
    assert "Total 44.8 $33,200 23.2 10.3 27.0 20.1 19.4" in texts
    assert "Type of degree-granting institution" in texts and "Undergraduate major" in texts


def test_the_plot_area_of_a_line_and_bar_chart_is_no_table(peers_dir):
    # its gridlines and bars draw a complete ruled grid, a curve runs over it, its cells hold no text
    assert _tables(peers_dir, "us-028", 1) == []


def test_a_note_mark_set_apart_in_a_ruled_column_stays_in_its_cell(peers_dir):
    # us-009 p1: rules drawn down every column; '10,000  (1)' leaves a gutter inside the
    # Exclusions column that its header labels run across: no column bound, no rule drawn there
    (table,) = [t for t in _tables(peers_dir, "us-009", 1) if len(t.rows) > 20]
    row = next(r for r in table.rows if r.cells[0].text == "Bad Debts")
    assert [c.text for c in row.cells[:3]] == ["Bad Debts", "10,000", "10,000 (1)"]
    assert len(table.columns) == 7
