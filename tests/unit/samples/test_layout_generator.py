"""The randomised layout generator: its truth is deterministic, the committed corpus is what it
draws, covers every dimension value and every producer, and its PDFs print what the truth says."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from plantables.samples.layouts.build import missing_words, pdf_text, render_source
from plantables.samples.layouts.spec import DIMENSIONS, PRODUCERS, draw_layout
from plantables.samples.layouts.truth import truth_text

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "layouts"
TRUTHS = sorted(CORPUS.glob("*.expected.json"))


def committed(name: str) -> dict:
    return json.loads((CORPUS / f"{name}.expected.json").read_text(encoding="utf-8"))


def test_the_same_seed_draws_the_same_layout():
    assert truth_text(draw_layout(7), "a.pdf", "pdf", 2) == truth_text(draw_layout(7), "a.pdf", "pdf", 2)
    assert truth_text(draw_layout(7), "a.pdf", "pdf", 2) != truth_text(draw_layout(8), "a.pdf", "pdf", 2)


@pytest.mark.parametrize("truth_file", TRUTHS[::9], ids=lambda p: p.name[: -len(".expected.json")])
def test_committed_truth_is_what_the_generator_draws(truth_file):
    """Regenerated from its seed, a committed file's truth is byte for byte the committed one
    (the page count is the producer's, so it is taken from the committed file)."""
    want = truth_file.read_text(encoding="utf-8")
    data = json.loads(want)
    name = truth_file.name[: -len(".expected.json")]
    assert truth_text(draw_layout(data["seed"]), name, data["format"], data["pages"]) == want


def test_corpus_has_every_producer_and_format_and_stays_small():
    pdfs = [json.loads(p.read_text(encoding="utf-8")) for p in TRUTHS if p.name.endswith(".pdf.expected.json")]
    producers = Counter(t["producer"] for t in pdfs)
    assert len(pdfs) >= 200 and len(producers) >= 4 and min(producers.values()) >= 30, producers
    formats = Counter(p.name.split(".")[-3] for p in TRUTHS)
    assert {"pdf", "docx", "xlsx", "html"} <= set(formats), formats
    assert all(1 <= t["pages"] <= 10 for t in pdfs)
    assert sum(p.stat().st_size for p in CORPUS.iterdir()) < 40 * 2**20
    assert 5 <= sum(t["not_a_plan"] for t in pdfs) <= 30  # a few documents that are not plans


def test_corpus_covers_every_value_of_every_dimension():
    seen: dict[str, set[str]] = {}
    for p in TRUTHS:
        t = json.loads(p.read_text(encoding="utf-8"))
        for d, v in t["dimensions"].items():
            seen.setdefault(d, set()).add(v)
    for d, options in DIMENSIONS.items():
        assert {v for v, _ in options} <= seen[d], d
    assert set(PRODUCERS) == seen["producer"]
    assert {"bar", "cells"} <= seen["grid_mark"] and "group" in seen["grid_header"]
    assert "day_mon_range" in seen["date_format"]


def test_truth_fields_follow_the_drawn_dimensions():
    for p in TRUTHS[::3]:
        t = json.loads(p.read_text(encoding="utf-8"))
        dims = t["dimensions"]
        for a in t["actions"]:
            assert a["status_source"] == {"word_colour": "column"}.get(dims["status"], dims["status"])
            if dims["timeframe"] in ("month_grid", "quarter_grid"):
                assert a["active_months"] and a["timeframe_raw"] is None
                assert (a["start_month"], a["due_month"]) == (a["active_months"][0], a["active_months"][-1])
            if dims["timeframe"] == "text":
                assert a["due_month"] is None and a["timeframe_raw"]
            if dims["objective"] == "none":
                assert a["objective_ref"] is None
            assert set(a["other_columns"]) <= set(a["cells"])
            if dims["ref"] == "in_text":
                assert any(v.startswith(f"{a['action_ref_raw']} {a['title']}") for v in a["cells"].values())
        if t["not_a_plan"]:
            assert t["actions"] == []


@pytest.mark.parametrize("pdf", sorted(CORPUS.glob("*.pdf"))[::7], ids=lambda p: p.stem)
def test_committed_pdf_prints_every_word_of_its_truth(pdf):
    assert missing_words(committed(pdf.name), pdf_text(pdf)) == []


def test_a_reportlab_layout_renders_and_prints_its_truth(tmp_path):
    seed = next(s for s in range(1, 500) if draw_layout(s).producer == "reportlab" and not draw_layout(s).not_a_plan)
    spec = draw_layout(seed)
    out = render_source(spec, tmp_path)
    truth = json.loads(truth_text(spec, out.name, "pdf", None))
    assert truth["actions"] and missing_words(truth, pdf_text(out)) == []
    assert re.search(r"\w", pdf_text(out))


SOURCES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".docx", ".xlsx", ".html")
                 or (p.suffix == ".pdf" and committed(p.name)["producer"] == "reportlab"))


@pytest.mark.parametrize("path", SOURCES[::8], ids=lambda p: p.name)
def test_committed_source_is_what_the_generator_writes(tmp_path, path):
    """The files our own code writes (.docx, .xlsx, .html, reportlab PDFs) come back byte for byte
    from their seed; only LibreOffice's and Chromium's PDFs are the producers' own."""
    out = render_source(draw_layout(committed(path.name)["seed"]), tmp_path)
    assert out.name == path.name and out.read_bytes() == path.read_bytes()
