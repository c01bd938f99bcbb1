"""The reading of every committed PDF as one text file: proof that a speed-up changed nothing.

    PYTHONPATH=TREE .venv/bin/python benchmarks/reading_dump.py OUT.txt [FILE ...]

Reads each PDF under tests/fixtures (scans left out: OCR is slow and has its
own tests) and samples/ of the tree the ``plantables`` import resolves to
(switch trees with ``PYTHONPATH``), writes the extracted Document's repr,
loads its plan into a scratch SQLite file and appends every row of
``actions`` and ``action_cells``, sorted. The tree's own path is written as
``TREE``, so the dumps of two trees compare with ``diff``: an empty diff is
an unchanged reading. Not part of the test suite.
"""

from __future__ import annotations

import os
import sys
import tempfile
import warnings
from pathlib import Path

import plantables

TREE = Path(plantables.__file__).parent
TABLES = ("actions", "action_cells")


def committed_pdfs() -> list[str]:
    found = sorted(str(p) for p in (TREE / "tests" / "fixtures").rglob("*.pdf") if "scanned" not in p.parts)
    return found + sorted(str(p) for p in (TREE / "samples").glob("*.pdf"))


def dump(files: list[str]) -> list[str]:
    from sqlalchemy import text

    from plantables.extract.sniff import read_document
    from plantables.normalise.plan import NotAPlan, normalise_document
    from plantables.pipeline import file_info
    from plantables.schema import db as dbm
    from plantables.schema.loader import load_document

    engine = dbm.open_engine(os.path.join(tempfile.mkdtemp(prefix="plantables-dump-"), "dump.db"))
    lines = []
    for f in files:
        name = os.path.relpath(f, TREE) if f.startswith(str(TREE)) else f
        try:
            doc = read_document(f)
        except Exception as exc:  # noqa: BLE001 - a refusal is part of the reading
            lines.append(f"## {name} READ-ERROR {type(exc).__name__}: {exc}")
            continue
        lines.append(f"## {name}\n{doc!r}")
        try:
            plan = normalise_document(doc, organisation=None)
        except NotAPlan as exc:  # a refusal is part of the reading
            lines.append(f"# not a plan: {exc}")
            continue
        if plan.actions:
            load_document(engine, plan, file_info(Path(f)))
        lines.append(f"# actions {len(plan.actions)}")
    with engine.connect() as conn:
        for table in TABLES:
            rows = conn.execute(text(f"SELECT * FROM {table}")).fetchall()  # noqa: S608 - fixed names
            lines.append(f"## TABLE {table}: {len(rows)} rows")
            lines.extend(sorted(repr(tuple(r)) for r in rows))
    engine.dispose()
    return lines


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    warnings.simplefilter("ignore")
    files = argv[1:] or committed_pdfs()
    lines = dump(files)
    Path(argv[0]).write_text(("\n".join(lines) + "\n").replace(str(TREE), "TREE"))
    print(f"{len(files)} files; " + ", ".join(ln[9:] for ln in lines if ln.startswith("## TABLE")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
