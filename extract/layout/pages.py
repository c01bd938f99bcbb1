"""Pages of a ``pdftotext -layout`` export: running headers and footers, and what opens a page.

pdftotext prints a page's running header (``Council – Plan 2016/17 … OFFICIAL``)
and footer with the page's text, so they sit between the rows of a table that
runs over a page break. They are recognised as what they are — the same line
near the top or bottom of (nearly) every page — not by their wording.
"""

from __future__ import annotations

from collections import Counter

#: a block is running when it is found at the top or bottom of at least this share of the pages
RUNNING_SHARE = 0.6
#: the most lines a running header or footer has
RUNNING_LINES = 3


def squash(line: str) -> str:
    """A line with its runs of spaces closed up: the same header reads the same on every page,
    whatever the page's width made pdftotext put between its ends."""
    return " ".join(line.split())


def end_blocks(lines: list[str], is_header=lambda lines, i: False) -> list[list[int]]:
    """Indices of the first and the last block of lines with text of one page (a block ends at a
    blank line; the top one also before a table header, ``is_header(lines, i)``: a header repeated
    on every page is no running header). A block of more than a few lines is body text."""
    text = [i for i, ln in enumerate(lines) if ln.strip()]
    if not text:
        return []
    top = [text[0]]
    while top[-1] + 1 < len(lines) and lines[top[-1] + 1].strip() and not is_header(lines, top[-1] + 1):
        top.append(top[-1] + 1)
    bottom = [text[-1]]
    while bottom[0] > 0 and lines[bottom[0] - 1].strip():
        bottom.insert(0, bottom[0] - 1)
    if is_header(lines, top[0]):
        top = []
    return [b for b in (top, bottom) if 0 < len(b) <= RUNNING_LINES]


def _key(lines: list[str], block: list[int]) -> tuple[str, ...]:
    return tuple(squash(lines[i]) for i in block)


def running_blocks(pages: list[list[str]], is_header=lambda lines, i: False) -> set[tuple[str, ...]]:
    """Blocks (squashed lines) repeated at the top or bottom of (nearly) every page (two pages at
    least). Whole blocks are compared, so that a table's last line that happens to read the same
    on two pages (``for the first properties.``) is not taken for a footer."""
    if len(pages) < 2:
        return set()
    seen = Counter(k for page in pages for k in {_key(page, b) for b in end_blocks(page, is_header)})
    need = max(2, RUNNING_SHARE * len(pages))
    return {k for k, n in seen.items() if n >= need}


def drop_running(lines: list[str], running: set[tuple[str, ...]], is_header=lambda lines, i: False) -> list[str]:
    """One page's ``lines`` without its running header and footer."""
    drop = {i for b in end_blocks(lines, is_header) if _key(lines, b) in running for i in b}
    return [ln for i, ln in enumerate(lines) if i not in drop]
