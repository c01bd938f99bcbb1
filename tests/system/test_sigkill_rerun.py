"""SIGKILL at random moments of an import (issue 16 "Done when"): after each kill a re-run must give
the database a clean import gives, every time, on every backend. Each kill hits an empty database
(half of them in the first fifth of an import: start-up and the first schema creation); one in three
kills the recovering run once more before the re-run. ``PLANTABLES_SIGKILLS`` sets how many kills
per backend (default 5 here; ``benchmarks/kill_rerun.py`` runs the issue's 50 and prints figures)."""

from __future__ import annotations

import os
import random

import pytest

from tests.system.killing import finish_import, fresh, kill_at_random, plan_folder, timed_import

KILLS = int(os.environ.get("PLANTABLES_SIGKILLS", "5"))


@pytest.mark.slow
def test_sigkill_then_rerun_equals_a_clean_import_every_time(tmp_path, db_url):
    folder = plan_folder(tmp_path / "plans", 4)
    longest = timed_import(folder, fresh(db_url, tmp_path, -1))
    expected = finish_import(folder, fresh(db_url, tmp_path, 0))
    rng = random.Random(16)
    for k in range(1, KILLS + 1):
        url = fresh(db_url, tmp_path, k)
        delays = [kill_at_random(folder, url, rng, longest) for _ in range(2 if rng.random() < 1 / 3 else 1)]
        assert finish_import(folder, url) == expected, f"kill {k} after {delays} s"
