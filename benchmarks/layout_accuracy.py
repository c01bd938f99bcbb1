"""Accuracy on the randomised layout corpus, per producer, per dimension value and per field.

    python benchmarks/layout_accuracy.py [--corpus tests/fixtures/layouts] [--json out.json]
        [--only pdf] [--where rules=none producer=docx] [--problems 5]

Imports every corpus file (``samples/layouts/build.py`` made them; each has
``FILE.expected.json``) into a temporary SQLite database with
``plantables.pipeline.import_paths`` and scores it with
``plantables.samples.layouts.score``: actions found exactly once, fields right
(text at ≥ 90% similarity), cells whose text is kept, spurious rows, and
non-plans refused. The weakest dimension values are listed last.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

from plantables.samples.layouts.score import (
    dimension_groups,
    file_format,
    group,
    per_field,
    producer,
    score_corpus,
    totals,
)

ROOT = Path(__file__).resolve().parents[1]


def line(name: str, t: dict, width: int = 40) -> str:
    return (f"{name:<{width}} {t['docs']:>4} {t['actions']:>6} {100 * t['once_rate']:7.1f}% {100 * t['field_rate']:7.1f}%"
            f" {100 * t['cells_kept']:7.1f}% {t['spurious']:>6}")


def report(scores, problems: int = 0) -> str:
    head = f"{'':<40} {'docs':>4} {'actions':>6} {'once':>8} {'fields':>8} {'cells':>8} {'spur.':>6}"
    out = ["== overall", head, line("all", totals(scores))]
    t = totals(scores)
    out.append(f"non-plans refused: {t['non_plans_refused']}/{t['non_plans']}")
    out += ["", "== per producer", head] + [line(k, v) for k, v in group(scores, producer).items()]
    out += ["", "== per format", head] + [line(k, v) for k, v in group(scores, lambda s: file_format(s.file)).items()]
    flat = []
    for fmt in sorted({file_format(s.file) for s in scores}, key=lambda f: (f != "pdf", f)):
        of_format = [s for s in scores if file_format(s.file) == fmt]
        if not totals(of_format)["found"]:
            out += ["", f"== per dimension value, {fmt}: nothing read ({len(of_format)} files), table left out"]
            continue
        out += ["", f"== per dimension value, {fmt} files (plans)", head]
        for d, values in dimension_groups(of_format).items():
            for v, tv in values.items():
                out.append(line(f"{d}={v}", tv))
                flat.append((tv["once_rate"] + tv["field_rate"], f"{fmt}: {d}={v}", tv))
    out += ["", "== per field", f"{'':<40} {'right':>6} / {'counted':<7}"]
    for f, (hit, n) in per_field(scores).items():
        out.append(f"{f:<40} {hit:>6} / {n:<7} {100 * hit / n if n else 100:6.1f}%")
    out += ["", "== weakest dimension values (once + fields)", head]
    out += [line(name, tv) for _, name, tv in sorted(flat, key=lambda x: x[0])[:8]]
    if problems:
        out += ["", "== problems (first per document)"]
        for s in scores:
            if s.problems or not s.import_status.startswith("imported"):
                out.append(f"{s.file} [{s.import_status[:90]}]: " + "; ".join(s.problems[:problems]))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "tests" / "fixtures" / "layouts")
    ap.add_argument("--json", type=Path, help="write the figures as JSON here")
    ap.add_argument("--only", nargs="*", help="only these formats (pdf, docx, xlsx, html)")
    ap.add_argument("--where", nargs="*", default=[], metavar="DIM=VALUE",
                    help="only documents drawn with these dimension values (e.g. rules=none producer=docx)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--problems", type=int, default=0, help="print up to N problems per document")
    args = ap.parse_args(argv)
    files = sorted(p for p in args.corpus.iterdir() if (args.corpus / f"{p.name}.expected.json").exists())
    if args.only:
        files = [p for p in files if file_format(p.name) in args.only]
    for cond in args.where:  # a quick look at one slice while working on it
        dim, _, value = cond.partition("=")
        files = [p for p in files if json.loads((args.corpus / f"{p.name}.expected.json").read_text(
            encoding="utf-8"))["dimensions"].get(dim) == value]
    logging.getLogger("plantables").setLevel(logging.CRITICAL)  # one line per unread file otherwise
    t0 = time.perf_counter()
    scores = score_corpus(args.corpus, files=files, workers=args.workers)
    print(report(scores, args.problems))
    print(f"\n{len(files)} files scored in {time.perf_counter() - t0:.1f} s")
    if args.json:
        data = {"overall": totals(scores), "per_producer": group(scores, producer),
                "per_format": group(scores, lambda s: file_format(s.file)),
                "per_dimension": {fmt: dimension_groups([s for s in scores if file_format(s.file) == fmt])
                                  for fmt in sorted({file_format(s.file) for s in scores})},
                "per_field": {f: {"right": h, "counted": n} for f, (h, n) in per_field(scores).items()},
                "documents": [{"file": s.file, "import": s.import_status, "actions": s.actions, "once": s.once,
                               "found": s.found, "spurious": s.spurious, "cells_lost": s.cells_lost,
                               "problems": s.problems} for s in scores]}
        args.json.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
