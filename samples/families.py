"""Spec -> page flow (paragraphs and tables) for the three layout families."""

from __future__ import annotations

import random

from reportlab.lib.pagesizes import A4, landscape

from plantables.samples.layout import Cell, Para, RowSpec, TableSpec
from plantables.samples.spec import MONTH_ABBR, PlanSpec

HEADER_A = ["NOS", "What?", "Who?", "How?", "When?", "Success measures", "Current Status",
            "Outcome – (report for Q1, Q2, Q3, Q4)"]
WIDTHS_A = [32, 120, 80, 170, 70, 120, 68, 110]

HEADER_C = ["Ref", "Action", "Owner", "Deadline", "Progress", "RAG status"]
WIDTHS_C = [34, 150, 80, 62, 147, 50]


def page_size(spec: PlanSpec) -> tuple[float, float]:
    return A4 if spec.family == "C" else landscape(A4)


def blocks_for(spec: PlanSpec) -> list:
    return {"A": _blocks_a, "B": _blocks_b, "C": _blocks_c}[spec.family](spec)


def _blocks_a(spec: PlanSpec) -> list:
    rng = random.Random(f"layout-a:{spec.seed}")
    n = len(HEADER_A)
    rows: list[RowSpec] = []
    for s in spec.sections:
        rows.append(RowSpec([Cell(s.ref or "", 0, bold=True, fill="#DEEAF6"),
                             Cell(s.title, 1, col_span=n - 1, bold=True, fill="#DEEAF6")],
                            kind="heading", split_words=rng.random() < 0.6))
        for o in s.objectives:
            rows.append(RowSpec([Cell(o.ref_raw or "", 0, bold=True),
                                 Cell(o.text, 1, col_span=n - 1, bold=True)],
                                kind="heading", split_words=rng.random() < 0.4))
            for a in o.actions:
                k = len(a.steps)
                valign = "middle" if rng.random() < 0.35 else "top"
                for i, step in enumerate(a.steps):
                    how = ("• " if spec.bullets else "") + step.how
                    cells = [Cell(how, 3), Cell(step.when, 4), Cell(step.measure, 5)]
                    if i == 0:
                        cells = [Cell(a.ref_raw, 0, row_span=k, valign=valign),
                                 Cell(a.title, 1, row_span=k, valign=valign),
                                 Cell(a.lead_raw, 2, row_span=k, valign=valign),
                                 *cells,
                                 Cell(a.status_raw or "", 6, row_span=k),
                                 Cell(a.update_text or "", 7, row_span=k)]
                    rows.append(RowSpec(sorted(cells, key=lambda c: c.col)))
    header = [RowSpec([Cell(h, i, bold=True) for i, h in enumerate(HEADER_A)])]
    return [TableSpec(WIDTHS_A, header, rows)]


def _blocks_b(spec: PlanSpec) -> list:
    months = spec.months
    nm = len(months)
    labels = [f"{m[2:4]}-{MONTH_ABBR[int(m[5:]) - 1]}" for m in months]
    widths = [52, 104, 124, 50] + [30] * nm + [100, 106, 24]
    widths[4 + nm + 1] += 770 - sum(widths)  # keep the table as wide as the page allows
    ncol = len(widths)
    blocks: list = []
    for p_i, s in enumerate(spec.sections):
        head = f"PRIORITY {s.objectives[0].ref_raw.split('.')[0]} – {s.title};"
        blocks.append(Para(s.intro or "", bold_prefix=head, markup="**", kind="priority"))
        blocks.append(Para("Children and families will see the difference in the help they receive.",
                           bold_prefix="To be good;", markup="**" if p_i % 2 else None))
        update_label = ("SEPT Monthly HoS update" if p_i == 0 else "Monthly HoS update")
        h0 = [Cell("Risk register reference", 0, row_span=2, bold=True),
              Cell("Desired Outcome", 1, row_span=2, bold=True),
              Cell("Actions", 2, row_span=2, bold=True),
              Cell("Lead", 3, row_span=2, bold=True),
              Cell("Timeframe", 4, col_span=nm, bold=True),
              Cell("How will we measure the difference to children and young people?", 4 + nm,
                   row_span=2, bold=True),
              Cell(update_label, 5 + nm, row_span=2, bold=True),
              Cell("RAG", 6 + nm, row_span=2, bold=True)]
        h1 = [Cell(lab, 4 + i, bold=True) for i, lab in enumerate(labels)]
        rows: list[RowSpec] = []
        for o in s.objectives:
            if o.theme:
                rows.append(RowSpec([Cell(o.theme, 0, col_span=ncol, bold=True, markup="<b>")],
                                    kind="heading"))
            k = len(o.actions)
            for i, a in enumerate(o.actions):
                cells = []
                if i == 0:
                    cells += [Cell(" ".join(o.risk_refs), 0, row_span=k),
                              Cell(f"{o.ref_raw} {o.text}", 1, row_span=k)]
                cells += [Cell(f"{a.ref_raw} {a.title}", 2), Cell(a.lead_raw, 3)]
                for m_i, m in enumerate(months):
                    on = m in a.active_months
                    cells.append(Cell("", 4 + m_i, fill=spec.grid_fill if on else None,
                                      marker="█" if on else None))
                cells += [Cell(a.measures or "", 4 + nm), Cell(a.update_text or "", 5 + nm),
                          Cell("", 6 + nm, fill=a.rag_fill, marker="█" if a.rag_fill else None)]
                rows.append(RowSpec(cells))
        blocks.append(TableSpec(widths, [RowSpec(h0), RowSpec(h1)], rows, size=7.0))
    return blocks


def _blocks_c(spec: PlanSpec) -> list:
    blocks: list = []
    for s in spec.sections:
        blocks.append(Para("", bold_prefix=f"{s.ref}. {s.title}", size=11, markup="**", kind="section"))
        actions = [a for o in s.objectives for a in o.actions]
        rows: list[RowSpec] = []
        for i, a in enumerate(actions):
            cells = [Cell(a.ref_raw, 0), Cell(a.title, 1)]
            if i == 0 or actions[i - 1].lead_raw != a.lead_raw:
                span = 1
                while i + span < len(actions) and actions[i + span].lead_raw == a.lead_raw:
                    span += 1
                cells.append(Cell(a.lead_raw, 2, row_span=span))
            cells += [Cell(a.timeframe_raw or "", 3), Cell(a.update_text or "", 4),
                      Cell(a.rag_text or "", 5, fill=a.rag_fill)]
            rows.append(RowSpec(cells))
        header = [RowSpec([Cell(h, i, bold=True) for i, h in enumerate(HEADER_C)])]
        blocks.append(TableSpec(WIDTHS_C, header, rows, rules_only=True, header_fill="#F2F2F2", size=8.0))
    return blocks
