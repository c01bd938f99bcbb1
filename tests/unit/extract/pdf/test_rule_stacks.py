"""Tables drawn with horizontal rules only, or zebra bands (pdf/stacks.py and the rule-driven rows of
rows.py/hybrid.py), on corpus PDFs printed by Chromium, LibreOffice and reportlab, and ICDAR 2013 pages:
a shaded header strip joins the rows its rules go on ruling, each rule band is one row, a heading
between two tables breaks the stack, columns come from narrow gutters and from a header's labels."""

from __future__ import annotations

from pathlib import Path

from plantables.extract.pdf.engine import find_tables
from plantables.extract.pdf.page import read_pages

LAYOUTS = Path(__file__).resolve().parents[3] / "fixtures" / "layouts"


def _tables(path: Path, page: int):
    return find_tables(next(read_pages(path, [page])))


def _texts(row) -> list[str]:
    return [c.text.replace("\n", " ") for c in row.cells]


def test_shaded_header_strip_and_section_rows_are_one_table_with_its_ruled_rows():
    # Chromium: header cells shaded one by one (their sides draw a grid), 'Objective ...' rows across
    first, second, third = _tables(LAYOUTS / "layout_0002.pdf", 1)
    assert _texts(first.rows[0]) == ["Ref No", "Task", "By when", "Current position", "Responsible officer", "KPI"]
    refs = [r.cells[0].text for r in first.rows if r.kind == "data"]
    assert refs == ["1.1.1", "1.1.2", "1.1.3", "1.2.1", "1.2.2", "1.2.3"]
    objectives = [r for r in first.rows if len(r.cells) == 1]
    assert [o.cells[0].text.split(":")[0] for o in objectives] == ["Objective 1.1", "Objective 1.2"]
    assert all(o.cells[0].col_span == 6 for o in objectives)
    # the heading '2. A cleaner, greener place' between the tables, set larger, is no row of either
    assert not any("cleaner" in c.text for t in (first, second) for r in t.rows for c in r.cells)
    assert _texts(second.rows[0])[0] == "Ref No" and _texts(third.rows[0])[0] == "Ref No"
    # the third: header, objective row and 3.1.1, which the page breaks (its closing rule is on page 2)
    assert len(third.rows) == 3 and third.rows[1].cells[0].text.startswith("Objective 3.1")
    assert third.rows[2].cells[0].text == "3.1.1"
    row = next(r for r in first.rows if r.cells[0].text == "1.1.1")
    assert _texts(row)[3:5] == ["In progress – partners have agreed to share their figures monthly from now on.",
                                "Housing Manager"]


def test_a_rule_band_is_one_row_though_its_title_wraps_over_several_lines():
    # reportlab zebra bands and month marks: the body's grid of fills joins the header's grid
    (table,) = _tables(LAYOUTS / "layout_0011.pdf", 1)
    header = [c.text.replace("\n", " ") for c in table.rows[0].cells]
    assert header[:3] == ["TASK NAME", "RAG status", "2024"] and header[-2:] == ["Current position", "Responsibility"]
    assert [c.text for c in table.rows[1].cells][:3] == ["Apr", "May", "Jun"]
    months_2024 = next(c for c in table.rows[0].cells if c.text == "2024")
    assert months_2024.col_span == 9  # Apr..Dec: the group cell's drawn side, not the label's centre
    actions = [r for r in table.rows if r.cells and r.cells[0].text[:5] in ("1.1.1", "1.1.2", "1.1.3")]
    assert len(actions) == 3
    assert actions[0].cells[0].text.startswith("1.1.1 Adopt a new\nanti-social behaviour")
    assert "• Train staff in the new" in actions[0].cells[0].text


def test_narrow_gutter_before_a_left_aligned_column_and_short_rules_under_merged_cells():
    # LibreOffice Calc: descriptions fill their cells up to 3 pt from the lead column; the objective
    # is merged over its actions' rows, so the rule under each ref stops short of it
    (table,) = _tables(LAYOUTS / "layout_0001.pdf", 2)
    labels = [c.label for c in table.columns]
    assert labels[:4] == ["Ref.", "Objective", "Description of action", "Lead Officer / Team"]
    rows = {r.cells[0].text: r for r in table.rows if r.cells and r.cells[0].text.startswith("1.1.")}
    assert sorted(rows) == ["1.1.1", "1.1.2", "1.1.3"]
    objective = rows["1.1.1"].cells[1]
    assert objective.row_span == 3 and objective.text.startswith("1.1 Ensure that plans")
    assert rows["1.1.3"].cell(2).text.startswith("Agree a protocol") and rows["1.1.3"].cell(3).text == "Climate Officer"


