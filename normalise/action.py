"""One action's fields from the cells covering its rows (see :mod:`plantables.normalise.plan`).

Every non-empty cell of the action's rows is also kept as it was printed
(:class:`~plantables.normalise.records.ActionCell`: column, header, role, text), so a
column no field takes (``Probability``, ``Mitigation``) still reaches the database.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from operator import itemgetter

from plantables.extract.model import Cell, Table
from plantables.normalise import plan_fields as pf
from plantables.normalise import plan_status as ps
from plantables.normalise.grouping import Group, anchor_ref
from plantables.normalise.profile import text_kind
from plantables.normalise.records import Action, ActionCell, Objective, Section
from plantables.normalise.targets import extract_targets
from plantables.vocabulary.fields import match_field
from plantables.vocabulary.headings import classify_heading
from plantables.vocabulary.refs import ref_depth, ref_parent, split_labelled_ref, split_ref


def _cells_by_field(group: Group, cover, fields: dict[int, str]) -> dict[str | None, list[Cell]]:
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
    return {f: [c for _, _, c in (sorted(found.values(), key=_reading_order) if len(found) > 1 else found.values())]
            for f, found in seen.items()}


#: ``(start row, column, cell)`` → its reading order (the row it starts in, then its column)
_reading_order = itemgetter(0, 1)


def _texts(cells: list[Cell]) -> list[str]:
    """The cells' texts, placeholders for nothing (``-``, ``n/a``) left out: no field holds them."""
    return [c.text for c in cells if c.text.strip() and text_kind(c.text) != "empty"]


def _column_texts(cells: list[Cell], goes_on: Callable[[str, str], bool]) -> list[str]:
    """The cells' texts in reading order, a text the reader cut over two rows of the action joined
    again line by line (``goes_on(before, text)``: the field's reading of a cut, ``November 25,``
    over ``2020``)."""
    per_col: dict[int, list[str]] = {}
    for cell in cells:
        if cell.text.strip() and text_kind(cell.text) != "empty":
            per_col.setdefault(cell.col, []).append(cell.text)
    return [t for parts in per_col.values() for t in pf.rejoin_cut(parts, goes_on)]


def _names_time(table: Table, cell: Cell) -> bool:
    """Is the cell in a column whose label names a time before the progress (``Timescale / progress``)?"""
    label = table.columns[cell.col].label if cell.col < len(table.columns) else ""
    head = re.split(r"\s*(?:/|&|\band\b)\s*", label)[0]
    return head != label and match_field(head).field == "timeframe"


