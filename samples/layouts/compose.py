"""A drawn layout as a producer-neutral document: blocks of headings, prose and tables.

Every producer (Word, Excel, HTML, reportlab) renders the same
:class:`Doc`, so a plan looks alike whichever program prints it and what
differs between producers is the producer's own doing (page breaking, fonts,
how it draws rules and fills).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from plantables.samples.layouts import dates as D
from plantables.samples.layouts.spec import ActionSpec, LayoutSpec
from plantables.samples.layouts.vocab import RAG_LETTER

Run = tuple[str, bool]  # text, bold


@dataclass
class Para:
    runs: list[Run]
    bullet: bool = False

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.runs)


@dataclass
class Cell:
    paras: list[Para]
    fill: str | None = None
    rowspan: int = 1
    colspan: int = 1

    @property
    def text(self) -> str:
        return "\n".join(("• " if p.bullet else "") + p.text for p in self.paras)


def dark(fill: str | None) -> bool:
    """Is ``fill`` dark enough that text on it is printed white?"""
    if not fill:
        return False
    r, g, b = (int(fill[i:i + 2], 16) for i in (1, 3, 5))
    return r * 0.3 + g * 0.59 + b * 0.11 < 110


def cell(text: str = "", bold: bool = False, fill: str | None = None, **kw) -> Cell:
    return Cell([Para([(text, bold)])] if text else [], fill=fill, **kw)


@dataclass
class Table:
    header: list[list[Cell | None]]  # None: covered by a span
    body: list[list[Cell | None]]
    widths: list[float]  # relative
    kind: str = "plan"  # "plan" | "key" | "stats"
    orphan: bool = False  # header printed alone at the foot of a page, the body on the next


@dataclass
class Block:
    kind: str  # "title" | "heading" | "para" | "table" | "pagebreak"
    text: str = ""
    table: Table | None = None


@dataclass
class Doc:
    name: str
    title: str
    blocks: list[Block]
    landscape: bool
    font: str  # "sans" | "serif"
    size: float
    rules: str  # "grid" | "horizontal" | "none" | "zebra"
    header_mode: str  # "repeated" | "first_page" | "orphaned"
    header_fill: str | None
    band_fill: str
    repeat_header: bool = field(default=True)

    def tables(self):
        return [b.table for b in self.blocks if b.kind == "table"]


def _needs(t: Table, size: float) -> list[float]:
    """Per column, the width its longest word needs at ``size`` (bullets add their indent)."""
    need = [0.0] * len(t.widths)
    for row in t.header + t.body:
        for i, c in enumerate(row):
            if c is None or c.colspan != 1:
                continue
            for p in c.paras:
                bold = any(b for _, b in p.runs)
                longest = max((len(w) for w in p.text.split()), default=0)
                need[i] = max(need[i], longest * size * (0.66 if bold else 0.6) + 14 + (20 if p.bullet else 0))
    return need


def fit_widths(t: Table, avail: float, size: float) -> list[float]:
    """Column widths in points filling ``avail``: each wide enough for its longest word (so no
    producer breaks a word inside a cell), the rest shared by the relative widths."""
    need = _needs(t, size)
    rest = avail - sum(need)
    if rest <= 0:
        return [avail * n / sum(need) for n in need]
    total = sum(t.widths)
    return [n + rest * w / total for n, w in zip(need, t.widths)]


def page_width(landscape: bool) -> float:
    """Points between 15 mm margins on A4, less a little for the producers' own borders."""
    return ((297 if landscape else 210) - 30) * 72 / 25.4 - 12


def fitting_size(tables: list[Table], landscape: bool, size: float) -> float:
    """``size``, or the largest smaller one (down to 6 pt) at which every table's words fit."""
    while size > 6 and any(sum(_needs(t, size)) > page_width(landscape) for t in tables):
        size -= 0.5
    return size


WIDTH = {"ref": 0.7, "objective": 2.2, "title": 3.0, "lead": 1.3, "timeframe": 1.1, "measures": 2.0,
         "update": 3.0, "status": 0.9}


