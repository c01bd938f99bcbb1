"""Field accuracy on freshly drawn sample plans, per format: do the readers hold beyond the committed samples?

Draws plans of each layout family from seeds the committed samples do not use,
renders each as PDF, flattened text and ``pdftotext -layout`` text (the
generator's ground truth beside each), imports them all with
:func:`plantables.pipeline.import_paths` into a fresh SQLite database and
scores ``action_overview`` field by field with :mod:`plantables.samples.compare`
(the rules of ``tests/integration/test_samples_end_to_end.py``). Prints per file and per
format/field accuracy, and import seconds per file; ``--problems`` lists every
wrong field.

    .venv/bin/python benchmarks/sample_formats.py [--seeds 101 102 103] [--sections 4] [--problems]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from plantables.pipeline import import_paths
from plantables.samples.compare import FIELDS, imported_actions, score_rows
from plantables.samples.generate import build_plan
from plantables.samples.spec import make_spec

FORMATS = (("pdf", ".pdf"), ("text", ".txt"), ("layout-text", ".layout.txt"))


def build(out: Path, seeds: list[int], sections: int) -> list[Path]:
    files = []
    formats = [f for f in FORMATS if f[0] != "layout-text" or shutil.which("pdftotext")]
    for family in "ABC":
        for seed in seeds:
            stem = f"{family.lower()}_{seed}"
            spec = make_spec(family, seed, name=stem, n_sections=sections)
            files += [build_plan(spec, out / f"{stem}{suffix}", fmt=fmt) for fmt, suffix in formats]
    return files


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=int, nargs="+", default=[101, 102, 103])
    ap.add_argument("--sections", type=int, default=4)
    ap.add_argument("--problems", action="store_true", help="list every wrong field")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        files = build(out, args.seeds, args.sections)
        url = f"sqlite:///{out / 'plantables.db'}"
        started = time.perf_counter()
        result = import_paths(files, db=url)
        seconds = time.perf_counter() - started
        rows = imported_actions(url)
        by_format: dict[str, list[int]] = defaultdict(lambda: [0] * (len(FIELDS) + 1))
        print(f"{'file':<22} {'actions':>9} {'fields':>8}  wrong fields")
        for path in files:
            truth = json.loads(path.with_name(path.name + ".expected.json").read_text(encoding="utf-8"))
            failed = next((f.error for f in result.failed if Path(f.path).name == path.name), None)
            if failed:
                print(f"{path.name:<22} FAILED {failed}")
                continue
            got = rows[path.name]
            hits, problems = score_rows(truth, got)
            n = len(truth["actions"])
            tally = by_format[truth["format"]]
            tally[0] += n
            for i, f in enumerate(FIELDS, 1):
                tally[i] += hits[f]
            wrong = sorted(f for f in FIELDS if hits[f] < n)
            print(f"{path.name:<22} {len(got):>4}/{n:<4} {100 * sum(hits.values()) / (n * len(FIELDS)):7.2f}%  "
                  + ", ".join(f"{f} {hits[f]}/{n}" for f in wrong))
            if args.problems:
                for p in problems:
                    print(f"    {p}")
        print(f"\n{'format':<12} {'actions':>7} {'fields':>8}  " + " ".join(f[:8].rjust(8) for f in FIELDS))
        for fmt, tally in by_format.items():
            n = tally[0]
            print(f"{fmt:<12} {n:>7} {100 * sum(tally[1:]) / (n * len(FIELDS)):7.2f}%  "
                  + " ".join(f"{100 * h / n:7.1f}%" for h in tally[1:]))
        print(f"\nimported {len(files)} files in {seconds:.1f} s ({seconds / len(files):.2f} s per file)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
