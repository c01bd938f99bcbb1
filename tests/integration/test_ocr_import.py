"""Scanned pages end to end: read by OCR into the same page model, imported with a confidence.

Inputs are real: a committed scan of a sample plan (``tests/fixtures/scanned``),
camelot's scanned lab report (``shared/peers/camelot/image.pdf``), and PDFs
mixing born-digital and scanned pages made here from both.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import warnings
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner

from plantables.cli import cli
from plantables.extract.model import ExtractError
from plantables.extract.pdf import ocr
from plantables.extract.pdf.engine import ScannedPageWarning, extract_tables
from plantables.extract.pdf.page import read_pages
from plantables.extract.pdf.plan import read_pdf_plan

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "samples" / "kingsbridge_2023_24.pdf"
SCAN = REPO / "tests" / "fixtures" / "scanned" / "kingsbridge_2023_24.scan200.pdf"
#: a corpus layout the OCR was not tuned on: zebra bands, bold objective rows between the actions,
#: a larger priority heading between its two tables (150 dpi, turned, noised, JPEG'd)
ZEBRA = REPO / "tests" / "fixtures" / "layouts" / "layout_0178.pdf"
ZEBRA_SCAN = REPO / "tests" / "fixtures" / "scanned" / "layouts" / "layout_0178.scan150s.pdf"


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Path:
    """Page 1 born-digital, page 2 the scan of the same plan's page 2."""
    out = tmp_path_factory.mktemp("mixed") / "mixed_kingsbridge.pdf"
    pdf = pdfium.PdfDocument.new()
    pdf.import_pages(pdfium.PdfDocument(str(SAMPLE)), [0])
    pdf.import_pages(pdfium.PdfDocument(str(SCAN)), [1])
    pdf.save(str(out))
    return out


def test_a_mixed_pdf_reads_each_page_its_own_way(mixed):
    digital, scanned = list(read_pages(mixed))
    assert digital.ocr_confidence is None and not any("conf" in c for c in digital.chars)
    assert scanned.ocr_confidence is not None and scanned.ocr_confidence > 0.9
    assert all("conf" in c for c in scanned.chars)
    # the scanned page is the page model a text layer gives: words, rules, fills
    words = {w["text"] for w in scanned.words}
    assert {"Referrals", "children"} & words or "Lead" in words
    assert any(e["orientation"] == "v" for e in scanned.edges) and any(r["fill"] for r in scanned.rects)
    # and what the born-digital page 2 holds, the scan holds: the same tables, near the same text
    original = next(read_pages(SAMPLE, [2]))
    from plantables.extract.pdf.engine import find_tables

    want, got = find_tables(original), find_tables(scanned)
    assert [len(t.columns) for t in got] == [len(t.columns) for t in want]
    assert abs(sum(len(t.rows) for t in got) - sum(len(t.rows) for t in want)) <= 1


def test_a_scanned_zebra_page_reads_the_tables_its_original_gives():
    """Type sizes from the ink: the body lines one size as printed, so neither a bold objective
    row nor a body line whose detector box came out tall passes for a heading that cuts the table."""
    from plantables.extract.pdf.engine import find_tables

    scanned, original = next(read_pages(ZEBRA_SCAN, [1])), next(read_pages(ZEBRA, [1]))
    sizes = Counter(c["size"] for c in scanned.chars if not c["text"].isspace())
    assert sizes.most_common(1)[0][1] >= 0.8 * sum(sizes.values())
    want, got = find_tables(original), find_tables(scanned)
    assert [(len(t.rows), len(t.columns)) for t in got] == [(len(t.rows), len(t.columns)) for t in want]
    firsts = [r.cells[0].text for t in got for r in t.rows if r.cells and r.cells[0] is not None]
    objectives = [text for text in firsts if text.startswith("Objective")]
    assert len(objectives) == 4 and objectives[0].startswith("Objective 1.1: Recruit and keep")


