"""`plantables report` on real sample plans (one of them in two editions): a self-contained HTML file
whose charts, rendered in headless Chromium, show the numbers SQL gives on the same database."""

from __future__ import annotations

import re
from collections import Counter
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner

from plantables.cli import cli
from plantables.pipeline import ImportSettings, import_paths
from plantables.samples.editions import HARBOURSIDE_MOVES, later_edition
from tests.sql_rows import rows as _rows
from tests.system.browser import chromium, dump_dom

pytestmark = pytest.mark.slow
SAMPLES = Path(__file__).resolve().parents[2] / "samples"
PLANS = [SAMPLES / f"{n}.txt" for n in ("westmoor_2016_17", "kingsbridge_2023_24", "harbourside_2024_26")]
AS_OF = "2025-04"
CHARTS = ("status-by-plan", "overdue-by-role", "by-due-month", "status-changes")


@pytest.fixture(params=["sqlite", "postgresql", "mysql"])
def database(request, tmp_path):
    url = (f"sqlite:///{tmp_path / 'plans.db'}" if request.param == "sqlite"
           else request.getfixturevalue({"postgresql": "pg_url", "mysql": "mysql_url"}[request.param]))
    import_paths([str(p) for p in PLANS], db=url, settings=ImportSettings(workers=0))
    later = later_edition(PLANS[2], tmp_path / "harbourside_2024_26_march_2025.txt", moves=HARBOURSIDE_MOVES)
    import_paths([str(later)], db=url, settings=ImportSettings(workers=0))
    return url


def expected(url: str) -> dict[str, dict[tuple[str, str], int]]:
    """The charts' numbers, from the rows themselves (not the report's SQL)."""
    current = _rows(url, "SELECT o.action_id, o.organisation, d.title, o.status, o.due_month FROM current_actions o "
                         "JOIN documents d ON d.id = o.document_id")
    status = Counter((f"{org}: {title}", s or "(none)") for _, org, title, s, _ in current)
    roles: dict[int, set] = {}
    for action_id, role in _rows(url, "SELECT al.action_id, COALESCE(l.role_type, '(no role type)') FROM action_leads al "
                                      "JOIN lead_aliases la ON la.id = al.alias_id JOIN leads l ON l.id = la.lead_id"):
        roles.setdefault(action_id, set()).add(role)
    overdue = Counter()
    for action_id, _, _, s, due in current:
        if due and due < AS_OF and s != "complete":
            for role in roles.get(action_id, {"(no lead)"}):
                overdue[(role, "overdue")] += 1
    months = Counter((due, "actions") for *_, due in current if due)
    months.update((due, "complete") for *_, s, due in current if due and s == "complete")
    history = _rows(url, "SELECT plan, edition, action_key, status FROM action_history")
    by_plan: dict[str, dict[int, dict[str, str]]] = {}
    for plan, edition, key, s in history:
        by_plan.setdefault(plan, {}).setdefault(edition, {})[key] = s or "(none)"
    changes = Counter()
    for plan, editions in by_plan.items():
        if len(editions) >= 2:
            new, old = editions[max(editions)], editions[sorted(editions)[-2]]
            for key, s in new.items():
                before = old.get(key, "(new)")
                if before != s:
                    changes[(f"{plan}: {before} → {s}", s)] += 1
    return {"status-by-plan": dict(status), "overdue-by-role": dict(overdue), "by-due-month": dict(months),
            "status-changes": dict(changes)}


def bars(dom: str, chart_id: str) -> dict[tuple[str, str], int]:
    svg = re.search(rf"<svg[^>]*id=\"{chart_id}\".*?</svg>", dom, flags=re.S).group(0)
    out = {}
    for rect in re.findall(r"<rect [^>]*class=\"bar\"[^>]*>", svg):
        attrs = dict(re.findall(r'(data-\w+)="([^"]*)"', rect))
        out[(unescape(attrs["data-category"]), unescape(attrs["data-series"]))] = int(attrs["data-value"])
    return out


def test_the_report_renders_and_its_charts_show_what_sql_counts(database, tmp_path):
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["report", "--db", database, "-o", str(out), "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    # self-contained: nothing to fetch when it is opened
    assert not re.search(r"(src|href)\s*=|<script|@import|url\(", page, flags=re.I)
    dom = dump_dom(out.as_uri(), tmp_path)
    want = expected(database)
    for chart_id in CHARTS:
        shown = bars(dom, chart_id)
        assert shown and all(v > 0 for v in shown.values()), chart_id
        assert shown == want[chart_id], chart_id
        # the table under the chart holds the same counts (by-due-month: actions and complete)
        table = re.search(rf"<table class=\"data\" id=\"table-{chart_id}\">(.*?)</table>", dom, flags=re.S).group(1)
        per_row = [[int(n) for n in re.findall(r'<td class="num">(\d+)</td>', row)]
                   for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)[1:]]
        counts = [n for row in per_row for n in (row[-2:] if chart_id == "by-due-month" else row[-1:])]
        assert sum(counts) == sum(shown.values()), chart_id
    # the edition comparison saw the 15 moved statuses of the later Harbourside edition
    assert sum(want["status-changes"].values()) == sum(n for _, n in HARBOURSIDE_MOVES.values())


def test_png_charts(tmp_path):
    chromium()
    url = f"sqlite:///{tmp_path / 'plans.db'}"
    import_paths([str(p) for p in PLANS], db=url, settings=ImportSettings(workers=0))
    folder = tmp_path / "charts"
    folder.mkdir()
    result = CliRunner().invoke(cli, ["report", "--db", url, "-o", str(folder), "--format", "png", "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    from PIL import Image

    for chart_id in CHARTS:
        image = Image.open(folder / f"{chart_id}.png").convert("RGB")
        assert image.width >= 800 and image.height >= 60
        colours = image.getcolors(maxcolors=1 << 16) or []
        assert len(colours) > 3, chart_id  # drawn, not blank


@pytest.mark.parametrize("args, message", [
    (["-o", "{tmp}/missing/report.html"], "folder {tmp}/missing does not exist"),
    (["-o", "{tmp}/missing", "--format", "png"], "no such folder"),
    (["-o", "{tmp}/r.html", "--as-of", "2025-13"], "expected YYYY-MM"),
])
def test_errors_are_one_line(tmp_path, args, message):
    url = f"sqlite:///{tmp_path / 'plans.db'}"
    import_paths([str(PLANS[0])], db=url, settings=ImportSettings(workers=0))
    result = CliRunner().invoke(cli, ["report", "--db", url, *[a.format(tmp=tmp_path) for a in args]])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert message.format(tmp=tmp_path) in result.output
