"""Ground truth: what a reader + normaliser should recover from a sample file.

Written from the :class:`~plantables.samples.spec.PlanSpec` that was rendered,
never from the rendering. One JSON per sample file (``FILE.expected.json``);
fields the file's format cannot carry are ``null`` / ``[]`` there (a flattened
text export loses RAG colours; ``pdftotext -layout`` also loses the shading of
a month grid), see :data:`LOST_BY_FORMAT`.
"""

from __future__ import annotations

import json
from pathlib import Path

from plantables.samples.spec import ActionSpec, ObjectiveSpec, PlanSpec, SectionSpec

ACTION_FIELDS = (
    "action_ref", "action_ref_raw", "title", "action_steps", "lead_raw", "leads", "timeframe_raw",
    "start_month", "due_month", "active_months", "measures", "targets", "status_raw", "status",
    "update_text", "rag", "risk_refs", "section_ref", "section_title", "objective_ref",
    "objective_text", "theme",
)

# (family, format) -> fields whose value the format does not carry.
LOST_BY_FORMAT: dict[tuple[str, str], tuple[str, ...]] = {
    ("B", "text"): ("rag",),  # the export writes "█" for a coloured RAG cell: colour unknown
    ("B", "layout-text"): ("rag", "active_months", "start_month", "due_month"),
}


def action_truth(plan: PlanSpec, s: SectionSpec, o: ObjectiveSpec, a: ActionSpec) -> dict:
    steps = [st.how for st in a.steps]
    return {
        "action_ref": a.ref,
        "action_ref_raw": a.ref_raw,
        "title": a.title,
        "action_steps": steps,
        "lead_raw": a.lead_raw,
        "leads": a.leads,
        "timeframe_raw": a.timeframe_raw,
        "start_month": a.start_month,
        "due_month": a.due_month,
        "active_months": a.active_months,
        "measures": a.measures,
        "targets": a.targets,
        "status_raw": a.status_raw or (a.stated[0] if a.stated else None),
        "status": a.status or (a.stated[1] if a.stated else None),
        "update_text": a.update_text,
        "rag": a.rag,
        "risk_refs": a.risk_refs,
        "section_ref": s.ref,
        "section_title": s.title,
        "objective_ref": o.ref,
        "objective_text": o.text or None,
        "theme": a.theme,
    }


def plan_truth(plan: PlanSpec, file_name: str, fmt: str, pages: int | None) -> dict:
    lost = LOST_BY_FORMAT.get((plan.family, fmt), ())
    actions = []
    for s, o, a in plan.actions():
        row = action_truth(plan, s, o, a)
        for f in lost:
            row[f] = [] if isinstance(row[f], list) else None
        actions.append(row)
    return {
        "file": file_name,
        "format": fmt,
        "family": plan.family,
        "seed": plan.seed,
        "organisation": plan.organisation,
        "title": plan.title,
        "pages": pages,
        "lost_fields": list(lost),
        "actions": actions,
    }


def write_truth(plan: PlanSpec, sample: Path, fmt: str, pages: int | None) -> Path:
    out = sample.with_name(sample.name + ".expected.json")
    data = plan_truth(plan, sample.name, fmt, pages)
    out.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return out
