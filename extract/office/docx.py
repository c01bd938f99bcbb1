"""Word (``.docx``) → the intermediate model, with python-docx and lxml.

The body is walked in document order: paragraphs become :class:`Heading`
blocks (kind from the file's formatting — ``Title`` style → ``title``, a
heading style or outline level, or a paragraph opening with bold text →
``section`` with its level, anything else → ``text``), tables become
:class:`Table` blocks. Inside a table: ``gridSpan`` and ``vMerge`` give the
spans, ``tblHeader`` (repeat as header row) marks header rows, ``w:shd`` gives
the fill (theme colours with their tint/shade resolved), each run keeps its
bold/italic (direct, character style or paragraph style), each paragraph of a
cell is a line and list paragraphs get their bullet (``• ``) or number, a
nested table's cells are further lines of its cell. Tracked changes are read
as accepted (insertions kept, deletions and moved-from text dropped); content
controls (``w:sdt``) are read through. The organisation and title come from
the core properties, the title-styled paragraphs and the page headers and
footers (``Organisation – Title``).
"""

from __future__ import annotations

from plantables.extract.model import Block, Document, ExtractError, Heading, Run
from plantables.extract.office.colours import WORD_THEME_NAMES, hex_colour, theme_colours, word_tint_shade
from plantables.extract.office.docx_styles import Numbering, Styles, W, num_of, number, on
from plantables.extract.office.grid import Slot, build_table, is_bold, join_orphan_headers, runs_text, tidy_runs

_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
#: subtrees never read as text: deletions, moved-from text, property blocks, duplicate drawings
_SKIP = {W + "del", W + "moveFrom", W + "pPr", W + "rPr", W + "tcPr", W + "trPr", W + "tblPr", W + "sdtPr",
         W + "sdtEndPr", _MC_FALLBACK, W + "tblGrid"}
#: containers read through as if they were not there (content controls, custom XML, insertions)
_THROUGH = {W + "sdt", W + "sdtContent", W + "customXml", W + "ins", W + "moveTo", W + "smartTag",
            W + "hyperlink", W + "fldSimple", W + "dir", W + "bdo"}
_TITLE_STYLES = {"title", "subtitle"}
#: a bold line at least this much larger than the body text, before the first table, is a title line
TITLE_SCALE = 1.25
#: most table rows read from one document (a bound on memory for hostile files)
MAX_ROWS = 100_000


