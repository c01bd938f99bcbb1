"""OCR accuracy and speed on the scanned plans (``tests/fixtures/scanned/``), end to end.

Each scan (a born-digital plan rendered to images at 150/200/300 dpi, turned,
noised, JPEG'd; ``make_scans.py`` there) is imported with
:func:`plantables.pipeline.import_paths` into a fresh SQLite database and
compared with the original's ground truth by ``samples/compare.py``'s rules,
text fields at 90 % similarity (case and whitespace folded; refs, months,
statuses and RAG exact). Prints, per scan and per setting: actions found,
fields right, marks right (RAG and month/quarter grids), and the pages read
per second and per CPU second (one core: ``PLANTABLES_OCR_THREADS=1``).

    .venv/bin/python benchmarks/ocr_accuracy.py [--problems] [--setting 200] [FILE.pdf ...]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ROOT / "tests" / "fixtures" / "scanned"
#: text fields read by OCR are right at this Levenshtein ratio (case and whitespace folded)
SIMILARITY = 0.9
#: fields that are marks on the page rather than text: RAG fills and shaded month/quarter cells
MARKS = ("rag", "active_months")

from plantables.samples import compare  # noqa: E402  (one definition of "right")


@dataclass
class Score:
    """One scan's result against its truth."""

    file: str
    setting: str
    actions: int
    found: int
    hits: dict[str, int]
    pages: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def fields_right(self) -> int:
        return sum(self.hits.values())

    @property
    def fields_total(self) -> int:
        return self.actions * len(compare.FIELDS)

    @property
    def marks_right(self) -> int:
        return sum(self.hits[m] for m in MARKS)

    @property
    def marks_total(self) -> int:
        return self.actions * len(MARKS)


def scanned_files(setting: str | None = None) -> list[Path]:
    """The scans with ground truth, optionally of one setting (``200``, ``150n``, …)."""
    files = sorted(p for p in SCANNED.glob("*.scan*.pdf") if Path(f"{p}.expected.json").exists())
    return [p for p in files if setting is None or setting_of(p) == setting]


def setting_of(path: Path) -> str:
    return path.name.rsplit(".scan", 1)[1].removesuffix(".pdf")


def truth_of(path: Path) -> dict:
    return json.loads(Path(f"{path}.expected.json").read_text(encoding="utf-8"))


def score(path: Path, rows: list[dict]) -> Score:
    truth = truth_of(path)
    hits, problems = compare.score_rows(truth, rows, similarity=SIMILARITY)
    got = {r["action_ref"] for r in rows}
    found = sum(1 for a in truth["actions"] if a["action_ref"] in got)
    return Score(path.name, setting_of(path), len(truth["actions"]), found, hits, truth["pages"], problems)


def import_and_score(paths: list[Path], db_url: str) -> list[Score]:
    """Import the scans into ``db_url`` (in this process) and score each against its truth."""
    from plantables.pipeline import import_paths

    result = import_paths(paths, db=db_url)
    failed = {Path(f.path).name: f.error for f in result.failed}
    rows = compare.imported_actions(db_url)
    scores = []
    for p in paths:
        s = score(p, rows.get(p.name, []))
        if p.name in failed:
            s.problems.insert(0, f"import failed: {failed[p.name]}")
        scores.append(s)
    return scores


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:6.1f}%" if b else "     -"


def table(scores: list[Score]) -> str:
    """Per scan, then per setting: actions found, fields right, marks right."""
    width = max([len(s.file) for s in scores] + [12])
    lines = [f"{'scan':<{width}}  pages actions  found  fields   marks"]
    for s in scores:
        lines.append(f"{s.file:<{width}}  {s.pages:>5} {s.actions:>7} {_pct(s.found, s.actions)} "
                     f"{_pct(s.fields_right, s.fields_total)} {_pct(s.marks_right, s.marks_total)}")
    by_setting: dict[str, list[Score]] = defaultdict(list)
    for s in scores:
        by_setting[s.setting].append(s)
    lines.append("")
    for name, group in sorted(by_setting.items()):
        n = sum(s.actions for s in group)
        lines.append(f"{'setting ' + name:<{width}}  {sum(s.pages for s in group):>5} {n:>7} "
                     f"{_pct(sum(s.found for s in group), n)} "
                     f"{_pct(sum(s.fields_right for s in group), sum(s.fields_total for s in group))} "
                     f"{_pct(sum(s.marks_right for s in group), sum(s.marks_total for s in group))}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--setting", help="only scans of this setting (200, 200n, 150n, 300, …)")
    parser.add_argument("--problems", action="store_true", help="list every wrong field")
    parser.add_argument("--threads", type=int, default=1, help="OCR threads (1 = pages per second on one core)")
    args = parser.parse_args(argv)
    os.environ["PLANTABLES_OCR_THREADS"] = str(args.threads)
    paths = [p.resolve() for p in args.files] or scanned_files(args.setting)
    with tempfile.TemporaryDirectory() as tmp:
        started, cpu0 = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
        scores = import_and_score(paths, f"sqlite:///{tmp}/ocr.db")
        wall = time.perf_counter() - started
        cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    print(table(scores))
    pages = sum(s.pages for s in scores)
    print(f"\n{pages} pages in {wall:.1f} s ({pages / wall:.3f} pages/s wall), {cpu:.1f} s CPU "
          f"({pages / cpu:.3f} pages per CPU second, {args.threads} OCR thread(s)); "
          f"peak memory {cpu1.ru_maxrss / 1024:.0f} MB (pages are read one at a time)")
    if args.problems:
        for s in scores:
            for p in s.problems:
                print(f"{s.file}: {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
