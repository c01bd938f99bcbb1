"""Column bounds of an unruled table from the sides of its shaded cells (a quarter grid's marks)."""

from __future__ import annotations

from pathlib import Path

from plantables.extract.pdf.engine import extract_tables

LAYOUTS = Path(__file__).resolve().parents[3] / "fixtures" / "layouts"


def test_the_first_quarter_of_an_unruled_grid_is_a_column_apart_from_the_text_before_it():
    # LibreOffice Calc, no rules: 'Outcome measure' texts end 2 points before the marks of Q1 and
    # its label; the marks' left side, where 'Q1' starts, is the bound the gutters missed
    table = extract_tables(LAYOUTS / "layout_0267.pdf", pages=[1], stitch=False)[0]
    cells = [c for r in table.rows for c in r.cells]
    q1 = next(c for c in cells if c.text == "Q1")
    measure = next(c for c in cells if c.text.startswith("Audit evidence that plans"))
    assert measure.col_span == 1 and measure.col < q1.col
