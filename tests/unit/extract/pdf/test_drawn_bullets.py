"""List bullets a browser draws as discs (no glyph) come back as ``•`` chars (extract/pdf/bullets.py).

layout_0193 is Chromium's print of an HTML plan: each action cell is a title over an ``<ul>``
of steps, the discs drawn as paths. Read from the PDF, the steps must come back as steps.
"""

from __future__ import annotations

import json
from pathlib import Path

from plantables.extract.pdf.engine import extract_tables
from plantables.extract.sniff import read_document
from plantables.normalise.plan import normalise_document

LAYOUTS = Path(__file__).resolve().parents[3] / "fixtures" / "layouts"


def _truth(name: str) -> dict:
    return json.loads((LAYOUTS / f"{name}.expected.json").read_text(encoding="utf-8"))


def test_each_drawn_disc_starts_one_step_line_and_nothing_else_gets_one():
    truth = {a["action_ref"]: a for a in _truth("layout_0193.pdf")["actions"]}
    seen = 0
    for table in extract_tables(LAYOUTS / "layout_0193.pdf", pages=[1]):
        for row in table.rows:
            ref = row.text(0).strip()
            if ref not in truth:
                assert "\u2022" not in " ".join(c.text for c in row.cells)
                continue
            title, *steps = row.text(1).split("\u2022")
            assert " ".join(title.split()) == truth[ref]["title"]
            assert [" ".join(s.split()) for s in steps] == truth[ref]["action_steps"]
            assert all("\u2022" not in c.text for c in row.cells if c.col != 1)
            seen += 1
    assert seen >= 4


def test_the_plan_reads_titles_and_steps_apart():
    plan = normalise_document(read_document(LAYOUTS / "layout_0193.pdf"))
    got = {a.ref: (a.title, a.steps) for a in plan.actions}
    want = {a["action_ref"]: (a["title"], a["action_steps"]) for a in _truth("layout_0193.pdf")["actions"]}
    assert got == want
