"""The rest of a cell the page broke, opening the next page above the first row found there."""

from __future__ import annotations

from pathlib import Path

from plantables.extract.pdf.plan import read_pdf_plan

LAYOUTS = Path(__file__).resolve().parents[3] / "fixtures" / "layouts"


def test_a_list_items_last_word_atop_an_unruled_page_stays_with_its_cell():
    # LibreOffice Writer, no rules: 1.2.3's step 'Train staff in the new process' breaks after 'the new';
    # page 2 opens with 'process' alone, a hanging indent over the next step '• Publish the …'
    doc = read_pdf_plan(LAYOUTS / "layout_0169.pdf")
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert any("1.2.3" in t or "Train staff in" in t for t in cells)
    assert any("the new\nprocess" in t and "Publish the" in t for t in cells), [t for t in cells if "process" in t]
    assert not any(h.text == "process" for h in doc.blocks if not hasattr(h, "rows"))


def test_a_steps_end_and_the_next_step_atop_a_ruled_page_before_a_heading_join_their_row():
    # LibreOffice Writer, horizontal rules: 2.3.1's step 'Consult residents and partners' breaks
    # after 'and'; page 3 opens with 'partners' and '• Report findings to cabinet' in the first
    # column alone, then the next priority's heading: both were read as headings and lost
    doc = read_pdf_plan(LAYOUTS / "layout_0078.pdf")
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert any("Consult residents and\npartners" in t and "Report findings to cabinet" in t for t in cells)
    assert not any(h.text == "partners" for h in doc.blocks if not hasattr(h, "rows"))


def test_a_word_under_a_repeated_shaded_header_beside_a_boxed_mark_is_read():
    # LibreOffice Writer, no rules, a quarter grid under a shaded two-row header repeated on each page:
    # page 4 opens with that header and 'partner', the last word of 2.2.2's step, beside the boxed mark
    # of its quarter; the header's and the mark's boxes made a grid that held no cell for it (7 chars
    # in no cell, under the 20 that made a grid open): the word was lost
    doc = read_pdf_plan(LAYOUTS / "layout_0098.pdf")
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert any(t.endswith("Procure a delivery\npartner") and "Refresh the supervision" in t for t in cells)


def test_a_cells_rest_atop_a_page_joins_a_table_without_a_header_of_its_own():
    # LibreOffice Writer, no rules, header on the first page only, a table per objective: page 2
    # opens with 'portfolio holder' and '• Consult residents / and partners', the rest of 1.2.4's
    # steps, then the objective row 1.3; the table they continue has no header row of its own
    doc = read_pdf_plan(LAYOUTS / "layout_0244.pdf")
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    step = " ".join(next(t for t in cells if t.startswith("Replace the customer")).split())
    assert step.endswith("portfolio holder \uf0b7 Consult residents and partners"), step
    assert not any("Objective 1.3" in t for t in cells)


def test_a_list_item_atop_a_page_joins_the_list_of_the_cell_above():
    # LibreOffice Writer, horizontal rules: page 3 opens with '• Consult residents and partners',
    # 1.3.3's last step, in the column whose last cell on page 2 holds its other steps, then the
    # next section's heading: it was read as a heading and lost
    doc = read_pdf_plan(LAYOUTS / "layout_0281.pdf")
    cells = [" ".join(c.text.split()) for t in doc.tables for r in t.rows for c in r.cells]
    step = next(t for t in cells if t.startswith("Deliver 120 affordable homes"))
    assert step.endswith("website \uf0b7 Consult residents and partners"), step
