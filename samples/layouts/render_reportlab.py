"""A composed layout drawn straight to PDF with reportlab (standard fonts, no embedding)."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from plantables.samples.layouts.compose import Cell, Doc, Table, dark, fit_widths, page_width

FONTS = {"sans": ("Helvetica", "Helvetica-Bold"), "serif": ("Times-Roman", "Times-Bold")}


def _flow(c: Cell | None, doc: Doc, styles: dict, header: bool = False):
    from reportlab.platypus import Paragraph

    if c is None or not c.paras:
        return ""
    out = []
    for p in c.paras:
        markup = "".join(f"<b>{escape(t)}</b>" if b else escape(t) for t, b in p.runs)
        colour = "white" if header and dark(c.fill) else "black"
        style = styles["bullet"] if p.bullet else styles["body"]
        out.append(Paragraph(f"<font color='{colour}'>{markup}</font>", style,
                             bulletText="•" if p.bullet else None))
    return out


def _style(t: Table, doc: Doc, n_header: int, body_offset: int = 0) -> list:
    from reportlab.lib import colors

    cmds = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2.5), ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
    black = colors.black
    if doc.rules == "grid":
        cmds.append(("GRID", (0, 0), (-1, -1), 0.5, black))
    elif doc.rules in ("horizontal", "zebra"):
        cmds.append(("LINEBELOW", (0, 0), (-1, -1), 0.5, black))
        cmds.append(("LINEABOVE", (0, 0), (-1, 0), 0.5, black))
    elif n_header:
        cmds.append(("LINEBELOW", (0, n_header - 1), (-1, n_header - 1), 0.8, black))
    rows = t.header[:n_header] + t.body if n_header else t.body
    for r, row in enumerate(rows):
        is_body = r >= n_header
        for c_i, c in enumerate(row):
            if c is None:
                continue
            fill = c.fill
            if fill is None and is_body and doc.rules == "zebra" and (r - n_header + body_offset) % 2:
                fill = doc.band_fill
            if fill:
                cmds.append(("BACKGROUND", (c_i, r), (c_i + c.colspan - 1, r + c.rowspan - 1),
                             colors.HexColor(fill)))
            if c.rowspan > 1 or c.colspan > 1:
                cmds.append(("SPAN", (c_i, r), (c_i + c.colspan - 1, r + c.rowspan - 1)))
    return cmds


def _table(t: Table, doc: Doc, width: float, styles: dict, with_header: bool = True, with_body: bool = True,
           repeat: bool = True):
    from reportlab.platypus import Table as RLTable
    from reportlab.platypus import TableStyle

    head = t.header if with_header else []
    body = t.body if with_body else []
    data = [[_flow(c, doc, styles, header=True) for c in row] for row in head]
    data += [[_flow(c, doc, styles) for c in row] for row in body]
    widths = fit_widths(t, width, doc.size)
    tbl = RLTable(data, colWidths=widths, repeatRows=len(head) if repeat and with_header and body else 0,
                  splitByRow=1)
    tbl.setStyle(TableStyle(_style(Table(head, body, t.widths), doc, len(head))))
    return tbl


def _ToFoot(flowable, width: float):
    """A blank that fills the frame down to where ``flowable`` just fits at its foot."""
    from reportlab.platypus import Flowable

    class ToFoot(Flowable):
        def wrap(self, avail_width, avail_height):
            _, need = flowable.wrap(width, avail_height)
            return avail_width, max(0.0, avail_height - need - 2)

        def draw(self):
            pass

    return ToFoot()


def render_reportlab(doc: Doc, out: Path) -> None:
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

    regular, bold = FONTS[doc.font]
    size = doc.size
    styles = {
        "body": ParagraphStyle("b", fontName=regular, fontSize=size, leading=size * 1.2, alignment=TA_LEFT),
        "bullet": ParagraphStyle("u", fontName=regular, fontSize=size, leading=size * 1.2, leftIndent=8,
                                 bulletIndent=0),
        "title": ParagraphStyle("t", fontName=bold, fontSize=16, leading=20, spaceAfter=6),
        "heading": ParagraphStyle("h", fontName=bold, fontSize=12, leading=15, spaceBefore=8, spaceAfter=4),
        "para": ParagraphStyle("p", fontName=regular, fontSize=size + 1, leading=(size + 1) * 1.3, spaceAfter=4),
    }
    page = landscape(A4) if doc.landscape else A4
    margin = 15 * mm
    width = page_width(doc.landscape)
    story = []
    for b in doc.blocks:
        if b.kind in ("title", "heading", "para"):
            story.append(Paragraph(escape(b.text), styles[b.kind]))
        elif b.kind == "pagebreak":
            story.append(PageBreak())
        elif b.table.orphan:
            # the header alone at the foot of a page, its body from the top of the next
            head = _table(b.table, doc, width, styles, with_body=False)
            story.append(_ToFoot(head, width))
            story.append(head)
            story.append(PageBreak())
            story.append(_table(b.table, doc, width, styles, with_header=False))
        else:
            repeat = doc.repeat_header or b.table.kind != "plan"
            story.append(Spacer(1, 4))
            story.append(_table(b.table, doc, width, styles, repeat=repeat))
    pdf = SimpleDocTemplate(str(out), pagesize=page, leftMargin=margin, rightMargin=margin, topMargin=margin,
                            bottomMargin=margin, title=doc.title, author="plantables layouts",
                            invariant=1)
    pdf.build(story)
