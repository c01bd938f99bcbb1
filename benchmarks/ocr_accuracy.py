"""OCR accuracy and speed on the scanned plans (``tests/fixtures/scanned/``), end to end.

Each scan (a born-digital plan rendered to images at 150/200/300 dpi, turned,
noised, JPEG'd; ``make_scans.py`` there) is imported with
:func:`plantables.pipeline.import_paths` into a fresh SQLite database and
scored by :mod:`plantables.samples.scoring` against the original's ground
truth, text fields at 90 % similarity (case and whitespace folded; refs,
months, statuses and RAG exact). Prints, per scan and per setting: actions
found, fields right, marks right (RAG and month/quarter grids), then the pages
read per second and per CPU second (``--threads 1``: one core) and the peak
memory.

    .venv/bin/python benchmarks/ocr_accuracy.py [--problems] [--setting 200] [FILE.pdf ...]
    .venv/bin/python benchmarks/ocr_accuracy.py --layouts   # unseen layouts: scans against their originals

``--layouts`` scores the scans of randomised-corpus plans (``scanned/layouts/``)
with the corpus's own scorer (:mod:`plantables.samples.layouts.score`), beside
the born-digital originals they were made from.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ROOT / "tests" / "fixtures" / "scanned"

from plantables.samples.scoring import Score, import_and_score, truth_of  # noqa: E402

#: text fields read by OCR are right at this Levenshtein ratio (case and whitespace folded)
SIMILARITY = 0.9
#: fields that are marks on the page rather than text: RAG fills and shaded month/quarter cells
MARKS = ("rag", "active_months")


def scanned_files(setting: str | None = None) -> list[Path]:
    """The scans with ground truth, optionally of one setting (``200``, ``150n``, …)."""
    files = sorted(p for p in SCANNED.glob("*.scan*.pdf") if Path(f"{p}.expected.json").exists())
    return [p for p in files if setting is None or setting_of(p) == setting]


def setting_of(path: Path | str) -> str:
    return str(path).rsplit(".scan", 1)[1].removesuffix(".pdf")


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:6.1f}%" if b else "     -"


def _row(name: str, pages: int, group: list[Score]) -> str:
    n = sum(s.actions for s in group)
    marks = sum(s.hits[m] for s in group for m in MARKS)
    each = " ".join(_pct(sum(s.hits[m] for s in group), n) for m in MARKS)
    return (f"{name}  {pages:>5} {n:>7} {_pct(sum(s.found for s in group), n)} "
            f"{_pct(sum(s.fields_right for s in group), sum(s.fields_total for s in group))} "
            f"{_pct(marks, n * len(MARKS))} {each}")


def table(scores: list[Score]) -> str:
    """Per scan, then per setting: actions found, fields right, marks right (both, then RAG and months)."""
    width = max([len(s.file) for s in scores] + [12])
    pages = {s.file: truth_of(SCANNED / s.file)["pages"] for s in scores}
    lines = [f"{'scan':<{width}}  pages actions  found  fields   marks     rag  months"]
    lines += [_row(f"{s.file:<{width}}", pages[s.file], [s]) for s in scores]
    by_setting: dict[str, list[Score]] = defaultdict(list)
    for s in scores:
        by_setting[setting_of(s.file)].append(s)
    lines.append("")
    for name, group in sorted(by_setting.items()):
        lines.append(_row(f"{'setting ' + name:<{width}}", sum(pages[s.file] for s in group), group))
    return "\n".join(lines)


def layouts(folder: Path, problems: bool = False) -> str:
    """Per scanned layout and in all, the corpus scorer's figures beside its born-digital original's,
    then the scans' pages per second and peak memory."""
    from plantables.samples.layouts.score import load_truths, score_corpus, totals

    truths = load_truths(folder)
    originals = [ROOT / "tests" / "fixtures" / "layouts" / t["scanned_from"] for t in truths.values()]
    started, cpu0 = time.perf_counter(), _usage()
    scanned = score_corpus(folder)
    wall, cpu1 = time.perf_counter() - started, _usage()
    digital = score_corpus(originals[0].parent, files=originals)
    lines = [f"{'layouts (scanned | born-digital)':<34} actions  found  fields  cells kept"]
    pairs = [(name, [s], [d]) for name, s, d in zip(truths, scanned, digital)]  # both in the truths' order
    for name, scans, twins in pairs + [("scanned (150 dpi)", scanned, digital)]:
        for label, group in ((name, scans), ("  born-digital", twins)):
            t = totals(group)
            lines.append(f"{label:<34} {t['actions']:>7} {_pct(t['found'], t['actions'])} "
                         f"{100 * t['field_rate']:6.1f}% {100 * t['cells_kept']:6.1f}%")
    lines.append(_speed(sum(t["pages"] for t in truths.values()), wall, cpu0, cpu1))
    if problems:
        lines += [f"{s.truth['file']}: {p}" for s in scanned for p in s.problems]
    return "\n".join(lines)


def _speed(pages: int, wall: float, cpu0: tuple[float, float], cpu1: tuple[float, float]) -> str:
    cpu = cpu1[0] - cpu0[0]
    threads = os.environ.get("PLANTABLES_OCR_THREADS", "0")
    return (f"\n{pages} pages in {wall:.1f} s ({pages / wall:.3f} pages/s wall), {cpu:.1f} s CPU "
            f"({pages / cpu:.3f} pages per CPU second, {threads} OCR thread(s)); "
            f"peak memory {cpu1[1]:.0f} MB (pages are read one at a time)")


def _usage() -> tuple[float, float]:
    """CPU seconds so far of this process and its ended children (the import's reader workers),
    and the larger of their peak resident memories in MB."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    return cpu, max(own.ru_maxrss, children.ru_maxrss) / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--setting", help="only scans of this setting (200, 200n, 150n, 300, …)")
    parser.add_argument("--problems", action="store_true", help="list every wrong field")
    parser.add_argument("--threads", type=int, default=1, help="OCR threads (1 = pages per second on one core)")
    parser.add_argument("--layouts", nargs="?", const=SCANNED / "layouts", type=Path, metavar="DIR",
                        help="only the scanned corpus layouts (of DIR, a folder named layouts made by "
                             "make_scans.py; default the committed ones) vs their originals")
    args = parser.parse_args(argv)
    os.environ["PLANTABLES_OCR_THREADS"] = str(args.threads)
    if args.layouts:
        print(layouts(args.layouts, args.problems))
        return 0
    paths = [p.resolve() for p in args.files] or scanned_files(args.setting)
    with tempfile.TemporaryDirectory() as tmp:
        started, cpu0 = time.perf_counter(), _usage()
        scores = import_and_score(paths, f"sqlite:///{tmp}/ocr.db", similarity=SIMILARITY)
        wall = time.perf_counter() - started
        cpu1 = _usage()
    print(table(scores))
    print(_speed(sum(truth_of(p)["pages"] for p in paths), wall, cpu0, cpu1))
    if args.problems:
        for s in scores:
            for p in s.problems:
                print(f"{s.file}: {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
