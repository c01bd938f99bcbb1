"""Header wording → field: the head of a compound label, plurals, labels that point elsewhere."""

from __future__ import annotations

import pytest

from plantables.vocabulary.fields import match_field


@pytest.mark.parametrize("label, field", [
    ("Action status", "status"),  # the head noun is last ...
    ("Status update", "update"),
    ("Commentary on progress", "update"),  # ... or first before a preposition
    ("Update on progress", "update"),
    ("Description of action", "action"),
    ("Key milestones", "timeframe"),  # plural of a known word
    ("Success indicators", "measures"),
    ("Performance indicator", "measures"),
    ("Progress update", "update"),  # whole synonyms unchanged
    ("RAG status", "rag"),
    ("Lead officer(s)", "lead"),
    ("Link to corporate priority", None),  # a pointer to another plan names no field of this one
    ("Linked strategy", None),
    ("Equality impact", None),
    ("Risk title", "action"),  # a risk register's short name of each risk, beside 'Risk description'
    ("Risk ref", "risk_ref"),
])
def test_compound_labels_take_their_head_nouns_field(label, field):
    assert match_field(label).field == field
