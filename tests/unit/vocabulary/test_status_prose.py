"""Status stated in an update's prose, when no phrase and separator lead it (issue 11, point 7)."""

from __future__ import annotations

import pytest

from plantables.vocabulary.status import status_from_update, status_in_prose


@pytest.mark.parametrize(
    "text, value",
    [
        ("Not yet progressed due to a vacancy in the team", "not_started"),
        ("In planning stage with the partners", "not_started"),
        ("Planned for October", "not_started"),
        ("The new triage process is now in place.", "complete"),
        ("Review meeting held in May. Work is ongoing", "ongoing"),
        ("Delayed by the election; revised date agreed", "behind"),
        ("Completed in March with all partners", "complete"),
    ],
)
def test_prose_states_a_status(text, value):
    assert status_from_update(text) is None  # no leading phrase + separator: not a "phrase" status
    s = status_in_prose(text)
    assert s is not None and (s.value, s.confidence) == (value, 0.5)


@pytest.mark.parametrize(
    "text",
    [
        "Complete 10 audits of case files",  # an imperative, not a state
        "The draft was shared with partners for comment",  # a phrase inside a sentence
        "Attendance figures to be reported to the board",
        "Raising at the senior team for assurance that the target will be achieved",  # a hope
        "Resources agreed so that assessments are completed within timescales",  # a purpose
        "",
    ],
)
def test_prose_without_a_stated_status(text):
    assert status_in_prose(text) is None


def test_a_phrase_wrapped_over_two_lines_of_its_cell_is_one_phrase():
    # a PDF cell's line break inside the sentence (``Not yet`` / ``progressed as …``) is no sentence end
    s = status_in_prose("Not yet\nprogressed as the service review has taken priority.")
    assert s is not None and (s.raw, s.value) == ("Not yet progressed", "not_started")
    # a break before a capital still parts two sentences: the second states nothing here
    assert status_in_prose("Not yet\nProgress report to the board") is None
