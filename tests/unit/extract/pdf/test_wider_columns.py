"""plan_columns.on_wider_columns on real pages: a headerless piece opening a page rebuilt on the
columns of the table it continues."""

from __future__ import annotations

from pathlib import Path

from plantables.extract.pdf.plan import read_pdf_plan

LAYOUTS = Path(__file__).resolve().parents[3] / "fixtures" / "layouts"


def _column_of(doc, text: str) -> tuple[int, int]:
    """(table index, column) of the cell whose text starts with ``text``."""
    for t, table in enumerate(doc.tables):
        for row in table.rows:
            for cell in row.cells:
                if cell.text.startswith(text):
                    return t, cell.col
    raise AssertionError(f"no cell starts with {text!r}")


def test_a_piece_leaving_the_merged_objective_column_empty_takes_the_columns_of_the_table_it_continues():
    # LibreOffice Writer, merged objective column: page 4 holds 2.3.3 alone, its objective merged over
    # the rows above on page 3, so the piece's text starts in the second column of the table
    doc = read_pdf_plan(LAYOUTS / "layout_0281.pdf")
    assert _column_of(doc, "2.3.3") == _column_of(doc, "2.3.2")


def test_a_piece_leaving_empty_the_objective_column_the_last_row_left_empty_takes_those_columns():
    # LibreOffice Calc, no rules, objective printed on its group's first row only: page 2 opens with
    # 3.1.3, its objective column empty as in 3.1.2 above it (nothing merged, no rule to show it)
    doc = read_pdf_plan(LAYOUTS / "layout_0252.pdf")
    assert _column_of(doc, "3.1.3")[1] == _column_of(doc, "3.1.2")[1] == 1
