"""A composed layout as an Excel workbook (openpyxl): one plan sheet with merged cells,
fills, rich text, print titles when the header repeats and a row break under an orphaned
header; a status key goes on its own Guidance sheet. LibreOffice Calc prints it to PDF."""

from __future__ import annotations

from pathlib import Path

from plantables.samples.layouts.compose import Cell, Doc, Table, dark, fit_widths, page_width

FONTS = {"sans": "Arial", "serif": "Times New Roman"}


def _value(c: Cell, font_name: str, size: float, header: bool, white: bool):
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    lines = []
    for i, p in enumerate(c.paras):
        prefix = ("\n" if i else "") + ("• " if p.bullet else "")
        lines.append([(prefix + t if j == 0 else t, b or header) for j, (t, b) in enumerate(p.runs)])
    runs = [r for line in lines for r in line]
    if not runs:
        return None
    if all(not b for _, b in runs) or all(b for _, b in runs):
        return "".join(t for t, _ in runs)
    colour = "FFFFFFFF" if white else None
    return CellRichText(*[TextBlock(InlineFont(rFont=font_name, sz=size, b=b, color=colour), t) for t, b in runs])


def _sheet_table(ws, t: Table, doc: Doc, top: int, avail: float) -> int:
    """Write ``t`` from row ``top``; return the row after it."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    side = Side(style="thin", color="000000")
    font_name = FONTS[doc.font]
    widths = fit_widths(t, avail, doc.size)
    for i, w in enumerate(widths, start=1):
        # Excel's unit: the width of a digit of the default font (Calibri 11: 7 px) plus 5 px padding
        ws.column_dimensions[get_column_letter(i)].width = round(max(1.0, (w / 0.75 - 5) / 7), 2)
    rows = t.header + t.body
    n_head = len(t.header)
    for r, row in enumerate(rows):
        excel_row = top + r
        is_body = r >= n_head
        band = doc.band_fill if is_body and doc.rules == "zebra" and (r - n_head) % 2 else None
        for i, c in enumerate(row):
            xc = ws.cell(row=excel_row, column=i + 1)
            if doc.rules == "grid":
                xc.border = Border(left=side, right=side, top=side, bottom=side)
            elif doc.rules in ("horizontal", "zebra"):
                xc.border = Border(bottom=side, top=side if r == 0 else None)
            elif r == n_head - 1:
                xc.border = Border(bottom=side)
            if c is None:
                continue
            fill = c.fill or band
            white = not is_body and dark(fill)
            xc.value = _value(c, font_name, doc.size, not is_body, white)
            bold = not is_body or (bool(c.paras) and all(b for p in c.paras for _, b in p.runs))
            xc.font = Font(name=font_name, size=doc.size, bold=bold, color="FFFFFFFF" if white else None)
            xc.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
            if fill:
                xc.fill = PatternFill("solid", fgColor=fill.lstrip("#").upper())
            if c.rowspan > 1 or c.colspan > 1:
                ws.merge_cells(start_row=excel_row, start_column=i + 1, end_row=excel_row + c.rowspan - 1,
                               end_column=i + c.colspan)
                if fill:  # a merged range shows the fill of each covered cell
                    for rr in range(excel_row, excel_row + c.rowspan):
                        for cc in range(i + 1, i + c.colspan + 1):
                            ws.cell(row=rr, column=cc).fill = PatternFill("solid", fgColor=fill.lstrip("#").upper())
    _row_heights(ws, rows, widths, top, doc.size)
    return top + len(rows)


def _row_heights(ws, rows: list[list[Cell | None]], widths: list[float], top: int, size: float) -> None:
    """Heights that show every line (Calc does not fit rows to wrapped text on load): a cell's
    lines estimated from its text's length and its column's width, a tall merged cell's lines
    shared over the rows it covers."""
    need = [1.0] * len(rows)
    for r, row in enumerate(rows):
        for i, c in enumerate(row):
            if c is None or not c.paras:
                continue
            width = sum(widths[i:i + c.colspan]) - 6
            per_line = max(1, int(width / (size * 0.52)))
            lines = sum(-(-len(("• " if p.bullet else "") + p.text) // per_line) for p in c.paras)
            need[r] = max(need[r], lines / c.rowspan)
    for r, n in enumerate(need):
        ws.row_dimensions[top + r].height = round((n + 0.5) * size * 1.25, 1)


def _page_setup(ws, doc: Doc) -> None:
    ws.page_setup.orientation = "landscape" if doc.landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    # one page wide, as many tall as it takes (a plain 0 for "automatic" reads as 1 in Calc)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 99
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    for side in ("left", "right", "top", "bottom"):
        setattr(ws.page_margins, side, 0.6)


def render_xlsx(doc: Doc, out: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.pagebreak import Break

    wb = Workbook()
    ws = wb.active
    ws.title = "Action Plan"
    font_name = FONTS[doc.font]
    avail = page_width(doc.landscape)
    _page_setup(ws, doc)
    row = 1
    plan_tables = [b.table for b in doc.blocks if b.kind == "table" and b.table.kind != "key"]
    key_blocks = [b for b in doc.blocks if b.kind == "table" and b.table.kind == "key"]
    if key_blocks:  # a status key: on its own sheet, printed before or after the plan
        g = wb.create_sheet("Guidance", 0 if doc.blocks.index(key_blocks[0]) < doc.blocks.index(
            next(b for b in doc.blocks if b.kind == "table" and b.table.kind != "key")) else 1)
        _page_setup(g, doc)
        g.cell(row=1, column=1, value="Key to the status column").font = Font(name=font_name, bold=True, size=12)
        _sheet_table(g, key_blocks[0].table, doc, 3, avail * 0.6)
    for b in doc.blocks:
        if b.kind in ("title", "heading"):
            ws.cell(row=row, column=1, value=b.text).font = Font(name=font_name, bold=True,
                                                                 size=16 if b.kind == "title" else 12)
            row += 1
        elif b.kind == "para":
            ws.cell(row=row, column=1, value=b.text).font = Font(name=font_name, size=doc.size + 1)
            row += 1
        elif b.kind == "table" and b.table in plan_tables:
            row += 1
            n_head = len(b.table.header)
            if doc.repeat_header or b.table.kind != "plan":
                ws.print_title_rows = f"{row}:{row + n_head - 1}"
            if b.table.orphan:
                ws.row_breaks.append(Break(id=row + n_head - 1))
            row = _sheet_table(ws, b.table, doc, row, avail) + 1
    wb.properties.creator = "plantables layouts"
    wb.save(str(out))
