"""Header rows of tables read by alignment (rows.header_rows), on corpus PDFs: the lines of a
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
