"""Field accuracy on the held-out-style plans, end to end.

The plans of ``tests/fixtures/heldout/``, ``heldout_forms/``, ``adverse_forms/``, ``adverse_forms2/`` and ``adverse_forms3/``.

Every PDF there (python-docx → LibreOffice, layouts the sample generator never
drew; risk registers, Gantt prints, milestone timetables, action cards … made
through Chromium and reportlab) is imported with :func:`plantables.pipeline.import_paths` into a fresh
SQLite database and ``action_overview`` is compared with its
``FILE.expected.json`` field by field, with the comparison rules of
``tests/integration/test_samples_end_to_end.py`` (leads as aliases, targets as figures).
Prints per-document and per-field accuracy, and actions lost, duplicated or
extra; ``--problems`` lists every wrong field.

    .venv/bin/python benchmarks/heldout_accuracy.py [--problems] [FILE.pdf ...]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "tests" / "fixtures" / "heldout"
FORMS = ROOT / "tests" / "fixtures" / "heldout_forms"
ADVERSE = ROOT / "tests" / "fixtures" / "adverse_forms"  # every format: PDF, .docx, .xlsx, .html
ADVERSE2 = ROOT / "tests" / "fixtures" / "adverse_forms2"  # a second set, the same formats
ADVERSE3 = ROOT / "tests" / "fixtures" / "adverse_forms3"  # a third (WeasyPrint, wkhtmltopdf, .odt too)


# one definition of "right", shared with the accuracy tests
from plantables.samples.scoring import FIELDS, Score, import_and_score, table, truth_of  # noqa: E402,F401


def heldout_files() -> list[Path]:
    pdfs = [p for folder in (HELDOUT, FORMS) for p in sorted(folder.glob("*.pdf"))]
    office = [p for folder in (ADVERSE, ADVERSE2, ADVERSE3) for p in sorted(folder.iterdir())
              if not p.name.endswith((".json", ".py"))]
    return [p for p in pdfs + office if Path(f"{p}.expected.json").exists()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*", type=Path, help="held-out PDFs (default: all of tests/fixtures/heldout and heldout_forms)")
    ap.add_argument("--problems", action="store_true", help="list every wrong field")
    args = ap.parse_args(argv)
    paths = [p.resolve() for p in args.files] or heldout_files()
    with tempfile.TemporaryDirectory() as tmp:
        scores = import_and_score(paths, f"sqlite:///{tmp}/heldout.db")
    print(table(scores))
    if args.problems:
        for s in scores:
            for line in [*(f"lost {r}" for r in s.lost), *(f"duplicated {r}" for r in s.duplicated),
                         *(f"extra {r}" for r in s.extra), *s.problems]:
                print(f"{s.file}: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