def test_a_month_per_column_named_only_by_the_header():
    (table,) = _tables(LAYOUTS / "layout_0007.pdf", 1)
    labels = [c.label for c in table.columns]
    months = ["Apr-24", "May-24", "Jun-24", "Jul-24", "Aug-24", "Sep-24", "Oct-24", "Nov-24", "Dec-24", "Jan-25",
              "Feb-25", "Mar-25"]
    assert labels == ["ID", "Key actions", "Responsibility", *months, "What success looks like", "Progress update"]


def test_tables_of_one_width_apart_are_not_one_stack(peers_dir):
    # a note under one table and the title of the next lie between their rules
    tables = _tables(peers_dir / "icdar2013" / "competition-dataset-eu" / "eu-025.pdf", 2)
    assert [t.rows[-1].cells[0].text for t in tables] == ["Female", "Feeling dizzy", "Nervousness"]


def test_a_band_between_rules_stays_one_row_when_its_date_wraps_to_a_bare_year():
    # LibreOffice Writer, rules under each action, the objective merged over its actions: the last
    # lines of a band ('cycle | 2016 | file audits') hold a year, which wraps, unlike figures
    (table,) = _tables(LAYOUTS / "layout_0138.pdf", 1)
    activities = [r.cell(1).text for r in table.rows if r.kind == "data" and r.cell(1) is not None]
    refs = [t.split()[0] for t in activities if t]
    assert refs == ["1.1.1", "1.1.2", "1.1.3", "1.1.4", "1.2.1", "1.2.2", "1.2.3"]
    first = next(r for r in table.rows if r.cell(1) is not None and r.cell(1).text.startswith("1.1.1"))
    assert first.cell(1).text.endswith("cycle") and first.cell(3).text.replace("\n", " ") == "Nov 2015 – Apr 2016"
    assert first.cell(0).row_span == 4  # the objective over 1.1.1 to 1.1.4


def test_bullet_steps_under_a_title_are_the_rest_of_its_row():
    # LibreOffice Writer, zebra bands: a bullet and its step are two chunks of the title's column
    _key, table = _tables(LAYOUTS / "layout_0253.pdf", 1)
    data = [r for r in table.rows if r.kind == "data"]
    assert [r.cells[0].text[:5] for r in data] == ["1.1.1", "1.1.2"]
    assert data[0].cells[0].text.count("\uf0b7") == 3 and data[0].cells[0].text.endswith("with the portfolio holder")


def test_a_heading_between_a_key_and_a_plan_with_no_column_in_common_parts_them():
    # the key's header was left at the foot of page 1; its rows open page 2, then 'Priority 1' and
    # the plan under rules of the same extent: the key is a table of its own. Each priority's table
    # (columns a few points apart from the one above) opens with its own header: a table of its own too
    key, *plans = _tables(LAYOUTS / "layout_0114.pdf", 2)
    assert [r.cells[0].text for r in key.rows] == ["Green", "Amber", "Red", "Blue"]
    assert len(plans) == 2
    for plan in plans:
        assert plan.rows[0].kind == "header"
        assert [c.text for c in plan.rows[0].cells][:3] == ["ID", "Deliverable", "When?"]
    # a priority whose table has the same columns as the one above stays in it as a section row
    assert [r.kind for p in plans for r in p.rows if r.cells and r.cells[0].text.startswith("Priority")] == ["heading"]


def test_zebra_bands_ruled_as_a_grid_inside_a_stack_are_read_once():
    # LibreOffice Writer, a continued page: the bands of the last rows draw a grid of their own
    (table,) = _tables(LAYOUTS / "layout_0044.pdf", 4)
    refs = [r.cells[0].text for r in table.rows if r.kind == "data"]
    assert refs == ["4.1.3", "4.2.1", "4.2.2", "4.2.3"]
