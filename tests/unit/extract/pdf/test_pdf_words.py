"""Page words made lazily (text.PageWords: all, outside, beside) and only outside tables."""

from __future__ import annotations

import math
from pathlib import Path

from plantables.extract.pdf.engine import find_tables
from plantables.extract.pdf.page import PageContent, read_pages
from plantables.extract.pdf.text import PageWords, chars_to_words

SAMPLES = sorted((Path(__file__).resolve().parents[4] / "samples").glob("*.pdf"))


def _plain(words: list[dict]) -> list[tuple]:
    return [(w["text"], w["x0"], w["top"], w["x1"], w["bottom"], w["size"], w["bold"], w["upright"],
             [id(c) for c in w["chars"]]) for w in words]


def _centre_in(w: dict, boxes, margin: float) -> bool:
    x, y = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
    return any(b[0] - margin <= x <= b[2] + margin and b[1] - margin <= y <= b[3] + margin for b in boxes)


def test_words_outside_tables_equal_the_page_words_filtered():
    checked = 0
    for path in SAMPLES[:2]:
        for page in read_pages(path):
            boxes = [t.bbox for t in find_tables(page) if t.bbox]
            fresh = next(read_pages(path, [page.number]))  # no words made yet
            assert not fresh.page_words.made
            for margin in (0.0, 1.0):
                expected = [w for w in chars_to_words(fresh.chars) if not _centre_in(w, boxes, margin)]
                assert _plain(fresh.page_words.outside(boxes, margin)) == _plain(expected)
            top = min((b[1] for b in boxes), default=fresh.height)
            above = [w for w in fresh.page_words.beside([(-math.inf, top + 1, math.inf, math.inf)]) if w["bottom"] <= top]
            assert _plain(above) == _plain([w for w in chars_to_words(fresh.chars) if w["bottom"] <= top])
            # the page's words, made afterwards, are the same dicts
            ids = {id(w) for w in fresh.words}
            assert all(id(w) in ids for w in fresh.page_words.outside(boxes))
            assert _plain(fresh.words) == _plain(chars_to_words(fresh.chars))
            checked += bool(boxes)
    assert checked  # the samples have tables


def test_words_are_made_on_first_access_and_can_be_given():
    page = next(read_pages(SAMPLES[0], [1]))
    assert not page.page_words.made
    assert page.words is page.words and page.page_words.made
    given = PageContent(1, 100.0, 100.0, chars=page.chars, made_words=[])
    assert given.words == [] and given.page_words.outside([]) == []
    assert isinstance(given.page_words, PageWords)
