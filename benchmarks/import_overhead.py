"""The import's work besides extraction: normalising, loading, run bookkeeping and start-up, per document.

    .venv/bin/python benchmarks/import_overhead.py [--docs 60] [--repeat 3] [--profile normalise|load|run]

Every document of the corpus (benchmarks/corpus.py) is extracted once, up
front; then, ``--repeat`` times (the minimum is kept: the machine may be
shared), the same Documents are

* normalised (``guess_organisation`` + ``normalise_document``, as ``read_plan``);
* loaded into a fresh SQLite file (``load_document``, one transaction each);
* imported through the writer (``import_paths`` into a fresh SQLite file with
  the reading replaced by the Documents above): schema creation, lock, run
  and file records, skip checks, sha256 — everything ``plantables import
  -j 0`` does but the extraction.

Start-up is the wall time of ``plantables --help`` and of a no-op re-run
(subprocesses). ``--profile STAGE`` prints the top functions of one stage.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import ensure_corpus  # noqa: E402

BIN = Path(sys.executable).parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", choices=["normalise", "load", "run"])
    args = ap.parse_args(argv)

    import plantables.pipeline as pipeline
    import plantables.pipeline.backends.base as backend_base
    from plantables.extract.sniff import read_document
    from plantables.normalise.plan import normalise_document
    from plantables.schema import db as dbm
    from plantables.schema.loader import load_document

    corpus = ensure_corpus(args.docs, seed=args.seed, log=print)
    files = corpus.files
    print(f"extracting {len(files)} documents once …", flush=True)
    docs = {str(f.resolve()): read_document(str(f)) for f in files}
    work = Path(tempfile.mkdtemp(prefix="plantables-overhead-"))

    def normalise():
        return [normalise_document(d, organisation=d.organisation or pipeline.guess_organisation(d))
                for d in docs.values()]

    plans = normalise()

    def load(k=[0]):  # noqa: B006 - a call counter kept across calls, on purpose
        k[0] += 1
        engine = dbm.open_engine(str(work / f"load{k[0]}.db"))
        try:
            for f, plan in zip(files, plans):
                load_document(engine, plan, pipeline.file_info(f))
        finally:
            engine.dispose()

    def run(k=[0]):  # noqa: B006 - a call counter kept across calls, on purpose
        k[0] += 1
        real = backend_base.read_plan
        # the writer as `-j 0` runs it, with the extraction replaced by the Documents read above
        backend_base.read_plan = lambda path, organisation=None, **kw: _plan(docs[path], organisation)
        try:
            result = pipeline.import_paths(files, db=work / f"run{k[0]}.db",
                                           settings=pipeline.ImportSettings(workers=0))
        finally:
            backend_base.read_plan = real
        assert result.count("imported") == len(files), [f.error for f in result.failed][:3]

    def _plan(doc, organisation):
        org = organisation or doc.organisation or pipeline.guess_organisation(doc)
        plan = normalise_document(doc, organisation=org)
        if organisation or not plan.organisation:
            plan.organisation = org
        return plan

    stages = {"normalise": normalise, "load": load, "run": run}
    best = {}
    for name, fn in stages.items():
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        best[name] = min(times)
    n, pages = len(files), corpus.total_pages
    print(f"\n{n} documents, {pages} pages; best of {args.repeat}")
    for name, seconds in best.items():
        print(f"  {name:<10} {seconds:7.3f} s  {1000 * seconds / n:7.2f} ms/document  "
              f"{1000 * seconds / pages:6.2f} ms/page")
    print(f"  {'':<10} (run = normalise + load + the writer's own work: {best['run'] - best['normalise'] - best['load']:.3f} s)")

    plantables = str(BIN / "plantables")
    help_s = min(_wall([plantables, "--help"]) for _ in range(5))
    # every file is loaded in the last `run` database: importing the folder again changes nothing
    noop = min(_wall([plantables, "import", str(corpus.folder), "--db", str(work / f"run{args.repeat}.db"),
                      "--quiet"]) for _ in range(5))
    print(f"  start-up: plantables --help {1000 * help_s:.0f} ms; no-op re-run of {n} documents {1000 * noop:.0f} ms")

    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        stages[args.profile]()
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(30)
    return 0


def _wall(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - t


if __name__ == "__main__":
    sys.exit(main())
