"""Text as printed on real pages: no space inside a word whose glyphs a producer positioned one by
one, a line break where a line was wrapped at a space, a word cut at a cell's edge joined again."""

from __future__ import annotations

from pathlib import Path

import pytest

from plantables.extract.pdf.engine import extract_tables
from plantables.extract.pdf.page import read_pages
from plantables.extract.pdf.text import chars_to_words

REPO = Path(__file__).resolve().parents[4]
CHROMIUM = REPO / "tests" / "fixtures" / "chromium"
REAL = REPO.parent / "shared" / "real"


def _cell_texts(path: Path) -> list[str]:
    return [c.text for t in extract_tables(str(path)) for r in t.rows for c in r.cells]


def test_lines_a_browser_wrapped_at_a_space_keep_their_break():
    """Chromium makes a column as wide as its longest word ('Safeguarding', 'transformation'): that
    line is full, like a word cut at the edge, but the browser wrapped it at a space (pdfium's line
    break lies a space's width past the last glyph), so the words stay apart."""
    texts = _cell_texts(CHROMIUM / "risk_register.pdf")
    assert "Safeguarding\nchildren\nmissing\neducation" in texts
    assert "Insufficient\ncapacity\nacross\ntransformation\nworkstreams" in texts
    assert not any("Safeguardingchildren" in t or "transformationworkstreams" in t for t in texts)


def test_status_words_in_a_browser_printed_cell_are_whole():
    texts = _cell_texts(CHROMIUM / "risk_register.pdf")
    assert {"IN PROGRESS", "COMPLETE", "NOT STARTED"} <= {" ".join(t.split()) for t in texts}


@pytest.fixture
def scout(need) -> Path:
    return need(REAL / "scout_fictional_progress_report.pdf")


def test_glyphs_placed_one_by_one_make_whole_words(scout):
    """Google Docs (Skia) draws '✓' in one font and 'Completed' in another: pdfium's word gap
    between them was placed past the 'C' and split 'C ompleted' (also 'I n', 'N ot', 'p ure')."""
    words = [w["text"] for p in read_pages(scout, with_tags=False) for w in chars_to_words(p.chars)]
    assert "Completed:" in words and "In" in words and "Not" in words
    assert not {"ompleted:", "ompleted", "ot", "n", "ncident)", "ure"} & set(words)  # ("Option C" is a word)
