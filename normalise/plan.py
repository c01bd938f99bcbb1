"""Intermediate tables → plan records: ``normalise_document(Document) -> PlanDocument``.

Walks the blocks in order keeping the context (section or priority,
objective, theme) from headings and full-width rows, maps each table's columns
to fields by their wording, and groups rows into actions:

* the *anchor* column numbers the actions: the ref column (``NOS``, ``Ref``),
  else an action column whose cells start with refs (``I.1.1 Elected …``);
* a row whose anchor cell holds a ref starts an action; the rows its merged
  cells span, and rows after it without a ref, belong to it;
* the title comes from the column that is merged per action: when the
  objective-worded column (``What?``) is merged exactly over each ref's rows,
  it is the action's title and the action column (``How?``) gives its steps;
  otherwise the action column is the title and the objective column (merged
  over several actions, ``2.1 There is …``) is the action's objective.

Merged cells apply to every action they span (a risk cell over three actions
gives all three its refs).
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field, replace

from plantables.extract.model import Cell, Document, Heading, Table
from plantables.normalise import plan_fields as pf
from plantables.normalise.dates import period_label_months
from plantables.normalise.edition_date import edition_date
from plantables.vocabulary.fields import looks_like_period_label, map_columns
from plantables.vocabulary.headings import HeadingInfo, caps_share, classify_heading
from plantables.normalise.records import Action, Objective, PlanDocument, Section
from plantables.vocabulary.refs import ref_parent, split_ref
from plantables.normalise.targets import extract_targets


@dataclass
class Context:
    """Where the walk is: the current section/priority, objective and theme."""

    section: Section | None = None
    objective: Objective | None = None
    theme: str | None = None

    def apply(self, info: HeadingInfo, *, in_table: bool) -> None:
        kind = info.kind
        if self.objective is not None and info.ref and info.ref == self.objective.ref and caps_share(info.title) < 0.8:
            kind = "objective"  # the objective's label printed again over the rest of its text
        unnumbered = self.section is not None and self.section.kind == "section" and self.section.ref is None
        if kind == "theme" and (self.section is None or unnumbered or (self.section.kind != "priority" and not in_table)):
            kind = "section"  # capitals with no numbered section above them head a section
        if kind == "objective" and in_table and self._next_section(info):
            kind = "section"
        if kind in ("priority", "section"):
            self.section = Section(info.ref, info.title, kind)
            self.objective, self.theme = None, None
        elif kind == "theme":
            self.theme = info.title
        elif kind == "objective":
            if self.objective is not None and info.ref and self.objective.ref == info.ref:
                self.objective = Objective(info.ref, f"{self.objective.text} {info.title}")  # label repeated
            else:
                self.objective = Objective(info.ref, info.title)

    def _next_section(self, info: HeadingInfo) -> bool:
        """A one-level number after a one-level numbered section written the same way (not in
        capitals, as the objectives under a 'N SECTION IN CAPITALS' are not), no objective between
        them: '2. Healthy communities' as a row inside the table of section 1 is the next section."""
        sec, ref = self.section, info.ref
        return (self.objective is None and sec is not None and sec.kind == "section" and bool(ref) and bool(sec.ref)
                and ref.isdigit() and sec.ref.isdigit() and int(ref) > int(sec.ref)
                and caps_share(sec.title) < 0.8 and caps_share(info.title) < 0.8)


@dataclass
class _Group:
    """The rows of one action."""

    rows: list[int]
    ref_cell: Cell | None = None
    warnings: list[str] = field(default_factory=list)


def normalise_document(doc: Document, *, organisation: str | None = None) -> PlanDocument:
    """Turn a reader's :class:`Document` into a :class:`PlanDocument` (see the module notes)."""
    period = grid_period(doc)
    actions, warnings = _walk(doc, period)
    if period is None:
        # dates written without a year ("1/2/7/9 March") are placed by the dates that have one
        first = action_period(actions)
        if first[0] and first[1]:
            period = (first[0], first[1])
            actions, warnings = _walk(doc, period)
    start, end = period if period else (None, None)
    return PlanDocument(
        path=doc.path,
        format=doc.format,
        organisation=organisation or doc.organisation,
        title=doc.title,
        pages=doc.pages,
        period_start=start,
        period_end=end,
        edition_date=edition_date(doc),
        actions=actions,
        warnings=warnings,
    )


def _walk(doc: Document, period) -> tuple[list[Action], list[str]]:
    ctx = Context()
    actions: list[Action] = []
    warnings = list(doc.warnings)
    for block in doc.blocks:
        if isinstance(block, Heading):
            if block.kind not in ("title", "text", "sheet"):
                ctx.apply(classify_heading(block.text), in_table=False)
            continue
        actions.extend(table_actions(block, ctx, period, warnings))
    return actions, warnings


