"""Cells of tables drawn without rules: cells merged over rows, rows parted by white space, lines
going on in lower case, a tall row standing alone (corpus PDFs in tests/fixtures/layouts, and a
plan a browser printed with no borders: tests/fixtures/chromium/unruled_plan.pdf)."""

from __future__ import annotations

import re
from pathlib import Path

from plantables.extract.pdf.engine import extract_tables

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
LAYOUTS = FIXTURES / "layouts"
ACTION_REF = re.compile(r"^\d+\.\d+\.\d+\b")


def cells_of(path: Path, pages: list[int]):
    """(table, row index, cell) of every data cell with text on ``pages``."""
    for table in extract_tables(path, pages=pages, stitch=False):
        for i, row in enumerate(table.rows):
            if row.kind != "header":
                for cell in row.cells:
                    if cell.text.strip():
                        yield table, i, cell


def test_an_objective_merged_over_its_actions_is_one_cell():
    """layout_0080 (Word, no borders): objective 1.2 is printed over the rows of actions 1.2.1 and
    1.2.2; its text runs on into the second row. It is one cell spanning both rows."""
    cell = next(c for _, _, c in cells_of(LAYOUTS / "layout_0080.pdf", [2]) if c.text.startswith("1.2 Ensure"))
    assert cell.row_span == 2
    assert "that children take part in" in " ".join(cell.text.split())


def test_rows_parted_by_white_space_stay_apart_beside_a_merged_cell():
    """A browser print without borders: the objective column runs on through several actions' rows,
    which only the padding between them parts. Each row holds one action (its ref opens the
    second column's text) and each objective is one cell over its actions."""
    found = list(cells_of(FIXTURES / "chromium" / "unruled_plan.pdf", [1]))
    refs = [c.text.split()[0] for _, _, c in found if c.col == 1 and ACTION_REF.match(c.text)]
    assert refs == ["1.1.1", "1.1.2", "1.1.3", "1.1.4", "1.2.1", "1.2.2", "1.2.3", "1.2.4", "1.3.1", "1.3.2", "1.3.3"]
    rows_with_action = [i for _, i, c in found if c.col == 1]
    assert len(rows_with_action) == len(set(rows_with_action)) == len(refs)
    objectives = [c for _, _, c in found if c.col == 0]
    assert [c.text[:3] for c in objectives] == ["1.1", "1.2", "1.3"]
    assert objectives[0].row_span >= 2


def test_lines_going_on_in_lower_case_stay_in_their_record():
    """layout_0252 (a spreadsheet print, no borders): at the foot of page 1, action 3.1.1's cells
    wrap over three lines beside its objective. The lines under the first go on in lower case in
    almost every column: one row, not three."""
    row = [(t, i) for t, i, c in cells_of(LAYOUTS / "layout_0252.pdf", [1]) if c.text.startswith("3.1.1")]
    assert len(row) == 1
    table, i = row[0]
    text = " ".join(" ".join(c.text.split()) for c in table.rows[i].cells)
    assert "assessments that end with" in text and "further service" in text


def test_a_tall_row_standing_alone_is_a_table():
    """layout_0235 (a spreadsheet print, no borders): each action's row is taller than its text,
    so white space sets it apart from the next; one row of wrapped cells is still a table row."""
    cell = next(c for _, _, c in cells_of(LAYOUTS / "layout_0235.pdf", [1]) if c.text.startswith("2.2.1"))
    assert "be visited within 5 working" in " ".join(cell.text.split())


def test_a_shaded_header_strip_heads_the_unruled_body_under_it():
    """layout_0169 (Word, no borders, the header shaded): the shaded labels read as a grid of one
    row, the body under them as aligned text. The plan reader makes them one table."""
    from plantables.extract.model import Table
    from plantables.extract.pdf.plan import read_pdf_plan

    doc = read_pdf_plan(LAYOUTS / "layout_0169.pdf", pages=[1])
    table = next(b for b in doc.blocks if isinstance(b, Table) and any("Desired" in c.text for r in b.rows for c in r.cells))
    first = [" ".join(c.text.split()) for c in table.rows[0].cells if c.text.strip()]
    assert first[:3] == ["Desired outcome", "Action ref", "What?"]
    refs = [c.text for r in table.rows[1:] for c in r.cells if c.col == 1 and c.text.strip()]
    assert refs[:4] == ["1.1.1", "1.1.2", "1.1.3", "1.1.4"]


def test_a_label_a_short_rule_cuts_off_stays_with_its_cell():
    """layout_0018 (horizontal rules, stopping short of the merged objective column): the rule under
    action 2.1.1 cuts objective 2.1's text, whose rest stands alone above action 2.1.2's row,
    which white space opens. The objective is still one cell."""
    cell = next(c for _, _, c in cells_of(LAYOUTS / "layout_0018.pdf", [1]) if c.text.startswith("2.1 Ensure"))
    assert "promptly and that first visits" in " ".join(cell.text.split())
