"""Headers a page break leaves alone at a page's foot, and tables printed one under another."""

from __future__ import annotations

from pathlib import Path

from plantables.extract.pdf.engine import find_tables
from plantables.extract.pdf.page import read_pages
from plantables.extract.pdf.plan import read_pdf_plan

LAYOUTS = Path(__file__).resolve().parents[3] / "fixtures" / "layouts"


def _tables(doc):
    return [b for b in doc.blocks if hasattr(b, "rows")]


def test_a_header_alone_at_a_page_foot_heads_the_rows_of_the_next_page():
    # reportlab, rules along rows: page 1 ends with the first table's header between two rules
    first = _tables(read_pdf_plan(LAYOUTS / "layout_0201.pdf"))[0]
    assert first.pages == [1, 2]
    assert [c.text for c in first.rows[0].cells][:3] == ["No.", "Deliverable", "When?"]
    assert [r.cells[0].text for r in first.rows[1:]] == ["1.1.1", "1.1.2"]


def test_a_header_whose_labels_start_elsewhere_opens_the_next_table():
    # page 2 prints a table per objective under rules of one extent, each with columns of its own widths
    tables = find_tables(next(read_pages(LAYOUTS / "layout_0201.pdf", [2])))
    assert len(tables) == 6
    assert tables[0].rows[0].cells[0].text == "1.1.1"
    assert all(t.rows[0].kind == "header" and t.rows[0].cells[0].text == "No." for t in tables[1:])


def test_the_body_under_a_lone_header_keeps_its_first_row_as_a_row():
    # the continued page's first row is styled unlike the rest: a row of the body, under the header above
    first = _tables(read_pdf_plan(LAYOUTS / "layout_0162.pdf"))[0]
    assert first.pages == [1, 2]
    assert [r.kind for r in first.rows] == ["header", "data", "data", "data"]
    assert first.rows[1].cells[1].text == "1.1.1"
