"""Text read from scans: a letter told from a digit by its ink, word spaces from the gaps.

The scans are the committed ones (``tests/fixtures/scanned/make_scans.py``), read
by the real recogniser; each page read once per module.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from plantables.extract.pdf.page import read_pages

SCANNED = Path(__file__).resolve().parents[5] / "tests" / "fixtures" / "scanned"


@pytest.fixture(scope="module")
def kingsbridge_words() -> list[str]:
    """Page 1 at 200 dpi: refs "I.1.1" (a capital I in Arial: a bare bar) beside risk refs "KCC_RSK_11"."""
    page = next(read_pages(SCANNED / "kingsbridge_2023_24.scan200.pdf", [1]))
    return [w["text"] for w in page.words]


@pytest.fixture(scope="module")
def harbourside_words() -> list[str]:
    page = next(read_pages(SCANNED / "harbourside_2024_26.scan200.pdf", [1]))
    return [w["text"] for w in page.words]


def test_a_bar_is_the_letter_i_and_a_flagged_stroke_the_digit_1(kingsbridge_words):
    refs = [w for w in kingsbridge_words if w[:2] in ("I.", "1.") and w[-1].isdigit()]
    # the page's actions I.1.1-I.1.5, I.2.1-I.2.3 and objectives I.1, I.2: all with a letter I
    assert len(refs) >= 9, refs
    assert all(r.startswith("I.") and "I" not in r[1:] for r in refs), refs
    assert "KCC_RSK_11" in kingsbridge_words and "KCC_RSK_4" in kingsbridge_words
    assert "1" in kingsbridge_words  # "Page 1 of 8": a digit 1 stays a 1


def test_word_spaces_follow_the_gaps_in_the_ink(harbourside_words):
    assert "Q3" in harbourside_words and "2025/26" in harbourside_words  # a space between two digits
    assert "01/07/2024" in harbourside_words  # and none in the margin before the text


def _line(text: str, x0: float = 100.0, y0: float = 100.0, step: float = 10.0):
    from plantables.extract.pdf.ocr.recognise import TextLine

    chars = [(t, x0 + k * step, x0 + (k + 1) * step - 2, 0.9) for k, t in enumerate(text)]
    return TextLine((x0, y0, x0 + len(text) * step, y0 + 20), chars)


def test_a_rule_read_at_a_line_edge_is_dropped_and_a_dot_opening_a_line_is_a_bullet():
    """A header cell's side, too short to be found as a rule, comes back as "|" before, after or
    between the cells' words (still parting them); a "|" inside a word is a misread letter and
    stays. A list bullet comes back as a middle dot."""
    import numpy as np

    from plantables.extract.pdf.ocr.build import _chars

    blank = np.zeros((300, 600), np.uint8)
    lines = [_line("| Dec-23"), _line("Jan-24 |", y0=140), _line("· Consult residents", y0=180), _line("Jul-23 | Aug-23", y0=220), _line("He|p", y0=260)]
    chars = _chars(lines, blank, blank, 0.5)
    rows: dict[float, str] = {}
    for c in chars:
        rows[c["top"]] = rows.get(c["top"], "") + c["text"]
    assert [" ".join(r.split()) for r in rows.values()] == ["Dec-23", "Jan-24", "• Consult residents", "Jul-23 Aug-23", "He|p"]


def test_a_bullet_the_recogniser_dropped_comes_back_from_its_ink():
    """Page 1 of a fresh Chromium plan scanned at 200 dpi with noise (``pages/``, made by
    make_scans.py): nine list items under action titles, whose dots the recogniser reads as "·"
    three times (once as a line of its own), as "." once and drops five times; a dot of ink before a
    line's first letter is the bullet, once, with a space after it."""
    page = next(read_pages(SCANNED / "pages" / "layout_921007.scan200n.pdf", [1]))
    words = [w["text"] for w in page.words]
    bullets = [k for k, w in enumerate(words) if w == "•"]
    assert len(bullets) >= 8, words
    assert all(words[k + 1][:1].isupper() for k in bullets), [words[k + 1] for k in bullets]
    assert not any("•" in w and w != "•" for w in words), words


@pytest.fixture(scope="module")
def calc_header_page():
    """Page 1 of a fresh Calc plan scanned at 200 dpi with noise (``pages/``): rules=horizontal,
    so its columns come from the gaps between cells' text; the recogniser reads a row of cells
    as one line ("... and Environmental Health Lead", a bold title beside a regular lead)."""
    return next(read_pages(SCANNED / "pages" / "layout_927103.scan200n.p1.pdf", [1]))


def _first_line_words(page) -> dict:
    """The first action row's first line, each word by its text (its first occurrence)."""
    words: dict = {}
    for w in page.words:
        if 138 < w["top"] < 143:
            words.setdefault(w["text"], w)
    return words


def test_words_end_where_their_ink_does(calc_header_page):
    """The born-digital text layer's words (x0, x1 in points) and the scan's: within half a point
    (the recogniser's own boxes were up to 2 pt off), so the gaps between cells (6.4 pt at 6.7 pt
    type) keep their width and the columns found from them are the born-digital page's."""
    words = _first_line_words(calc_header_page)
    born = {"and": (187.9, 198.7), "Environmental": (205.1, 245.2), "specific": (405.1, 426.0),
            "Feedback": (457.3, 483.1), "has": (534.8, 543.8), "colleges": (741.1, 763.3)}
    for text, (x0, x1) in born.items():
        assert abs(words[text]["x0"] - x0) < 0.5 and abs(words[text]["x1"] - x1) < 0.5, (text, words[text])
    assert abs((words["Environmental"]["x0"] - words["and"]["x1"]) - (205.1 - 198.7)) < 0.5  # the cell gap


def test_each_cell_of_a_line_read_across_cells_has_its_own_weight(calc_header_page):
    words = _first_line_words(calc_header_page)
    assert words["Review"]["bold"] and words["and"]["bold"]  # the action's title
    assert not words["Environmental"]["bold"] and not words["Lead"]["bold"]  # its lead, in the next cell


def test_a_descending_glyph_does_not_set_a_short_lines_size():
    """Page 1 of a fresh Chromium plan (serif, 7 pt) scanned at 200 dpi with noise (``pages/``):
    quarter headers "Q1".."Q4" under their years. Each is a line of two glyphs, and the tail of a
    serif Q below the baseline held as much ink as the digit's foot, so the line measured 8 pt,
    larger than the table's text: a heading cutting the header off the table. Measured on the
    glyphs that stand on the baseline, they are the header's size, as in the text layer."""
    page = next(read_pages(SCANNED / "pages" / "layout_930107.scan200n.p1.pdf", [1]))
    header = {w["text"]: w for w in page.words if 110 < w["top"] < 120}
    quarters = [w for w in page.words if 124 < w["top"] < 131 and w["text"] in ("Q1", "Q2", "Q3", "Q4")]
    assert len(quarters) == 8, quarters
    body = header["Actions"]["size"]
    assert all(abs(q["size"] - body) < 0.3 for q in quarters), [(q["text"], q["size"]) for q in quarters]
    assert all(abs(q["bottom"] - 135.0) < 1.0 for q in quarters), [(q["text"], q["bottom"]) for q in quarters]