class _Reader:
    def __init__(self, docx_doc):
        part = docx_doc.part
        self.styles = Styles(_part_root(part, "/styles"))
        self.numbering = Numbering(_part_root(part, "/numbering"))
        theme = next((r.target_part.blob for r in part.rels.values()
                      if r.reltype.endswith("/theme") and not r.is_external), None)
        self.theme = theme_colours(theme)
        self.rows_read = 0

    # ----------------------------------------------------------------- text
    def para_runs(self, p) -> list[Run]:
        ppr = p.find(W + "pPr")
        pstyle = None
        num: tuple[str | None, int] = (None, 0)
        if ppr is not None:
            ps = ppr.find(W + "pStyle")
            pstyle = ps.get(W + "val") if ps is not None else None
            n = ppr.find(W + "numPr")
            num = num_of(n) if n is not None else self.styles.get(pstyle, "num", (None, 0))
        else:
            num = self.styles.get(None, "num", (None, 0))
        base = (bool(self.styles.get(pstyle, "b", False)), bool(self.styles.get(pstyle, "i", False)))
        runs: list[Run] = []
        self._collect(p, base, runs)
        label = self.numbering.label(*num) if num[0] else ""
        if label and any(r.text.strip() for r in runs):
            runs.insert(0, Run(label, runs[0].bold if runs else False, False))
        return runs

    def _collect(self, el, base: tuple[bool, bool], out: list[Run]) -> None:
        for child in el:
            tag = child.tag
            if tag == W + "r":
                self._run(child, base, out)
            elif tag in _SKIP or not isinstance(tag, str):
                continue
            elif tag in _THROUGH or tag.startswith(W):
                self._collect(child, base, out)

    def _run(self, r, base: tuple[bool, bool], out: list[Run]) -> None:
        bold, italic = base
        rpr = r.find(W + "rPr")
        if rpr is not None:
            rs = rpr.find(W + "rStyle")
            if rs is not None:
                bold = bool(self.styles.get(rs.get(W + "val"), "b", bold))
                italic = bool(self.styles.get(rs.get(W + "val"), "i", italic))
            b, i = rpr.find(W + "b"), rpr.find(W + "i")
            bold = on(b) if b is not None else bold
            italic = on(i) if i is not None else italic
        parts = []
        for c in r:
            tag = c.tag
            if tag == W + "t":
                parts.append(c.text or "")
            elif tag in (W + "tab", W + "ptab"):
                parts.append(" ")
            elif tag in (W + "br", W + "cr"):
                parts.append("\n")
            elif tag == W + "noBreakHyphen":
                parts.append("-")
        if parts:
            out.append(Run("".join(parts), bold, italic))

    def block_runs(self, container) -> list[Run]:
        """A cell's paragraphs (and nested tables' cells) as runs, one line each."""
        runs: list[Run] = []
        for el in _blocks(container):
            if el.tag == W + "p":
                line = self.para_runs(el)
            else:  # a nested table: each of its cells is a further line
                line = []
                for tr in _rows(el):
                    for tc in _cells(tr):
                        cell = self.block_runs(tc)
                        if any(r.text.strip() for r in cell):
                            line += cell + [Run("\n")]
            if any(r.text.strip() for r in line):
                if runs:
                    runs.append(Run("\n"))
                runs += line
        return runs

    # ----------------------------------------------------------------- tables
    def fill(self, tcpr) -> str | None:
        shd = tcpr.find(W + "shd") if tcpr is not None else None
        if shd is None:
            return None
        if shd.get(W + "val") == "solid":
            return hex_colour(shd.get(W + "color")) or hex_colour(shd.get(W + "fill"))
        theme = shd.get(W + "themeFill")
        if theme:
            rgb = self.theme.get(WORD_THEME_NAMES.get(theme, theme))
            if rgb:
                return word_tint_shade(rgb, shd.get(W + "themeFillTint"), shd.get(W + "themeFillShade"))
        return hex_colour(shd.get(W + "fill"))

    def table(self, tbl, path: str):
        slots: list[Slot] = []
        open_at: dict[int, Slot] = {}  # grid column → the vertically merged cell running down it
        for r, tr in enumerate(_rows(tbl)):
            self.rows_read += 1
            if self.rows_read > MAX_ROWS:
                raise ExtractError(path, f"has more than {MAX_ROWS} table rows: refused")
            trpr = tr.find(W + "trPr")
            header = False
            col = 0
            if trpr is not None:
                th = trpr.find(W + "tblHeader")
                header = th is not None and on(th)
                gb = trpr.find(W + "gridBefore")
                col = number(gb, 0)
            for tc in _cells(tr):
                tcpr = tc.find(W + "tcPr")
                span, vmerge = 1, None
                if tcpr is not None:
                    gs = tcpr.find(W + "gridSpan")
                    span = max(1, number(gs, 1))
                    vm = tcpr.find(W + "vMerge")
                    vmerge = vm.get(W + "val", "continue") if vm is not None else None
                runs = self.block_runs(tc)
                above = open_at.get(col)
                if vmerge == "continue" and above is not None and above.col == col:
                    above.row_span = r - above.row + 1
                    if any(x.text.strip() for x in runs):
                        above.runs += [Run("\n")] + runs
                else:
                    slot = Slot(r, col, runs, 1, span, self.fill(tcpr), header, colour=_type_colour(tc))
                    slots.append(slot)
                    for k in range(col, col + span):
                        open_at[k] = slot
                col += span
        return build_table(slots)


def _type_colour(tc) -> str | None:
    """The one colour (``w:color``) all of a cell's inked runs are printed in, or None (Cell.colour)."""
    colours: set[str | None] = set()
    for r in tc.iter(W + "r"):
        if not "".join(t.text or "" for t in r.iter(W + "t")).strip():
            continue
        rpr = r.find(W + "rPr")
        c = rpr.find(W + "color") if rpr is not None else None
        val = c.get(W + "val") if c is not None else None
        colours.add(hex_colour(val) if val and val != "auto" else None)
    colour = colours.pop() if len(colours) == 1 else None
    return colour if colour != "#000000" else None


def _part_root(part, suffix: str):
    from lxml import etree

    for rel in part.rels.values():
        if not rel.is_external and rel.reltype.endswith(suffix):
            el = getattr(rel.target_part, "element", None)
            return el if el is not None else etree.fromstring(rel.target_part.blob)
    return None


def _blocks(container):
    """Paragraphs and tables of a body or cell in order, through content controls and insertions."""
    for el in container:
        tag = el.tag
        if tag in (W + "p", W + "tbl"):
            yield el
        elif tag in (W + "sdt", W + "sdtContent", W + "customXml", W + "ins", W + "moveTo"):
            yield from _blocks(el)


def _children(parent, tag: str):
    """``parent``'s children named ``tag`` (w:tr of a table, w:tc of a row), through content controls and
    insertions."""
    for el in parent:
        if el.tag == tag:
            yield el
        elif el.tag in (W + "sdt", W + "sdtContent", W + "customXml", W + "ins"):
            yield from _children(el, tag)