def column_fields(table: Table) -> dict[int, str]:
    """Column index → field; grid columns (``23-Sep`` under ``Timeframe``) are ``"month"``."""
    mapped = map_columns([c.label for c in table.columns])
    out = {table.columns[i].index: f for i, f in mapped.items()}
    for c in table.columns:
        if c.group and looks_like_period_label(c.label):
            out[c.index] = "month"
    return out


def grid_label(column) -> str:
    """A grid column's label with the year its group gives: 'Q1' under '2025/26' is 'Q1 2025/26'."""
    if column.group and looks_like_period_label(column.group) and not re.search(r"\d\d", column.label):
        return f"{column.label} {column.group}"
    return column.label


def grid_period(doc: Document) -> tuple[str, str] | None:
    """First and last month of the documents' timeframe grids, if any."""
    months: list[str] = []
    for t in doc.tables:
        fields = column_fields(t)  # once per table, not per column
        months += [m for c in t.columns if fields.get(c.index) == "month" for m in period_label_months(grid_label(c))]
    return (min(months), max(months)) if months else None


def action_period(actions: list[Action]) -> tuple[str | None, str | None]:
    months = [m for a in actions for m in (a.start_month, a.due_month, *a.active_months) if m]
    return (min(months), max(months)) if months else (None, None)


def coverage(table: Table) -> list[dict[int, tuple[int, Cell]]]:
    """Per row: column → ``(row where the cell starts, cell)`` for every cell covering it."""
    rows = table.rows
    cover: list[dict[int, tuple[int, Cell]]] = [{} for _ in rows]
    for i, row in enumerate(rows):
        if row.kind != "data":
            continue
        for cell in row.cells:
            entry = (i, cell)
            cols = range(cell.col, cell.col + (cell.col_span if cell.col_span > 1 else 1))
            for r in range(i, min(len(rows), i + (cell.row_span if cell.row_span > 1 else 1))):
                if r > i and rows[r].kind != "data":
                    break
                covered = cover[r]
                for c in cols:
                    if c not in covered:  # the first cell to cover a slot keeps it
                        covered[c] = entry
    return cover


def _starts_with_ref(cell: Cell | None) -> bool:
    return cell is not None and split_ref(cell.text)[0] is not None


def find_anchor(table: Table, fields: dict[int, str]) -> int | None:
    """The ref column if it holds refs, else an action column whose cells mostly start with refs."""
    cols = {f: c for c, f in sorted(fields.items(), reverse=True)}
    starting = [c for r in table.rows if r.kind == "data" for c in r.cells]
    ref_col = cols.get("ref")
    if ref_col is not None and any(c.col == ref_col and _starts_with_ref(c) for c in starting):
        return ref_col
    act = cols.get("action")
    if act is not None:
        cells = [c for c in starting if c.col == act and c.text.strip()]
        if cells and sum(_starts_with_ref(c) for c in cells) >= len(cells) / 2:
            return act
    return None


def header_labels(table: Table) -> set[str]:
    """The table's column labels and groups, as :func:`repeats_header` compares them."""
    return {" ".join(x.split()).lower() for c in table.columns for x in (c.label, c.group) if x}


def repeats_header(row, table: Table, labels: set[str] | None = None) -> bool:
    """A data row that restates the column labels (the header repeated after a section row
    mid-page): most of its texts are labels of the table's columns (``labels``: :func:`header_labels`)."""
    labels = header_labels(table) if labels is None else labels
    texts = [" ".join(c.text.split()).lower() for c in row.cells if c.text.strip()]
    hits = sum(t in labels for t in texts)
    return hits >= 2 and hits >= 0.6 * len(texts)


def group_rows(table: Table, anchor: int | None, ctx: Context) -> list[_Group | HeadingInfo]:
    """Action groups in order, interleaved with the headings met inside the table."""
    out: list[_Group | HeadingInfo] = []
    current: _Group | None = None
    labels = header_labels(table)
    for i, row in enumerate(table.rows):
        if row.kind == "heading":
            text = " ".join(c.text for c in row.cells if c.text).strip()
            if text:
                out.append(classify_heading(text, in_table=True))
            current = None
            continue
        if row.kind != "data" or not row.cells or repeats_header(row, table, labels):
            continue
        cell = row.cell(anchor) if anchor is not None else None
        if anchor is None or _starts_with_ref(cell):
            current = _Group([i], cell)
            out.append(current)
        elif current is not None:
            current.rows.append(i)
    return out


def title_is_objective_column(groups: list[_Group], cover, fields: dict[int, str], anchor: int | None) -> bool:
    """Is the objective-worded column merged exactly over each action's rows (Torbay's ``What?``)?"""
    obj = next((c for c, f in fields.items() if f == "objective"), None)
    if obj is None or anchor is None or fields.get(anchor) != "ref":
        return False
    with_obj = same = 0
    for g in groups:
        hit = cover[g.rows[0]].get(obj)
        if hit is None:
            continue
        with_obj += 1
        start, cell = hit
        if start == g.rows[0] and g.ref_cell is not None and cell.row_span == g.ref_cell.row_span:
            same += 1
    return with_obj > 0 and same >= 0.6 * with_obj


