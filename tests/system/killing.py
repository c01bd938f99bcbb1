"""Killing imports on purpose (issue 16's fault tests and benchmarks/kill_rerun.py): an import run as
the CLI runs it, SIGKILLed at a chosen migration point or at a random moment, then run again."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from plantables.schema import db
from plantables.schema.migration_faults import ENV
from tests.db_state import database_state, wipe

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
CODE = "from plantables.cli import cli; cli(prog_name='plantables')"


def plan_folder(folder: Path, count: int) -> Path:
    """``count`` of the sample text plans in ``folder`` (made)."""
    folder.mkdir(parents=True, exist_ok=True)
    for p in sorted(SAMPLES.glob("*.txt"))[:count]:
        shutil.copy(p, folder / p.name)
    return folder


def start_import(folder: Path, url: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", CODE, "import", str(folder), "--db", url, "-q", "-j", "1",
                             "--wait"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})})


def finish_import(folder: Path, url: str) -> dict[str, object]:
    """Run an import to its end (it must succeed) and return the database's state."""
    proc = start_import(folder, url)
    err = proc.communicate(timeout=600)[1]
    if proc.returncode != 0:
        raise AssertionError(f"the re-run exited {proc.returncode}: {err}")
    return database_state(url)


def migration_steps() -> list[str]:
    """The revisions, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(db._alembic_config(None))
    return [s.revision for s in reversed(list(script.walk_revisions()))]


def fresh(url: str, tmp: Path, k: int) -> str:
    """An empty database: a new SQLite file (``k`` numbers it), or the server database wiped."""
    if url.startswith("sqlite"):
        return f"sqlite:///{tmp / f'kill{k}.db'}"
    wipe(url)
    return url


def kill_in_migration(folder: Path, url: str, revision: str, point: str) -> int:
    """Run an import on an empty database that kills itself at ``revision``'s ``point`` (see
    schema/migration_faults.py); its exit code (-9 when the kill happened)."""
    proc = start_import(folder, url, {ENV: f"{revision}:{point}"})
    proc.communicate(timeout=600)
    return proc.returncode


def kill_at_random(folder: Path, url: str, rng: random.Random, longest: float) -> float | None:
    """Start an import and SIGKILL it after a random time up to ``longest`` seconds (the first
    fifth of that range weighs as much as the rest: start-up and schema creation are where a
    kill hurts most); the delay, or None when the import had ended before."""
    delay = rng.uniform(0.0, longest / 5) if rng.random() < 0.5 else rng.uniform(0.0, longest)
    proc = start_import(folder, url)
    time.sleep(delay)
    if proc.poll() is not None:
        return None
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(60)
    return delay


def timed_import(folder: Path, url: str) -> float:
    started = time.monotonic()
    finish_import(folder, url)
    return time.monotonic() - started