def test_a_mixed_pdf_imports_with_confidence_on_the_ocr_actions_only(mixed, tmp_path):
    db = tmp_path / "mixed.db"
    result = CliRunner().invoke(cli, ["import", str(mixed), "--db", str(db), "--workers", "0", "--quiet"])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT page_first, ocr_confidence FROM actions ORDER BY position").fetchall()
    assert {p for p, _ in rows} == {1, 2}
    assert all(c is None for p, c in rows if p == 1)
    assert all(c is not None and 0.5 < c <= 1.0 for p, c in rows if p == 2)
    shown = CliRunner().invoke(cli, ["review", "ocr", "--db", str(db), "--format", "json"])
    assert shown.exit_code == 0, shown.output
    listed = json.loads(shown.output)
    assert len(listed) == sum(1 for p, _ in rows if p == 2)
    assert [r["ocr_confidence"] for r in listed] == sorted(r["ocr_confidence"] for r in listed)  # least sure first
    assert {r["page"] for r in listed} == {2}


def test_camelots_scanned_report_gives_its_results_table(peers_dir):
    tables = extract_tables(peers_dir / "camelot" / "image.pdf")
    texts = [" ".join(c.text for row in t.rows for c in row.cells) for t in tables]
    table = next((t for t in texts if "Arm" in t and "Ribs" in t), None)
    assert table is not None, texts
    for figure in ("197.82", "159.60", "1.152", "2131.39"):
        assert figure in table


def test_without_an_engine_the_message_says_how_to_get_one(monkeypatch, peers_dir, tmp_path):
    monkeypatch.setattr(ocr, "engine_available", lambda engine: False)
    path = peers_dir / "camelot" / "image.pdf"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert extract_tables(path) == []
    messages = [str(w.message) for w in caught if issubclass(w.category, ScannedPageWarning)]
    assert messages == [f"{path}: page 1: no text layer: scanned page, OCR not installed "
                        "(pip install 'plantables[ocr]')"]
    with pytest.raises(ExtractError, match=r"OCR not installed: pip install 'plantables\[ocr\]'"):
        read_pdf_plan(path)


def test_ocr_off_leaves_the_scan_unread(peers_dir):
    path = peers_dir / "camelot" / "image.pdf"
    with pytest.raises(ExtractError, match="OCR turned off"):
        read_pdf_plan(path, ocr="off")
    result = CliRunner().invoke(cli, ["tables", str(path), "--ocr-engine", "off"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["warnings"] == [
        f"{path}: page 1: no text layer: scanned page, OCR turned off"]


def test_a_scan_reads_in_a_fresh_process_under_the_default_memory_cap():
    """The CLI as a user runs it: a new process, ``--max-memory-per-file`` at its default. The OCR
    engine's own mappings come on top of the cap (every scan ran out of memory under 900 MB before);
    the tests above run in a process whose engine is already loaded, so they could not show it."""
    code = "from plantables.cli import cli; cli(prog_name='plantables')"

    def header_labels(path: Path) -> list[str]:
        out = subprocess.run([sys.executable, "-c", code, "tables", str(path), "--pages", "1"],
                             capture_output=True, text=True, timeout=600)
        assert out.returncode == 0, out.stderr
        return [" ".join(c["text"].split()) for t in json.loads(out.stdout)["tables"] for c in t["cells"]
                if c.get("header")]

    original = header_labels(SAMPLE)
    scanned = header_labels(SCAN)
    assert len(original) >= 8
    assert sum(label in scanned for label in original) >= 0.9 * len(original), (original, scanned)


def test_a_scan_is_read_within_the_time_limit_or_given_up(tmp_path):
    with pytest.raises(ExtractError, match="timed out"):
        read_pdf_plan(SCAN, pages=[1, 2, 3], max_seconds=0.5)


def test_tesseract_reads_the_same_scan_when_asked(tmp_path):
    """``--ocr-engine tesseract`` (the Debian package, installed by .ci/run): the same page model."""
    assert ocr.engine_available("tesseract")
    page = next(read_pages(SCAN, [1], ocr="tesseract"))
    assert page.ocr_confidence is not None and page.ocr_confidence > 0.8
    from plantables.extract.pdf.engine import find_tables

    table = max(find_tables(page), key=lambda t: len(t.rows))
    labels = [c.label for c in table.columns]
    assert labels[:4] == ["Risk register\nreference", "Desired Outcome", "Actions", "Lead"]
    assert "24-Mar" in labels and labels[-1] == "RAG"
    text = " ".join(c.text for row in table.rows for c in row.cells)
    assert "Embed the new case recording" in text
