"""Flatten a laid-out plan to text the way PDF/Word-to-text converters do.

One tab-separated line per row *piece* on a page, the header repeated on each
page, a blank line between pages. A tall merged cell's lines go to whichever
row piece they sit beside (so its text is spread over several lines, as in
real exports), a row broken by a page break becomes two lines on two pages,
and a full-width heading may have its words spread over the columns by their
position. Paragraphs come out whole, with their bold run marked (``**…**``).
"""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

from plantables.samples.layout import FONT, FONT_BOLD, Band, Line, PageLayout, PlacedCell, TableSpec


def _mark(text: str, markup: str | None) -> str:
    if not text or not markup:
        return text
    return f"<b>{text}</b>" if markup == "<b>" else f"{markup}{text}{markup}"


def _para_text(page: PageLayout, group: int) -> str:
    parts = []
    for ln in sorted((ln for ln in page.lines if ln.group == group), key=lambda ln: (ln.top, ln.x)):
        parts.append(_mark(ln.text, ln.markup) if ln.bold else ln.text)
    return " ".join(p.strip() for p in parts if p.strip())


def _covers(pc: PlacedCell, band: Band) -> bool:
    return pc.table == band.table and pc.bbox[1] <= band.top + 0.1 and pc.bbox[3] >= band.bottom - 0.1


def _col_edges(t: TableSpec, margin: float) -> list[float]:
    edges, x = [], margin
    for w in t.widths:
        x += w
        edges.append(x)
    return edges


def _spread_words(ln: Line, edges: list[float], cols: list[list[str]]) -> None:
    x = ln.x
    font = FONT_BOLD if ln.bold else FONT
    for word in ln.text.split(" "):
        col = next((i for i, e in enumerate(edges) if x < e), len(edges) - 1)
        if word:
            cols[col].append(word)
        x += stringWidth(word + " ", font, ln.size)


def _band_line(page: PageLayout, band: Band, t: TableSpec, margin: float, split: bool) -> str:
    cols: list[list[str]] = [[] for _ in t.widths]
    edges = _col_edges(t, margin)
    for pc in page.cells:
        if not _covers(pc, band):
            continue
        lines = [ln for ln in pc.lines if band.top - 0.1 <= ln.top < band.bottom - 0.1]
        if split and pc.cell.col_span > 1:
            for ln in lines:
                _spread_words(ln, edges, cols)
            continue
        text = " ".join(ln.text.strip() for ln in lines if ln.text.strip())
        if not text and pc.cell.marker and pc.first_piece and abs(pc.bbox[1] - band.top) < 0.1:
            text = pc.cell.marker
        cols[pc.cell.col].append(_mark(text, pc.cell.markup))
    fields = [" ".join(w for w in c if w) for c in cols]
    return "\t".join(fields) if any(fields) else ""


def export_text(pages: list[PageLayout], blocks: list, margin: float) -> str:
    """The flattened text of a laid-out plan."""
    out_pages = []
    for page in pages:
        lines: list[str] = []
        seen_groups: set[int] = set()
        for _, item in page.flow:
            if isinstance(item, Line):
                if item.group in seen_groups:
                    continue
                seen_groups.add(item.group)
                text = _para_text(page, item.group)
                if text:
                    lines += ["", text, ""] if item.group >= 0 else [text]
                continue
            t = blocks[item.table]
            split = item.row >= 0 and t.rows[item.row].split_words
            text = _band_line(page, item, t, margin, split)
            if text:
                lines.append(text)
        out_pages.append("\n".join(lines).strip("\n"))
    return "\n\n".join(out_pages) + "\n"
