"""A RAG given by the colour a status is printed in (``Cell.colour``), and what is no such RAG."""

from __future__ import annotations

from plantables.extract.model import Cell
from plantables.normalise.plan_status import rag_of


def test_a_status_word_printed_green_is_green():
    assert rag_of([], [Cell(4, "On track", colour="#00A040")]) == "green"


def test_a_rag_letter_printed_red_is_red():
    assert rag_of([Cell(5, "R", colour="#C00000")]) == "red"


def test_a_colour_the_whole_row_is_printed_in_rates_nothing():
    # a table printed in navy throughout: its status cells are navy too
    assert rag_of([], [Cell(4, "On track", colour="#1F4E79")], plain={"#1F4E79"}) is None


def test_grey_type_and_sentences_rate_nothing():
    assert rag_of([], [Cell(4, "Not started", colour="#7F7F7F")]) is None
    assert rag_of([], [Cell(4, "Work has started with the two partner councils", colour="#00A040")]) is None
