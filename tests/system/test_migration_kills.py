"""SIGKILL at each migration step (issue 16 "Done when"): an import of an empty database is killed
inside each migration (after its first statement that changes something, and when all of them ran
but its revision is not recorded) and after the last one; the next run must give what a clean
import gives, on SQLite, PostgreSQL and MariaDB (whose DDL is not transactional: the next run
repairs or finishes the half-applied migration). ``benchmarks/kill_rerun.py --every-statement``
kills at every statement of every migration."""

from __future__ import annotations

import signal

import pytest

from tests.system.killing import finish_import, fresh, kill_in_migration, migration_steps, plan_folder


@pytest.mark.slow
def test_a_kill_at_each_migration_step_is_repaired_by_the_next_run(tmp_path, db_url):
    folder = plan_folder(tmp_path / "plans", 1)
    expected = finish_import(folder, db_url)
    steps = migration_steps()
    points = [(rev, point) for rev in steps for point in ("1", "unrecorded")] + [(steps[-1], "recorded")]
    for k, (revision, point) in enumerate(points):
        url = fresh(db_url, tmp_path, k)
        assert kill_in_migration(folder, url, revision, point) == -signal.SIGKILL, f"{revision}:{point} not reached"
        assert finish_import(folder, url) == expected, f"killed at {revision}:{point}"
