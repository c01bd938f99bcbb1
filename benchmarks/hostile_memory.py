"""Peak memory of a whole ``plantables import`` per hostile file (issue 16: under 1 GB with default settings).

Builds the corpus (tests/hostile/make_hostile.py), then imports each file alone into a fresh
SQLite database under ``/usr/bin/time -v`` with the CLI's defaults (workers, time limit,
``--max-memory-per-file``) and prints: file, peak resident memory of the largest process
(the writer or a worker: ``time`` reports the maximum over the command and its children),
wall time, exit code and the file's one-line outcome.

    python benchmarks/hostile_memory.py [--scale 1] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the checkout: tests/ is not installed
from tests.hostile.make_hostile import build  # noqa: E402

LIMIT_KB = 1_000_000  # 1 GB


def measure(path: Path, work: Path) -> dict:
    db = work / f"{path.stem}.db"
    cmd = ["/usr/bin/time", "-v", sys.executable, "-c", "from plantables.cli import cli; cli()", "import",
           str(path), "--db", str(db), "-q", "--min-age", "0"]
    out = subprocess.run(cmd, capture_output=True, text=True)
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", out.stderr).group(1))
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", out.stderr).group(1)
    lines = [ln for ln in out.stderr.splitlines() if ln.startswith(("ERROR", "Error"))]
    return {"file": path.name, "peak_kb": peak, "wall": wall, "exit": out.returncode,
            "outcome": lines[0] if lines else "imported", "under_1gb": peak < LIMIT_KB}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0, help="GB the Flate bomb inflates to")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        rows = [measure(p, work) for p in build(work / "corpus", args.scale) if p.suffix == ".pdf"]
    for r in rows:
        print(f"{r['file']:22} {r['peak_kb'] / 1024:8.0f} MB  {r['wall']:>8}  exit {r['exit']}  "
              f"{'ok ' if r['under_1gb'] else 'OVER'}  {r['outcome'][:110]}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    sys.exit(0 if all(r["under_1gb"] for r in rows) else 1)


if __name__ == "__main__":
    main()
