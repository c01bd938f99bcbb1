"""Import speed: plantables against pdfplumber, camelot and the pypdfium2 floor, same pages, one run.

    .venv/bin/python benchmarks/import_speed.py [--docs 60] [--workers N] [--sample-docs 6]
        [--scale-docs 600] [--json out.json] [--skip camelot,scale]

On a corpus of synthetic plan PDFs (benchmarks/corpus.py: three layout
families, ~10 pages each, cached under benchmarks/corpus/) it measures

* pdfplumber's bare ``extract_tables`` on every page;
* camelot lattice's bare ``read_pdf`` on the first ``--sample-docs`` documents
  (it renders every page; pdfplumber and the floor are also timed on those
  pages, so its rate is compared on the same pages);
* the floor: pypdfium2 reading every char (code + box) and every page object
  (type + box) — what any reader must at least do;
* ``plantables import`` as a subprocess (start-up, extraction, stitching,
  normalisation, writes into a fresh SQLite file) with 1 worker and with
  ``--workers`` (default: all cores), peak RSS of its process tree, then a
  second run over the unchanged corpus; where ``make compile`` built the PDF
  reader (mypyc), the 1-worker import once more from its Python source
  (``PLANTABLES_PURE_PYTHON=1``), so both builds are compared in one run;
* the time of each stage (extract, stitch, normalise, load) in one process;
* start-up (``plantables --help``, ``import plantables.cli``);
* peak RSS of an import of ``--scale-docs`` documents against the same import of ``--docs``.

Rates are pages/second of wall time (CPU seconds are in the JSON: the machine
may be shared, so compare ratios within one run). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import Corpus, ensure_corpus  # noqa: E402

# the bare reference readers, as the engine benchmark calls them
from pdf_engine_speed import camelot_lattice_tables, pdfplumber_tables  # noqa: E402

BIN = Path(sys.executable).parent
PLANTABLES = str(BIN / "plantables")


# --- bare readers, timed per document ----------------------------------------------


def floor_read(path: Path) -> int:
    """Read every char (code, box) and page object (type, box) with pypdfium2; return the count."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(str(path))
    n = 0
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    fl, fb, fr, ft = (ctypes.c_float() for _ in range(4))
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            text = page.get_textpage()
            for k in range(raw.FPDFText_CountChars(text)):
                raw.FPDFText_GetUnicode(text, k)
                raw.FPDFText_GetCharBox(text, k, left, right, bottom, top)
                n += 1
            for k in range(raw.FPDFPage_CountObjects(page)):
                obj = raw.FPDFPage_GetObject(page, k)
                raw.FPDFPageObj_GetType(obj)
                raw.FPDFPageObj_GetBounds(obj, fl, fb, fr, ft)
                n += 1
            text.close()
            page.close()
    finally:
        pdf.close()
    return n


