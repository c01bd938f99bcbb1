"""The committed sample plans: reproducible, as documented, and true to their ground truth."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pdfplumber
import pytest

from plantables.samples.generate import SAMPLES, build_plan, lay_out
from plantables.samples.spec import make_spec
from plantables.samples.truth import ACTION_FIELDS

SAMPLES_DIR = Path(__file__).resolve().parents[3] / "samples"
STEMS = [s[0] for s in SAMPLES]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdf_content(path: Path) -> list:
    with pdfplumber.open(path) as pdf:
        return [
            (
                [(w["text"], round(w["x0"]), round(w["top"])) for w in page.extract_words()],
                sorted((round(r["x0"]), round(r["top"]), str(r.get("non_stroking_color"))) for r in page.rects),
            )
            for page in pdf.pages
        ]


@pytest.mark.parametrize("stem,family,seed,n_sections", SAMPLES)
@pytest.mark.parametrize("fmt,suffix", [("pdf", ".pdf"), ("text", ".txt"), ("layout-text", ".layout.txt")])
def test_committed_samples_are_what_the_generator_makes(tmp_path, stem, family, seed, n_sections, fmt, suffix):
    if fmt == "layout-text" and shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    spec = make_spec(family, seed, name=stem, n_sections=n_sections)
    out = build_plan(spec, tmp_path / f"{stem}{suffix}", fmt=fmt)
    committed = SAMPLES_DIR / out.name
    if fmt == "pdf":  # compare what a reader sees: bytes may differ between reportlab versions
        assert _pdf_content(out) == _pdf_content(committed), f"{committed.name} is stale: run samples/generate.py"
    else:
        assert out.read_bytes() == committed.read_bytes(), f"{committed.name} is stale: run samples/generate.py"
    truth = out.with_name(out.name + ".expected.json")
    assert truth.read_text() == (SAMPLES_DIR / truth.name).read_text()


@pytest.mark.parametrize("stem", STEMS)
def test_pdf_has_eight_pages_and_every_action_of_its_truth(stem):
    truth = json.loads((SAMPLES_DIR / f"{stem}.pdf.expected.json").read_text())
    with pdfplumber.open(SAMPLES_DIR / f"{stem}.pdf") as pdf:
        assert len(pdf.pages) >= 8
        assert truth["pages"] == len(pdf.pages)
        text = _squash("".join(p.extract_text() or "" for p in pdf.pages))
        words = {w["text"] for p in pdf.pages for w in p.extract_words()}
    assert _squash(truth["organisation"]) in text

    def printed(value: str) -> bool:  # cells wrap and interleave: check word by word
        return set(value.split()) <= words

    assert len(truth["actions"]) >= 30
    for a in truth["actions"]:
        assert set(a) == set(ACTION_FIELDS)
        assert a["action_ref_raw"] in words
        assert printed(a["title"]), a["action_ref"]
        assert all(printed(step) for step in a["action_steps"])
        assert printed(a["update_text"] or "")


@pytest.mark.parametrize("stem", STEMS)
def test_refs_are_unique_and_canonical(stem):
    truth = json.loads((SAMPLES_DIR / f"{stem}.pdf.expected.json").read_text())
    refs = [a["action_ref"] for a in truth["actions"]]
    assert len(refs) == len(set(refs))
    assert all(re.fullmatch(r"\d+(\.\d+)+[a-z]?", r) for r in refs)


@pytest.mark.parametrize("stem,family,seed,n_sections", SAMPLES)
def test_merged_cells_cross_page_breaks(stem, family, seed, n_sections):
    pages, _, _ = lay_out(make_spec(family, seed, name=stem, n_sections=n_sections))
    where: dict[tuple, set[int]] = {}
    for p in pages:
        for pc in p.cells:
            if pc.row >= 0 and pc.cell.row_span > 1:
                where.setdefault((pc.table, pc.row, pc.cell.col), set()).add(p.number)
    assert any(len(v) > 1 for v in where.values()), "no merged cell crosses a page break"


def _fills(path: Path) -> set[str]:
    out = set()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for r in page.rects:
                col = r.get("non_stroking_color")
                if r.get("fill") and col and len(col) == 3:
                    out.add("#%02X%02X%02X" % tuple(round(v * 255) for v in col))
    return out


def test_family_b_pdf_has_shaded_months_and_several_rag_shades():
    truth = json.loads((SAMPLES_DIR / "kingsbridge_2023_24.pdf.expected.json").read_text())
    fills = _fills(SAMPLES_DIR / "kingsbridge_2023_24.pdf")
    from plantables.samples.spec import GRID_FILLS, RAG_FILLS

    assert fills & set(GRID_FILLS), "month grid is not shaded"
    for rag in ("green", "amber", "red"):
        assert len(fills & set(RAG_FILLS[rag])) >= 2, rag
    assert sum(bool(a["active_months"]) for a in truth["actions"]) > len(truth["actions"]) // 2


def test_text_export_repeats_the_header_on_each_page_and_breaks_rows():
    text = (SAMPLES_DIR / "westmoor_2016_17.txt").read_text()
    pages = text.split("\n\n")
    header = text.splitlines()[3]
    assert header.startswith("NOS\tWhat?\tWho?\tHow?")
    assert sum(line == header for line in text.splitlines()) == 9
    # a page that starts with a continuation row (no NOS) shows a row broken by the page break
    assert any(p.splitlines()[1].startswith("\t") for p in pages[1:])


def test_layout_text_truth_drops_what_layout_text_cannot_carry():
    truth = json.loads((SAMPLES_DIR / "kingsbridge_2023_24.layout.txt.expected.json").read_text())
    assert set(truth["lost_fields"]) >= {"rag", "active_months"}
    assert all(a["rag"] is None and a["active_months"] == [] for a in truth["actions"])
    text_truth = json.loads((SAMPLES_DIR / "kingsbridge_2023_24.txt.expected.json").read_text())
    assert any(a["active_months"] for a in text_truth["actions"])


def test_one_sample_pdf_is_tagged_and_the_others_are_not():
    from plantables.samples.generate import TAGGED_SAMPLE

    def tagged(path: Path) -> bool:
        with pdfplumber.open(path) as pdf:
            return bool(pdf.structure_tree)

    assert tagged(SAMPLES_DIR / f"{TAGGED_SAMPLE[0]}.pdf")
    assert not any(tagged(SAMPLES_DIR / f"{stem}.pdf") for stem in STEMS)


def test_tagged_sample_truth_matches_its_spec():
    from plantables.samples.generate import TAGGED_SAMPLE
    from plantables.samples.truth import plan_truth

    stem, family, seed, n_sections = TAGGED_SAMPLE
    committed = json.loads((SAMPLES_DIR / f"{stem}.pdf.expected.json").read_text())
    expected = plan_truth(make_spec(family, seed, name=stem, n_sections=n_sections), f"{stem}.pdf", "pdf",
                          committed["pages"])
    assert committed == expected
    with pdfplumber.open(SAMPLES_DIR / f"{stem}.pdf") as pdf:
        assert len(pdf.pages) == committed["pages"] >= 8
