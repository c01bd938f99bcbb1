"""A sample plan as the office files its producer would keep: ``.docx``, ``.xlsx`` and ``.html``.

Each renderer draws the same page flow the PDF is drawn from
(:func:`plantables.samples.families.blocks_for`: paragraphs and tables with
their spans, fills and bold cells), with the quirks of the tool that makes
such files:

* **Word** (python-docx): the organisation and title in the ``Title`` and
  ``Subtitle`` styles, a running header ``Organisation – Title``, numbered
  sections in ``Heading 2``, header rows repeated (``tblHeader``), merged
  cells as ``gridSpan``/``vMerge``, a header shaded with a *theme* colour
  (``background1`` darkened), bullet steps in the ``List Bullet`` style (no
  bullet character in the text), a tracked change in each table (a deleted
  ``DRAFT`` and an inserted run), the lead cells wrapped in content controls.
* **Excel** (openpyxl): a ``Guidance`` sheet with the RAG key first (not a
  plan: the interpreter must pass it over); family B one sheet per priority;
  title rows above the table in a larger font, the header frozen and set as
  print titles, month labels as real dates shown ``yy-mmm``, dates written as
  dates (``dd/mm/yyyy``), the RAG words of family C coloured by conditional
  formatting rules, a hidden notes column and a hidden draft row, paragraphs
  with a bold lead-in as rich text.
* **HTML** (a web CMS): ``<thead>``/``<th>``, ``rowspan``/``colspan``; fills as
  ``bgcolor`` (family A), ``<style>`` class rules (B) or inline styles (C);
  sections as ``<h2>`` or table captions (C); the page title names the
  organisation.

Files are byte-for-byte reproducible (fixed timestamps inside and in the ZIP).
"""

from __future__ import annotations

import datetime as dt
import html as htmlmod
import io
import re
import zipfile
from pathlib import Path

from plantables.samples.families import blocks_for
from plantables.samples.layout import Para, TableSpec
from plantables.samples.spec import PlanSpec

FIXED = dt.datetime(2024, 1, 1, 9, 0, 0)
_DDMMYYYY = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
_MONTH_LABEL = re.compile(r"^(\d{2})-([A-Z][a-z]{2})$")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _grid(table: TableSpec) -> list[list]:
    """The table's rows (header first) as lists of layout cells."""
    return [r.cells for r in table.header] + [r.cells for r in table.rows]


def _fixed_zip(data: bytes) -> bytes:
    """The ZIP rewritten with fixed member timestamps, so a rebuild gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time whatever it is told
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2024-01-01T09:00:00Z", data)
            dst.writestr(fixed, data)
    return out.getvalue()


# ---------------------------------------------------------------------------- Word

def build_docx(spec: PlanSpec, out: Path) -> None:
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn
    from docx.shared import Pt

    d = docx.Document()
    d.core_properties.title = spec.title
    d.core_properties.author = spec.organisation
    d.core_properties.created = d.core_properties.modified = FIXED
    d.core_properties.last_modified_by = "plantables samples"
    d.core_properties.revision = 1
    d.sections[0].header.paragraphs[0].text = f"{spec.organisation} – {spec.title}"
    d.add_paragraph(spec.organisation, style="Title")
    d.add_paragraph(spec.title, style="Subtitle")
    for block in blocks_for(spec):
        if isinstance(block, Para):
            if block.kind == "section":
                d.add_paragraph(block.bold_prefix + block.text, style="Heading 2")
                continue
            p = d.add_paragraph()
            if block.bold_prefix:
                p.add_run(block.bold_prefix).bold = True
            if block.text:
                p.add_run((" " if block.bold_prefix else "") + block.text)
            continue
        grid = _grid(block)
        n_cols = len(block.widths)
        t = d.add_table(rows=len(grid), cols=n_cols)
        t.style = d.styles["Table Grid"]
        for r in range(len(block.header)):
            t.rows[r]._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
        changed = False
        slots = t._cells  # once: python-docx rebuilds this list on every t.cell() (minutes on a long plan)
        for r, cells in enumerate(grid):
            is_head = r < len(block.header)
            for c in cells:
                cell = slots[r * n_cols + c.col]
                if c.row_span > 1 or c.col_span > 1:
                    cell = cell.merge(slots[(r + c.row_span - 1) * n_cols + c.col + c.col_span - 1])
                lines = c.text.split("\n") if c.text else [""]
                para = cell.paragraphs[0]
                bullet = c.text.startswith("• ")
                if bullet:
                    lines = [c.text[2:]]
                    para.style = d.styles["List Bullet"]
                for i, line in enumerate(lines):
                    if i:
                        para = cell.add_paragraph()
                    run = para.add_run(line)
                    run.bold = c.bold or None
                    run.font.size = Pt(8)
                fill = c.fill or (block.header_fill if is_head else None)
                tcpr = cell._tc.get_or_add_tcPr()
                if is_head and fill == "#F2F2F2":  # Word writes its theme shade with the computed fill
                    tcpr.append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="auto" '
                                          'w:themeFill="background1" w:themeFillShade="F2"/>'))
                elif fill:
                    tcpr.append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill[1:]}"/>'))
                if not is_head and c.col == _lead_col(spec) and c.text:
                    _content_control(para._p, parse_xml, nsdecls)
                if not is_head and not changed and c.text and c.col == n_cols - 2:
                    _tracked_change(para._p, parse_xml, nsdecls, qn)
                    changed = True
    buf = io.BytesIO()
    d.save(buf)
    out.write_bytes(_fixed_zip(buf.getvalue()))


def _lead_col(spec: PlanSpec) -> int:
    return {"A": 2, "B": 3, "C": 2}[spec.family]


def _content_control(p, parse_xml, nsdecls) -> None:
    """Wrap the paragraph's runs in a plain-text content control (a lead picked from a list)."""
    runs = [el for el in p if el.tag.endswith("}r")]
    sdt = parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="Lead"/><w:text/></w:sdtPr>'
                    '<w:sdtContent/></w:sdt>')
    content = sdt[-1]
    for r in runs:
        p.remove(r)
        content.append(r)
    p.append(sdt)