def _rows(tbl):
    return _children(tbl, W + "tr")


def _cells(tr):
    return _children(tr, W + "tc")


def _size(reader: _Reader, p, pstyle: str | None) -> float:
    """The largest font size (points) of the paragraph's runs: direct, character style, paragraph style."""
    base = reader.styles.get(pstyle, "sz", reader.styles.get(None, "sz", reader.styles.default_size))
    size = 0.0
    for r in p.iter(W + "r"):
        rpr = r.find(W + "rPr")
        value = base
        if rpr is not None:
            sz, rs = rpr.find(W + "sz"), rpr.find(W + "rStyle")
            if sz is not None and (sz.get(W + "val") or "").isdigit():
                value = int(sz.get(W + "val")) / 2
            elif rs is not None:
                value = reader.styles.get(rs.get(W + "val"), "sz", base)
        size = max(size, value)
    return size or base


def _heading(reader: _Reader, p, opening: bool, sizes: dict[int, float]) -> Heading | None:
    """The paragraph as a heading block (``sizes`` gets its font size, by the block's id)."""
    runs = tidy_runs(reader.para_runs(p))
    text = " ".join(runs_text(runs).split())
    if not text:
        return None
    ppr = p.find(W + "pPr")
    pstyle = None
    outline = None
    if ppr is not None:
        ps, ol = ppr.find(W + "pStyle"), ppr.find(W + "outlineLvl")
        pstyle = ps.get(W + "val") if ps is not None else None
        outline = number(ol, 9) if ol is not None else None
    if outline is None:
        outline = reader.styles.get(pstyle, "outline")
    name = str(reader.styles.get(pstyle, "name", "") or "")
    body = reader.styles.get(None, "sz", reader.styles.default_size)
    size = _size(reader, p, pstyle)
    if opening and (name in _TITLE_STYLES or (size >= TITLE_SCALE * body and outline is None and is_bold(runs))):
        h = Heading(text, "title", 1)  # the title block: title styles, or large bold lines, opening the file
        sizes[id(h)] = -1.0 if name in _TITLE_STYLES else size
        return h
    if outline is not None and outline < 9:
        return Heading(text, "section", outline + 1)
    if name.startswith("heading "):
        level = name.split()[-1]
        return Heading(text, "section", int(level) if level.isdigit() else 1)
    if runs and runs[0].bold:  # a bold lead-in ("PRIORITY 2 – …;" then prose) or a bold line
        return Heading(text, "section", 1 if is_bold(runs) else 2)
    return Heading(text, "text", 1)


def read_docx(path: str, *, fmt: str = "docx", source: str | None = None) -> Document:
    """Read a Word file. ``source``/``fmt`` name the original file when this one was converted from it."""
    import docx  # python-docx: imported here so the PDF path never loads it

    from plantables.extract.office.common import organisation_and_title

    shown = source or path
    try:
        d = docx.Document(path)
    except Exception as exc:  # python-docx raises several types for a broken package
        raise ExtractError(shown, f"is not a readable Word document ({type(exc).__name__}: {exc})") from None
    reader = _Reader(d)
    blocks: list[Block] = []
    seen_table = False
    sizes: dict[int, float] = {}
    later: set[float] = set()  # sizes of the bold headings after the first table
    for el in _blocks(d.element.body):
        if el.tag == W + "p":
            # the title block is the run of title lines opening the document (as the PDF reader's)
            opening = all(isinstance(b, Heading) and b.kind == "title" for b in blocks)
            h = _heading(reader, el, opening, sizes)
            if h is not None:
                blocks.append(h)
                if h.kind == "section" and seen_table:
                    later.add(round(_size(reader, el, None), 1))
        else:
            table = reader.table(el, shown)
            if table is not None:
                blocks.append(table)
                seen_table = True
    if not seen_table:
        raise ExtractError(shown, "is a Word document with no table")
    blocks = join_orphan_headers(blocks)
    for b in blocks:  # an opening line set like the headings further on is the first of them
        if isinstance(b, Heading) and b.kind == "title" and round(sizes.get(id(b), -1.0), 1) in later:
            b.kind, b.level = "section", 1
    running = []
    for section in d.sections:
        for part in (section.header, section.footer):
            if part is not None and not part.is_linked_to_previous:
                running += [" ".join(p.text.split()) for p in part.paragraphs if p.text.strip()]
    titles = [b.text for b in blocks if isinstance(b, Heading) and b.kind == "title"]
    core_title = (d.core_properties.title or "").strip() or None
    title, _ = organisation_and_title(titles, running, core_title)
    return Document(path=shown, format=fmt, blocks=blocks, title=title, title_lines=list(titles), running=list(running))
