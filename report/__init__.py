"""``plantables report``: one self-contained HTML file of charts, each with the table behind it.

Four charts from :mod:`plantables.report.data` — status by organisation and
plan, overdue actions by lead role type, actions by due month, and status
changes between the last two editions of each plan — drawn as inline SVG
(:mod:`plantables.report.svg`). The file needs nothing at view time: no
script, no stylesheet or font fetched. ``--format png`` writes each chart as
a PNG, rendered by headless Chromium.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections import OrderedDict
from html import escape
from pathlib import Path

from plantables.report import svg
from plantables.report.data import ReportData, Table, collect

CHARTS = ("status-by-plan", "overdue-by-role", "by-due-month", "status-changes")
STYLE = """
body { font-family: 'DejaVu Sans', Arial, sans-serif; margin: 24px; color: #222; max-width: 960px; }
h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 36px; }
table.data { border-collapse: collapse; margin: 8px 0 16px; font-size: 12px; }
table.data th, table.data td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; }
table.data td.num { text-align: right; font-variant-numeric: tabular-nums; }
details summary { cursor: pointer; color: #555; font-size: 13px; }
p.note { color: #555; font-size: 13px; }
"""


class ReportError(ValueError):
    """The report cannot be written (a folder missing, Chromium absent for PNGs); one line."""


def load(db: str | None, as_of: str | None = None) -> ReportData:
    """Read the report's numbers from ``db`` (read-only)."""
    from plantables.schema.db import existing_engine

    try:
        engine = existing_engine(db)
    except FileNotFoundError as exc:
        raise ReportError(str(exc)) from None
    try:
        with engine.connect() as conn:
            return collect(conn, as_of)
    finally:
        engine.dispose()


def _pivot(table: Table, category: int, series: int, value: int) -> tuple[list[str], list[str], dict]:
    cats: OrderedDict[str, None] = OrderedDict()
    sers: OrderedDict[str, None] = OrderedDict()
    values: dict[tuple[str, str], int] = {}
    for row in table.rows:
        c, s = str(row[category]), str(row[series])
        cats[c] = sers[s] = None
        values[(c, s)] = values.get((c, s), 0) + int(row[value])
    order = [s for s in svg.STATUS_COLOURS if s in sers] + [s for s in sers if s not in svg.STATUS_COLOURS]
    return list(cats), order, values


def charts(data: ReportData) -> dict[str, tuple[str, str, Table]]:
    """``{chart id: (heading, svg, table)}`` in report order."""
    out = {}
    t = data.status_by_plan
    cats, sers, vals = _pivot(Table(t.columns, [(f"{r[0]}: {r[1]}" if r[0] else r[1], r[2], r[3])
                                                for r in t.rows]), 0, 1, 2)
    title = "Status by organisation and plan (current editions)"
    out["status-by-plan"] = (title, svg.stacked_hbar("status-by-plan", title, cats, sers, vals) if cats
                             else svg.empty("status-by-plan", title, "no actions"), t)
    t = data.overdue_by_role
    title = f"Overdue actions by lead role (due before {data.as_of}, not complete)"
    cats, sers, vals = _pivot(Table(t.columns, [(r[0], "overdue", r[1]) for r in t.rows]), 0, 1, 2)
    out["overdue-by-role"] = (title, svg.stacked_hbar("overdue-by-role", title, cats, sers, vals) if cats
                              else svg.empty("overdue-by-role", title, "nothing overdue"), t)
    t = data.by_due_month
    title = "Actions by due month (current editions)"
    out["by-due-month"] = (title, svg.vbar("by-due-month", title, [r[0] for r in t.rows], [r[1] for r in t.rows],
                                           overlay=[r[2] for r in t.rows]) if t.rows
                           else svg.empty("by-due-month", title, "no due months"), t)
    t = data.status_changes
    title = "Status changes between the last two editions of each plan"
    cats, sers, vals = _pivot(Table(t.columns, [(f"{r[0]}: {r[3]} → {r[4]}", r[4], r[5]) for r in t.rows]), 0, 1, 2)
    out["status-changes"] = (title, svg.stacked_hbar("status-changes", title, cats, sers, vals) if cats
                             else svg.empty("status-changes", title, "no plan has two editions with changes"), t)
    return out


def _html_table(chart_id: str, t: Table) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in t.columns)
    body = "".join(
        "<tr>" + "".join(f"<td class='num'>{v}</td>" if isinstance(v, int | float) else
                         f"<td>{escape('' if v is None else str(v))}</td>" for v in row) + "</tr>"
        for row in t.rows)
    return f"<table class='data' id='table-{chart_id}'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def html(data: ReportData, *, title: str = "plantables report") -> str:
    sections = []
    for chart_id, (heading, chart, table) in charts(data).items():
        sections.append(f"<section id='section-{chart_id}'><h2>{escape(heading)}</h2>{chart}"
                        f"<details><summary>The numbers ({len(table.rows)} rows)</summary>"
                        f"{_html_table(chart_id, table)}</details></section>")
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{escape(title)}</title>"
            f"<style>{STYLE}</style></head><body><h1>{escape(title)}</h1>"
            f"<p class='note'>Current editions are the latest edition of every plan still present "
            f"(<code>current_actions</code>); overdue means due before {escape(data.as_of)} and not complete.</p>"
            + "".join(sections) + "</body></html>\n")


def write_html(data: ReportData, path: str | os.PathLike) -> Path:
    out = Path(path)
    if not out.parent.is_dir():
        raise ReportError(f"{out}: folder {out.parent} does not exist")
    out.write_text(html(data), encoding="utf-8")
    return out


def write_pngs(data: ReportData, folder: str | os.PathLike) -> list[Path]:
    """Each chart as ``FOLDER/<chart id>.png``, rendered by headless Chromium."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ReportError(f"{folder}: no such folder (--format png writes one PNG per chart into it)")
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        raise ReportError("--format png needs Chromium (apt-get install chromium)")
    written = []
    with tempfile.TemporaryDirectory(prefix="plantables-report-") as tmp:
        for chart_id, (_, chart, _) in charts(data).items():
            width, height = _size(chart)
            page = Path(tmp) / f"{chart_id}.html"
            page.write_text(f"<!DOCTYPE html><html><body style='margin:0;background:#fff'>{chart}</body></html>",
                            encoding="utf-8")
            png = folder / f"{chart_id}.png"
            subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            "--hide-scrollbars", f"--user-data-dir={tmp}/profile", f"--window-size={width},{height}",
                            f"--screenshot={png}", page.as_uri()], capture_output=True, timeout=120, check=False)
            if not png.is_file():
                raise ReportError(f"{png}: Chromium did not write the image")
            written.append(png)
    return written


def _size(chart: str) -> tuple[int, int]:
    import re

    m = re.search(r"width='(\d+)' height='(\d+)'", chart)
    return (int(m.group(1)), int(m.group(2))) if m else (900, 400)