def time_per_document(read, files: list[Path]) -> list[dict]:
    out = []
    for f in files:
        wall, cpu = time.perf_counter(), time.process_time()
        read(f)
        out.append({"file": f.name, "wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu})
    return out


def rate(times: list[dict], pages: list[int], key: str = "wall") -> float:
    return sum(pages[: len(times)]) / max(sum(t[key] for t in times), 1e-9)


# --- plantables import as a subprocess -----------------------------------------------


class TreeRss:
    """Peak summed RSS and CPU seconds of a process and its descendants (the workers), sampled.

    CPU is summed from each process's last sample (a worker killed for its
    time limit still counts up to then).
    """

    def __init__(self, pid: int, interval: float = 0.02):
        import psutil

        self.root = psutil.Process(pid)
        self.peak = self.peak_single = 0
        self._cpu: dict[int, float] = {}
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                return
            sizes = []
            for p in procs:
                try:
                    sizes.append(p.memory_info().rss)
                    t = p.cpu_times()
                    self._cpu[p.pid] = t.user + t.system
                except psutil.Error:
                    pass
            if sizes:
                self.peak = max(self.peak, sum(sizes))
                self.peak_single = max(self.peak_single, max(sizes))
            self._stop.wait(self.interval)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def cpu(self) -> float:
        return sum(self._cpu.values())


def run_import(folder: Path, db: Path, workers: int, report: Path, *, source: bool = False) -> dict:
    """``plantables import`` in a subprocess: wall time, CPU of the tree, peak RSS, report.

    ``source``: the PDF reader from its Python source even where ``make compile`` built it.
    """
    cmd = [PLANTABLES, "import", str(folder), "--db", str(db), "--workers", str(workers), "--quiet",
           "--report", str(report), "--min-age", "0"]  # the corpus was just written: no watch for copies
    env = {**os.environ, "PLANTABLES_PURE_PYTHON": "1"} if source else None
    busy_before = _machine_busy()
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    rss = TreeRss(proc.pid)
    out, err = proc.communicate()
    wall = time.perf_counter() - started
    rss.stop()
    others = max(0.0, _machine_busy() - busy_before - rss.cpu)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n{err}")
    data = json.loads(report.read_text())
    return {
        "workers": workers, "wall": wall,
        "cpu": rss.cpu,
        # cores other programs kept busy meanwhile: the machine may be shared
        "other_load_cores": others / wall,
        "peak_rss_mb": rss.peak / 2**20, "peak_single_rss_mb": rss.peak_single / 2**20,
        "imported": data["imported"], "skipped": data["skipped"], "failed": data["failed"],
        "errors": [f["error"] for f in data["files"] if f["error"]][:5],
    }


def _machine_busy() -> float:
    """CPU seconds every core of the machine has spent busy since boot."""
    import psutil

    t = psutil.cpu_times()
    return t.user + t.system + getattr(t, "nice", 0.0) + getattr(t, "irq", 0.0) + getattr(t, "softirq", 0.0)


# --- stages, in this process ---------------------------------------------------------------


def time_stages(files: list[Path], db: Path) -> dict:
    """Seconds spent in extract, stitch, normalise and load over ``files`` (what read_plan + the writer do)."""
    import plantables.extract.pdf.stitch as stitch_module
    from plantables.extract.sniff import read_document
    from plantables.normalise.plan import normalise_document
    from plantables.pipeline import file_info, guess_organisation
    from plantables.schema import db as dbm
    from plantables.schema.loader import load_document

    stages = dict.fromkeys(("extract", "stitch", "normalise", "load"), 0.0)
    original = stitch_module.stitch_pages

    def timed_stitch(*args, **kwargs):
        t = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            stages["stitch"] += time.perf_counter() - t

    engine = dbm.open_engine(str(db))
    stitch_module.stitch_pages = timed_stitch  # read_pdf_plan imports it at call time
    try:
        for f in files:
            t0 = time.perf_counter()
            stitch_before = stages["stitch"]
            doc = read_document(str(f))
            t1 = time.perf_counter()
            plan = normalise_document(doc, organisation=doc.organisation or guess_organisation(doc))
            t2 = time.perf_counter()
            load_document(engine, plan, file_info(f))
            t3 = time.perf_counter()
            stages["extract"] += (t1 - t0) - (stages["stitch"] - stitch_before)
            stages["normalise"] += t2 - t1
            stages["load"] += t3 - t2
    finally:
        stitch_module.stitch_pages = original
        engine.dispose()
    return stages


def startup_times(repeat: int = 5) -> dict:
    def best(cmd: list[str]) -> float:
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True)
            times.append(time.perf_counter() - t)
        return min(times)

    python = str(BIN / "python")
    return {
        "python_bare": best([python, "-c", "pass"]),
        "import_plantables_cli": best([python, "-c", "import plantables.cli"]),
        "plantables_help": best([PLANTABLES, "--help"]),
    }


# --- report ----------------------------------------------------------------------------------


def print_report(r: dict) -> None:
    c = r["corpus"]
    print(f"\nplantables PDF reader: {r['build']} build (make compile)")
    print(f"\ncorpus: {c['docs']} documents, {c['pages']} pages ({c['folder']}); "
          f"camelot sample: {c['sample_docs']} documents, {c['sample_pages']} pages; load average {r['load_avg']}")
    print(f"\n{'reader':<44} {'pages':>6} {'seconds':>9} {'pages/s':>9} {'CPU s':>9} {'pages/CPU s':>11}")
    for name, row in r["rates"].items():
        print(f"{name:<44} {row['pages']:>6} {row['wall']:>9.2f} {row['pages_per_s']:>9.1f} {row['cpu']:>9.2f} "
              f"{row['pages'] / max(row['cpu'], 1e-9):>11.1f}")
    print("\nratios (same run)")
    for name, value in r["ratios"].items():
        print(f"  {name:<58} {value:>8.2f}")
    print("\nstages (one process, all documents): " + ", ".join(
        f"{k} {v:.2f} s" for k, v in r["stages"].items()))
    print("import runs: " + "; ".join(
        f"{k}: {v['wall']:.2f} s (other programs kept {v['other_load_cores']:.1f} cores busy), "
        f"peak RSS {v['peak_rss_mb']:.0f} MB (largest process {v['peak_single_rss_mb']:.0f} MB), "
        f"{v['imported']} imported/{v['skipped']} skipped/{v['failed']} failed"
        for k, v in r["imports"].items()))
    s = r["startup"]
    print(f"start-up: python {s['python_bare'] * 1000:.0f} ms, import plantables.cli "
          f"{s['import_plantables_cli'] * 1000:.0f} ms, plantables --help {s['plantables_help'] * 1000:.0f} ms")


def pdf_folder_corpus(folder: Path) -> Corpus:
    """The PDFs of a folder, copied alone into a scratch folder so the import reads only them."""
    from corpus import _page_count

    files = sorted(folder.glob("*.pdf"))
    if not files:
        raise SystemExit(f"{folder}: no PDF files")
    scratch = Path(tempfile.mkdtemp(prefix="plantables-bench-pdfs-"))
    copies = [Path(shutil.copy(f, scratch / f.name)) for f in files]
    return Corpus(scratch, copies, [_page_count(f) for f in copies])


def pdf_build() -> str:
    """Which build of the PDF reader ``plantables import`` runs: "compiled" or "source …"."""
    out = subprocess.run([str(BIN / "python"), "-c", "import plantables.extract.pdf as p; print(p.BUILD)"],
                         check=True, capture_output=True, text=True)
    return out.stdout.strip()


def compile_tree() -> None:
    """Byte-compile the plantables tree being measured, as installing a package does.

    pip writes the ``.pyc`` files of what it installs (pdfplumber's are there); a
    source tree on ``PYTHONPATH`` under ``PYTHONDONTWRITEBYTECODE=1`` (as on the
    development machines) has none, and then every ``plantables import`` process
    (the writer and each worker) compiles ~130 modules from source first: about
    0.2 s of CPU per run that an installed plantables does not spend.
    """
    import compileall
    import re

    import plantables

    compileall.compile_dir(Path(plantables.__file__).resolve().parent, quiet=1,
                           rx=re.compile(r"[/\\](\.venv|\.git|tests|benchmarks|build|dist)[/\\]"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=60, help="documents in the corpus (~10 pages each)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    ap.add_argument("--sample-docs", type=int, default=6, help="documents camelot reads (it is slow)")
    ap.add_argument("--scale-docs", type=int, default=600, help="corpus size of the memory check (0 = skip)")
    ap.add_argument("--skip", default="", help="comma-separated: camelot, pdfplumber, stages, scale")
    ap.add_argument("--json", type=Path, help="write the figures here as JSON")
    ap.add_argument("--pdfs", type=Path,
                    help="measure these PDFs (a folder, e.g. samples/) instead of the generated corpus")
    args = ap.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}

    compile_tree()
    if args.pdfs:
        corpus: Corpus = pdf_folder_corpus(args.pdfs)
        skip.add("scale")  # the memory check needs the generator's corpus sizes
    else:
        corpus = ensure_corpus(args.docs, seed=args.seed, log=print)
    files, pages = corpus.files, corpus.pages
    sample = files[: args.sample_docs]
    sample_pages = sum(pages[: len(sample)])
    r: dict = {"corpus": {"folder": str(corpus.folder), "docs": len(files), "pages": corpus.total_pages,
                          "sample_docs": len(sample), "sample_pages": sample_pages},
               "load_avg": " ".join(f"{x:.1f}" for x in os.getloadavg()), "workers": args.workers,
               "rates": {}, "ratios": {}, "imports": {}, "build": pdf_build()}

    def add_rate(name: str, times: list[dict], page_list: list[int]) -> float:
        value = rate(times, page_list)
        r["rates"][name] = {"pages": sum(page_list[: len(times)]), "wall": sum(t["wall"] for t in times),
                            "cpu": sum(t["cpu"] for t in times), "pages_per_s": value}
        return value

    print("floor (pypdfium2) …", flush=True)
    floor_times = time_per_document(floor_read, files)
    floor = add_rate("floor: pypdfium2 chars+objects (all)", floor_times, pages)
    floor_sample = add_rate("floor: pypdfium2 chars+objects (sample)", floor_times[: len(sample)], pages)
    plumber = plumber_sample = camelot = None
    if "pdfplumber" not in skip:
        print("pdfplumber extract_tables …", flush=True)
        plumber_times = time_per_document(pdfplumber_tables, files)
        plumber = add_rate("pdfplumber extract_tables (all)", plumber_times, pages)
        plumber_sample = add_rate("pdfplumber extract_tables (sample)", plumber_times[: len(sample)], pages)
    if "camelot" not in skip:
        print("camelot lattice read_pdf (sample) …", flush=True)
        camelot = add_rate("camelot lattice read_pdf (sample)", time_per_document(camelot_lattice_tables, sample), pages)

    work = Path(tempfile.mkdtemp(prefix="plantables-bench-"))
    try:
        runs = {}
        for label, workers in (("1 worker", 1), (f"{args.workers} workers", args.workers)):
            print(f"plantables import, {label} …", flush=True)
            db = work / f"w{workers}.db"
            runs[label] = run_import(corpus.folder, db, workers, work / f"w{workers}.json")
        if r["build"] == "compiled":  # the same import read from the source, for the compiled build's gain
            print("plantables import, 1 worker, source build …", flush=True)
            runs["1 worker, source build"] = run_import(corpus.folder, work / "source.db", 1, work / "source.json",
                                                        source=True)
        second = run_import(corpus.folder, work / f"w{args.workers}.db", args.workers, work / "second.json")
        one, many = runs["1 worker"], runs[f"{args.workers} workers"]
        source_run = runs.get("1 worker, source build", {})
        r["imports"] = {**runs, "second run (unchanged)": second}
        for label, run in runs.items():
            r["rates"][f"plantables import, {label} (all)"] = {
                "pages": corpus.total_pages, "wall": run["wall"], "cpu": run["cpu"],
                "pages_per_s": corpus.total_pages / run["wall"]}
        rate_one = corpus.total_pages / one["wall"]
        if plumber:
            r["ratios"]["import 1 worker / pdfplumber extract_tables (all pages)"] = rate_one / plumber
            # the machine may be shared: the same ratio in CPU seconds (import: its whole process tree)
            r["ratios"]["  same, in CPU seconds"] = r["rates"]["pdfplumber extract_tables (all)"]["cpu"] / one["cpu"]
            if r["build"] == "compiled":
                r["ratios"]["import 1 worker, source build / pdfplumber extract_tables"] = (
                    corpus.total_pages / source_run["wall"] / plumber)
                r["ratios"]["  same (source build), in CPU seconds"] = (
                    r["rates"]["pdfplumber extract_tables (all)"]["cpu"] / source_run["cpu"])
        if r["build"] == "compiled":
            r["ratios"]["import 1 worker: source build / compiled build (time)"] = source_run["wall"] / one["wall"]
        if camelot:
            r["ratios"]["import 1 worker / camelot lattice (sample vs all)"] = rate_one / camelot
            if plumber_sample:
                r["ratios"]["pdfplumber / camelot lattice (sample pages)"] = plumber_sample / camelot
        r["ratios"]["floor / import 1 worker"] = floor / rate_one
        if plumber:
            r["ratios"]["floor / pdfplumber extract_tables"] = floor / plumber
        r["ratios"]["floor rate: sample / all (sample representative = 1)"] = floor_sample / floor
        r["ratios"][f"import {args.workers} workers / 1 worker"] = one["wall"] / many["wall"]
        r["ratios"][f"second run / first run ({args.workers} workers)"] = second["wall"] / many["wall"]
        r["ratios"]["second run / first run (1 worker)"] = second["wall"] / one["wall"]
        if "stages" not in skip:
            print("stages …", flush=True)
            r["stages"] = time_stages(files, work / "stages.db")
        else:
            r["stages"] = {}
        r["startup"] = startup_times()
        if args.scale_docs and "scale" not in skip:
            big = ensure_corpus(args.scale_docs, seed=args.seed, log=print)
            print(f"plantables import, {args.scale_docs} documents, {args.workers} workers …", flush=True)
            scaled = run_import(big.folder, work / "scale.db", args.workers, work / "scale.json")
            scaled["pages"] = big.total_pages
            r["imports"][f"{args.scale_docs} documents, {args.workers} workers"] = scaled
            r["ratios"][f"peak RSS {args.scale_docs} docs / {args.docs} docs"] = (
                scaled["peak_rss_mb"] / many["peak_rss_mb"])
            again = run_import(big.folder, work / "scale.db", args.workers, work / "scale2.json")
            r["imports"][f"{args.scale_docs} documents, second run (unchanged)"] = again
            r["ratios"][f"second run / first run ({args.scale_docs} documents)"] = again["wall"] / scaled["wall"]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print_report(r)
    if args.json:
        args.json.write_text(json.dumps(r, indent=1))
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
