"""Issue 3's bad input on the PDF path: a 300-page PDF under a time limit, a PDF with no tables.

Each gives a one-line error naming the file, recorded in the run; the rest of
the batch imports and nothing of the failed file is in the database.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2 as pdfium
import sqlalchemy as sa
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from plantables.pipeline import ImportSettings, import_paths
from plantables.schema import db

SAMPLES = Path(__file__).resolve().parents[4] / "samples"


def _repeat_pages(src: Path, out: Path, pages: int) -> int:
    """A long PDF made of copies of a real sample's pages (what a bound yearly report looks like)."""
    source = pdfium.PdfDocument(str(src))
    dest = pdfium.PdfDocument.new()
    while len(dest) < pages:
        dest.import_pages(source)
    dest.save(str(out))
    n = len(dest)
    dest.close()
    source.close()
    return n


def _prose_pdf(out: Path) -> None:
    c = canvas.Canvas(str(out), pagesize=A4)
    for page in range(2):
        text = c.beginText(72, 760)
        for i in range(30):
            text.textLine(f"Page {page + 1}, paragraph {i + 1}: the council reviewed its plans this year.")
        c.drawText(text)
        c.showPage()
    c.save()


def _documents(url: str) -> list[str]:
    engine = db.open_engine(url)
    with engine.connect() as conn:
        names = [r[0] for r in conn.execute(sa.text("SELECT file_name FROM documents ORDER BY file_name"))]
    engine.dispose()
    return names


def test_a_300_page_pdf_over_the_time_limit_fails_alone_and_cleanly(tmp_path, sqlite_url):
    big = tmp_path / "bound_reports_300p.pdf"
    assert _repeat_pages(SAMPLES / "westmoor_2016_17.pdf", big, 300) >= 300
    shutil.copy(SAMPLES / "kingsbridge_2023_24.txt", tmp_path / "kingsbridge_2023_24.txt")

    result = import_paths([tmp_path], db=sqlite_url, settings=ImportSettings(max_seconds_per_file=2))

    assert result.exit_code == 1
    [failed] = result.failed
    assert failed.path == str(big)
    assert failed.error.startswith(str(big) + ": ") and "\n" not in failed.error
    assert "gave up after 2 s" in failed.error
    assert _documents(sqlite_url) == ["kingsbridge_2023_24.txt"]


def test_a_pdf_with_no_tables_is_not_a_plan_and_the_batch_goes_on(tmp_path, sqlite_url):
    prose = tmp_path / "minutes.pdf"
    _prose_pdf(prose)
    shutil.copy(SAMPLES / "harbourside_2024_26.pdf", tmp_path / "harbourside_2024_26.pdf")

    result = import_paths([tmp_path], db=sqlite_url)

    assert not result.failed and result.exit_code == 0
    [prose_file] = [f for f in result.files if f.path == str(prose)]
    assert prose_file.status == "not_a_plan" and prose_file.rows == 0
    assert "\n" not in prose_file.error and "no table" in prose_file.error
    assert _documents(sqlite_url) == ["harbourside_2024_26.pdf"]
