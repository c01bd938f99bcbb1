"""A cell the PDF reader cut over two rows of one action is read whole (normalise/action.py).

layout_0019 (zebra bands, no rules) comes back with some actions over two rows: ``November 25,``
over ``2020`` in the due-date column, ``Customer Services`` over ``Manager`` in the lead column.
Read apart, the year alone was due in December and the lead was two; read whole they are the date
and the one lead printed.
"""

from __future__ import annotations

import json
from pathlib import Path

from plantables.extract.pdf.engine import extract_tables
from plantables.extract.sniff import read_document
from plantables.normalise.plan import normalise_document

LAYOUTS = Path(__file__).resolve().parents[2] / "fixtures" / "layouts"


def test_leads_and_dates_cut_over_two_rows_are_read_whole():
    truth = json.loads((LAYOUTS / "layout_0019.pdf.expected.json").read_text(encoding="utf-8"))
    plan = normalise_document(read_document(LAYOUTS / "layout_0019.pdf"))
    got = {a.ref: (a.leads, a.due_month) for a in plan.actions}
    want = {a["action_ref"]: (a["leads"], a["due_month"]) for a in truth["actions"]}
    assert got == want
    # the reader did cut some of them (a row without an ID whose due date is only a year): the case named
    cut = [r for t in extract_tables(LAYOUTS / "layout_0019.pdf") for r in t.rows
           if r.kind == "data" and not r.text(1).strip() and r.text(4).strip().isdigit()]
    assert cut
