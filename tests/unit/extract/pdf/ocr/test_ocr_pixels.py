"""The pixel steps of OCR on real scans: resolution, skew, rules and cell fills.

The scans are the committed ones (``tests/fixtures/scanned/make_scans.py``):
sample plans rendered, turned, noised and JPEG'd into image-only PDFs.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest

from plantables.extract.pdf.ocr import needs_ocr
from plantables.extract.pdf.ocr.raster import deskew, ink, render, render_dpi, scan_dpi, skew_angle
from plantables.extract.pdf.ocr.rules import clear_fills, find_fills, find_rules
from plantables.extract.pdf.page import read_pages
from plantables.vocabulary.status import rag_from_fill

SCANNED = Path(__file__).resolve().parents[5] / "tests" / "fixtures" / "scanned"
K200 = SCANNED / "kingsbridge_2023_24.scan200.pdf"
K150 = SCANNED / "kingsbridge_2023_24.scan150n.pdf"
K300 = SCANNED / "kingsbridge_2023_24.scan300.pdf"
H200 = SCANNED / "harbourside_2024_26.scan200.pdf"
ZEBRA = SCANNED / "layouts" / "layout_0140.scan150s.pdf"  # bands cut by quarter marks and RAG cells
REPO = SCANNED.parents[2]


def _page_image(path: Path, number: int = 1):
    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[number - 1]
        dpi = render_dpi(page)
        return render(page, dpi), dpi
    finally:
        pdf.close()


@pytest.mark.parametrize("path, dpi", [(K150, 150), (K200, 200), (K300, 300)])
def test_render_resolution_is_the_scans_own(path, dpi):
    pdf = pdfium.PdfDocument(str(path))
    try:
        assert scan_dpi(pdf[0]) == pytest.approx(dpi, abs=1)
        assert render_dpi(pdf[0]) == dpi
    finally:
        pdf.close()


def test_a_scan_page_needs_ocr_and_a_born_digital_one_does_not():
    scanned = next(read_pages(K200, [1], ocr="off"))
    assert not scanned.has_text_layer and scanned.images == 1 and needs_ocr(scanned)
    digital = next(read_pages(SCANNED.parents[2] / "samples" / "kingsbridge_2023_24.pdf", [1], ocr="off"))
    assert not needs_ocr(digital)


@pytest.mark.parametrize("turn", [-2.0, -0.7, 0.8, 1.6])
def test_skew_is_measured_and_undone(turn):
    rgb, _ = _page_image(K200)
    turned = deskew(rgb, -turn)  # deskew turns by -angle: this gives the page a skew of `turn`
    found = skew_angle(ink(cv2.cvtColor(turned, cv2.COLOR_RGB2GRAY)))
    assert found == pytest.approx(turn, abs=0.1)
    straight = deskew(turned, found)
    assert abs(skew_angle(ink(cv2.cvtColor(straight, cv2.COLOR_RGB2GRAY)))) <= 0.1


def _straight(path: Path, number: int = 1):
    rgb, dpi = _page_image(path, number)
    rgb = deskew(rgb, skew_angle(ink(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY))))
    return rgb, np.ascontiguousarray(rgb.max(axis=2)), dpi


@pytest.mark.parametrize("path, number", [(K150, 1), (K200, 3)])
def test_rules_are_long_thin_and_span_the_table(path, number):
    """Page 3 has month marks beside the rule after the last month: that rule is found too."""
    rgb, value, dpi = _straight(path, number)
    boxes, mask = find_rules(ink(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)), dpi, value)
    horizontal = [b for b in boxes if b[2] - b[0] > b[3] - b[1]]
    vertical = [b for b in boxes if b[2] - b[0] <= b[3] - b[1]]
    # the row and column boundaries the born-digital page draws (points), and nothing else
    digital = next(read_pages(REPO / "samples" / "kingsbridge_2023_24.pdf", [number], ocr="off"))
    scale = 72 / dpi
    for found, drawn in (
        (_levels([(b[1] + b[3]) / 2 * scale for b in horizontal]),
         _levels([e["top"] for e in digital.edges if e["orientation"] == "h" and e["x1"] - e["x0"] > 36])),
        (_levels([(b[0] + b[2]) / 2 * scale for b in vertical]),
         _levels([e["x0"] for e in digital.edges if e["orientation"] == "v" and e["bottom"] - e["top"] > 36])),
    ):
        assert all(any(abs(f - d) <= 3 for d in drawn) for f in found), (found, drawn)  # no false rule
        assert sum(1 for d in drawn if any(abs(f - d) <= 3 for f in found)) >= 0.9 * len(drawn), (found, drawn)
    assert all(b[3] - b[1] <= 0.06 * dpi for b in horizontal)  # no line of text passes for a rule
    assert mask.any()


def test_the_border_of_a_coloured_cell_is_no_rule():
    """Harbourside rules its rows only. Along its RAG cells' sides there is no rule; what JPEG
    leaves there (a fringe darker than the fill, in places) may pass for one only on a
    fill's side, which bounds the cell anyway, and not along most of them."""
    rgb, value, dpi = _straight(H200)
    boxes, mask = find_rules(ink(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)), dpi, value)
    vertical = [b for b in boxes if b[3] - b[1] > b[2] - b[0]]
    fills = [r for r in find_fills(rgb, dpi, 72 / dpi, mask) if r["bottom"] - r["top"] > 36]
    sides = [x * dpi / 72 for r in fills for x in (r["x0"], r["x1"])]
    assert len(fills) >= 9
    assert all(any(abs((b[0] + b[2]) / 2 - x) <= 0.03 * dpi for x in sides) for b in vertical), vertical
    assert len(vertical) < len(fills)  # the borders' 2 per cell would have been 18
    assert len([b for b in boxes if b[2] - b[0] > 3 * dpi]) >= 5  # while the row rules are there