def _tracked_change(p, parse_xml, nsdecls, qn) -> None:
    """A deleted ``DRAFT`` before the text and the text itself as an insertion."""
    runs = [el for el in p if el.tag == qn("w:r")]
    attrs = 'w:id="{}" w:author="Editor" w:date="2024-01-01T09:00:00Z"'
    dele = parse_xml(f'<w:del {nsdecls("w")} {attrs.format(901)}><w:r><w:delText xml:space="preserve">DRAFT '
                     '</w:delText></w:r></w:del>')
    ins = parse_xml(f'<w:ins {nsdecls("w")} {attrs.format(902)}/>')
    for r in runs:
        p.remove(r)
        ins.append(r)
    p.append(dele)
    p.append(ins)


# ---------------------------------------------------------------------------- Excel

def _excel_value(text: str, is_head: bool):
    """Dates as dates (with the number format that shows them as written); text as text."""
    m = _DDMMYYYY.match(text)
    if m and not is_head:
        return dt.datetime(int(m.group(3)), int(m.group(2)), int(m.group(1))), "dd/mm/yyyy"
    m = _MONTH_LABEL.match(text)
    if m and is_head:
        return dt.datetime(2000 + int(m.group(1)), _MONTHS.index(m.group(2)) + 1, 1), "yy-mmm"
    return text, None


def build_xlsx(spec: PlanSpec, out: Path, *, guidance: bool = True) -> None:
    """The plan as a workbook; ``guidance`` puts a key sheet (``RAG | Meaning``) first, as plans printed
    from Excel often have (the interpreter tells the key from the plan)."""
    import openpyxl
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = openpyxl.Workbook()
    wb.properties.title = spec.title
    wb.properties.creator = spec.organisation
    wb.properties.created = wb.properties.modified = FIXED
    blocks = blocks_for(spec)
    rag_words = sorted({a.rag_text for _, _, a in spec.actions() if a.rag_text})
    guide = wb.active
    guide.title = "Guidance"
    if not guidance:
        wb.remove(guide)
    guide.append(["How to read this plan"])
    guide["A1"].font = Font(bold=True, size=12)
    guide.append([])
    guide.append(["RAG", "Meaning"])
    for word, meaning in (("Green", "On track"), ("Amber", "Some slippage"), ("Red", "Off track")):
        guide.append([word, meaning])
    sheets: list = []

    def new_sheet(name: str):
        ws = wb.create_sheet(name[:31])
        ws.append([spec.organisation])
        ws["A1"].font = Font(bold=True, size=14)
        ws.append([spec.title])
        ws["A2"].font = Font(bold=True, size=14)
        ws.append([])
        sheets.append(ws)
        return ws

    ws = None if spec.family == "B" else new_sheet("Plan")
    rag_fills = {}
    for _, _, a in spec.actions():
        if a.rag_text and a.rag_fill:
            rag_fills.setdefault(a.rag_text, a.rag_fill)
    for block in blocks:
        if isinstance(block, Para):
            if spec.family == "B" and block.kind == "priority":
                ws = new_sheet(block.bold_prefix.split("–")[0].strip().title())
            row = ws.max_row + 2
            if block.bold_prefix:
                value = CellRichText(TextBlock(InlineFont(b=True), block.bold_prefix),
                                     (" " + block.text) if block.text else "")
            else:
                value = block.text
            ws.cell(row, 1, value)
            if block.kind == "section":
                ws.cell(row, 1).font = Font(bold=True, size=11)
            continue
        top = ws.max_row + 2
        grid = _grid(block)
        for r, cells in enumerate(grid):
            is_head = r < len(block.header)
            for c in cells:
                value, fmt = _excel_value(c.text, is_head)
                cell = ws.cell(top + r, c.col + 1, value if value != "" else None)
                if fmt:
                    cell.number_format = fmt
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if c.bold or is_head:
                    cell.font = Font(bold=True)
                fill = c.fill or (block.header_fill if is_head else None)
                if spec.family == "C" and not is_head and c.col == len(block.widths) - 1:
                    fill = None  # the RAG word's colour comes from the conditional formats below
                if fill:
                    cell.fill = PatternFill("solid", fgColor=fill[1:])
                if c.row_span > 1 or c.col_span > 1:
                    ws.merge_cells(start_row=top + r, start_column=c.col + 1,
                                   end_row=top + r + c.row_span - 1, end_column=c.col + c.col_span)
        if ws.freeze_panes is None:
            ws.freeze_panes = ws.cell(top + len(block.header), 1).coordinate
            ws.print_title_rows = f"{top}:{top + len(block.header) - 1}"
        if spec.family == "C":
            col = openpyxl.utils.get_column_letter(len(block.widths))
            rng = f"{col}{top + len(block.header)}:{col}{top + len(grid) - 1}"
            for word in rag_words:
                ws.conditional_formatting.add(rng, CellIsRule(
                    operator="equal", formula=[f'"{word}"'], fill=PatternFill(bgColor=rag_fills[word][1:])))
    for ws in sheets:  # a notes column and a draft row under the table, hidden: nobody prints them
        notes = ws.max_column + 1
        ws.cell(ws.max_row, notes, "internal note: check with the lead")
        ws.column_dimensions[openpyxl.utils.get_column_letter(notes)].hidden = True
        draft = ws.max_row + 1
        ws.cell(draft, 1, "DRAFT ROW – not for publication")
        ws.cell(draft, 2, "to be agreed")
        ws.row_dimensions[draft].hidden = True
    buf = io.BytesIO()
    wb.save(buf)
    out.write_bytes(_fixed_zip(buf.getvalue()))


