"""Header rows of tables read by alignment (header_lines.header_rows), on corpus PDFs: the lines of a
wrapped label are one label, group labels start a row of their own wherever they stand."""

from __future__ import annotations

from pathlib import Path

from plantables.extract.pdf.engine import find_tables
from plantables.extract.pdf.page import read_pages

LAYOUTS = Path(__file__).resolve().parents[3] / "fixtures" / "layouts"


def _tables(name: str, page: int):
    return find_tables(next(read_pages(LAYOUTS / name, [page])))


def _header(table) -> list[list[str]]:
    return [[c.text.replace("\n", " ") for c in r.cells] for r in table.rows if r.kind == "header"]


def test_the_last_line_of_a_wrapped_label_stays_in_its_cell():
    # Chromium, zebra bands: 'What success looks / like' wraps in a shaded header; the short last
    # line stands just right of the column's left edge, not over a column boundary
    first = _tables("layout_0199.pdf", 1)[0]
    assert _header(first) == [["ID", "What we will do", "Responsibility", "Date due", "What success looks like",
                               "Position at Q2"]]


def test_group_labels_beside_a_wrapped_label_start_their_own_row():
    # Word, horizontal rules: 'Responsible / officer' wraps beside '2024' and '2025', which head the
    # months of the line under the wrapped label's last line
    grid = next(t for t in _tables("layout_0173.pdf", 3) if len(t.columns) == 18)
    upper, months = _header(grid)
    assert upper[:4] == ["What?", "Responsible officer", "2024", "2025"]
    assert [c.col_span for c in grid.rows[0].cells[2:4]] == [9, 3]
    assert [t for t in months if t] == ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb",
                                        "Mar"]


def test_a_header_above_a_title_row_and_the_shaded_rows_is_the_tables():
    # LibreOffice Calc, zebra bands: the labels stand unshaded above '1. Safer neighbourhoods', a
    # section row, and the shaded 'Objective 1.1' band where the banded body starts
    first = _tables("layout_0021.pdf", 1)[0]
    assert [c.text for c in first.rows[0].cells] == ["Ref No", "TASK NAME", "Lead Officer / Team", "By when",
                                                     "Evidence of impact", "Position at Q2", "Stage"]
    section, objective = first.rows[1], first.rows[2]
    assert [(c.text, c.col_span) for c in section.cells] == [("1. Safer neighbourhoods", 7)]
    assert objective.cells[0].text.startswith("Objective 1.1") and objective.cells[0].col_span == 7
    assert first.rows[3].cells[0].text == "1.1.1"


def test_title_rows_between_an_adopted_header_and_the_rules_stay_rows_of_their_own():
    # Calc, horizontal rules: header, then a shaded section row and an objective row in one band
    table = next(t for t in _tables("layout_0081.pdf", 2) if t.rows[0].cells[0].text == "Action")
    assert [c.text for c in table.rows[0].cells] == ["Action", "Ref.", "Due date", "Responsible officer", "Update"]
    assert [c.text for c in table.rows[1].cells] == ["1. Strong governance"]
    assert table.rows[2].cells[0].text.startswith("Objective 1.1:")
    assert [c.text for c in table.rows[3].cells][1:3] == ["1.1.1", "27.06.17"]


def test_labels_over_a_rule_under_the_header_head_the_table_below_it():
    # Chromium: an unshaded header line, a rule under it, then the zebra-banded rows
    table = next(t for t in _tables("layout_0275.pdf", 1) if len(t.columns) == 6)
    assert [c.text for c in table.rows[0].cells] == ["Action No.", "Key actions", "How we will know", "Latest update",
                                                     "Timescale", "Lead"]


def test_a_column_whose_cells_start_one_word_space_after_the_text_before_is_a_column():
    # Calc prints in small type: 'Feb 2016 – Jun 2016' runs up to 1.8 pt from 'Quality assurance',
    # and the cells of 'By when' all open with 'w/c'
    table = next(t for t in _tables("layout_0175.pdf", 2) if len(t.columns) >= 10)
    assert [c.text for c in table.rows[0].cells][4:6] == ["Deadline", "What success looks like"]
    # (the page's objectives are rows of one table: its rules go on under each objective's band)
    row = next(r for t in _tables("layout_0021.pdf", 1) for r in t.rows if r.cells and r.cells[0].text == "1.2.1")
    assert [c.text.replace("\n", " ") for c in row.cells][2:4] == ["Head of Finance/ Head of Digital", "w/c 27/04/16"]
