"""Web pages (``.html``, ``.htm``) → the intermediate model, with lxml.

The page is walked in document order: ``h1``–``h6`` become section headings
with their level (an ``h1`` before the first table is the page's title
block), captions open their table, paragraphs and other text blocks become
``text`` headings (``section`` when they open with bold text), and every
``table`` becomes a table: ``rowspan``/``colspan`` as spans (the HTML table
model's slot assignment), ``thead`` rows and rows of ``th`` as header rows,
fills from ``bgcolor``, inline ``style`` and ``<style>`` rules with simple
selectors (``td``, ``.cls``, ``td.cls``, ``#id``; a descendant selector is
matched on its last part), bold from ``b``/``strong``/``th`` and
``font-weight``. A table nested in a cell gives that cell further lines.
"""

from __future__ import annotations

import re

from plantables.extract.model import MARK_GLYPHS, Block, Document, ExtractError, Heading, Run
from plantables.extract.office.colours import hex_colour
from plantables.extract.office.grid import (
    Slot,
    build_table,
    join_orphan_headers,
    runs_text,
    split_rows,
    tidy_runs,
)

MAX_BYTES = 64 * 1024 * 1024
MAX_ROWS = 100_000
#: never read as text (``del``: deleted text of a tracked change, read as accepted)
_SKIP = {"script", "style", "head", "template", "noscript", "iframe", "object", "svg", "select", "button", "del"}
_BLOCK = {"p", "div", "li", "dt", "dd", "pre", "blockquote", "section", "article", "tr", "ul", "ol", "dl",
          "h1", "h2", "h3", "h4", "h5", "h6", "caption", "table", "header", "footer", "main", "nav", "aside",
          "address", "figure", "figcaption", "center", "form"}
_HEADINGS = {f"h{i}": i for i in range(1, 7)}
#: ``<font size=N>`` in points (size 3 is the body text)
_FONT_SIZES = {1: 7.5, 2: 10.0, 3: 12.0, 4: 13.5, 5: 18.0, 6: 24.0, 7: 36.0}
_CSS_SIZE = re.compile(r"([\d.]+)\s*(pt|px)")
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_COMPOUND = re.compile(r"^([a-z0-9]*)((?:[.#][\w-]+)*)$", re.IGNORECASE)
_RGB = re.compile(r"rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)")
_NAMED = {"red": "#FF0000", "green": "#008000", "lime": "#00FF00", "yellow": "#FFFF00", "orange": "#FFA500",
          "blue": "#0000FF", "white": "#FFFFFF", "black": "#000000", "gray": "#808080", "grey": "#808080",
          "silver": "#C0C0C0", "lightgrey": "#D3D3D3", "lightgray": "#D3D3D3", "gold": "#FFD700",
          "amber": "#FFBF00", "lightgreen": "#90EE90", "darkgreen": "#006400", "navy": "#000080",
          "lightblue": "#ADD8E6", "pink": "#FFC0CB", "purple": "#800080", "darkred": "#8B0000",
          "lightyellow": "#FFFFE0", "skyblue": "#87CEEB", "salmon": "#FA8072", "tomato": "#FF6347",
          "limegreen": "#32CD32", "forestgreen": "#228B22", "crimson": "#DC143C", "darkorange": "#FF8C00",
          "whitesmoke": "#F5F5F5", "gainsboro": "#DCDCDC", "lavender": "#E6E6FA", "beige": "#F5F5DC"}


def css_colour(value: str | None) -> str | None:
    if not value:
        return None
    v = value.strip().lower().split()[0] if value.strip() else ""
    if v.startswith("#"):
        if len(v) == 4:
            v = "#" + "".join(ch * 2 for ch in v[1:])
        return hex_colour(v)
    m = _RGB.match(v) or _RGB.search(value.lower())
    if m:
        return "#" + "".join(f"{min(255, int(x)):02X}" for x in m.groups())
    return _NAMED.get(v)


