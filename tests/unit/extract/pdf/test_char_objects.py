"""Each char's text object, found by probing runs (pdfium/chars._object_run), is the one pdfium states per char.

read_chars looks objects up for the chars pdfium did not generate (its generated spaces and
line breaks belong to no object and are handled apart), so those are the chars checked.
"""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from plantables.extract.pdf.pdfium import calls as C
from plantables.extract.pdf.pdfium.chars import _object_run

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
#: Chromium (one text object a glyph), LibreOffice and reportlab (an object a line)
PDFS = [FIXTURES / "chromium" / "quarter_grid.pdf", *sorted((FIXTURES / "layouts").glob("layout_000*.pdf"))[:3],
        *sorted((FIXTURES / "reportlab").glob("*.pdf"))[:1]]


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_object_runs_match_the_object_of_every_char(path: Path):
    pdf = pdfium.PdfDocument(str(path))
    checked = 0
    try:
        for page in pdf:
            textpage = page.get_textpage()
            address = ctypes.cast(textpage.raw, ctypes.c_void_p).value or 0
            count = textpage.count_chars()
            key, end = 0, -1
            for i in range(count):
                if C.IS_GENERATED(address, i) == 1:
                    continue
                if i > end:
                    key, end = _object_run(address, i, count - 1, C.TEXT_OBJECT_ADDRESS)
                    assert i <= end < count
                assert (C.TEXT_OBJECT_ADDRESS(address, i) or 0) == key
                checked += 1
    finally:
        pdf.close()
    assert checked > 100
