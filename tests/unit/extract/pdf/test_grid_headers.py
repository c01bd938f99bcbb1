"""Month and quarter grids of corpus PDFs (tests/fixtures/layouts): the year a group label names
heads the right columns, a page that does not repeat the header keeps the grid's columns, and a
zebra band is no mark."""

from __future__ import annotations

import json
from pathlib import Path

from plantables.extract.pdf.plan import read_pdf_plan
from plantables.pipeline.read import read_plan

LAYOUTS = Path(__file__).resolve().parents[3] / "fixtures" / "layouts"


def grouped(name: str) -> list[list[tuple[str | None, str]]]:
    """(group, label) of the columns of each table with grouped columns."""
    doc = read_pdf_plan(str(LAYOUTS / name))
    return [[(c.group, c.label) for c in t.columns] for t in doc.tables if any(c.group for c in t.columns)]


def months_right(name: str) -> tuple[int, int]:
    """Actions whose active months are the document's truth, of the actions found once."""
    truth = json.loads((LAYOUTS / f"{name}.expected.json").read_text(encoding="utf-8"))
    got = {a.ref: a for a in read_plan(LAYOUTS / name).actions}
    found = [w for w in truth["actions"] if w["action_ref"] in got]
    return sum(got[w["action_ref"]].active_months == w["active_months"] for w in found), len(found)


def test_left_aligned_year_labels_head_the_months_from_their_own_on():
    """A browser prints '2018' and '2019' left-aligned over Apr..Dec and Jan..Mar: each year starts
    at the month under its first letter, not where a centred label would put it."""
    for columns in grouped("layout_0054.pdf"):
        months = [(g, label) for g, label in columns if g]
        assert months == [("2018", m) for m in ("Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")] + [
            ("2019", m) for m in ("Jan", "Feb", "Mar")]


def test_shading_sides_are_no_rules_through_the_group_labels():
    """Calc's '2023/24' and '2024/25' over Q1..Q4 each, in a table whose marks' sides give column
    bounds over the whole table: those are not rules drawn between the two year labels."""
    (columns,) = grouped("layout_0008.pdf")[:1]
    quarters = [(g, label) for g, label in columns if g]
    assert quarters == [(y, q) for y in ("2023/24", "2024/25") for q in ("Q1", "Q2", "Q3", "Q4")]


def test_a_page_without_the_header_keeps_the_grid_columns():
    """The header is printed on the first page only; the next pages hold the body, whose quarter
    columns have bars and no text. Those pages are read on the header's columns: the table goes
    on over them, and every action's bar gives its quarters."""
    doc = read_pdf_plan(str(LAYOUTS / "layout_0282.pdf"))
    plan = [t for t in doc.tables if len(t.columns) == 15]
    assert plan and plan[0].pages[:2] == [1, 2]
    right, found = months_right("layout_0282.pdf")
    assert found >= 20 and right == found


def test_a_zebra_band_is_no_mark_beside_a_status_in_its_colour():
    """Writer shades every second row grey, grid cells too; the status column's cells carry their
    own colour, and its label names no role. The band the row's other cells share is still the
    row's background: only the cells shaded otherwise mark months."""
    right, found = months_right("layout_0024.pdf")
    assert found >= 20 and right == found


def test_a_header_printed_above_a_banded_tables_first_rule_heads_it():
    """Writer and Chromium print a banded table's header with no shading and no rule over it: the
    lines right above the grid's first rule, under a heading, are its header ('2020/21' over Q1..Q4),
    not headings of their own."""
    columns = grouped("layout_0157.pdf")
    assert len(columns) >= 2
    assert [(g, label) for g, label in columns[0] if g] == [("2020/21", q) for q in ("Q1", "Q2", "Q3", "Q4")]


def test_the_rest_of_a_record_above_a_banded_tables_first_rule_is_no_header():
    """A page opening with four lines of a record the break cut, then the band's first rule: more
    lines than a header has, so the record is not taken for the next table's header."""
    doc = read_pdf_plan(str(LAYOUTS / "layout_0076.pdf"))
    assert [t.pages for t in doc.tables[:2]] == [[1, 2], [2, 3]]


def test_a_year_label_over_an_unmarked_quarter_does_not_merge_its_quarters():
    """Calc prints '2017/18' left-aligned over Q1..Q4 of a table without vertical rules; on the
    first page no action is marked in Q1 or Q2, so only the labels' gap parts those columns, and
    the year label reaches across it. Every quarter is still its own column, and every action's
    marks give its quarters."""
    for columns in grouped("layout_0091.pdf"):
        quarters = [(g, label) for g, label in columns if g]
        assert quarters == [(y, q) for y in ("2017/18", "2018/19") for q in ("Q1", "Q2", "Q3", "Q4")]
    right, found = months_right("layout_0091.pdf")
    assert found >= 15 and right == found


def test_a_browser_leaves_empty_cells_out_of_its_tags():
    """Chromium tags no table cell without text: a row of a month grid lists its action, its
    marked months (a fill, no text) and its lead, and the months left empty are missing, so the
    tags alone would put the first mark under April and the lead under a month. The cells of such
    rows stand under the columns their text lies in, and each month's shading is read where it is
    drawn."""
    for name in ("layout_0177.pdf", "layout_0023.pdf"):
        right, found = months_right(name)
        assert found >= 12 and right == found, name


def test_a_cell_running_on_over_a_page_break_is_no_header():
    """A row broken by the page: its rest opens the next page, one text cell and the status cell's
    colour running on. Placed in its own columns, it is still body, not a header shaded unlike the
    body: its text has no shading under it."""
    doc = read_pdf_plan(str(LAYOUTS / "layout_0200.pdf"))
    labels = {c.label for t in doc.tables for c in t.columns}
    assert "show improved\nconsistency" not in labels and "Measures" in labels