def _declarations(text: str) -> dict[str, str]:
    out = {}
    for part in text.split(";"):
        if ":" in part:
            k, v = part.split(":", 1)
            out[k.strip().lower()] = v.strip().replace("!important", "").strip()
    return out


class _Css:
    """Rules of the page's ``<style>`` blocks with simple selectors, and inline styles."""

    def __init__(self, root):
        self.rules: list[tuple[tuple[int, int], str, frozenset, str | None, dict]] = []
        order = 0
        for style in root.iter("style"):
            text = re.sub(r"/\*.*?\*/", "", style.text or "", flags=re.DOTALL)
            for selectors, body in _RULE.findall(text):
                decls = _declarations(body)
                for sel in selectors.split(","):
                    last = sel.strip().split()[-1] if sel.strip() else ""
                    m = _COMPOUND.match(last.split(">")[-1])
                    if not m:
                        continue
                    tag, rest = m.group(1).lower(), m.group(2)
                    classes = frozenset(x[1:] for x in re.findall(r"\.[\w-]+", rest))
                    ident = next((x[1:] for x in re.findall(r"#[\w-]+", rest)), None)
                    specificity = (1 if ident else 0, len(classes) * 10 + (1 if tag else 0))
                    order += 1
                    self.rules.append(((specificity[0], specificity[1] * 100000 + order), tag, classes, ident, decls))
        self.rules.sort(key=lambda r: r[0])
        self._memo: dict[tuple, dict] = {}

    def style(self, el) -> dict[str, str]:
        tag = el.tag if isinstance(el.tag, str) else ""
        classes = frozenset((el.get("class") or "").split())
        ident = el.get("id")
        key = (tag, classes, ident)
        out = self._memo.get(key)
        if out is None:
            out = {}
            for _, rtag, rclasses, rid, decls in self.rules:
                if (not rtag or rtag == tag) and rclasses <= classes and (rid is None or rid == ident):
                    out.update(decls)
            self._memo[key] = out
        inline = el.get("style")
        return {**out, **_declarations(inline)} if inline else out

    def fill(self, el) -> str | None:
        st = self.style(el)
        for key in ("background-color", "background"):
            c = css_colour(st.get(key))
            if c:
                return c
        return css_colour(el.get("bgcolor"))

    def mark_colour(self, cell) -> str | None:
        """The colour of a cell holding nothing but one mark glyph (a ``●`` or ``■`` in a RAG
        column, coloured by CSS ``color`` or ``<font color>``): what the cell shows, as a fill would."""
        if cell.text_content().strip() not in MARK_GLYPHS:
            return None
        colour = None
        for el in cell.iter():
            if isinstance(el.tag, str):
                colour = css_colour(self.style(el).get("color")) or css_colour(el.get("color")) or colour
        return colour

    def text_colour(self, cell) -> str | None:
        """The one colour a cell's text is printed in by CSS ``color`` or ``<font color>`` set on the
        cell or inside it (what the page around it sets is the body's colour), or None."""
        colours: set[str | None] = set()

        def walk(el, inherited: str | None) -> None:
            colour = css_colour(self.style(el).get("color")) or css_colour(el.get("color")) or inherited
            if el.text and el.text.strip():
                colours.add(colour)
            for child in el:
                if isinstance(child.tag, str):
                    walk(child, colour)
                if child.tail and child.tail.strip():
                    colours.add(colour)

        walk(cell, None)
        return colours.pop() if len(colours) == 1 else None

    def bold(self, el, inherited: bool) -> bool:
        tag = el.tag if isinstance(el.tag, str) else ""
        weight = self.style(el).get("font-weight")
        if weight:
            return weight in ("bold", "bolder") or (weight.isdigit() and int(weight) >= 600)
        return inherited or tag in ("b", "strong", "th")

    def italic(self, el, inherited: bool) -> bool:
        style = self.style(el).get("font-style")
        if style:
            return style in ("italic", "oblique")
        return inherited or (el.tag if isinstance(el.tag, str) else "") in ("i", "em")


