"""The text reader's parts on their own: a cell going on over lines (blocks), a cell's type (align),
split headings closed up (rows), header lines found and repeated (header)."""

from __future__ import annotations

from collections import Counter

import pytest

from plantables.extract.text.align import cell_info, glue_refs, is_grid_mark
from plantables.extract.text.blocks import continues, lead_continues
from plantables.extract.text.emit import join_overlapping
from plantables.extract.text.header import header_from_cells, is_header_cells, same_table
from plantables.extract.text.rows import join_fragments

HEADER = ["NOS", "What?", "How?", "Who?", "When?", "Success measures"]


@pytest.mark.parametrize("prev, text, goes_on", [
    ("Review the threshold for a", "referral to early help", True),   # ends on a connector
    ("Review the threshold", "for referral", True),                   # goes on in lower case
    ("Complete by Mar", "2017 and report", True),                     # a date broken at its year
    ("Agree the policy (with partners", "Board sign-off)", True),     # an open bracket
    ("Agree the policy.", "Train all staff", False),                  # a new sentence
    ("", "anything", False),
])
def test_a_cell_goes_on_over_lines(prev, text, goes_on):
    assert continues(prev, text) is goes_on


def test_a_lone_word_finishes_a_wrapped_lead_name():
    assert lead_continues("Head of Quality", "Assurance")
    assert not lead_continues("Head of Quality", "Service Manager, Early Help Hub")


def test_lines_written_twice_by_the_export_are_joined_once():
    assert join_overlapping(["Review the threshold for a", "threshold for a referral to help"]) == \
        "Review the threshold for a referral to help"
    assert join_overlapping(["Agree the joint protocol", "the joint protocol", "with partners"]) == \
        "Agree the joint protocol with partners"


def test_cell_types():
    c = cell_info(3, "2.1.1 Provide training")
    assert (c.pos, c.ref_depth, c.ref_only, c.has_ref, c.words) == (3, 3, False, True, 3)
    assert cell_info(0, "1.4").ref_only and not cell_info(0, "Lead officer").has_ref
    assert is_grid_mark("X") and is_grid_mark("█ █") and not is_grid_mark("Xmas")
    glued = glue_refs([cell_info(0, "2.1.1"), cell_info(1, "Provide training"), cell_info(2, "Jo")])
    assert [(c.pos, c.text) for c in glued] == [(0, "2.1.1 Provide training"), (2, "Jo")]


def test_words_split_over_cells_are_closed_up_when_the_document_uses_the_whole_word():
    vocabulary = Counter({"protection": 3, "protecti": 1, "on": 1, "governance": 2, "go": 1, "overnance": 1})
    assert join_fragments(["CHILD", "PROTECTI", "ON"], vocabulary) == "CHILD PROTECTION"
    assert join_fragments(["GO", "OVERNANCE"], vocabulary) == "GOVERNANCE"
    assert join_fragments(["entitlements", "entitlements"], Counter()) == "entitlements"


def test_header_lines_found_extended_and_recognised_when_repeated():
    assert is_header_cells(HEADER)
    assert not is_header_cells(["1.1", "Provide training", "Staff are trained", "Jo Bloggs", "Mar 2017", "90%"])
    assert not is_header_cells(["NOS", "What?"])
    layout = header_from_cells(HEADER, 4)
    assert layout.labels == HEADER and layout.lines == [4]
    assert set(layout.fields.values()) >= {"ref", "objective", "action", "lead", "timeframe", "measures"}
    repeated = header_from_cells(HEADER[:-1], 90)  # the next page's header, a label missing
    assert same_table(layout, repeated)
    assert not same_table(layout, header_from_cells(["Risk", "Owner", "Status"], 120))
