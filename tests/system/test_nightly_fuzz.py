"""Fuzz: the text reader never raises anything but ExtractError, whatever the bytes."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plantables.extract.model import Document, ExtractError

pytestmark = pytest.mark.slow  # system tests: `-m 'not slow'` skips them locally

text_reader = pytest.importorskip("plantables.extract.text.reader")

HEADER = "Ref\tAction\tOwner\tDeadline\tProgress\tRAG status\n"
cells = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
rows = st.lists(st.lists(cells, min_size=0, max_size=8).map("\t".join), max_size=30).map("\n".join)


def _read(data: bytes):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plan.txt"
        path.write_bytes(data)
        try:
            doc = text_reader.read_text(path)
        except ExtractError as exc:
            assert str(path) in str(exc) and "\n" not in exc.reason
            return None
        assert isinstance(doc, Document)
        return doc


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data):
    _read(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows)
def test_plan_shaped_text_under_a_real_header(body):
    _read((HEADER + body).encode("utf-8"))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows, st.sampled_from(["utf-8", "cp1252", "utf-16"]))
def test_any_encoding(body, encoding):
    _read((HEADER + body).encode(encoding, errors="replace"))
