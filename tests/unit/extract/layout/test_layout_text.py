"""pdftotext -layout exports read through read_text.

The fixture ``fixtures/layout/ashford_vale_plan.layout.txt`` is ``pdftotext -layout``
of a PDF built with reportlab by ``fixtures/layout/build_fixture.py`` (a plan
invented for these tests; the header repeats on page 2, where pdftotext sets
the columns two characters further left).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from plantables.extract.layout.header import header_at, header_tab_lines, runs
from plantables.extract.layout.reader import cut, is_layout_text, to_tab_text
from plantables.extract.text.reader import read_text
from plantables.extract.text.source import source_lines
from plantables.normalise.organisation import organisation_of  # the interpreter reads it from the reader's lines
from plantables.normalise.plan import normalise_document

FIXTURE = Path(__file__).resolve().parents[3] / "fixtures" / "layout" / "ashford_vale_plan.layout.txt"
TAB_FIXTURE = Path(__file__).resolve().parents[3] / "fixtures" / "text" / "eastvale_delivery_plan.txt"


def test_detects_layout_text_and_not_tab_exports():
    text = FIXTURE.read_text(encoding="utf-8")
    assert is_layout_text(text, source_lines(text))
    tab = TAB_FIXTURE.read_bytes().decode("cp1252")
    assert not is_layout_text(tab, source_lines(tab))


def test_reads_the_plan_over_two_pages():
    doc = read_text(FIXTURE)
    assert doc.format == "layout-text"
    assert organisation_of(doc) == "Ashford Vale Borough Council"
    assert "Corporate Delivery Plan 2024/25" in doc.title
    assert [t.header for t in doc.tables] == [["Ref", "Action", "Lead officer", "Target date", "Progress update", "RAG"]] * 2
    assert doc.tables[1].pages == [1, 2]  # the header repeated on page 2 continues the table
    plan = normalise_document(doc)
    refs = [a.ref for a in plan.actions]
    assert refs == ["1.1", "1.2", "1.3", "1.4"] + [f"2.{n}" for n in range(1, 15)]
    a = plan.actions[0]
    # wrapped cells are joined
    assert a.title == "Install twelve new CCTV cameras in the town centre and link them to the control room"
    assert a.lead_raw == "Community Safety Manager"
    assert (a.status.value, a.rag, a.due_month) == ("on_track", "green", "2025-03")
    assert (a.section.ref, a.section.title) == ("1", "Safer streets")
    last = plan.actions[-1]
    assert last.page_first == 2 and last.section.title == "Homes and housing"
    assert last.update_text == (
        "In progress – surveys complete; works orders issued to contractors for the first properties."
    )
    assert (last.due_month, last.rag) == ("2025-12", "green")


def test_runs_split_on_wide_gaps_and_month_labels():
    assert runs("Ref    Action plan  Lead") == [(0, "Ref"), (7, "Action plan"), (20, "Lead")]
    assert runs("23-Nov 23-Dec   24-Jan") == [(0, "23-Nov"), (7, "23-Dec"), (16, "24-Jan")]


def test_cut_finds_squeezed_cells():
    starts = [0, 10, 30]
    #            0         1         2         3
    line = "1.1       Plan the work of Team A"  # text of column 2 starts 1 character early, after one space
    assert cut(line + "  ", starts) == ["1.1", "Plan the work of", "Team A"]
    assert cut("1.2       Short", starts) == ["1.2", "Short", ""]
    # a capitalised word set well left of its column, in a line pdftotext squeezed
    assert cut("1.3       Review the policy Housing Manager", [0, 10, 34]) == ["1.3", "Review the policy", "Housing Manager"]


def test_two_line_header_with_a_month_grid():
    lines = [
        "Ref   Action            Lead     Timeframe                  Progress",
        "                                 Apr   May   Jun   Jul      update",
        "1.1   Do the thing      DCS                                 On track",
    ]
    cols, end = header_at(lines, 0)
    assert end == 2
    assert [(c.label, c.group) for c in cols] == [
        ("Ref", None), ("Action", None), ("Lead", None), ("Apr", "Timeframe"), ("May", "Timeframe"),
        ("Jun", "Timeframe"), ("Jul", "Timeframe"), ("Progress update", None),
    ]
    assert header_tab_lines(cols) == [
        "Ref\tAction\tLead\tTimeframe\t\t\t\tProgress update",
        "\t\t\tApr\tMay\tJun\tJul\t",
    ]


def test_page_footers_dropped_and_full_width_rows_kept():
    text = (
        "Ref   Action                 Lead\n"
        "EARLY HELP\n"
        "1.1   Open the family hub    HoS\n"
        "                           Page 1 of 2\n"
        "\f"
        "Ref   Action                 Lead\n"
        "1.2   Recruit two workers    HoS\n"
    )
    tab = to_tab_text(text)
    assert "Page 1" not in tab
    plan = normalise_document(read_text_from(tab))
    # a full-width row in capitals with no section above it heads a section, over the page break
    assert [(a.ref, a.section.title) for a in plan.actions] == [("1.1", "EARLY HELP"), ("1.2", "EARLY HELP")]


def read_text_from(tab: str):
    from plantables.extract.text.reader import document_from_lines

    return document_from_lines("inline.txt", source_lines(tab), fmt="layout-text")


@pytest.mark.parametrize("stem, n", [("kingsbridge_2023_24", 55), ("harbourside_2024_26", 73), ("westmoor_2016_17", 49)])
def test_sample_layout_exports(samples_dir, stem, n):
    path = samples_dir / f"{stem}.layout.txt"
    if not path.exists():
        pytest.skip(f"{path} not generated")
    plan = normalise_document(read_text(path))
    assert len(plan.actions) == n
    assert all(a.ref and a.title and a.section for a in plan.actions)