def table_actions(table: Table, ctx: Context, period, warnings: list[str]) -> list[Action]:
    fields = column_fields(table)
    cover = coverage(table)
    anchor = find_anchor(table, fields)
    items = group_rows(table, anchor, ctx)
    groups = [g for g in items if isinstance(g, _Group)]
    title_obj = title_is_objective_column(groups, cover, fields, anchor)
    labels = {c.index: grid_label(c) for c in table.columns}
    actions = []
    for item in items:
        if isinstance(item, HeadingInfo):
            if item.kind != "text":
                ctx.apply(item, in_table=True)
            continue
        actions.append(build_action(table, item, cover, fields, labels, anchor, title_obj, ctx, period, warnings))
    return actions


def _cells_by_field(group: _Group, cover, fields: dict[int, str]) -> dict[str | None, list[Cell]]:
    """Field → distinct cells of that field covering the group's rows, in reading order
    (every field in one pass over the group's cells)."""
    seen: dict[str | None, dict[int, tuple[int, int, Cell]]] = {}
    for r in group.rows:
        for col, (start, cell) in cover[r].items():
            field_name = fields.get(col)
            per_field = seen.get(field_name)
            if per_field is None:
                per_field = seen[field_name] = {}
            if id(cell) not in per_field:
                per_field[id(cell)] = (start, col, cell)
    return {f: [c for _, _, c in sorted(found.values(), key=_reading_order)] for f, found in seen.items()}


def _reading_order(item: tuple[int, int, Cell]) -> tuple[int, int]:
    return item[0], item[1]


def _texts(cells: list[Cell]) -> list[str]:
    return [c.text for c in cells if c.text.strip()]


def build_action(table, group: _Group, cover, fields, labels, anchor, title_obj, ctx: Context, period, warnings) -> Action:
    by_field = _cells_by_field(group, cover, fields)

    def cells(name):
        return by_field.get(name, [])

    raw_ref, ref, rest = split_ref(group.ref_cell.text) if group.ref_cell is not None else (None, None, "")
    action_texts = _texts(cells("action"))
    objective = ctx.objective
    if title_obj:
        title = pf.joined(_texts(cells("objective")), " ", distinct=True) or ""
        steps = pf.join_steps(action_texts)
        if objective is not None and ref and ref_parent(ref) and objective.ref and ref_parent(ref) != objective.ref:
            warnings.append(f"action {ref}: its objective {ref_parent(ref)} has no heading; objective left empty")
            objective = None
    else:
        if anchor is not None and fields.get(anchor) == "action":
            head, tail = rest, action_texts[1:]
        else:
            head, tail = (action_texts[0] if action_texts else ""), action_texts[1:]
        title, steps = head, pf.join_steps(tail)
        obj_cells = cells("objective")
        if obj_cells:
            o_raw, o_ref, o_rest = split_ref(obj_cells[0].text)
            objective = Objective(o_ref, " ".join((o_rest if o_raw else obj_cells[0].text).split()))
    if not title and steps:
        title = steps.pop(0)
    lead_texts = _texts(cells("lead"))
    time_texts = _texts(cells("timeframe"))
    background = pf.row_background([[(fields.get(col), cell) for col, (_, cell) in cover[r].items()] for r in group.rows])
    grid = [(labels[c.col], c) for c in cells("month")]
    months = pf.active_months(grid, period=period, background=background)
    start, due = pf.timeframe_of(time_texts, months, period=period)
    measures = pf.joined(_texts(cells("measures")), "\n")
    status_texts, progress = _texts(cells("status")), []
    if "update" not in fields.values():  # a lone "Progress" column: an update that opens with its status
        status_texts, progress = pf.split_progress(status_texts)
    update = pf.joined(_texts(cells("update")) + progress + _texts(cells(None)), "\n")
    rag = pf.rag_of(cells("rag"), cells("status"), background)
    status, status_source = pf.status_and_source(status_texts, update, pf.status_colour(cells("status"), background))
    pages = [table.rows[r].page for r in group.rows if table.rows[r].page is not None]
    return Action(
        ref=ref,
        ref_raw=raw_ref,
        title=" ".join(title.split()),
        steps=steps,
        lead_raw=pf.joined(lead_texts, "; ", distinct=True),
        leads=pf.leads_of(lead_texts),
        timeframe_raw=pf.joined(time_texts, "; "),
        start_month=start,
        due_month=due,
        active_months=months,
        measures=measures,
        targets=extract_targets(measures) if measures else [],
        status=status,
        status_source=status_source,
        update_text=update,
        rag=rag,
        risk_refs=pf.risk_refs_of(_texts(cells("risk_ref"))),
        page_first=min(pages) if pages else None,
        page_last=max(pages) if pages else None,
        section=replace(ctx.section) if ctx.section else None,
        objective=replace(objective) if objective else None,
        theme=ctx.theme,
    )
