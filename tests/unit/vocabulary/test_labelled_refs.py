"""Refs printed before an objective's or action's text (issue 11, point 5)."""

from __future__ import annotations

import pytest

from plantables.vocabulary.headings import classify_heading
from plantables.vocabulary.refs import split_labelled_ref


@pytest.mark.parametrize(
    "text, bare, want",
    [
        ("1.2 Ensure that all staff", False, ("1.2", "1.2", "Ensure that all staff")),
        ("Objective 2.1: Improve the offer", False, ("2.1", "2.1", "Improve the offer")),
        ("I.1.1 Elected members attend", False, ("I.1.1", "1.1.1", "Elected members attend")),
        ("Action 3 - Deliver the review", False, ("3", "3", "Deliver the review")),
        ("Priority IV – Safer streets", False, ("IV", "4", "Safer streets")),
        ("1 Ensure that families get help", True, ("1", "1", "Ensure that families get help")),
        ("1 Ensure that families get help", False, (None, None, "1 Ensure that families get help")),
        ("20 days to respond", True, (None, None, "20 days to respond")),
        ("10% of staff trained", True, (None, None, "10% of staff trained")),
        ("Action plan for 2024", True, (None, None, "Action plan for 2024")),
        ("Theme: Early help", True, (None, None, "Theme: Early help")),
    ],
)
def test_split_labelled_ref(text, bare, want):
    assert split_labelled_ref(text, bare=bare) == want


def test_a_keyword_heading_with_a_dotted_number():
    from plantables.vocabulary.headings import classify_heading, labelled_heading

    h = classify_heading("Objective 1.2: Work with schools so that children receive early help", in_table=True)
    assert (h.kind, h.ref, h.title) == ("objective", "1.2", "Work with schools so that children receive early help")
    assert classify_heading("Outcome 2.1 – Children are safe").ref == "2.1"
    assert labelled_heading("Objective 1.1: Ensure that decisions are prompt")
    assert not labelled_heading("The objective of this plan is to improve services")


@pytest.mark.parametrize("text, kind, ref", [
    ("Table 2: Objective 2 - Listen to tenants", "objective", "2"),  # a caption's label, then the heading
    ("Figure 1. Priority 3 – Housing", "priority", "3"),
    ("Table 1: Summary of the budget", "text", None),
])
def test_a_caption_label_before_a_labelled_heading(text, kind, ref):
    info = classify_heading(text)
    assert (info.kind, info.ref) == (kind, ref)