def _header(spec: LayoutSpec) -> tuple[list[list[Cell | None]], list[float]]:
    bold, fill = True, spec.style["header_fill"]
    tf, two = spec.dims["timeframe"], spec.dims["grid_header"] in ("two_row", "group")
    top: list[Cell | None] = []
    low: list[Cell | None] = []
    widths: list[float] = []
    for role, head in spec.columns:
        if role != "grid":
            top.append(cell(head, bold, fill, rowspan=2 if two else 1))
            low.append(None)
            widths.append(WIDTH.get(role, 1.5))
            continue
        if tf == "month_grid" and spec.dims["grid_header"] == "group":
            n = len(spec.grid_months)
            top += [cell(head, bold, fill, colspan=n)] + [None] * (n - 1)
            low += [cell(f"{D.MONTH_ABBR[int(m[5:]) - 1]}-{m[2:4]}", bold, fill) for m in spec.grid_months]
            widths += [0.1] * n
        elif tf == "month_grid" and two:
            years = sorted({m[:4] for m in spec.grid_months})
            for y in years:
                n = sum(m[:4] == y for m in spec.grid_months)
                top += [cell(y, bold, fill, colspan=n)] + [None] * (n - 1)
            low += [cell(D.MONTH_ABBR[int(m[5:]) - 1], bold, fill) for m in spec.grid_months]
            widths += [0.1] * len(spec.grid_months)
        elif tf == "month_grid":
            top += [cell(f"{D.MONTH_ABBR[int(m[5:]) - 1]}-{m[2:4]}", bold, fill) for m in spec.grid_months]
            widths += [0.1] * len(spec.grid_months)
        else:
            for fy in spec.grid_fys:
                top += [cell(D.fy_label(fy), bold, fill, colspan=4)] + [None] * 3
                low += [cell(f"Q{q}", bold, fill) for q in (1, 2, 3, 4)]
            widths += [0.15] * (4 * len(spec.grid_fys))
    return ([top, low] if two else [top]), widths


def _rag_cell(spec: LayoutSpec, a: ActionSpec) -> Cell:
    fills = spec.style["rag_fills"]
    mode = spec.dims["status"]
    if mode == "column":
        return cell(a.status_raw or "")
    if mode == "word_colour":
        return cell(a.status_raw or "", fill=fills[a.rag])
    if mode == "colour":
        return cell("", fill=fills[a.rag])
    letter_fill = fills[a.rag] if spec.seed % 2 else None  # letters on their colour, or plain
    return cell(RAG_LETTER[a.rag], True, letter_fill)


def _title_cell(spec: LayoutSpec, a: ActionSpec) -> Cell:
    text = f"{a.ref_raw} {a.title}" if spec.dims["ref"] == "in_text" else a.title
    if not a.steps:
        return cell(text)
    return Cell([Para([(text, True)])] + [Para([(s, False)], bullet=True) for s in a.steps])


def _update_cell(a: ActionSpec) -> Cell:
    if not a.update_text:
        return cell("")
    if a.phrase:
        return Cell([Para([(a.phrase.rstrip(), True), (a.update_text[len(a.phrase.rstrip()):], False)])])
    return cell(a.update_text)


def _grid_cells(spec: LayoutSpec, a: ActionSpec) -> list[Cell | None]:
    """The grid's cells of an action's row: each active month/quarter filled, or (``grid_mark``
    ``bar``) one merged cell drawn over them, as a Gantt bar is."""
    if spec.dims["timeframe"] == "month_grid":
        slots, marked = spec.grid_months, set(a.active_months)
    else:
        slots = [(fy, q) for fy in spec.grid_fys for q in (1, 2, 3, 4)]
        marked = set(a.quarters)
    mark = spec.style["mark_fill"]
    if spec.dims.get("grid_mark") != "bar":
        return [cell("", fill=mark if s in marked else None) for s in slots]
    first = min(i for i, s in enumerate(slots) if s in marked)
    n = sum(s in marked for s in slots)
    return ([cell("") for _ in range(first)] + [cell("", fill=mark, colspan=n)] + [None] * (n - 1)
            + [cell("") for _ in range(len(slots) - first - n)])


