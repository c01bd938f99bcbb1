"""Pages read while pdfium parses the next one in a thread (page.read_pages(prefetch=True)) are the pages read one by one."""

from __future__ import annotations

import threading
from pathlib import Path

from plantables.extract.pdf.page import read_pages

ROOT = Path(__file__).resolve().parents[4]
#: several pages each: a table running over page breaks, as the plan reader meets them
PDFS = sorted((ROOT / "samples").glob("*.pdf"))[:2] + sorted((ROOT / "tests" / "fixtures" / "layouts").glob("layout_000*.pdf"))[:2]


def _plain(page) -> tuple:
    return page.number, page.width, page.height, page.chars, page.rects, page.lines, page.edges, page.graphics, page.images


def test_prefetched_pages_equal_pages_read_one_by_one():
    pages = 0
    for path in PDFS:
        plain = [_plain(p) for p in read_pages(path)]
        fetched = [_plain(p) for p in read_pages(path, prefetch=True)]
        assert fetched == plain
        pages += len(plain)
    assert pages >= 8


def test_chosen_pages_and_an_early_stop_leave_no_thread_running():
    path = PDFS[0]
    assert [p.number for p in read_pages(path, [2, 1], prefetch=True)] == [2, 1]
    before = threading.active_count()
    pages = read_pages(path, prefetch=True)
    first = next(pages)  # the second page is being parsed now
    assert first.number == 1
    pages.close()  # the thread is joined and what it loaded closed before the document
    assert threading.active_count() == before
