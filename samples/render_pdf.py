"""Draw a laid-out plan as an (untagged) PDF with reportlab."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from plantables.samples.layout import FONT, FONT_BOLD, PageLayout


def _baseline(top: float, size: float) -> float:
    return top + size * 0.92


def draw_pdf(pages: list[PageLayout], out: Path, *, title: str, author: str) -> None:
    """Write ``pages`` to ``out``. ``invariant`` keeps the bytes reproducible."""
    w, h = pages[0].width, pages[0].height
    c = Canvas(str(out), pagesize=(w, h), invariant=1, pageCompression=1)
    c.setTitle(title)
    c.setAuthor(author)
    for page in pages:
        c.setLineWidth(0.5)
        # fills first, so borders and text sit on top
        for pc in page.cells:
            if pc.cell.fill:
                x0, top, x1, bottom = pc.bbox
                c.setFillColor(HexColor(pc.cell.fill))
                c.rect(x0, h - bottom, x1 - x0, bottom - top, stroke=0, fill=1)
        c.setStrokeColor(HexColor("#000000"))
        for pc in page.cells:
            x0, top, x1, bottom = pc.bbox
            if pc.rules_only:
                c.line(x0, h - top, x1, h - top)
                c.line(x0, h - bottom, x1, h - bottom)
            else:
                c.rect(x0, h - bottom, x1 - x0, bottom - top, stroke=1, fill=0)
        c.setFillColor(HexColor("#000000"))
        for ln in [*page.running, *page.lines, *(ln for pc in page.cells for ln in pc.lines)]:
            c.setFont(FONT_BOLD if ln.bold else FONT, ln.size)
            c.drawString(ln.x, h - _baseline(ln.top, ln.size), ln.text)
        c.showPage()
    c.save()