def action_row(spec: LayoutSpec, a: ActionSpec, obj_cell: Cell | None, first_of_obj: bool) -> list[Cell | None]:
    row: list[Cell | None] = []
    for role, head in spec.columns:
        if role == "ref":
            row.append(cell(a.ref_raw or ""))
        elif role == "objective":
            row.append(obj_cell if first_of_obj else None)
        elif role == "title":
            row.append(_title_cell(spec, a))
        elif role == "lead":
            row.append(cell(a.lead_raw or ""))
        elif role == "timeframe":
            row.append(cell(a.timeframe_raw or ""))
        elif role == "measures":
            row.append(cell(a.measures or ""))
        elif role == "update":
            row.append(_update_cell(a))
        elif role == "status":
            row.append(_rag_cell(spec, a))
        elif role == "grid":
            row += _grid_cells(spec, a)
        else:
            row.append(cell(a.other_columns[head]))
    return row


def section_heading(spec: LayoutSpec, ref: str, title: str) -> str:
    style = spec.style["section_style"]
    if style == "priority":
        return f"Priority {ref}: {title}"
    return f"{ref}. {title}" if style == "numbered" else f"{ref} {title}"


def _plan_tables(spec: LayoutSpec, blocks: list[Block]) -> None:
    header, widths = _header(spec)
    ncols = len(widths)
    obj_mode = spec.dims["objective"]
    one_table = spec.producer == "xlsx"  # a sheet is one table: headings become full-width rows

    def new_table() -> Table:
        t = Table(header=header, body=[], widths=widths)
        blocks.append(Block("table", table=t))
        return t

    def full_row(text: str) -> list[Cell | None]:
        return [cell(text, True, "#F2F2F2" if spec.dims["rules"] != "zebra" else None, colspan=ncols)] + [None] * (
            ncols - 1)

    table = new_table() if one_table else None
    for s in spec.sections:
        heading = section_heading(spec, s.ref, s.title)
        if one_table:
            table.body.append(full_row(heading))
        else:
            blocks.append(Block("heading", heading))
            if obj_mode != "heading":
                table = new_table()
        for o in s.objectives:
            if obj_mode == "heading":
                blocks.append(Block("para", f"Objective {o.ref}: {o.text}"))
                table = new_table()
            elif obj_mode == "row":
                table.body.append(full_row(f"Objective {o.ref}: {o.text}"))
            obj_cell = cell(f"{o.ref} {o.text}", rowspan=len(o.actions)) if obj_mode == "merged_column" else None
            for i, a in enumerate(o.actions):
                table.body.append(action_row(spec, a, obj_cell, i == 0))
    if spec.dims["header"] == "orphaned":
        next(b.table for b in blocks if b.kind == "table").orphan = True


def _key_table(spec: LayoutSpec) -> Table:
    h1, h2 = spec.key_header
    return Table(header=[[cell(h1, True, spec.style["header_fill"]), cell(h2, True, spec.style["header_fill"])]],
                 body=[[cell(w, True, f), cell(m)] for w, m, f in spec.key_rows], widths=[1.0, 4.0], kind="key")


def compose(spec: LayoutSpec) -> Doc:
    """The document a producer prints for ``spec``."""
    blocks = [Block("title", spec.organisation), Block("heading", spec.title)]
    blocks += [Block("para", p) for p in spec.intro]
    if spec.not_a_plan:
        for caption, head, rows in spec.stats:
            blocks.append(Block("para", caption))
            blocks.append(Block("table", table=Table(header=[[cell(h, True) for h in head]],
                                                     body=[[cell(v) for v in r] for r in rows],
                                                     widths=[2.0] + [1.0] * (len(head) - 1), kind="stats")))
        blocks.append(Block("para", "Source: council records."))
    else:
        if spec.dims["key"] == "before":
            blocks += [Block("para", "Key to the status column"), Block("table", table=_key_table(spec))]
        _plan_tables(spec, blocks)
        if spec.dims["key"] == "after":
            blocks += [Block("para", "Key to the status column"), Block("table", table=_key_table(spec))]
    landscape = spec.dims["orientation"] == "landscape"
    size = fitting_size([b.table for b in blocks if b.kind == "table"], landscape, spec.style["size"])
    return Doc(name=spec.name, title=spec.title, blocks=blocks, landscape=landscape, font=spec.dims["font"],
               size=size, rules=spec.dims["rules"], header_mode=spec.dims["header"],
               header_fill=spec.style["header_fill"], band_fill=spec.style["band_fill"],
               repeat_header=spec.dims["header"] == "repeated")
