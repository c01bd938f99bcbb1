"""Tables from the structure tree of a tagged PDF (Table/TR/TH/TD).

Word, LibreOffice and accessibility tools tag tables: rows, header cells and
spans are then stated, not guessed. pdfium reads the tree of one page (only
elements whose content is on that page), each leaf naming the marked-content
ids (MCIDs) of its content; page.py stores the MCID of every char, so a tag
cell's text is the chars carrying its MCIDs (:mod:`.tag_cells` places them);
engine.py checks the result against the geometry and falls back to it where
the tags say nothing.
"""

from __future__ import annotations

import ctypes
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import pypdfium2.raw as pdfium_c


@dataclass
class TagCell:
    header: bool
    mcids: set[int]
    row_span: int = 1
    col_span: int = 1
    row: int = 0
    col: int = 0
    shared: set[int] = field(default_factory=set)  # MCIDs other elements claim too


@dataclass
class TagTable:
    cells: list[TagCell] = field(default_factory=list)
    n_rows: int = 0
    n_cols: int = 0
    #: rows whose cells fill fewer slots than the table has columns
    short_rows: set[int] = field(default_factory=set)


_ROW_GROUPS = {"THead", "TBody", "TFoot"}
_CELLS = {"TH", "TD"}


def read_tag_tables(page) -> list[TagTable] | None:
    """Tables tagged on a pdfium page; None when the page has no structure tree."""
    tree = pdfium_c.FPDF_StructTree_GetForPage(page)
    if not tree:
        return None
    try:
        count = pdfium_c.FPDF_StructTree_CountChildren(tree)
        if count <= 0:
            return None
        tables: list[TagTable] = []
        roots = [c for c in (pdfium_c.FPDF_StructTree_GetChildAtIndex(tree, i) for i in range(count)) if c]
        paged = any(_names_pages(root, 0) for root in roots)
        claimed = Counter(m for root in roots for m in _subtree_mcids(root, 0, paged))
        for root in roots:
            _collect_tables(root, tables, 0, paged)
        # MCIDs number content per page, but an element running onto the next
        # page lists that page's MCIDs too: where the elements name no page (/Pg), an MCID two
        # elements claim may be another page's, and tag_table_cells checks where its chars are
        for table in tables:
            for cell in table.cells:
                cell.shared = {m for m in cell.mcids if claimed.get(m, 0) > 1}
        return tables
    finally:
        pdfium_c.FPDF_StructTree_Close(tree)


def _type(element) -> str:
    size = pdfium_c.FPDF_StructElement_GetType(element, None, 0)
    if size <= 2:
        return ""
    buf = ctypes.create_string_buffer(size)
    pdfium_c.FPDF_StructElement_GetType(element, buf, size)
    return buf.raw[: size - 2].decode("utf-16-le", "replace")


def _children(element):
    for i in range(pdfium_c.FPDF_StructElement_CountChildren(element)):
        child = pdfium_c.FPDF_StructElement_GetChildAtIndex(element, i)
        if child:
            yield child


def _own_mcids(element, paged: bool) -> list[int]:
    """The MCIDs an element names; where the tree names pages (/Pg), only this page's (pdfium
    resolves those, -1 for another page's; the raw /K keeps every page's, numbered per page)."""
    if paged:
        found = (pdfium_c.FPDF_StructElement_GetChildMarkedContentID(element, i)
                 for i in range(pdfium_c.FPDF_StructElement_CountChildren(element)))
    else:
        found = (pdfium_c.FPDF_StructElement_GetMarkedContentIdAtIndex(element, i)
                 for i in range(pdfium_c.FPDF_StructElement_GetMarkedContentIdCount(element)))
    return [m for m in found if m >= 0]


def _names_pages(element, depth: int) -> bool:
    """Some element under ``element`` has an MCID pdfium placed on this page (the producer writes /Pg)."""
    return bool(_own_mcids(element, True)) or (
        depth < 64 and any(_names_pages(child, depth + 1) for child in _children(element)))


def _subtree_mcids(element, depth: int, paged: bool) -> Iterator[int]:
    """The MCIDs ``element`` and the elements under it name, once per element naming each."""
    yield from _own_mcids(element, paged)
    if depth < 64:
        for child in _children(element):
            yield from _subtree_mcids(child, depth + 1, paged)


def _collect_tables(element, tables: list[TagTable], depth: int, paged: bool) -> None:
    if depth > 64:
        return
    if _type(element) == "Table":
        rows = _rows(element, paged)
        if rows:
            tables.append(_place(rows))
        return  # a table nested in a cell stays part of that cell's text
    for child in _children(element):
        _collect_tables(child, tables, depth + 1, paged)


def _rows(table, paged: bool) -> list[list[TagCell]]:
    rows: list[list[TagCell]] = []
    for child in _children(table):
        kind = _type(child)
        if kind in _ROW_GROUPS:
            rows.extend(_row_cells(tr, paged) for tr in _children(child) if _type(tr) == "TR")
        elif kind == "TR":
            rows.append(_row_cells(child, paged))
    return [r for r in rows if r]


def _row_cells(tr, paged: bool) -> list[TagCell]:
    cells = []
    for cell in _children(tr):
        kind = _type(cell)
        if kind in _CELLS:
            mcids = set(_subtree_mcids(cell, 0, paged))
            cells.append(
                TagCell(
                    header=kind == "TH",
                    mcids=mcids,
                    row_span=_span(cell, b"RowSpan"),
                    col_span=_span(cell, b"ColSpan"),
                )
            )
    return cells


def _span(element, name: bytes) -> int:
    """The RowSpan/ColSpan attribute of a cell (1 when absent or odd)."""
    value = ctypes.c_float()
    for i in range(pdfium_c.FPDF_StructElement_GetAttributeCount(element)):
        attr = pdfium_c.FPDF_StructElement_GetAttributeAtIndex(element, i)
        if not attr:
            continue
        handle = pdfium_c.FPDF_StructElement_Attr_GetValue(attr, name)
        if handle and pdfium_c.FPDF_StructElement_Attr_GetNumberValue(handle, value):
            return max(1, int(round(value.value)))
    return 1


def _place(rows: list[list[TagCell]]) -> TagTable:
    """Give each cell its grid position, skipping slots taken by spans from above."""
    taken: set[tuple[int, int]] = set()
    table = TagTable()
    for r, row in enumerate(rows):
        col = 0
        for cell in row:
            while (r, col) in taken:
                col += 1
            cell.row, cell.col = r, col
            for dr in range(cell.row_span):
                for dc in range(cell.col_span):
                    taken.add((r + dr, col + dc))
            col += cell.col_span
            table.cells.append(cell)
            table.n_cols = max(table.n_cols, col)
    table.n_rows = max((c.row + c.row_span for c in table.cells), default=0)
    table.short_rows = {r for r in range(table.n_rows)
                        if sum((r, c) in taken for c in range(table.n_cols)) < table.n_cols}
    return table
