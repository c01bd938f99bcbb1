"""Ground truth of a drawn layout, in the samples' ``FILE.expected.json`` shape.

Written from the :class:`~plantables.samples.layouts.spec.LayoutSpec`, never
from a rendering. Beyond the samples' fields each action carries
``other_columns`` (header as printed → text of the columns no field takes),
``status_source`` (column, phrase, prose, colour, letter) and ``cells`` (every
non-empty cell of its row as printed, header → text, lines joined by ``\\n``
without bullet glyphs) so a scorer can tell whether any cell's text was lost.
A document that is not a plan has ``"not_a_plan": true`` and no actions.
"""

from __future__ import annotations

import json
from pathlib import Path

from plantables.samples.layouts.compose import action_row
from plantables.samples.layouts.spec import LayoutSpec

#: file format → the producer chain that made it
PRODUCER_CHAIN = {
    ("docx", "pdf"): "python-docx → LibreOffice Writer", ("docx", "docx"): "python-docx",
    ("xlsx", "pdf"): "openpyxl → LibreOffice Calc", ("xlsx", "xlsx"): "openpyxl",
    ("html", "pdf"): "HTML → Chromium", ("html", "html"): "HTML",
    ("reportlab", "pdf"): "reportlab",
}


def _cells(spec: LayoutSpec, a) -> dict[str, str]:
    """Header → text of every non-empty cell of the action's own row (grids and blank cells left out)."""
    row = action_row(spec, a, None, False)
    out: dict[str, str] = {}
    i = 0
    for role, head in spec.columns:
        if role == "grid":
            i += len(spec.grid_months) if spec.dims["timeframe"] == "month_grid" else 4 * len(spec.grid_fys)
            continue
        c = row[i]
        i += 1
        if c is not None and c.paras:
            out[head] = "\n".join(p.text for p in c.paras)
    return out


def action_truth(spec: LayoutSpec, s, o, a) -> dict:
    return {
        "action_ref": a.ref, "action_ref_raw": a.ref_raw, "title": a.title, "action_steps": list(a.steps),
        "lead_raw": a.lead_raw, "leads": list(a.leads), "timeframe_raw": a.timeframe_raw,
        "start_month": a.start_month, "due_month": a.due_month, "active_months": list(a.active_months),
        "measures": a.measures, "targets": [], "status_raw": a.status_raw, "status": a.status,
        "status_source": a.status_source, "update_text": a.update_text, "rag": a.rag, "risk_refs": [],
        "section_ref": s.ref, "section_title": s.title, "objective_ref": o.ref, "objective_text": o.text,
        "theme": None, "other_columns": dict(a.other_columns), "cells": _cells(spec, a),
    }


def layout_truth(spec: LayoutSpec, file_name: str, fmt: str, pages: int | None) -> dict:
    return {
        "file": file_name,
        "format": fmt,
        "family": "layouts",
        "seed": spec.seed,
        "producer": PRODUCER_CHAIN[(spec.producer, fmt)],
        "dimensions": dict(spec.dims),
        "organisation": spec.organisation,
        "title": spec.title,
        "pages": pages,
        "not_a_plan": spec.not_a_plan,
        "columns": [head for _, head in spec.columns],
        "lost_fields": [],
        "actions": [action_truth(spec, s, o, a) for s, o, a in spec.actions()],
    }


def truth_text(spec: LayoutSpec, file_name: str, fmt: str, pages: int | None) -> str:
    """The truth as JSON text: one line per action (the corpus holds hundreds of these files)."""
    data = layout_truth(spec, file_name, fmt, pages)
    head = json.dumps({k: v for k, v in data.items() if k != "actions"}, indent=1, ensure_ascii=False)
    actions = ",\n  ".join(json.dumps(a, ensure_ascii=False) for a in data["actions"])
    return head[:-2] + (f',\n "actions": [\n  {actions}\n ]\n}}\n' if actions else ',\n "actions": []\n}\n')


def write_truth(spec: LayoutSpec, path: Path, pages: int | None) -> Path:
    fmt = path.suffix.lstrip(".")
    out = path.with_name(path.name + ".expected.json")
    out.write_text(truth_text(spec, path.name, fmt, pages), encoding="utf-8")
    return out
