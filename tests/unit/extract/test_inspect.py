"""`plantables inspect`: the recovered tables as text, and the detected cells drawn on the page."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from PIL import Image

from plantables.cli import cli
from plantables.extract.inspect import KIND_COLOURS, cell_label, cells_on_page
from plantables.extract.model import Cell
from plantables.extract.pdf.plan import read_pdf_plan

SAMPLES = Path(__file__).resolve().parents[3] / "samples"
PLAN_B = SAMPLES / "kingsbridge_2023_24.pdf"


def test_cell_label_shows_span_and_fill():
    assert cell_label(Cell(0, "I.3 The early\nhelp offer", row_span=5)) == "I.3 The early help offer [5×1]"
    assert cell_label(Cell(13, "", fill="#92D050")) == " [#92D050]"
    assert cell_label(Cell(1, "x" * 80), width=10) == "x" * 9 + "…"


def test_inspect_prints_spans_fills_and_the_month_header(tmp_path):
    result = CliRunner().invoke(cli, ["inspect", str(PLAN_B), "--page", "2", "--width", "30"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "organisation: Kingsbridge City Council" in out
    assert "grouped columns: Timeframe" in out
    assert ("Timeframe [1×7" in out or "Timeframe [bold 1×7" in out) and "23-Sep" in out  # cells show bold now
    assert "[2×1]" in out  # the merged outcome cell continued from page 1
    assert "#A6A6A6" in out  # a shaded month cell
    assert "QUALITY ASSURANCE [1×14]" in out or ("QUALITY ASSURANCE [bold" in out and "1×14]" in out)  # a theme row across


def test_inspect_png_outlines_the_detected_cells(tmp_path):
    out = tmp_path / "page2.png"
    result = CliRunner().invoke(cli, ["inspect", str(PLAN_B), "--page", "2", "--png", str(out), "--resolution", "72"])
    assert result.exit_code == 0, result.output
    image = Image.open(out).convert("RGB")
    assert image.size[0] == 842 and abs(image.size[1] - 595) <= 1  # landscape A4, 72 dpi: a pixel per point
    doc = read_pdf_plan(PLAN_B, pages=[2])
    boxes = cells_on_page(doc, 2)
    assert len(boxes) > 50
    hits = 0
    for kind, (x0, top, x1, _bottom) in boxes:
        colour = KIND_COLOURS[kind][:3]
        x = int((x0 + x1) / 2)
        # the outline runs along the top edge of the cell
        if any(image.getpixel((x, int(top) + dy)) == colour for dy in (-1, 0, 1)):
            hits += 1
    assert hits >= 0.9 * len(boxes)


def test_inspect_reports_a_bad_file_in_one_line(tmp_path):
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.4 nothing here")
    result = CliRunner().invoke(cli, ["inspect", str(junk)])
    assert result.exit_code == 1
    assert str(junk) in result.output and "Traceback" not in result.output


def test_inspect_png_of_a_missing_page_is_an_error(tmp_path):
    result = CliRunner().invoke(cli, ["inspect", str(PLAN_B), "--page", "99", "--png", str(tmp_path / "x.png")])
    assert result.exit_code == 1
    assert "page 99 does not exist" in result.output
