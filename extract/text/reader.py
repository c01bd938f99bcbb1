"""Read a flattened text export of a plan into the intermediate model.

``read_text(path)`` handles the two text forms plans come in:

* tab-separated exports (Word/PDF-to-text): cells separated by tabs, a blank
  line between pages, the header repeated on each page, markup such as
  ``**bold**`` and ``<b>…</b>``;
* ``pdftotext -layout`` output (columns aligned with spaces, form feeds between
  pages), detected and passed to :mod:`plantables.extract.layout.reader`.

Everything is found from the header's wording and the text's structure: the
header (:mod:`.header`), the cell alignment (:mod:`.align`,
:mod:`.rows`) and the merged cells (:mod:`.blocks`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from plantables.extract.model import Column, Document, ExtractError, Heading, Table
from plantables.extract.text.blocks import Roles, find_anchor, join_page_breaks
from plantables.extract.text.emit import to_model_rows
from plantables.extract.text.header import HeaderLayout, extend_header, header_from_cells, is_header_cells, same_table
from plantables.extract.text.rows import DraftRow, align_lines, heading_row, is_heading_line, modal_ref_depth
from plantables.extract.text.source import SourceLine, read_lines
from plantables.vocabulary.fields import match_field
from plantables.vocabulary.headings import classify_heading
from plantables.vocabulary.markup import bold_lead
from plantables.vocabulary.organisation import COUNCIL_NAME, plain_case

_TITLE_WORDS = re.compile(r"\b(plan|strategy|programme|report|framework|priorities)\b", re.IGNORECASE)


def read_text(path: str | Path, *, encoding: str | None = None) -> Document:
    """Read a flattened text export (tab-separated or ``pdftotext -layout``) into a :class:`Document`.

    Raises :class:`ExtractError` (file and one-line reason) for an empty or
    binary file, or one without a recognisable plan table.
    """
    p = str(path)
    text, lines = read_lines(p, encoding)
    from plantables.extract.layout.reader import is_layout_text

    if is_layout_text(text, lines):
        from plantables.extract.layout.reader import read_layout_text

        return read_layout_text(p, text)
    return document_from_lines(p, lines)


@dataclass
class _TableDraft:
    layout: HeaderLayout
    lines: list[SourceLine] = field(default_factory=list)
    headings: set[int] = field(default_factory=set)  # line numbers of full-width rows


def _is_debris(line: SourceLine) -> bool:
    """A stray word of a header written as its own paragraph (``Timeframe``, ``SEPT``)."""
    text = line.cells[0] if line.cells else ""
    if not line.is_paragraph or len(text.split()) > 3:
        return False
    return match_field(text).field is not None or (text.isupper() and len(text) <= 6)


def _paragraph_run_ends_table(lines: list[SourceLine], i: int, current: _TableDraft | None) -> bool:
    """Do the paragraphs from line ``i`` lead to a new table (or the end) rather than more rows?

    A full-width row written as a table line (with tabs) just before the
    header repeats at the top of the next page stays in its table.
    """
    for ln in lines[i:]:
        if ln.is_paragraph or not ln.cells:
            continue
        if not is_header_cells(ln.cells):
            return False
        tabbed = "\t" in lines[i].raw
        return not (tabbed and current is not None and same_table(current.layout, header_from_cells(ln.cells, ln.no)))
    return True


def document_from_lines(path: str, lines: list[SourceLine], fmt: str = "text") -> Document:
    """Build the document from decoded lines (shared with the layout-text reader)."""
    running = _running_headers(lines)
    lines = [ln for ln in lines if not (ln.is_paragraph and ln.cells[0] in running)]
    vocabulary = Counter(w for ln in lines for c in ln.cells for w in re.findall(r"[a-z]+", c.lower()))
    doc = Document(path=path, format=fmt)
    leading: list[SourceLine] = []  # paragraphs before the first table or heading
    current: _TableDraft | None = None
    pending: list[SourceLine] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        if is_header_cells(ln.cells):
            hint = next((match_field(p.cells[0]).field and p.cells[0] for p in pending if _is_debris(p)), None)
            hint = hint if hint and match_field(hint).field == "timeframe" else None
            layout = header_from_cells(ln.cells, ln.no, hint)
            i += 1
            while i < len(lines) and lines[i].chunk == ln.chunk and len(layout.lines) < 3:
                ext = extend_header(layout, lines[i].cells, lines[i].no)
                if ext is None:
                    break
                layout, i = ext, i + 1
            pending = [p for p in pending if not _is_debris(p)]
            if current is not None and not pending and same_table(current.layout, layout):
                continue  # the header repeated at the top of a page
            _flush(doc, current, vocabulary)
            _add_paragraphs(doc, pending, leading)
            pending, current = [], _TableDraft(layout)
            continue
        if current is None or (ln.is_paragraph and _paragraph_run_ends_table(lines, i, current)):
            if current is not None:
                _flush(doc, current, vocabulary)
                current = None
            pending.append(ln)
        else:
            current.lines.append(ln)
        i += 1
    _flush(doc, current, vocabulary)
    _add_paragraphs(doc, pending, leading)
    if not doc.tables:
        # read whole, no table in it: a document, not a failure (recorded as not_a_plan, like any non-plan)
        raise ExtractError(path, "not a plan: no table (no line reads as a header such as Ref | Action | Lead | …)",
                           "not_a_plan")
    doc.title = _title(leading, running)
    doc.title_lines = [ln.cells[0] for ln in leading if ln.cells]
    doc.running = sorted(running)
    return doc


def _add_paragraphs(doc: Document, paragraphs: list[SourceLine], leading: list[SourceLine]) -> None:
    """Paragraphs between tables become headings; short plain lines before any structure are title lines."""
    for ln in paragraphs:
        text = " ".join(c for c in ln.cells if c)
        info = classify_heading(text, bold=bold_lead(ln.raw))
        opening = all(isinstance(b, Heading) and b.kind == "title" for b in doc.blocks)
        names_plan = info.ref is None and bool(COUNCIL_NAME.search(plain_case(text)) or _TITLE_WORDS.search(text))
        if opening and len(text.split()) <= 15 and (info.kind == "text" or names_plan):
            leading.append(ln)
            kind = "title"
        else:
            kind = info.kind
        doc.blocks.append(Heading(text, kind, 1, ln.page))  # type: ignore[arg-type]


def _flush(doc: Document, draft: _TableDraft | None, vocabulary: Counter[str]) -> None:
    if draft is None or not draft.lines:
        return
    layout = draft.layout
    fields: list[str | None] = [None] * len(layout.columns)
    for j, f in layout.fields.items():
        fields[j] = f
    roles = Roles.of(fields)
    ref_pos = layout.columns[roles.ref].pos if roles.ref is not None else None
    depth = modal_ref_depth(draft.lines, ref_pos)
    rows: list[DraftRow] = []
    data_lines = []
    for ln in draft.lines:
        if is_heading_line(ln, ref_pos, depth):
            rows.append(heading_row(ln, vocabulary))
        else:
            rows.append(DraftRow({}, ln.page, ln.no, ln.chunk))
            data_lines.append((len(rows) - 1, ln))
    aligned = align_lines(
        [ln for _, ln in data_lines], layout, fields, action_depth=depth, has_ref_column=roles.ref is not None
    )
    for (k, _), cells in zip(data_lines, aligned):
        rows[k].cells = cells
    for k in range(1, len(rows)):
        rows[k].first_on_page = rows[k].page != rows[k - 1].page
    anchor = find_anchor(rows, roles)
    rows = join_page_breaks([r for r in rows if r.cells or r.kind == "heading"], roles, anchor)
    columns = [Column(j, c.label, c.group) for j, c in enumerate(layout.columns)]
    model_rows = to_model_rows(rows, roles, anchor, len(columns))
    pages = sorted({r.page for r in rows if r.page is not None})
    doc.blocks.append(Table(columns, model_rows, pages))


def _running_headers(lines: list[SourceLine]) -> set[str]:
    """Short paragraph lines repeated at the top of several pages (a running header or footer)."""
    at_edge: dict[str, set[int]] = {}
    elsewhere: set[str] = set()
    for k, ln in enumerate(lines):
        if not ln.is_paragraph or len(ln.cells[0].split()) > 15:
            continue
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        edge = k == 0 or ln.after_break or nxt is None or nxt.after_break or is_header_cells(nxt.cells)
        if edge:
            at_edge.setdefault(ln.cells[0], set()).add(ln.page)
        else:
            elsewhere.add(ln.cells[0])
    return {t for t, pages in at_edge.items() if len(pages) >= 2 and t not in elsewhere and not classify_heading(t).ref}


def _title(leading: list[SourceLine], running: set[str]) -> str | None:
    """The title from the lines before the first table or heading, or a running header: the first
    line with a title word, else one that holds the council's name and more."""
    texts = [ln.cells[0] for ln in leading if ln.cells] + sorted(running)
    title = next((t for t in texts if _TITLE_WORDS.search(t) and not t.lower().startswith("version")), None)
    if title is None:
        m = next((m for m in (COUNCIL_NAME.search(plain_case(t)) for t in texts) if m), None)
        if m is not None:
            title = next((t for t in texts if m.group(1) in t and t != m.group(1)), None)
    return title
