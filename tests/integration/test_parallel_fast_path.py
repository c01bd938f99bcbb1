"""The fast path stays light: no camelot, OpenCV, pandas or pdfplumber/pdfminer unless asked for.

Each check runs in a fresh interpreter (``sys.modules`` of this test process
is full of whatever other tests imported).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
# pdfplumber/pdfminer: ~0.1 s of start-up in every worker; the default engine needs neither
# numpy, onnxruntime and rapidocr: only a scanned page needs them (extract/pdf/ocr)
HEAVY = ("camelot", "cv2", "pandas", "matplotlib", "ghostscript", "pdfplumber", "pdfminer", "numpy", "onnxruntime",
         "rapidocr_onnxruntime")


def modules_after(code: str) -> dict:
    """Run ``code`` in a new interpreter; which heavy modules were imported, and its exit code."""
    probe = (
        "import json, sys\n"
        "try:\n" + "".join(f"    {line}\n" for line in code.splitlines()) +
        "except SystemExit as exc:\n    status = exc.code\nelse:\n    status = 0\n"
        f"print(json.dumps({{'heavy': sorted(m for m in {HEAVY!r} if m in sys.modules), 'status': status}}))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300, cwd=REPO)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_importing_the_cli_imports_nothing_heavy():
    assert modules_after("import plantables.cli\nfrom plantables.cli import cli") == {"heavy": [], "status": 0}


@pytest.mark.parametrize("sample", ["westmoor_2016_17.txt", "kingsbridge_2023_24.pdf"])
def test_an_import_reads_text_and_pdf_without_camelot_opencv_or_pandas(sample, tmp_path):
    pytest.importorskip("plantables.normalise.plan")
    path = SAMPLES / sample
    if not path.exists():
        pytest.skip(f"{path} is not in samples/")
    db = tmp_path / "fast.db"
    # --workers 0: the reading happens in this interpreter, so its sys.modules shows what reading needs
    result = modules_after(
        "from plantables.cli import cli\n"
        f"cli(['import', {str(path)!r}, '--db', {str(db)!r}, '--workers', '0', '--quiet'])"
    )
    assert result == {"heavy": [], "status": 0}


def test_asking_for_camelot_does_load_it():
    # the probe above can fail: the same check sees camelot when the camelot engine is used
    pytest.importorskip("camelot")
    path = SAMPLES / "kingsbridge_2023_24.pdf"
    result = modules_after(
        "from plantables.extract.pdf.engine import extract_tables\n"
        f"extract_tables({str(path)!r}, pages=[1], engine='camelot-lattice')"
    )
    assert "camelot" in result["heavy"] and result["status"] == 0


def test_stitching_copies_tables_like_deepcopy(tmp_path):
    """stitch_pages copies tables by hand (deepcopy was a hot spot): same result, nothing shared."""
    import copy
    import dataclasses

    from plantables.extract.model import Cell, Column, Row, Table
    from plantables.extract.pdf.engine import extract_tables
    from plantables.extract.pdf.stitch import copy_table

    # every field of the model must be one copy_table knows; a new field fails here first
    copied = {Cell: ["col", "text", "row_span", "col_span", "page", "bbox", "fill", "header", "bold", "italic", "runs",
                     "confidence", "colour"],
              Row: ["cells", "page", "kind", "line"], Column: ["index", "label", "group", "bbox"],
              Table: ["columns", "rows", "pages", "bbox"]}
    for cls, names in copied.items():
        assert [f.name for f in dataclasses.fields(cls)] == names
    tables = extract_tables(SAMPLES / "westmoor_2016_17.pdf", stitch=False)
    assert tables
    for t in tables:
        c = copy_table(t)
        assert c == copy.deepcopy(t)
        c.rows[0].cells[0].text += " changed"
        c.columns[0].label += " changed"
        c.pages.append(99)
        assert "changed" not in t.rows[0].cells[0].text and "changed" not in t.columns[0].label
        assert 99 not in t.pages


def test_schema_revisions_are_read_without_alembic_and_agree_with_it(tmp_path):
    """Opening an up-to-date database (every import run) skips the Alembic import, yet says what Alembic says."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from plantables.schema import db

    assert db.head_revision() == ScriptDirectory.from_config(db._alembic_config(None)).get_current_head()
    path = tmp_path / "rev.db"
    engine = db.make_engine(db.resolve_db_url(path))
    assert db.current_revision(engine) is None  # nothing there yet
    db.upgrade(engine)
    with engine.connect() as conn:
        assert db.current_revision(engine) == MigrationContext.configure(conn).get_current_revision()
    engine.dispose()
    probe = (
        "import sys\nfrom plantables.schema import db\n"
        f"db.open_engine({str(path)!r}).dispose()\nprint('alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
