"""Month and quarter grids of corpus PDFs (tests/fixtures/layouts): the year a group label names
heads the right columns."""

from __future__ import annotations

from pathlib import Path

from plantables.extract.pdf.plan import read_pdf_plan

LAYOUTS = Path(__file__).resolve().parents[3] / "fixtures" / "layouts"


def grouped(name: str) -> list[list[tuple[str | None, str]]]:
    """(group, label) of the columns of each table with grouped columns."""
    doc = read_pdf_plan(str(LAYOUTS / name))
    return [[(c.group, c.label) for c in t.columns] for t in doc.tables if any(c.group for c in t.columns)]


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
