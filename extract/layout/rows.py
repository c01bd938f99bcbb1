"""Where rows, cells and paragraphs part in ``pdftotext -layout`` text: small pure helpers
for :mod:`plantables.extract.layout.reader`.

pdftotext keeps words in reading order on a character grid and drops what
told them apart in the PDF: rules, fonts, exact positions. These functions
recover three such boundaries from the text alone:

* :func:`step_rows` — two table rows with no blank line between them (a label
  centred over both sits on the line that would have been blank);
* :func:`back_over_capitals` — a cell boundary inside a line squeezed to one
  space (``… issued to all Nov 2016``);
* :func:`prose_paragraphs` — wrapped paragraph lines versus the separate short
  lines of a title block, and a running header with its far-right part.
"""

from __future__ import annotations

import re

#: texts this far apart on one line outside tables are separate (a running header's two ends)
FAR_APART = re.compile(r" {8,}")


def step_rows(group: list[str], cells: list[list[str]], action: int, timeframe: int | None) -> list[list[str]]:
    """The lines between two blank lines (``group``, cut into ``cells`` per line) as table rows.

    One more row starts where the ``action`` column starts a new text that
    does not carry on the one above it, after a line without action text, or
    together with a new ``timeframe`` text after a line without one. Between
    two step rows pdftotext leaves no blank line when a label centred over the
    steps (the ref, its lead, its title) sits on the line between them; a text
    that carries on the one above (``electronic record`` under ``… on the``,
    set a line lower by a centred cell beside it) stays in its row.
    """
    from plantables.extract.text.blocks import continues

    when = timeframe if timeframe is not None and timeframe != action else None
    rows, start = [], 0
    last: dict[int, int] = {}  # column -> the line of its text seen last
    for j, line in enumerate(cells):
        text = line[action]
        if text and action in last and not continues(cells[last[action]][action], text):
            after_gap = last[action] < j - 1
            with_when = when is not None and bool(line[when]) and when in last and last[when] < j - 1
            if after_gap or with_when:
                rows.append(group[start:j])
                start = j
        for k, t in enumerate(line):
            if t:
                last[k] = j
    return rows + [group[start:]]


def back_over_capitals(line: str, pick: int, lo: int, edge: int) -> int:
    """A cut of ``line`` at ``pick`` moved left over capitalised words while it leaves the left
    cell running past ``edge`` (the furthest its column reaches elsewhere), not before ``lo``.

    A capitalised word after a lower-case one opens the right cell
    (``… issued to all | Nov 2016``, ``… policy | Climate Officer``,
    ``… they can | Not started``); after a name (``Head of Service Early``)
    it carries the name on.
    """
    while len(line[:pick].rstrip()) > edge:
        prev = line.rfind(" ", 0, len(line[:pick].rstrip())) + 1  # start of the word before the cut
        before = line[:prev].split()[-1:]  # the word before that one
        if prev < lo or not line[prev].isupper() or not (before and before[0][0].islower()):
            break
        pick = prev
    return pick


def prose_paragraphs(lines: list[str], page_width: int) -> list[str]:
    """Consecutive lines of prose outside tables as paragraphs.

    A line break is a wrap only where the line fills at least half the page
    (``page_width``, its widest line) and the next line's first word would not
    have fitted on it: the short lines of a title block stay apart. A line
    with texts set far apart (a running header's ``… Plan 2016/17 … OFFICIAL``)
    is a paragraph of its own, its gap closed so that it reads the same on
    every page whatever the page's width.
    """
    width = max((len(ln) for ln in lines if not FAR_APART.search(ln)), default=0)
    out: list[str] = []
    para: list[str] = []
    for ln in lines:
        apart = bool(FAR_APART.search(ln))
        wrapped = bool(para) and 2 * len(para[-1]) >= page_width and len(para[-1]) + 1 + len(ln.split()[0]) > width
        if para and (apart or not wrapped):
            out.append(" ".join(para))
            para = []
        if apart:
            out.append(" ".join(ln.split()))
        else:
            para.append(ln)
    return out + ([" ".join(para)] if para else [])
