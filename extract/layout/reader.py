"""``pdftotext -layout`` exports: columns aligned with spaces, form feeds between pages.

The layout form is turned into the tab-separated form the text reader
already understands, then read by it (:func:`plantables.extract.text.reader.document_from_lines`):

* pages split at form feeds; page-number footers dropped (running headers are
  dropped later, as in tab-separated exports);
* a header is found by its wording on one line (text runs separated by two or
  more spaces), with the lines under it that finish its labels or give the
  month grid (``23-Sep 24-Mar`` under ``Timeframe``); the labels' positions
  are the column starts for the rows that follow, page by page (:mod:`.header`);
* each body line is cut at the column starts — at the word start nearest each
  start, since pdftotext places characters only approximately — and the lines
  of one table row (up to a blank line, or a new ref in the ref/action
  column) are joined per column into one tab-separated row;
* text that runs across the columns (a priority paragraph between tables) is
  a paragraph.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from plantables.extract.layout.header import CUT_WINDOW, LayoutColumn, header_at, header_tab_lines, runs
from plantables.extract.layout.rows import back_over_capitals, prose_paragraphs, step_rows
from plantables.extract.model import Document
from plantables.vocabulary.fields import map_columns
from plantables.vocabulary.refs import split_ref

_GAP = re.compile(r"\S {3,}\S")
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d{1,4}(?:\s+of\s+\d{1,4})?\s*$", re.IGNORECASE)
#: furthest left of its column a squeezed cell's text is looked for
CUT_REACH = 8


def is_layout_text(text: str, lines: list) -> bool:
    """Space-aligned text: form feeds or many lines with wide gaps, and hardly any tabs."""
    rows = [ln for ln in text.splitlines() if ln.strip()]
    if not rows:
        return False
    tabbed = sum(1 for ln in rows if "\t" in ln)
    if tabbed > len(rows) * 0.05:
        return False
    gapped = sum(1 for ln in rows if _GAP.search(ln))
    return "\f" in text or gapped >= max(3, len(rows) * 0.3)


def read_layout_text(path: str, text: str) -> Document:
    """Read ``pdftotext -layout`` text into a :class:`Document` (format ``layout-text``)."""
    from plantables.extract.text.reader import document_from_lines
    from plantables.extract.text.source import source_lines

    return document_from_lines(path, source_lines(to_tab_text(text)), fmt="layout-text")


def cut(line: str, starts: list[int], edges: list[int] | None = None) -> list[str]:
    """A body line's text under each column, cut at a word start near each column start.

    pdftotext squeezes a full line, so a cell's text may start several
    characters left of its column. Preferred cuts, in order: a word after a
    wide gap; the first word past the furthest the left column reaches
    elsewhere (``edges``); a word start just left of the column start; a
    capitalised word further left; a word start just right of it; the
    nearest word start.
    """
    cuts = [0]
    for k, s in enumerate(starts[1:], start=1):
        if not line[s - 1 : s + CUT_WINDOW[1] + 1].strip():  # nothing runs into this column here
            gap = next((p for p in range(s, len(line)) if line[p] != " "), len(line))
            cuts.append(max(cuts[-1], min(gap, s + CUT_WINDOW[1] + 1) if gap < len(line) else len(line)))
            continue
        lo, hi = max(cuts[-1] + 1, s - CUT_REACH), s + CUT_WINDOW[1]
        cands = [p for p in range(lo, hi + 1) if p < len(line) and line[p] != " " and line[p - 1] == " "]
        near = [p for p in cands if p >= s - CUT_WINDOW[0]]
        # a word after a wide gap may sit a little right of the start the page's rows mostly use
        wide = [p for p in range(lo, s + CUT_WINDOW[0] + 1)
                if p < len(line) and line[p] != " " and line[max(0, p - 2):p] == "  " and p >= s - CUT_WINDOW[0]]
        options = (
            wide,
            [p for p in near if edges and p > edges[k - 1]][:1],
            [p for p in near if p <= s],  # squeezing moves text left, hardly ever right
            [p for p in cands if p < s and (line[p].isupper() or line[p].isdigit())],
            near,
            cands,
        )
        pick = next((min(o, key=lambda p: abs(p - s)) for o in options if o), s)
        if edges:
            pick = back_over_capitals(line, pick, max(lo, cuts[-1] + 1), edges[k - 1])
        cuts.append(min(pick, len(line)) if pick < len(line) else max(cuts[-1], len(line)))
    cuts.append(max(len(line), cuts[-1]))
    return [line[a:b].strip() for a, b in zip(cuts, cuts[1:])]


def right_edges(starts: list[int], body: list[str]) -> list[int]:
    """Per column, the furthest a run that clearly belongs to it reaches (it ends in a wide gap)."""
    edges = [s for s in starts]
    for ln in body:
        for x, t in runs(ln):
            k = max((n for n, s in enumerate(starts) if s <= x + CUT_WINDOW[0]), default=0)
            end = x + len(t)
            nxt = starts[k + 1] if k + 1 < len(starts) else None
            if nxt is None or end < nxt - 1:
                edges[k] = max(edges[k], end)
    return edges


def _is_prose(line: str, starts: list[int]) -> bool:
    """Text running across two or more column starts without a wide gap, or a lone line running
    out of the first column: a paragraph or heading, not cells."""
    found = runs(line)
    if any(sum(1 for s in starts if x < s < x + len(t) - 1) >= 2 for x, t in found):
        return True
    return len(found) == 1 and len(starts) > 1 and found[0][0] < starts[1] < found[0][0] + len(found[0][1])


def body_starts(cols: list[LayoutColumn], body: list[str]) -> list[int]:
    """Column starts as the rows below the header use them (pdftotext places text ±2 characters).

    For each column, the most common start of a text run (after a wide gap)
    within reach of the label's start.
    """
    starts = [c.x for c in cols]
    seen: list[Counter[int]] = [Counter() for _ in cols]
    for ln in body:
        for x, _ in runs(ln):
            for k, s in enumerate(starts):
                if k and -CUT_WINDOW[0] <= x - s <= CUT_WINDOW[1]:
                    seen[k][x] += 1
    return [s if not seen[k] else seen[k].most_common(1)[0][0] for k, s in enumerate(starts)]


def to_tab_text(text: str) -> str:
    """The layout text rewritten as a tab-separated export (see the module notes)."""
    from plantables.extract.layout.pages import drop_running, running_blocks

    pages = [[ln.rstrip() for ln in page.split("\n")] for page in text.split("\f")]
    pages = [[ln for ln in lines if not _PAGE_NUMBER.match(ln)] for lines in pages]
    running = running_blocks(pages, _is_header)
    pages = [drop_running(lines, running, _is_header) for lines in pages]
    out: list[str] = []
    cols: list[LayoutColumn] | None = None
    for page_no, lines in enumerate(pages):
        if page_no:
            out.append("\f")
        opens_next = page_no + 1 < len(pages) and _header_follows(pages[page_no + 1], 0)
        cols = _page(lines, cols, out, bool(opens_next))
    return "\n".join(out) + "\n"


def _is_header(lines: list[str], i: int) -> bool:
    return header_at(lines, i) is not None


@dataclass
class _PageState:
    cols: list[LayoutColumn] | None
    starts: list[int]
    edges: list[int]
    anchor: int | None
    rag: int | None
    action: int | None = None
    timeframe: int | None = None

    @classmethod
    def of(cls, cols: list[LayoutColumn] | None, body: list[str]) -> _PageState:
        if not cols:
            return cls(None, [], [], None, None)
        starts = body_starts(cols, body)
        edges = right_edges(starts, [ln for ln in body if not _is_prose(ln, starts)])
        return cls(cols, starts, edges, _anchor(cols), _field_column(cols, "rag"), _field_column(cols, "action"),
                   _field_column(cols, "timeframe"))


def _page(lines: list[str], cols: list[LayoutColumn] | None, out: list[str],
          header_opens_next: bool = False) -> list[LayoutColumn] | None:
    """Rewrite one page; returns the columns in force at its end (a table may run on).
    ``header_opens_next``: the next page starts with a table header (so text at the foot of
    this one, after the table, heads that table)."""
    st = _PageState.of(cols, lines)
    group: list[str] = []  # the lines of the table row being read
    in_table = False  # a header or a row seen on this page: full-width text now is a row of the table

    def flush() -> None:
        if group:
            if st.action is not None and len(group) >= 3:
                cells = [cut(ln, st.starts, st.edges) for ln in group]
                rows = step_rows(group, cells, st.action, st.timeframe)
            else:
                rows = [group]
            out.extend(_row_line(r, st) for r in rows)
            group.clear()

    i = 0
    while i < len(lines):
        ln = lines[i]
        if not ln.strip():
            flush()
            i += 1
            continue
        found = header_at(lines, i)
        if found is not None:
            flush()
            cols, i = found
            end = next((k for k in range(i, len(lines)) if header_at(lines, k) is not None), len(lines))
            st = _PageState.of(cols, lines[i:end])
            out.extend(header_tab_lines(cols))
            in_table = True
            continue
        if not st.cols or _is_prose(ln, st.starts):
            flush()
            first = ln
            para = [ln.strip()]
            i += 1
            while i < len(lines) and lines[i].strip() and header_at(lines, i) is None and (
                not st.cols or _is_prose(lines[i], st.starts)
            ):
                para.append(lines[i].strip())
                i += 1
            # inside a table a heading row (``3 Ensure that …``) stays a row (a tab keeps it there),
            # unless a header follows it (on this page, or opening the next): then it heads the next table
            follows = _header_follows(lines, i)
            if follows is None:  # at the foot of the page: a line set in the table's columns is its row
                follows = header_opens_next and len(runs(first)) == 1
            row_like = in_table and not follows
            if row_like:
                out.append(" ".join(para) + "\t")
            else:
                for text in prose_paragraphs(para, max(len(x) for x in lines)):
                    out.extend([text, ""])
            continue
        if group and st.anchor is not None:
            anchor_text = cut(ln, st.starts, st.edges)[st.anchor]
            # a new ref starts a new row; lines above it without text in its label columns (the ref
            # and the column after it) are the previous row running on, not a label centred on the ref
            labels = slice(st.anchor, st.anchor + 2)
            if split_ref(anchor_text)[0] and (any(cut(g, st.starts, st.edges)[st.anchor] for g in group)
                                              or not any(any(cut(g, st.starts, st.edges)[labels]) for g in group)):
                flush()
        group.append(ln)
        in_table = True
        i += 1
    flush()
    return st.cols


def _header_follows(lines: list[str], i: int) -> bool | None:
    """Is the next line with text from ``i`` on, past full-width text, a header?
    ``None`` when the page ends first."""
    for k in range(i, len(lines)):
        if lines[k].strip() and header_at(lines, k) is not None:
            return True
        if lines[k].strip() and len(runs(lines[k])) > 1:
            return False
    return None


def _row_line(group: list[str], st: _PageState) -> str:
    """The lines of one table row as one tab-separated line, cut at this row's own column starts.

    A squeezed row sets its cells left of the header's positions; a text run
    after a wide gap on any of the row's lines shows where a column really starts.
    """
    starts = list(st.starts)
    for k in range(1, len(starts)):
        seen = [x for ln in group for x, _ in runs(ln) if starts[k] - CUT_REACH <= x <= starts[k] and x > starts[k - 1]]
        if seen:
            starts[k] = min(seen)
    cells: list[list[str]] = [[] for _ in starts]
    for n, ln in enumerate(group):
        parts = cut(ln, starts, st.edges)
        if n == 0:  # a RAG word sits on the first line of its row
            parts = _rag_word_home(parts, st.rag)
        for k in range(1, len(parts)):
            # a cell's text starts on its row's first line; lower-case text first met further
            # down, one space after a cell of the column before, is that cell running long
            # (``… at a time that suits``)
            # (a RAG word sits on its row's first line: later text one space on is the cell before)
            if (n and parts[k - 1] and (parts[k][:1].islower() and not cells[k] or k == st.rag)
                    and f"{parts[k - 1]} {parts[k]}" in ln):
                parts[k - 1], parts[k] = f"{parts[k - 1]} {parts[k]}", ""
        for k, text in enumerate(parts):
            if text:
                cells[k].append(text)
    return "\t".join(" ".join(c) for c in cells)


def _field_column(cols: list[LayoutColumn], want: str) -> int | None:
    fields = map_columns([c.label for c in cols])
    return next((k for k, f in sorted(fields.items()) if f == want), None)


def _anchor(cols: list[LayoutColumn]) -> int | None:
    """The column whose refs start rows: the ref column, else the action column."""
    ref = _field_column(cols, "ref")
    return ref if ref is not None else _field_column(cols, "action")


def _rag_word_home(cells: list[str], rag: int | None) -> list[str]:
    """A RAG word pdftotext set one space after the text of the cell before (``… under way, G``)."""
    from plantables.vocabulary.status import rag_from_text

    if rag is None or rag == 0 or cells[rag]:
        return cells
    head, _, last = cells[rag - 1].rpartition(" ")
    if head and len(last) <= 6 and rag_from_text(last):
        cells = list(cells)
        cells[rag - 1], cells[rag] = head, last
    return cells