def _levels(positions: list[float], tol: float = 3.0) -> list[float]:
    """Distinct positions: those within ``tol`` of the one before are one."""
    out: list[float] = []
    for p in sorted(positions):
        if not out or p - out[-1] > tol:
            out.append(p)
    return out


def test_fills_keep_their_colour_through_noise_and_jpeg():
    """Page 1's RAG column (green, amber, yellow, red …) and grey month cells, from a noisy 150 dpi scan."""
    rgb, dpi = _page_image(K150)
    rgb = deskew(rgb, skew_angle(ink(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY))))
    _, mask = find_rules(ink(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)), dpi)
    rects = find_fills(rgb, dpi, 72 / dpi, mask)
    names = [rag_from_fill(r["fill"]) for r in rects]
    assert {"green", "amber", "red", "grey"} <= set(names)
    # the same fills the born-digital page draws, named the same way (the shades differ a little)
    digital = next(read_pages(SCANNED.parents[2] / "samples" / "kingsbridge_2023_24.pdf", [1], ocr="off"))
    want = sorted(n for n in (rag_from_fill(r["fill"]) for r in digital.rects if r["fill"]) if n in ("green", "amber", "red"))
    got = sorted(n for n in names if n in ("green", "amber", "red"))
    assert got == want


def _near(a: str, b: str, tolerance: int = 30) -> bool:
    return all(abs(int(a[i:i + 2], 16) - int(b[i:i + 2], 16)) <= tolerance for i in (1, 3, 5))


@pytest.mark.parametrize("path, number", [(ZEBRA, 1), (H200, 1)])
def test_marks_bands_and_tints_come_out_as_drawn(path, number):
    """Each fill the born-digital page paints, read back at its middle as the cell reader does
    (the largest rect covering it, the last painted among equals): quarter marks and RAG cells
    inside zebra bands keep their own colour, the bands theirs, a faint header tint shows."""
    rgb, value, dpi = _straight(path, number)
    _, mask = find_rules(ink(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)), dpi, value)
    rects = find_fills(rgb, dpi, 72 / dpi, mask)
    origin = REPO / ("tests/fixtures/layouts/layout_0140.pdf" if path == ZEBRA else "samples/harbourside_2024_26.pdf")
    digital = next(read_pages(origin, [number], ocr="off"))
    drawn = [r for r in digital.rects if r["fill"] not in (None, "#FFFFFF") and r["x1"] - r["x0"] > 12
             and r["bottom"] - r["top"] > 12]
    assert drawn
    wrong = []
    for r in drawn:
        x, y = (r["x0"] + r["x1"]) / 2, (r["top"] + r["bottom"]) / 2
        over = [o for o in rects if o["x0"] <= x <= o["x1"] and o["top"] <= y <= o["bottom"]]
        if not over or not _near(over[-1]["fill"], r["fill"]):
            wrong.append((r["fill"], round(x), round(y), over[-1]["fill"] if over else None))
    assert len(wrong) <= 0.05 * len(drawn), wrong


def _marks(rects, width: float = 60.0):
    """The quarter marks of layout_0140's page 1: green rects narrower than a text column."""
    return [r for r in rects if r["fill"] and rag_from_fill(r["fill"]) == "green" and r["x1"] - r["x0"] < width]


