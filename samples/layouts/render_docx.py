"""A composed layout as a Word document (python-docx): merged cells, shading, ``tblHeader``
rows when the header repeats, bullets in the List Bullet style. LibreOffice Writer prints
it to PDF (:mod:`plantables.samples.layouts.convert`)."""

from __future__ import annotations

from pathlib import Path

from plantables.samples.layouts.compose import Cell, Doc, Table, dark, fit_widths, page_width

FONTS = {"sans": "Arial", "serif": "Times New Roman"}


def _el(tag: str, **attrs):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    e = OxmlElement(tag)
    for k, v in attrs.items():
        e.set(qn(f"w:{k}"), v)
    return e


def _borders(tbl, rules: str) -> None:
    edges = {"grid": ("top", "left", "bottom", "right", "insideH", "insideV"),
             "horizontal": ("top", "bottom", "insideH"), "zebra": ("bottom", "insideH"), "none": ()}[rules]
    b = _el("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        on = edge in edges
        b.append(_el(f"w:{edge}", val="single" if on else "nil", sz="4", space="0", color="000000"))
    tbl._tbl.tblPr.append(b)


def _shade(cell, fill: str) -> None:
    cell._tc.get_or_add_tcPr().append(_el("w:shd", val="clear", color="auto", fill=fill.lstrip("#").upper()))


def _fill_cell(dcell, c: Cell, fill: str | None, header: bool, size: float) -> None:
    from docx.shared import Pt, RGBColor

    if fill:
        _shade(dcell, fill)
    first = True
    for p in c.paras:
        para = dcell.paragraphs[0] if first else dcell.add_paragraph()
        first = False
        if p.bullet:
            para.style = "List Bullet"
        for text, bold in p.runs:
            run = para.add_run(text)
            run.bold = bold or header
            run.font.size = Pt(size)
            if header and dark(fill):
                run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)


def _table(d, t: Table, doc: Doc, avail: float, repeat: bool, head: bool = True, body: bool = True) -> None:
    from docx.shared import Pt

    rows = (t.header if head else []) + (t.body if body else [])
    n_head = len(t.header) if head else 0
    widths = fit_widths(t, avail, doc.size)
    tbl = d.add_table(rows=len(rows), cols=len(widths))
    tbl.autofit = False
    _borders(tbl, doc.rules)
    tbl._tbl.tblPr.append(_el("w:tblLayout", type="fixed"))
    for i, w in enumerate(widths):  # Writer lays out by the grid columns, not the cell widths
        tbl.columns[i].width = Pt(w)
    for r in range(len(rows)):
        if r < n_head and repeat:
            tbl.rows[r]._tr.get_or_add_trPr().append(_el("w:tblHeader", val="true"))
        for i, w in enumerate(widths):
            tbl.cell(r, i).width = Pt(w)
    for r, row in enumerate(rows):  # merge first: python-docx merges the texts of merged cells
        for i, c in enumerate(row):
            if c is not None and (c.rowspan > 1 or c.colspan > 1):
                tbl.cell(r, i).merge(tbl.cell(r + c.rowspan - 1, i + c.colspan - 1))
    for r, row in enumerate(rows):
        is_body = r >= n_head
        band = doc.band_fill if is_body and doc.rules == "zebra" and (r - n_head) % 2 else None
        for i, c in enumerate(row):
            if c is not None:
                _fill_cell(tbl.cell(r, i), c, c.fill or band, not is_body, doc.size)


def render_docx(doc: Doc, out: Path) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_BREAK
    from docx.shared import Mm, Pt

    d = Document()
    sec = d.sections[0]
    if doc.landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Mm(297), Mm(210)
    else:
        sec.page_width, sec.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Mm(15))
    normal = d.styles["Normal"]
    normal.font.name = FONTS[doc.font]
    normal.font.size = Pt(doc.size + 1)
    normal.paragraph_format.space_after = Pt(2)
    avail = page_width(doc.landscape)
    d.core_properties.title = doc.title
    d.core_properties.author = "plantables layouts"
    for b in doc.blocks:
        if b.kind == "title":
            run = d.add_paragraph().add_run(b.text)
            run.bold, run.font.size = True, Pt(16)
        elif b.kind == "heading":
            run = d.add_paragraph().add_run(b.text)
            run.bold, run.font.size = True, Pt(12)
        elif b.kind == "para":
            d.add_paragraph(b.text)
        elif b.kind == "pagebreak":
            d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif b.table.orphan:
            _table(d, b.table, doc, avail, repeat=True, body=False)
            d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            _table(d, b.table, doc, avail, repeat=False, head=False)
        else:
            _table(d, b.table, doc, avail, repeat=doc.repeat_header or b.table.kind != "plan")
            d.add_paragraph()
    d.save(str(out))
