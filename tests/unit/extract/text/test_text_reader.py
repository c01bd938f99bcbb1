"""The flattened-text reader: headers, alignment, merged cells, headings, errors.

Synthetic exports (written for this project, under tests/fixtures/text/) cover
other layouts than the seeds; the seeds are read for their structure.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from plantables.extract.model import Document, ExtractError, Heading, Row, Table
from plantables.extract.text.reader import read_text
from plantables.normalise.organisation import organisation_of  # the interpreter reads it from the reader's lines

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "text"


def data_rows(table: Table) -> list[Row]:
    return [r for r in table.rows if r.kind == "data"]


def row_with(doc: Document, col_label: str, prefix: str) -> tuple[Table, Row, int]:
    """The table, row and row index whose cell under ``col_label`` starts with ``prefix``."""
    for t in doc.tables:
        cols = [c.index for c in t.columns if c.label == col_label]
        for i, r in enumerate(t.rows):
            if any(r.text(c).startswith(prefix) for c in cols):
                return t, r, i
    raise AssertionError(f"no row with {col_label} starting {prefix!r}")


def cell(row: Row, table: Table, label: str):
    col = next(c.index for c in table.columns if c.label == label)
    return row.cell(col)


# --- a third layout: Ref | Action | Owner | Deadline | Progress | RAG status (cp1252) ---------


def test_third_layout_columns_sections_title_and_organisation():
    doc = read_text(FIXTURES / "eastvale_delivery_plan.txt")
    assert organisation_of(doc) == "Eastvale District Council"
    assert doc.title == "Corporate Delivery Plan 2024/25 – quarterly monitoring"
    assert [t.header for t in doc.tables] == [["Ref", "Action", "Owner", "Deadline", "Progress", "RAG status"]] * 2
    sections = [b.text for b in doc.blocks if isinstance(b, Heading) and b.kind == "section"]
    assert sections == ["1. Thriving town centres", "2. Cleaner neighbourhoods"]
    # the header repeated on page 2 is not a row; cp1252 text (£, –) decoded
    refs = [r.text(0) for t in doc.tables for r in data_rows(t)]
    assert refs == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2"]
    t, r, _ = row_with(doc, "Ref", "1.4")
    assert "£45,000" in r.text(1) and r.page == 2


def test_row_broken_by_a_page_break_is_joined():
    doc = read_text(FIXTURES / "eastvale_delivery_plan.txt")
    t, r, _ = row_with(doc, "Ref", "1.3")
    assert r.text(4) == (
        "Not started – funding bid submitted in June and the decision is expected from the government in the autumn."
    )


def test_owner_merged_over_following_actions():
    doc = read_text(FIXTURES / "eastvale_delivery_plan.txt")
    t, r, _ = row_with(doc, "Ref", "1.1")
    owner = cell(r, t, "Owner")
    assert (owner.text, owner.row_span) == ("Head of Economy", 2)
    t, r, _ = row_with(doc, "Ref", "1.3")
    assert cell(r, t, "Owner").row_span == 2  # runs on over 1.4, across the page break


def test_columns_in_another_order_theme_rows_and_wrapped_lead():
    doc = read_text(FIXTURES / "northbrook_housing_plan.txt")
    assert organisation_of(doc) == "Northbrook Council"
    (table,) = doc.tables
    assert table.header == ["Lead officer", "Key actions", "Action no", "Target date", "Progress update", "RAG"]
    headings = [r.text(0) for r in table.rows if r.kind == "heading"]
    assert headings == ["HOMELESSNESS", "REPAIRS AND STANDARDS"]
    t, r, _ = row_with(doc, "Action no", "2")
    assert r.text(0) == "Housing Options Manager"  # "Manager" wrapped onto a line of its own
    t, r, _ = row_with(doc, "Action no", "3")
    assert r.text(1) == "Survey 500 homes for damp and mould"  # bullet removed


def test_two_line_header_month_grid_and_split_refs():
    doc = read_text(FIXTURES / "riverside_grid_plan.txt")
    (table,) = doc.tables
    months = [(c.label, c.group) for c in table.columns if c.group]
    assert months == [("Q1 2024", "Timescale"), ("Q2 2024", "Timescale"), ("Q3 2024", "Timescale"), ("Q4 2024", "Timescale")]
    rows = data_rows(table)
    # the ref written as a cell of its own is read with its text; the grid marks keep their month
    marks = [{c.col: c.text for c in r.cells if table.columns[c.col].group} for r in rows]
    assert [r.text(1) for r in rows] == [
        "1.1.1 Install six new CCTV cameras",
        "1.1.2 Run a late-night safety campaign",
        "1.2.1 Extend youth club opening to Saturdays",
    ]
    assert marks == [{3: "X", 4: "X"}, {5: "✓"}, {4: "X", 5: "X", 6: "X"}]
    outcome = rows[0].cell(0)
    assert outcome.text == "1.1 Fewer people are victims of street crime" and outcome.row_span == 2
    assert [b.kind for b in doc.blocks if isinstance(b, Heading)] == ["theme"]


# --- the seeds: structure recovered from headers and layout alone ------------------------------


def test_torbay_heading_rows_and_repeated_headers(torbay_seed):
    doc = read_text(torbay_seed)
    (table,) = doc.tables
    assert table.header[:4] == ["NOS", "What?", "Who?", "How?"]
    assert table.header[6] == "Current Status"
    headings = [r.text(0) for r in table.rows if r.kind == "heading"]
    assert headings[:2] == [
        "1 CHILDREN IN NEED OF HELP OF PROTECTION",  # split over four cells by Word, rejoined
        "1 Ensure that assessments are timely, proportionate and effectively identify the risks and needs and "
        "protective factors, leading to appropriate and measurable plans",
    ]
    assert "2 PARTNERSHIP WORKING" in headings
    assert not any(r.text(0) == "NOS" for r in table.rows)


def test_torbay_label_printed_mid_cell(torbay_seed):
    """1.4's block starts on the line of its lead, two lines above the label."""
    doc = read_text(torbay_seed)
    t, r, i = row_with(doc, "Who?", "AD/Heads of Service and Lead Auditor")
    nos, what = cell(r, t, "NOS"), cell(r, t, "What?")
    assert nos.text == "1.4" and nos.row_span == 4
    assert what.text == "Ensure that every assessment contains robust analysis (Ofsted December 2016)"
    assert [x.text(3)[:20] for x in t.rows[i : i + 4]] == [
        "Section on assessmen", "3 workshops with HoS", "TMs must sign off al", "Progress to be repor",
    ]


