"""A year group label over a quarter grid with no rules reaches over all its quarters."""

from __future__ import annotations

from pathlib import Path

from plantables.extract.sniff import read_document
from plantables.normalise.plan import read_tables

LAYOUTS = Path(__file__).resolve().parents[2] / "fixtures" / "layouts"


def test_quarters_after_the_ones_a_left_aligned_year_label_reaches_are_in_its_group():
    # LibreOffice Calc, no rules: '2023/24' is printed over Q1 and Q2 only (left-aligned in its merged
    # cell), Q3 and Q4 had no group and their marks no year
    doc = read_document(str(LAYOUTS / "layout_0267.pdf"))
    read_tables(doc)
    table = doc.tables[0]
    quarters = [c for c in table.columns if c.label in ("Q1", "Q2", "Q3", "Q4")]
    assert [c.label for c in quarters] == ["Q1", "Q2", "Q3", "Q4"]
    assert {c.group for c in quarters} == {"2023/24"}
