"""A composed layout as an HTML page (CSS, rowspans/colspans, ``thead`` when the header
repeats), printed to PDF by headless Chromium."""

from __future__ import annotations

import html
from pathlib import Path

from plantables.samples.layouts.compose import Cell, Doc, Table, dark, fit_widths, page_width

FONTS = {"sans": "Arial, 'Liberation Sans', Helvetica, sans-serif",
         "serif": "'Times New Roman', 'Liberation Serif', Times, serif"}
BORDER = "0.6pt solid #000"


def _css(doc: Doc) -> str:
    size = "297mm 210mm" if doc.landscape else "210mm 297mm"
    rules = {
        "grid": f"td, th {{ border: {BORDER}; }}",
        "horizontal": f"td, th {{ border-top: {BORDER}; border-bottom: {BORDER}; }}",
        "zebra": f"td, th {{ border-bottom: {BORDER}; }}",
        "none": f"thead th, tr.head th {{ border-bottom: {BORDER}; }}",
    }[doc.rules]
    return f"""
@page {{ size: {size}; margin: 15mm; }}
* {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
body {{ font-family: {FONTS[doc.font]}; font-size: {doc.size}pt; margin: 0; }}
h1 {{ font-size: 16pt; margin: 0 0 4pt 0; }} h2 {{ font-size: 12pt; margin: 10pt 0 4pt 0; }}
p {{ margin: 3pt 0; font-size: {doc.size + 1}pt; }}
table {{ border-collapse: collapse; table-layout: fixed; margin-top: 4pt; }}
td, th {{ vertical-align: top; text-align: left; padding: 2pt 2.5pt; font-size: {doc.size}pt; }}
th {{ font-weight: bold; }}
td p, th p {{ margin: 0; font-size: {doc.size}pt; }}
ul {{ margin: 0; padding-left: 10pt; }}
.pagebreak {{ break-after: page; }}
{rules}
"""


def _cell(c: Cell, tag: str, fill: str | None) -> str:
    attrs = []
    if c.rowspan > 1:
        attrs.append(f"rowspan='{c.rowspan}'")
    if c.colspan > 1:
        attrs.append(f"colspan='{c.colspan}'")
    style = []
    if fill:
        style.append(f"background-color: {fill}")
        if dark(fill):
            style.append("color: #fff")
    if style:
        attrs.append(f"style='{'; '.join(style)}'")
    parts, bullets = [], []
    for p in c.paras:
        text = "".join(f"<b>{html.escape(t)}</b>" if b and tag == "td" else html.escape(t) for t, b in p.runs)
        if p.bullet:
            bullets.append(f"<li>{text}</li>")
        else:
            parts.append(text)
    inner = "<br>".join(parts) + (f"<ul>{''.join(bullets)}</ul>" if bullets else "")
    return f"<{tag}{' ' if attrs else ''}{' '.join(attrs)}>{inner}</{tag}>"


def _rows(rows: list[list[Cell | None]], tag: str, doc: Doc, zebra_from: int | None = None,
          cls: str = "") -> list[str]:
    out = []
    for r, row in enumerate(rows):
        band = doc.band_fill if zebra_from is not None and doc.rules == "zebra" and (r + zebra_from) % 2 else None
        cells = "".join(_cell(c, tag, c.fill or band) for c in row if c is not None)
        out.append(f"<tr{cls}>{cells}</tr>")
    return out


def _table(t: Table, doc: Doc, avail: float, repeat: bool, head: bool = True, body: bool = True) -> str:
    widths = fit_widths(t, avail, doc.size)
    out = [f"<table style='width: {sum(widths):.0f}pt'><colgroup>"
           + "".join(f"<col style='width: {w:.1f}pt'>" for w in widths) + "</colgroup>"]
    if head and repeat:
        out += ["<thead>", *_rows(t.header, "th", doc), "</thead>"]
    out.append("<tbody>")
    if head and not repeat:
        out += _rows(t.header, "th", doc, cls=" class='head'")
    if body:
        out += _rows(t.body, "td", doc, zebra_from=0)
    out.append("</tbody></table>")
    return "\n".join(out)


def html_text(doc: Doc) -> str:
    avail = page_width(doc.landscape)
    e = html.escape
    out = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{e(doc.title)}</title>"
           f"<style>{_css(doc)}</style></head><body>"]
    for b in doc.blocks:
        if b.kind == "title":
            out.append(f"<h1>{e(b.text)}</h1>")
        elif b.kind == "heading":
            out.append(f"<h2>{e(b.text)}</h2>")
        elif b.kind == "para":
            out.append(f"<p>{e(b.text)}</p>")
        elif b.kind == "pagebreak":
            out.append("<div class='pagebreak'></div>")
        elif b.table.orphan:
            out.append(_table(b.table, doc, avail, repeat=True, body=False))
            out.append("<div class='pagebreak'></div>")
            out.append(_table(b.table, doc, avail, repeat=False, head=False))
        else:
            out.append(_table(b.table, doc, avail, repeat=doc.repeat_header or b.table.kind != "plan"))
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def render_html(doc: Doc, out: Path) -> None:
    out.write_text(html_text(doc), encoding="utf-8")
