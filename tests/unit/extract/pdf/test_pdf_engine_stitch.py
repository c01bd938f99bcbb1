"""stitch_pages on tables as the finder hands them over, one per page.

The peers' PDFs cover a repeated header and rows broken by a page break
(test_peers.py); here each rule of the stitcher is pinned on its own.
"""

from __future__ import annotations

from plantables.extract.model import Cell, Column, Row, Table
from plantables.extract.pdf.stitch import columns_match, stitch_pages

EDGES = [40.0, 90.0, 300.0, 420.0]


def page_table(page: int, rows: list[list], header: int = 1, edges: list[float] = EDGES, top: float = 60.0) -> Table:
    """A table on one page; a cell is text or (text, row_span); None leaves a slot to a span above."""
    out = []
    for r, values in enumerate(rows):
        cells = []
        for col, value in enumerate(values):
            if value is None:
                continue
            text, span = value if isinstance(value, tuple) else (value, 1)
            cells.append(
                Cell(col=col, text=text, row_span=span, page=page, header=r < header,
                     bbox=(edges[col], top + 20 * r, edges[col + 1], top + 20 * (r + span)))
            )
        out.append(Row(cells=cells, page=page, kind="header" if r < header else "data"))
    columns = [Column(index=i, label="", bbox=(edges[i], top, edges[i + 1], top + 20)) for i in range(len(edges) - 1)]
    return Table(columns=columns, rows=out, pages=[page], bbox=(edges[0], top, edges[-1], top + 20 * len(rows)))


def texts(table: Table) -> list[list[str]]:
    return [[c.text for c in r.cells] for r in table.rows]


def test_repeated_header_is_dropped_even_when_it_wraps_differently():
    first = page_table(1, [["Ref", "Desired outcome", "Lead officer"], ["1.1", "Fewer re-referrals", "HoS"]])
    second = page_table(2, [["Ref", "Desired\noutcome", "Lead\nofficer"], ["1.2", "Plans on time", "AD"]], top=40)
    (table,) = stitch_pages([second, first])  # order of the input does not matter
    assert table.pages == [1, 2]
    assert texts(table) == [["Ref", "Desired outcome", "Lead officer"], ["1.1", "Fewer re-referrals", "HoS"],
                            ["1.2", "Plans on time", "AD"]]


def test_a_row_broken_by_the_page_break_is_joined():
    first = page_table(1, [["Ref", "Action", "Lead"], ["1.1", "Audit twenty cases", "HoS"],
                           ["1.2", "Reduce the use of agency", "AD"]])
    second = page_table(2, [["Ref", "Action", "Lead"], ["", "staff in the front door", ""], ["1.3", "Publish", "DCS"]])
    (table,) = stitch_pages([first, second])
    assert texts(table)[2] == ["1.2", "Reduce the use of agency\nstaff in the front door", "AD"]
    assert [r.text(0) for r in table.rows[1:]] == ["1.1", "1.2", "1.3"]


def test_a_merged_cell_running_over_the_break_keeps_growing():
    first = page_table(1, [["Ref", "Step", "Lead"], [("2", 2), "Draft the protocol", ("HoS", 2)],
                           [None, "Consult partners", None]])
    second = page_table(2, [["Ref", "Step", "Lead"], [("", 2), "Sign it off", ("", 2)], [None, "Publish it", None]])
    (table,) = stitch_pages([first, second])
    ref = table.rows[1].cell(0)
    assert (ref.text, ref.row_span) == ("2", 4)
    assert table.rows[1].cell(2).row_span == 4
    assert [r.text(1) for r in table.rows[1:]] == ["Draft the protocol", "Consult partners", "Sign it off", "Publish it"]
    assert all(r.cell(0) is None for r in table.rows[2:])


def test_a_merged_cell_continued_with_text_joins_it():
    first = page_table(1, [["Ref", "Objective", "Step"], ["3", ("Ensure that care leavers", 2), "Audit"],
                           ["", None, "Track"]])
    second = page_table(2, [["Ref", "Objective", "Step"], ["", ("are in touch", 1), "Report monthly"]])
    (table,) = stitch_pages([first, second])
    objective = table.rows[1].cell(1)
    assert (objective.text, objective.row_span) == ("Ensure that care leavers\nare in touch", 3)
    assert table.rows[3].text(2) == "Report monthly"


def test_other_columns_or_a_later_table_do_not_continue():
    first = page_table(1, [["Ref", "Action", "Lead"], ["1.1", "Audit", "HoS"]])
    narrower = page_table(2, [["Year", "Total"], ["2015", "12"]], edges=[40.0, 200.0, 420.0])
    assert not columns_match(first, narrower)
    assert len(stitch_pages([first, narrower])) == 2
    note = page_table(2, [["Year", "Total", "Note"], ["2015", "12", "-"]], edges=[40.0, 150.0, 250.0, 420.0], top=40)
    later = page_table(2, [["Ref", "Action", "Lead"], ["1.2", "Plan", "AD"]], top=400)
    # only the first table of a page can continue the last one of the page before
    assert len(stitch_pages([first, note, later])) == 3


def test_inputs_are_not_modified():
    first = page_table(1, [["Ref", "Action", "Lead"], ["1.1", "Audit", "HoS"]])
    second = page_table(2, [["Ref", "Action", "Lead"], ["", "monthly", ""]])
    before = texts(first), texts(second)
    stitch_pages([first, second])
    assert (texts(first), texts(second)) == before
