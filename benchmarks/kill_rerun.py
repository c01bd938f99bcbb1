"""SIGKILL and re-run (issue 16 "Done when"): an import killed, then run again, must leave the database
a clean import leaves, every time, on SQLite, PostgreSQL and MariaDB.

Random moments: ``--kills`` imports of an empty database (default 50 per backend), each SIGKILLed
after a random delay (half of them within the first fifth of an import: start-up and schema
creation), one in three killed a second time while recovering, then run to the end and compared with
a clean import (schema, documents, actions, row counts; tests/db_state.py). Migration steps: an
import killed after each statement of each migration, before and after its revision is recorded.
Prints, per backend, how many kills landed while the import ran and how many re-runs differed.

    python benchmarks/kill_rerun.py [--kills 50] [--backends sqlite,postgresql,mysql] [--only random|steps]

Servers: $PLANTABLES_TEST_PG / $PLANTABLES_TEST_MYSQL, else the local ones (a scratch database each).
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import random
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the checkout: tests/ is not installed
from tests.conftest import _server_database  # noqa: E402
from tests.system.killing import (  # noqa: E402
    finish_import,
    fresh,
    kill_at_random,
    kill_in_migration,
    migration_steps,
    plan_folder,
    timed_import,
)

SERVERS = {"postgresql": ("PLANTABLES_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test", ""),
           "mysql": ("PLANTABLES_TEST_MYSQL", "mysql+pymysql://root@127.0.0.1:3306/test", " CHARACTER SET utf8mb4")}


@contextlib.contextmanager
def database(backend: str, tmp: Path):
    if backend == "sqlite":
        yield f"sqlite:///{tmp / 'sqlite-clean.db'}"
        return
    env, default, suffix = SERVERS[backend]
    with contextlib.contextmanager(_server_database)(os.environ.get(env, default), suffix) as url:
        yield url


def random_kills(folder: Path, url: str, tmp: Path, kills: int, expected: dict, longest: float) -> dict:
    rng = random.Random(50)
    landed = differed = 0
    for k in range(1, kills + 1):
        target = fresh(url, tmp, k)
        delays = [kill_at_random(folder, target, rng, longest) for _ in range(2 if rng.random() < 1 / 3 else 1)]
        landed += sum(d is not None for d in delays)
        if finish_import(folder, target) != expected:
            differed += 1
            print(f"    kill {k} (after {delays} s): the re-run differs from a clean import", flush=True)
    return {"kills": kills, "landed": landed, "differed": differed}


def step_kills(folder: Path, url: str, tmp: Path, expected: dict, revisions: list[str]) -> dict:
    """Every statement of every migration (until one past its last), then before and after its
    revision is recorded."""
    killed = differed = 0
    k = 1000
    for revision in revisions:
        points = (str(n) for n in itertools.count(1))
        for point in itertools.chain(points, ("unrecorded", "recorded")):
            k += 1
            target = fresh(url, tmp, k)
            code = kill_in_migration(folder, target, revision, point)
            if code == 0 and point.isdigit():  # one past the migration's last statement: it ran to the end
                points.close()
                continue
            if code != -signal.SIGKILL:
                raise SystemExit(f"{revision}:{point}: the import exited {code}")
            killed += 1
            if finish_import(folder, target) != expected:
                differed += 1
                print(f"    {revision}:{point}: the re-run differs from a clean import", flush=True)
    return {"killed": killed, "differed": differed}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kills", type=int, default=50)
    ap.add_argument("--backends", default="sqlite,postgresql,mysql")
    ap.add_argument("--files", type=int, default=4, help="sample plans imported (random kills)")
    ap.add_argument("--only", choices=["random", "steps"], help="random kills only, or migration steps only")
    ap.add_argument("--migrations", help="the migrations to kill in (comma-separated revisions; default all)")
    args = ap.parse_args()
    os.environ["PLANTABLES_MIN_AGE"] = "0"  # the sample plans were just copied
    failed = False
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        folder, one = plan_folder(tmp / "plans", args.files), plan_folder(tmp / "one", 1)
        for backend in args.backends.split(","):
            with database(backend, tmp) as url:
                if args.only != "steps":
                    started = time.monotonic()
                    longest = timed_import(folder, fresh(url, tmp, -1))
                    expected = finish_import(folder, fresh(url, tmp, 0))
                    r = random_kills(folder, url, tmp, args.kills, expected, longest)
                    print(f"{backend:10} random: {r['kills']} imports killed ({r['landed']} kills landed while it "
                          f"ran, import {longest:.1f} s), re-run differs from a clean import {r['differed']} times "
                          f"[{time.monotonic() - started:.0f} s]", flush=True)
                    failed |= r["differed"] > 0
                if args.only != "random":
                    started = time.monotonic()
                    expected = finish_import(one, fresh(url, tmp, 999))  # the step kills number from 1000
                    revisions = args.migrations.split(",") if args.migrations else migration_steps()
                    s = step_kills(one, url, tmp, expected, revisions)
                    print(f"{backend:10} migrations: {s['killed']} kills (every statement of "
                          f"{', '.join(revisions)}, before and after each revision is recorded), "
                          f"re-run differs {s['differed']} times [{time.monotonic() - started:.0f} s]", flush=True)
                    failed |= s["differed"] > 0
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