def build_action(table, group: Group, cover, fields, labels, anchor, title_obj, ctx, period, warnings) -> Action:
    by_field = _cells_by_field(group, cover, fields)

    def cells(name):
        return by_field.get(name, [])

    raw_ref, ref, rest = anchor_ref(group.ref_cell.text) if group.ref_cell is not None else (None, None, "")
    action_texts = _texts(cells("action"))
    objective = ctx.objective
    if title_obj:
        title = pf.joined(_texts(cells("objective")), " ", distinct=True) or ""
        steps = pf.join_steps(action_texts)
        if objective is not None and ref and ref_parent(ref) and objective.ref and ref_parent(ref) != objective.ref:
            warnings.append(f"action {ref}: its objective {ref_parent(ref)} has no heading; objective left empty")
            objective = None
    else:
        action_cells_ = [c for c in cells("action") if c.text.strip()]
        if anchor is not None and fields.get(anchor) == "action":
            # the ref is cut off the first line: the cell's lines stay its lines
            head, tail, bold = rest, action_texts[1:], pf.bold_lines(group.ref_cell)
        else:
            head, tail = (action_texts[0] if action_texts else ""), action_texts[1:]
            bold = pf.bold_lines(action_cells_[0]) if action_cells_ else None
            h_raw, h_ref, h_rest = split_labelled_ref(head)  # "1.2 Ensure …" under a ref column
            if h_raw is not None and h_rest.strip():
                head = h_rest
                if ref is None:
                    raw_ref, ref = h_raw, h_ref
        head, tail = pf.title_over_rows(head, tail)  # the title wrapped onto rows of its own
        title, steps = pf.title_and_steps(head, bold)
        steps += pf.join_steps(tail)
        obj_cells = [c for c in cells("objective") if c.text.strip()]
        if obj_cells and obj_cells[0].text.strip()[:1].islower() and objective is not None:
            pass  # the rest of the objective above, its cell cut by a page: it goes on in lower case
        elif obj_cells:
            o_raw, o_ref, o_rest = split_labelled_ref(obj_cells[0].text, bare=True)
            objective = ctx.objective = Objective(o_ref or _number_beside(obj_cells[0], cover[group.rows[0]], fields),
                                                  " ".join((o_rest if o_raw else obj_cells[0].text).split()))
        elif "objective" in fields.values() and objective is not None and objective.ref and ref:
            parent = ref_parent(ref)  # the column's last objective carries on (a page broke its cell) ...
            if parent and ref_depth(parent) == ref_depth(objective.ref) and parent != objective.ref:
                objective = None  # ... unless the action's number says it is another's
    if not title and steps:
        title = steps.pop(0)
    steps, named = pf.labelled_lines(steps, set(fields.values()))
    lead_texts = [pf.without_note_mark(t) for t in _column_texts(cells("lead"), pf.lead_goes_on) + named.get("lead", [])]
    start_texts = _column_texts(cells("start"), pf.date_goes_on) + named.get("start", [])
    time_texts = _column_texts(cells("timeframe"), pf.date_goes_on) + named.get("timeframe", [])
    # the cells starting in each row (a merged cell from above is not shaded with the row)
    background = pf.row_background([[(fields.get(col), cell) for col, (start, cell) in cover[r].items() if start == r]
                                    for r in group.rows])
    # a bar merged across several month columns (colspan, Excel merge) marks every month it spans
    grid = [(labels[col], c) for c in cells("month")
            for col in range(c.col, c.col + max(1, c.col_span)) if fields.get(col) == "month" and col in labels]
    months = pf.active_months(grid, period=period, background=background)
    start, due = pf.timeframe_of(time_texts, months, period=period, start_texts=start_texts)
    measures = pf.joined(_texts(cells("measures")) + named.get("measures", []), "\n")
    status_texts, progress = _texts(cells("status")) + named.get("status", []), []  # type: list[str], list[str]
    if "update" not in fields.values():  # a lone "Progress" column: an update that opens with its status
        status_texts, progress = ps.split_progress(status_texts)
    update_texts = _texts(cells("update"))
    if not time_texts and not start_texts and any(_names_time(table, c) for c in cells("update")):
        split = [pf.time_then_text(t) or ("", t) for t in update_texts]  # 'Timescale / progress'
        time_texts, update_texts = [w for w, _ in split if w], [t for _, t in split if t]
        start, due = pf.timeframe_of(time_texts, months, period=period, start_texts=[])
    update = pf.joined(update_texts + named.get("update", []) + progress + group.notes, "\n")
    # a type colour the row's other cells share (a table printed in navy throughout) rates nothing
    plain = {c.colour for f, found in by_field.items() if f not in ("rag", "status") for c in found
             if c.colour and c.text.strip()}
    rag = ps.rag_of(cells("rag"), cells("status"), background, plain)
    update_cells = [c for c in cells("update") if c.text.strip()]
    status, status_source = ps.status_and_source(status_texts, update,
                                                 pf.bold_head(update_cells[0]) if update_cells else None)
    pages = [table.rows[r].page for r in group.rows if table.rows[r].page is not None]
    return Action(
        ref=ref,
        ref_raw=raw_ref,
        title=pf.without_note_mark(" ".join(title.split())),
        steps=steps,
        lead_raw=pf.joined(lead_texts, "; ", distinct=True),
        leads=pf.leads_of(lead_texts),
        timeframe_raw=pf.joined(start_texts + time_texts, "; "),
        start_month=start,
        due_month=due,
        active_months=months,
        measures=measures,
        targets=extract_targets(measures) if measures else [],
        status=status,
        status_source=status_source,
        update_text=update,
        rag=rag,
        risk_refs=(pf.risk_refs_of(_texts(cells("risk_ref"))) if cells("risk_ref")
                   else pf.risk_codes_in([c.text for f, cs in by_field.items() for c in cs if f != "ref"])),
        page_first=min(pages) if pages else None,
        page_last=max(pages) if pages else None,
        ocr_confidence=ocr_confidence([c for found in by_field.values() for c in found]),
        section=_section_of(cells("section")) or (replace(ctx.section) if ctx.section else None),
        objective=replace(objective) if objective else None,
        theme=ctx.theme,
        cells=action_cells(table, by_field, fields) + [  # a note across the table: after every column
            ActionCell(len(table.columns) + k, "", "update", note) for k, note in enumerate(group.notes)],
    )


def _number_beside(cell: Cell, row_cover: dict[int, tuple[int, Cell]], fields: dict[int, str]) -> str | None:
    """The ref of an objective printed in a column of its own just left of it (``Rec | Recommendation``),
    merged over the same rows and no other field's: a number alone, the objective's own number."""
    left = row_cover.get(cell.col - 1)
    if left is None or fields.get(cell.col - 1) is not None or left[1].row_span != cell.row_span:
        return None
    raw, ref, rest = split_ref(left[1].text)
    return ref if raw is not None and not rest.strip() else None


def _section_of(cells: list[Cell]) -> Section | None:
    """The section a 'Priority'/'Theme' column names for the action ('1. Safe homes' merged over its
    actions' rows); None when the column is empty there."""
    text = next((" ".join(c.text.split()) for c in cells if c.text.strip()), None)
    if text is None:
        return None
    info = classify_heading(text)
    return Section(info.ref, info.title, "priority" if info.kind == "priority" else "section")


def ocr_confidence(cells: list[Cell]) -> float | None:
    """Mean OCR confidence over the action's cells with text read from a scan (None: none were)."""
    confs = [c.confidence for c in cells if c.confidence is not None and c.text.strip()]
    return round(sum(confs) / len(confs), 4) if confs else None


def action_cells(table: Table, by_field: dict[str | None, list[Cell]], fields: dict[int, str]) -> list[ActionCell]:
    """The action's non-empty cells in reading order, one per column (a column's cells joined by
    a line break), with the column's header as printed and its role."""
    per_col: dict[int, list[str]] = {}
    for cells in by_field.values():
        for c in cells:
            text = c.text.strip()
            if text:
                per_col.setdefault(c.col, []).append(text)
    labels = {c.index: c.label for c in table.columns}
    return [
        ActionCell(col, labels.get(col, ""), fields.get(col), "\n".join(texts))
        for col, texts in sorted(per_col.items())
    ]