def test_torbay_merged_what_across_page_break(torbay_seed):
    doc = read_text(torbay_seed)
    t, r, _ = row_with(doc, "NOS", "1.5")
    assert cell(r, t, "What?").text == (
        "Ensure that staff understand the process for strategy meetings/S47 enquiries and that decisions "
        "are recorded (Ofsted December 2016)"
    )
    assert r.page == 3 and cell(r, t, "NOS").row_span >= 5


def test_plymouth_month_grid_and_shifted_cells(plymouth_seed):
    doc = read_text(plymouth_seed)
    first = doc.tables[0]
    grid = [(c.label, c.group) for c in first.columns if c.group]
    assert [g[0] for g in grid] == ["23-Sep", "23-Oct", "23-Nov", "23-Dec", "24-Jan", "24-Feb", "24-Mar"]
    assert {g[1] for g in grid} == {"Timeframe"}
    t, r, _ = row_with(doc, "Actions", "I.1.2")
    assert cell(r, t, "23-Nov").text == "█"
    # ref and action text written as two cells ("2.1.1" ⇥ "Provide …") land in one
    t, r, _ = row_with(doc, "Actions", "2.1.1")
    assert r.text(2).startswith("2.1.1 Provide thresholds training") and cell(r, t, "Lead").text == "HoS FD"
    # the ref written in the first cell of the line (3.3.2) still lands under Actions
    t, r, _ = row_with(doc, "Actions", "3.3.2")
    assert cell(r, t, "Lead").text == "HoS QAS"


def test_plymouth_merged_outcome_and_risk_cells(plymouth_seed):
    doc = read_text(plymouth_seed)
    t, r, _ = row_with(doc, "Desired Outcome", "I.4")
    outcome = cell(r, t, "Desired Outcome")
    assert outcome.row_span == 4  # 1.4.1 … 1.4.4, across the page break
    assert "effective early help and Quality, Planning and Performance function" in outcome.text
    assert cell(r, t, "Risk register reference").row_span == 3  # 1.4.4 has its own risk cell
    t, r, _ = row_with(doc, "Desired Outcome", "5.4")
    assert cell(r, t, "Desired Outcome").text.endswith("so that children are safeguarded")


def test_plymouth_priorities_and_themes(plymouth_seed):
    doc = read_text(plymouth_seed)
    kinds = [(b.kind, b.text[:12]) for b in doc.blocks if isinstance(b, Heading) and b.kind != "text"]
    assert [k for k, _ in kinds] == ["priority"] * 6
    themes = [r.text(0) for t in doc.tables for r in t.rows if r.kind == "heading"]
    assert themes == [
        "EARLY HELP", "MASH AND FRONT DOOR", "CHILD PROTECTION PRACTICE",
        "THE RIGHT HOME FOR EVERY CHILD AND YOUNG PERSON", "IROs ACT AS CHILDREN'S RIGHTS CHAMPIONS",
    ]
    assert doc.title is None and doc.title_lines == [] and doc.running == []  # neither seed states them


# --- encodings and bad input ---------------------------------------------------------------


def test_explicit_encoding(tmp_path):
    src = (FIXTURES / "northbrook_housing_plan.txt").read_text(encoding="utf-8")
    p = tmp_path / "plan.txt"
    p.write_bytes(src.encode("utf-16"))
    assert read_text(p, encoding="utf-16").tables[0].header[0] == "Lead officer"


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "is empty"),
        (b"   \n\n", "is empty"),
        (bytes(range(256)) * 4, "binary"),
        (b"Minutes of the meeting\n\nAttendees: all\tnone\n", "not a plan: no table"),
    ],
)
def test_bad_input_is_a_clear_error(tmp_path, content, reason):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    with pytest.raises(ExtractError) as err:
        read_text(p)
    assert err.value.path == str(p) and reason in err.value.reason
    assert "\n" not in str(err.value)
    # a text read whole with no table in it is a document that is no plan, not a failure
    assert err.value.kind == ("not_a_plan" if reason.startswith("not a plan") else "error")


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(ExtractError, match="cannot be read"):
        read_text(tmp_path / "nope.txt")