#: a footnote's mark: a number or a dagger raised after a word (``… a week<sup>1</sup>``)
_MARK = re.compile(r"[0-9]{1,2}|[*†‡]{1,3}")
_WORD_END = re.compile(r"[^\W\d_]{3}$")


def _note_mark(el, before: list[Run]) -> bool:
    """Is ``el`` a footnote mark (a ``sup`` of a number or dagger glued to a word of three letters or
    more: ``week<sup>1</sup>``; ``m<sup>2</sup>`` is a unit)? It is no part of the cell's text."""
    text = el.text_content().strip() if el.tag == "sup" else ""
    return bool(text) and bool(_MARK.fullmatch(text)) and bool(before) and bool(_WORD_END.search(before[-1].text))


class _Reader:
    def __init__(self, root, path: str):
        self.css = _Css(root)
        self.path = path
        self.rows = 0

    def runs(self, el, bold: bool = False, italic: bool = False, out: list[Run] | None = None) -> list[Run]:
        """Text of an element as styled runs; block elements and ``br`` break lines."""
        out = [] if out is None else out
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP:
            return out
        bold, italic = self.css.bold(el, bold), self.css.italic(el, italic)
        if tag in _BLOCK and out:
            out.append(Run("\n"))
        if tag == "li":
            out.append(Run("• ", bold, italic))
        if tag == "table":
            for cell in self._table_cells(el):
                self.runs(cell, bold, italic, out)
                out.append(Run("\n"))
            return out
        if el.text:
            out.append(Run(el.text, bold, italic))
        for child in el:
            if isinstance(child.tag, str):
                if child.tag == "br":
                    out.append(Run("\n"))
                elif not _note_mark(child, out):
                    self.runs(child, bold, italic, out)
            if child.tail:
                out.append(Run(child.tail, bold, italic))
        if tag in _BLOCK:
            out.append(Run("\n"))
        return out

    @staticmethod
    def _rows(table):
        # a tfoot (a key, a source, a total) is no body row: printed under the table on every page,
        # it is read as the text after the table (walk)
        return table.xpath("./thead/tr") + table.xpath("./tr|./tbody/tr")

    def _table_cells(self, table):
        for tr in self._rows(table):
            yield from (c for c in tr if c.tag in ("td", "th"))

    def table(self, table):
        slots: list[Slot] = []
        taken: set[tuple[int, int]] = set()
        for r, tr in enumerate(self._rows(table)):
            self.rows += 1
            if self.rows > MAX_ROWS:
                raise ExtractError(self.path, f"has more than {MAX_ROWS} table rows: refused")
            cells = [c for c in tr if c.tag in ("td", "th")]
            in_head = tr.getparent().tag == "thead"
            header = in_head or (bool(cells) and all(c.tag == "th" for c in cells))
            row_fill = self.css.fill(tr)
            row_bold = self.css.bold(tr, False)
            col = 0
            for c in cells:
                while (r, col) in taken:
                    col += 1
                rs = _span(c.get("rowspan"))
                cs = _span(c.get("colspan"))
                for dr in range(rs):
                    for dc in range(cs):
                        taken.add((r + dr, col + dc))
                fill = self.css.fill(c) or row_fill or self.css.mark_colour(c)
                slots.append(Slot(r, col, self.runs(c, row_bold), rs, cs, fill, header, self.size(c),
                                  self.css.text_colour(c)))
                col += cs
        # a rowspan reaching past the last row is cut there (browsers do the same)
        last = max((s.row for s in slots), default=0)
        for s in slots:
            s.row_span = max(1, min(s.row_span, last - s.row + 1))
        inked = {s.row for s in slots if s.text or s.fill or s.row_span > 1 or s.col_span > 1}
        if slots and len(inked) < last + 1:
            # empty rows inside: a spreadsheet saved as one web table (titles, gaps, several tables)
            return split_rows([s for s in slots if s.row in inked and (s.text or s.fill or s.row_span > 1
                                                                       or s.col_span > 1)], opening=False)
        table = build_table(slots)
        return [table] if table is not None else []

    def size(self, cell) -> float | None:
        """The largest font size stated inside a cell (``<font size>``, CSS ``font-size`` in pt/px)."""
        sizes = []
        for el in cell.iter():
            if not isinstance(el.tag, str):
                continue
            if el.tag == "font" and (el.get("size") or "").strip().isdigit():
                sizes.append(_FONT_SIZES.get(int(el.get("size").strip()), 12.0))
            m = _CSS_SIZE.search(self.css.style(el).get("font-size", ""))
            if m:
                sizes.append(float(m.group(1)) * (0.75 if m.group(2) == "px" else 1.0))
        return max(sizes) if sizes else None

    def walk(self, el, blocks: list[Block]) -> None:
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if not tag or tag in _SKIP:
                if child.tail and child.tail.strip() and tag:
                    self._para([Run(child.tail)], blocks)
                continue
            if tag == "table":
                caption = child.find("caption")
                if caption is not None:
                    self._para(self.runs(caption), blocks, kind="section")
                blocks += self.table(child)
                for tr in child.xpath("./tfoot/tr"):
                    self._para([r for c in tr if c.tag in ("td", "th") for r in [*self.runs(c), Run(" ")]], blocks,
                               kind="text")
            elif tag in _HEADINGS:
                text = " ".join(runs_text(tidy_runs(self.runs(child))).split())
                if text:
                    first_table = not any(not isinstance(b, Heading) for b in blocks)
                    kind = "title" if tag == "h1" and first_table else "section"
                    blocks.append(Heading(text, kind, _HEADINGS[tag]))  # type: ignore[arg-type]
            elif child.find(".//table") is not None or any(
                    child.find(f".//{h}") is not None for h in _HEADINGS) or child.find(".//p") is not None:
                if child.text and child.text.strip():
                    self._para([Run(child.text, self.css.bold(child, False))], blocks)
                self.walk(child, blocks)
            else:
                self._para(self.runs(child), blocks)
            if child.tail and child.tail.strip():
                self._para([Run(child.tail)], blocks)

    def _para(self, runs: list[Run], blocks: list[Block], kind: str | None = None) -> None:
        tidy = tidy_runs(runs)
        text = " ".join(runs_text(tidy).split())
        if not text:
            return
        if kind is None:
            kind = "section" if tidy and tidy[0].bold else "text"
        blocks.append(Heading(text, kind, 1))  # type: ignore[arg-type]