# ---------------------------------------------------------------------------- HTML

_HTML_CSS = {
    "A": "body{font-family:Arial}td,th{border:1px solid #999;vertical-align:top}",
    "B": "body{font-family:Arial}td,th{border:1px solid #999}th{font-weight:bold}",
    "C": "body{font-family:Arial}table{border-collapse:collapse}td,th{border-bottom:1px solid #999}",
}


def build_html(spec: PlanSpec, out: Path) -> None:
    e = htmlmod.escape
    fam = spec.family
    classes: dict[str, str] = {}

    def fill_attr(fill: str | None) -> str:
        if not fill:
            return ""
        if fam == "A":
            return f' bgcolor="{fill}"'
        if fam == "B":
            name = classes.setdefault(fill, f"f{len(classes) + 1}")
            return f' class="{name}"'
        return f' style="background-color: {fill.lower()}"'

    body: list[str] = [f"<h1>{e(spec.title)}</h1>", f"<p>Published by {e(spec.organisation)}</p>"]
    for block in blocks_for(spec):
        if isinstance(block, Para):
            if block.kind == "section" and fam == "C":
                caption = f"<caption>{e(block.bold_prefix + block.text)}</caption>"
                continue
            lead = f"<strong>{e(block.bold_prefix)}</strong> " if block.bold_prefix else ""
            body.append(f"<p>{lead}{e(block.text)}</p>")
            continue
        grid = _grid(block)
        rows = []
        for r, cells in enumerate(grid):
            is_head = r < len(block.header)
            tag = "th" if is_head else "td"
            tds = []
            for c in cells:
                attrs = ""
                if c.row_span > 1:
                    attrs += f' rowspan="{c.row_span}"'
                if c.col_span > 1:
                    attrs += f' colspan="{c.col_span}"'
                attrs += fill_attr(c.fill or (block.header_fill if is_head else None))
                text = e(c.text).replace("\n", "<br>")
                if c.text.startswith("• "):
                    text = f"<ul><li>{e(c.text[2:])}</li></ul>"
                elif c.bold and not is_head:
                    text = f"<b>{text}</b>"
                tds.append(f"<{tag}{attrs}>{text}</{tag}>")
            rows.append("<tr>" + "".join(tds) + "</tr>")
        head, rest = rows[:len(block.header)], rows[len(block.header):]
        cap = caption if fam == "C" else ""
        body.append(f"<table>{cap}<thead>{''.join(head)}</thead><tbody>{''.join(rest)}</tbody></table>")
    css = _HTML_CSS[fam] + "".join(f".{name}{{background:{fill}}}" for fill, name in classes.items())
    page = (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{e(spec.organisation)} – {e(spec.title)}</title><style>{css}</style></head>\n<body>\n"
            + "\n".join(body) + "\n</body></html>\n")
    out.write_text(page, encoding="utf-8")


def convert_with_soffice(src: Path, target: str, out: Path) -> None:
    """``src`` converted by LibreOffice to ``target`` (``odt``, ``doc``…) at ``out``."""
    import shutil
    import subprocess
    import tempfile

    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise RuntimeError("LibreOffice (soffice) not found: apt-get install libreoffice-writer")
    filters = {"doc": "doc:MS Word 97", "odt": "odt", "xls": "xls:MS Excel 97", "ods": "ods"}
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([exe, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to",
                        filters[target], "--outdir", tmp, str(src)], check=True, capture_output=True, timeout=300)
        made = Path(tmp) / f"{src.stem}.{target}"
        out.write_bytes(made.read_bytes())
