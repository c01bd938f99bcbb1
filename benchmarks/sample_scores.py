"""Per-file, per-field score of the bundled samples (every format), imported end to end.

The report ``tests/integration/test_samples_end_to_end.py`` used to print; the test asserts
the same comparison file by file (:mod:`plantables.samples.compare`).

    .venv/bin/python benchmarks/sample_scores.py
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from plantables.pipeline import import_paths
from plantables.samples.compare import FIELDS, imported_actions, score_rows

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def main() -> int:
    files = sorted(p for p in SAMPLES.iterdir() if (SAMPLES / f"{p.name}.expected.json").exists())
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/samples.db"
        result = import_paths(files, db=url)
        actions = imported_actions(url)
    width = max(len(p.name) for p in files)
    print(f"{'file':<{width}}  actions  " + " ".join(f[:8].rjust(8) for f in FIELDS))
    for path in files:
        truth = json.loads((SAMPLES / f"{path.name}.expected.json").read_text(encoding="utf-8"))
        hits, _ = score_rows(truth, actions.get(path.name, []))
        n = len(truth["actions"])
        print(f"{path.name:<{width}}  {len(actions.get(path.name, [])):>3}/{n:<3}  "
              + " ".join(f"{100 * hits[f] / n:7.1f}%" for f in FIELDS))
    for f in result.failed:
        print(f"failed: {f.error}")
    return 1 if result.failed else 0


if __name__ == "__main__":
    sys.exit(main())
