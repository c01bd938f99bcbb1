"""CPU seconds to read a 100-row Word and Excel plan (and the web page of the same plan).

    .venv/bin/python benchmarks/office_speed.py [--rows 100] [--repeat 5]

A family-C plan (``Ref | Action | Owner | Deadline | Progress | RAG status``,
owner cells merged, one table per section) with about ``--rows`` actions is
written as ``.docx``, ``.xlsx`` and ``.html`` by the samples generator
(``samples/office_formats.py``, with its quirks: tracked changes, content
controls, conditional formats, hidden rows…). Each file is read by
``read_document`` (the dispatcher: sniff + reader) ``--repeat`` times in this
process; the minimum CPU time (``time.process_time``) is printed, with a
cold read apart (a fresh interpreter: it pays for importing
python-docx/openpyxl/lxml and the dispatcher) and the read + the plan
interpreter (``normalise_document``). Target: under 0.3 s CPU
for a 100-row ``.docx`` or ``.xlsx``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _plan(rows: int, out: Path) -> dict[str, Path]:
    from plantables.samples.generate import build_plan
    from plantables.samples.spec import make_spec

    n_sections = 4
    while True:
        spec = make_spec("C", 31, name="speed", n_sections=n_sections)
        if sum(1 for _ in spec.actions()) >= rows or n_sections > 60:
            break
        n_sections += 1
    return {fmt: build_plan(spec, out / f"speed.{fmt}", fmt=fmt, truth=False) for fmt in ("docx", "xlsx", "html")}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    from plantables.extract.sniff import read_document
    from plantables.normalise.plan import normalise_document

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        files = _plan(args.rows, Path(tmp))
        for fmt, path in files.items():
            code = ("import time\nt = time.process_time()\nfrom plantables.extract.sniff import read_document\n"
                    f"read_document({str(path)!r})\nprint(time.process_time() - t)")
            first = float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                         check=True).stdout.strip())
            doc = read_document(path)
            reads, full = [], []
            for _ in range(args.repeat):
                t0 = time.process_time()
                doc = read_document(path)
                reads.append(time.process_time() - t0)
                t0 = time.process_time()
                plan = normalise_document(doc)
                full.append(reads[-1] + time.process_time() - t0)
            rows = sum(1 for t in doc.tables for r in t.rows if r.kind == "data")
            results[fmt] = {"rows": rows, "actions": len(plan.actions), "cold_read_cpu_s": round(first, 3),
                            "read_cpu_s": round(min(reads), 3), "read_and_interpret_cpu_s": round(min(full), 3)}
    print(f"{'format':<6} {'rows':>5} {'actions':>7} {'cold read':>11} {'read':>7} {'read+interpret':>15}  (CPU s)")
    for fmt, r in results.items():
        print(f"{fmt:<6} {r['rows']:>5} {r['actions']:>7} {r['cold_read_cpu_s']:>11.3f} {r['read_cpu_s']:>7.3f} "
              f"{r['read_and_interpret_cpu_s']:>15.3f}")
    out = Path(__file__).resolve().parent / "out"
    out.mkdir(exist_ok=True)
    (out / "office_speed.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