def _span(value: str | None) -> int:
    try:
        return max(1, min(1000, int((value or "1").strip())))
    except ValueError:
        return 1


def read_html(path: str, *, fmt: str = "html", source: str | None = None) -> Document:
    """Read a web page's tables and the headings around them."""
    import lxml.html  # imported here so the PDF path never loads it

    from plantables.extract.office.common import organisation_and_title

    shown = source or path
    with open(path, "rb") as fh:
        data = fh.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ExtractError(shown, f"is a web page over {MAX_BYTES // 2**20} MB: refused")
    try:
        root = lxml.html.document_fromstring(data)
    except Exception as exc:  # lxml's parser errors on empty or undecodable pages
        raise ExtractError(shown, f"is not a readable web page ({type(exc).__name__}: {exc})") from None
    reader = _Reader(root, shown)
    body = root.find("body")
    blocks: list[Block] = []
    reader.walk(body if body is not None else root, blocks)
    blocks = join_orphan_headers(blocks)
    if not any(not isinstance(b, Heading) for b in blocks):
        raise ExtractError(shown, "is a web page with no table")
    title_el = root.find(".//title")
    page_title = " ".join((title_el.text_content() if title_el is not None else "").split()) or None
    titles = [b.text for b in blocks if isinstance(b, Heading) and b.kind == "title"]
    running = [page_title] if page_title else []
    title, _ = organisation_and_title(titles, running, None)
    return Document(path=shown, format=fmt, blocks=blocks, title=title or page_title, title_lines=list(titles),
                    running=running)
