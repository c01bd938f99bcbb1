"""Field accuracy of the ``pdftotext -layout`` reader on plans it was not tuned on.

Draws fresh plans of each sample family (``samples.generate``, seeds other
than the bundled samples'), renders each as PDF, flattened text and
``pdftotext -layout`` text, imports all into one SQLite database and scores
every file against its ground truth with the samples' comparison. The layout
export should score what the other two formats of the same plan score
(issue 3: same rows in every format, except what the PDF knows more).
Needs poppler-utils.

    .venv/bin/python benchmarks/layout_accuracy.py [--seeds 11 12] [--problems]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_accuracy  # noqa: E402  (one scoring for every benchmark)

FORMATS = (("pdf", ".pdf"), ("text", ".txt"), ("layout-text", ".layout.txt"))


def build(out: Path, seeds: list[int], n_sections: int) -> list[Path]:
    from plantables.samples.generate import build_plan

    paths = []
    for family in "ABC":
        for seed in seeds:
            for fmt, suffix in FORMATS:
                paths.append(build_plan(family, out / f"fresh{family}{seed}{suffix}", fmt=fmt, seed=seed,
                                        n_sections=n_sections))
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=int, nargs="+", default=[11, 12, 13])
    ap.add_argument("--sections", type=int, default=3)
    ap.add_argument("--problems", action="store_true", help="list every wrong field of the layout exports")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        paths = build(Path(tmp), args.seeds, args.sections)
        scores = heldout_accuracy.import_and_score(paths, f"sqlite:///{tmp}/layout.db")
    print(heldout_accuracy.table(sorted(scores, key=lambda s: s.file)))
    for fmt, suffix in FORMATS:
        mine = [s for s in scores if s.file.endswith(suffix) and (suffix != ".txt" or not s.file.endswith(".layout.txt"))]
        right, total = sum(s.fields_right for s in mine), sum(s.fields_total for s in mine)
        print(f"{fmt:<12} {100 * right / max(1, total):6.2f}% of {total} fields")
    if args.problems:
        for s in scores:
            if s.file.endswith(".layout.txt"):
                for p in s.problems:
                    print(f"{s.file}: {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
