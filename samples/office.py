"""A tagged (accessible) Word-like PDF of a plan, made by LibreOffice.

The plan is written as an HTML document (tables with ``rowspan``, shaded
cells, a repeated ``<thead>``), loaded into LibreOffice Writer and exported
with the PDF filter option ``UseTaggedPDF`` — the route a council's Word
export takes, structure tree included. Needs ``soffice`` (Debian:
``libreoffice-writer-nogui``); only the generator needs it, the committed PDF
is what the tests read.
"""

from __future__ import annotations

import html
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from plantables.samples.families import HEADER_C
from plantables.samples.spec import PlanSpec

_CSS = """
body { font-family: 'Liberation Sans', Arial, sans-serif; font-size: 9pt; }
h1 { font-size: 16pt; } h2 { font-size: 12pt; margin-top: 12pt; }
table { border-collapse: collapse; width: 100%; }
td, th { vertical-align: top; padding: 2pt; font-size: 8pt; text-align: left; }
th { background: #F2F2F2; }
"""


def plan_html(spec: PlanSpec) -> str:
    """The plan as HTML: one table per section, owner cells merged over shared owners."""
    if spec.family != "C":
        raise ValueError("the tagged sample is drawn from a family-C plan")
    e = html.escape
    out = [f"<html><head><meta charset='utf-8'><title>{e(spec.title)}</title><style>{_CSS}</style></head><body>",
           f"<h1>{e(spec.organisation)}</h1>", f"<p><b>{e(spec.title)}</b></p>"]
    widths = (7, 28, 15, 12, 28, 10)
    for s in spec.sections:
        out.append(f"<h2>{e(s.ref)}. {e(s.title)}</h2>")
        out.append("<table border='1' cellspacing='0' cellpadding='3'><thead><tr>" + "".join(
            f"<th width='{w}%' valign='top'>{e(h)}</th>" for h, w in zip(HEADER_C, widths)) + "</tr></thead><tbody>")
        actions = [a for o in s.objectives for a in o.actions]
        for i, a in enumerate(actions):
            cells = [e(a.ref_raw), e(a.title)]
            if i == 0 or actions[i - 1].lead_raw != a.lead_raw:
                span = 1
                while i + span < len(actions) and actions[i + span].lead_raw == a.lead_raw:
                    span += 1
                cells.append((e(a.lead_raw), span))
            cells += [e(a.timeframe_raw or ""), e(a.update_text or ""), (e(a.rag_text or ""), a.rag_fill)]
            row = []
            for c in cells:
                if isinstance(c, tuple) and isinstance(c[1], int):
                    row.append(f"<td rowspan='{c[1]}' valign='top'>{c[0]}</td>")
                elif isinstance(c, tuple):
                    row.append(f"<td bgcolor='{c[1]}' valign='top'>{c[0]}</td>")
                else:
                    row.append(f"<td valign='top'>{c}</td>")
            out.append("<tr>" + "".join(row) + "</tr>")
        out.append("</tbody></table>")
    out.append("</body></html>")
    return "\n".join(out)


def build_tagged_pdf(spec: PlanSpec, out: Path) -> int:
    """Write ``out`` (tagged PDF) with LibreOffice; return its page count."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise RuntimeError("LibreOffice (soffice) not found: apt-get install libreoffice-writer-nogui")
    options = json.dumps({"UseTaggedPDF": {"type": "boolean", "value": "true"},
                          "ExportBookmarks": {"type": "boolean", "value": "false"}})
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"{out.name.split('.')[0]}.html"
        src.write_text(plan_html(spec), encoding="utf-8")
        subprocess.run(
            [exe, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--infilter=HTML (StarWriter)",
             "--convert-to", f"pdf:writer_pdf_Export:{options}", "--outdir", tmp, str(src)],
            check=True, capture_output=True, timeout=300,
        )
        shutil.move(str(src.with_suffix(".pdf")), out)
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(out)
    try:
        return len(pdf)
    finally:
        pdf.close()
