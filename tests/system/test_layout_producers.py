"""The corpus builder end to end with the real producers (LibreOffice Writer and Calc, headless
Chromium, reportlab): one seed of each producer rebuilt into a temporary folder gives the
committed truth (page counts included) and PDFs that print every word of it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from plantables.samples.layouts.build import build, missing_words, pdf_text
from plantables.samples.layouts.spec import draw_layout

pytestmark = pytest.mark.slow

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "layouts"


def test_one_seed_per_producer_rebuilds_as_committed(tmp_path):
    seeds: dict[str, int] = {}
    for seed in range(1, 200):
        spec = draw_layout(seed)
        if not spec.not_a_plan:
            seeds.setdefault(spec.producer, seed)
    assert set(seeds) == {"docx", "xlsx", "html", "reportlab"}
    written = build(tmp_path, sorted(seeds.values()))
    assert len(written) == 7  # four PDFs, three sources
    for path in written:
        truth = (tmp_path / f"{path.name}.expected.json").read_text(encoding="utf-8")
        assert truth == (CORPUS / f"{path.name}.expected.json").read_text(encoding="utf-8"), path.name
        if path.suffix == ".pdf":
            assert missing_words(json.loads(truth), pdf_text(path)) == [], path.name
