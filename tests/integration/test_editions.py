"""Editions made plain: ``make run``'s sample plans, a second edition, a pruned file.

Real sample files imported into each database: ``action_overview`` tells the
editions apart (``plan_id``, ``edition``, ``is_latest``, ``missing_since``)
and ``current_actions`` shows each plan's latest edition still present, once.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from plantables.pipeline import ImportSettings, import_paths
from tests.sql_rows import rows as _rows

REPO = Path(__file__).resolve().parents[2]


def make_run_plans() -> list[Path]:
    """The files ``make run`` imports (SAMPLE_PLANS in the Makefile)."""
    text = (REPO / "Makefile").read_text(encoding="utf-8")
    names = re.search(r"^SAMPLE_PLANS \?= (.+)$", text, flags=re.M).group(1).split()
    return [REPO / n for n in names]


def test_make_run_imports_distinct_plans_and_readme_first_query_lists_each_action_once(db_url):
    plans = make_run_plans()
    assert len(plans) == 3 and all(p.exists() for p in plans)
    result = import_paths([str(p) for p in plans], db=db_url, settings=ImportSettings(workers=0))
    assert result.count("imported") == 3
    assert _rows(db_url, "SELECT count(*) FROM plans") == [(3,)]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    first = re.findall(r"```sql\n(.*?)```", readme, flags=re.S)[0]
    assert "current_actions" in first
    rows = _rows(db_url, first)
    assert rows
    keys = [(r[0], r[2], r[3]) for r in rows]  # organisation, action_ref, title
    assert len(keys) == len(set(keys)), "an action listed twice"
    total = _rows(db_url, "SELECT count(*) FROM action_overview WHERE status IS NULL OR status <> 'complete'")
    assert len(rows) == total[0][0]  # one edition per plan: the current view is everything


def test_second_edition_becomes_current_and_pruning_it_restores_the_first(db_url, tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    first = folder / "westmoor_2016_17.pdf"
    shutil.copy(REPO / "samples" / "westmoor_2016_17.pdf", first)
    settings = ImportSettings(workers=0)
    import_paths([str(folder)], db=db_url, settings=settings)
    second = folder / "westmoor_2016_17_update.txt"  # same plan (organisation + title), another file
    shutil.copy(REPO / "samples" / "westmoor_2016_17.txt", second)
    import_paths([str(folder)], db=db_url, settings=settings)

    per_edition = _rows(db_url, """
        SELECT plan_id, edition, source_file, is_latest, count(*) FROM action_overview
        GROUP BY plan_id, edition, source_file, is_latest ORDER BY edition""")
    assert [(r[1], r[2], r[3]) for r in per_edition] == [
        (1, "westmoor_2016_17.pdf", 0), (2, "westmoor_2016_17_update.txt", 1)]
    assert per_edition[0][0] == per_edition[1][0]  # one plan
    current = _rows(db_url, "SELECT DISTINCT source_file, edition, missing_since FROM current_actions")
    assert current == [("westmoor_2016_17_update.txt", 2, None)]
    assert _rows(db_url, "SELECT count(*) FROM current_actions")[0][0] == per_edition[1][4]
    # the document names no date of its own: NULL, not the import date
    assert {r[0] for r in _rows(db_url, "SELECT DISTINCT edition_date FROM action_history")} == {None}

    second.unlink()
    import_paths([str(folder)], db=db_url, settings=ImportSettings(workers=0, prune=True))
    rows = _rows(db_url, """SELECT DISTINCT source_file, is_latest, missing_since IS NOT NULL
                            FROM action_overview ORDER BY source_file""")
    assert rows == [("westmoor_2016_17.pdf", 1, 0), ("westmoor_2016_17_update.txt", 0, 1)]
    assert {r[0] for r in _rows(db_url, "SELECT DISTINCT source_file FROM current_actions")} == {
        "westmoor_2016_17.pdf"}