def test_reversed_and_faint_text_in_fills_becomes_ink_on_paper():
    """layout_0140's header band is navy with white captions, its "Behind" dark red on red: both
    become dark text on white for the recogniser; a mark without text keeps its colour."""
    rgb, value, dpi = _straight(ZEBRA)
    _, mask = find_rules(ink(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)), dpi, value)
    scale = 72 / dpi
    rects = find_fills(rgb, dpi, scale, mask)
    before = rgb.copy()
    assert clear_fills(rgb, rects, scale) >= 2

    def inside(r):
        x0, y0, x1, y1 = (int(v / scale) for v in (r["x0"], r["top"], r["x1"], r["bottom"]))
        return cv2.cvtColor(rgb[y0 + 4:y1 - 4, x0 + 4:x1 - 4], cv2.COLOR_RGB2GRAY)

    band = max(rects, key=lambda r: (r["x1"] - r["x0"]) * (r["bottom"] - r["top"]))
    reds = [r for r in rects if rag_from_fill(r["fill"]) == "red"]
    assert reds
    for r in [band, *reds]:
        grey = inside(r)
        assert np.median(grey) > 200 and np.count_nonzero(grey < 100) > 0.01 * grey.size, r
    for r in _marks(rects):
        x0, y0, x1, y1 = (int(v / scale) for v in (r["x0"], r["top"], r["x1"], r["bottom"]))
        assert np.array_equal(rgb[y0:y1, x0:x1], before[y0:y1, x0:x1])


def test_low_cells_sides_and_banded_rows_come_out_whole():
    """Page 2 of a fresh Calc plan scanned at 200 dpi with noise (``pages/``): a grid whose
    quarter headers Q1-Q4 sit in cells 0.15 in tall under their year (sides shorter than
    MIN_RULE_INCH, found as runs joining the rules above and below), and objective rows on a
    light tint that their bold titles fill from the left edge (the fill starts at the table's
    edge, not where the title's text ends)."""
    page = next(read_pages(SCANNED / "pages" / "layout_927108.scan200n.p2.pdf", [1]))
    quarter_sides = [ln for ln in page.lines if ln["x0"] == ln["x1"] and 120 < ln["top"] < 128
                     and ln["bottom"] < 140]
    assert sorted(round(ln["x0"]) for ln in quarter_sides) == [348, 374, 400], quarter_sides
    tints = [r for r in page.rects if r["x1"] - r["x0"] > 600]
    assert len(tints) >= 6 and all(r["x0"] < 45 for r in tints), tints


def test_a_faint_band_under_noise_is_widened_over_its_whole_title():
    """Page 2 of a fresh Calc plan scanned at 150 dpi with noise (``pages/``): section rows
    ("3. A cleaner, greener place") on a faint tint (#F1F1F1, 14 levels under the paper). Grey
    noise and JPEG leave a few pixels of a column between the title's glyphs as light as the
    paper; the band widened over its text stopped there, at x = 98 pt inside "greener", and that
    edge cut the title into two columns (the page then had one column more than the page before
    and did not continue its table)."""
    page = next(read_pages(SCANNED / "pages" / "layout_930122.scan150n.p2.pdf", [1]))
    bands = [r for r in page.rects if r["x1"] - r["x0"] > 400 and r["bottom"] - r["top"] < 20]
    assert bands and all(r["x0"] < 45 for r in bands), [(round(r["x0"]), round(r["top"])) for r in bands]


def test_a_header_cells_sides_over_the_columns_rules_are_found():
    """Page 1 of a fresh Chromium plan scanned at 200 dpi with noise (``pages/``): a ruled grid whose
    header cells' sides (14 pt, under MIN_RULE_INCH) stand end to end on the columns' rules. Closed
    along the run, each joined the long rule below and was dropped as found already; the recogniser
    then read the side as "I" ("I Ref.") and the header lost its columns. The table's outer side
    stood a pixel short of where its rules begin."""
    page = next(read_pages(SCANNED / "pages" / "layout_930118.scan200n.p1.pdf", [1]))
    sides = sorted(round(ln["x0"]) for ln in page.lines if ln["x0"] == ln["x1"] and ln["top"] < 145
                   and ln["bottom"] < 155)
    assert sides == [43, 154, 203, 334, 412, 491, 622, 687, 788], sides
    assert "Ref." in [w["text"] for w in page.words if 135 < w["top"] < 145]
    assert "I" not in [w["text"] for w in page.words if 135 < w["top"] < 145]
