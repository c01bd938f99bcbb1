"""Gantt bars drawn as one thin shape across several month columns mark every month they cross
(tests/fixtures/reportlab/gantt_bars.py draws them at a fifth of the row's height)."""

from __future__ import annotations

from pathlib import Path

from plantables.pipeline.read import read_plan

PDF = Path(__file__).resolve().parents[1] / "fixtures" / "reportlab" / "gantt_bars.pdf"


def _months(a: str, b: str) -> list[str]:
    ya, ma = map(int, a.split("-"))
    yb, mb = map(int, b.split("-"))
    return [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in range(ya * 12 + ma - 1, yb * 12 + mb)]


def test_one_shape_across_month_columns_marks_each_month():
    got = {a.title: (a.active_months, a.start_month, a.due_month) for a in read_plan(PDF).actions}
    assert got == {
        "Recruit project team": (_months("2024-04", "2024-06"), "2024-04", "2024-06"),
        "Procure case system": (_months("2024-06", "2024-11"), "2024-06", "2024-11"),
        "Train practitioners": (_months("2024-10", "2025-03"), "2024-10", "2025-03"),
    }
