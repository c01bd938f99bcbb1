"""Office formats from content, never the name; hostile containers and missing LibreOffice are one line each."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from plantables.extract.model import ExtractError
from plantables.extract.office import container
from plantables.extract.sniff import read_document, sniff

FORMATS = Path(__file__).resolve().parents[4] / "samples" / "formats"


@pytest.mark.parametrize("name, kind", [("westmoor_2016_17.docx", "docx"), ("kingsbridge_2023_24.xlsx", "xlsx"),
                                        ("harbourside_2024_26.html", "html"), ("harbourside_2024_26.odt", "odt"),
                                        ("westmoor_2016_17.doc", "doc")])
def test_kind_from_content_whatever_the_name(name, kind, tmp_path):
    renamed = tmp_path / "plan.pdf"
    shutil.copy(FORMATS / name, renamed)
    assert sniff(renamed) == kind


def _one_line(path, match: str) -> str:
    with pytest.raises(ExtractError, match=match) as err:
        read_document(path)
    assert "\n" not in str(err.value) and err.value.path == str(path)
    return err.value.reason


def test_corrupt_zip(tmp_path):
    good = (FORMATS / "westmoor_2016_17.docx").read_bytes()
    bad = tmp_path / "cut.docx"
    bad.write_bytes(good[: len(good) // 2])  # the central directory is gone
    _one_line(bad, "corrupt ZIP")


def test_zip_bomb_refused_from_the_directory(tmp_path, monkeypatch):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", b"<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (12 * 2**20))  # 12 MB of zeros, ~12 kB stored
    _one_line(bomb, "zip bomb")
    monkeypatch.setattr(container, "MAX_UNPACKED", 1024)  # the total bound too, not only the ratio
    small = tmp_path / "big.docx"
    shutil.copy(FORMATS / "westmoor_2016_17.docx", small)
    _one_line(small, "unpack to over")


def test_zip_that_is_no_office_file_and_other_odf(tmp_path):
    plain = tmp_path / "a.zip"
    with zipfile.ZipFile(plain, "w") as zf:
        zf.writestr("readme.txt", "hello")
    _one_line(plain, "no Word, Excel or OpenDocument content")
    odp = tmp_path / "slides.odp"
    with zipfile.ZipFile(odp, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.presentation")
        zf.writestr("content.xml", "<x/>")
    _one_line(odp, "OpenDocument file of type")


def test_password_protected_office_file(tmp_path):
    # an encrypted .docx is an OLE2 compound file holding EncryptionInfo and EncryptedPackage streams
    # (ECMA-376 agile encryption, as Word writes it; msoffcrypto-tool encrypts the way Word does)
    from msoffcrypto.format.ooxml import OOXMLFile

    locked = tmp_path / "locked.docx"
    with open(FORMATS / "harbourside_2024_26.docx", "rb") as src, open(locked, "wb") as out:
        OOXMLFile(src).encrypt("s3cret", out)
    assert locked.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    _one_line(locked, "password-protected Office file")


def test_without_soffice_one_line_names_the_file_and_the_program(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing on PATH
    reason = _one_line(FORMATS / "harbourside_2024_26.odt", "needs LibreOffice")
    assert "soffice" in reason


def test_opendocument_and_legacy_files_are_converted_and_read():
    odt = read_document(FORMATS / "harbourside_2024_26.odt")
    doc = read_document(FORMATS / "westmoor_2016_17.doc")
    assert (odt.format, doc.format) == ("odt", "doc")
    assert odt.path.endswith("harbourside_2024_26.odt")
    assert len(odt.tables) == 7 and len(doc.tables) == 1
    assert doc.tables[0].columns[0].label == "NOS"


def test_spreadsheet_and_rtf_conversions(tmp_path):
    exe = shutil.which("soffice")
    for src, target in ((FORMATS / "kingsbridge_2023_24.xlsx", "ods"), (FORMATS / "harbourside_2024_26.docx", "rtf")):
        subprocess.run([exe, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", target,
                        "--outdir", str(tmp_path), str(src)], check=True, capture_output=True, timeout=180)
    ods = read_document(tmp_path / "kingsbridge_2023_24.ods")
    rtf = read_document(tmp_path / "harbourside_2024_26.rtf")
    assert ods.format == "ods" and [b.text for b in ods.headings if b.kind == "sheet"][:3] == ["Guidance", "Priority I",
                                                                                         "Priority 2"]
    assert rtf.format == "rtf" and len(rtf.tables) == 7


def test_the_pdf_path_and_import_plantables_load_no_office_library():
    code = ("import sys, plantables\nfrom plantables.extract.sniff import read_document\n"
            f"read_document({str(FORMATS.parent / 'harbourside_2024_26.pdf')!r})\n"
            "print(sorted(m for m in ('docx', 'openpyxl', 'lxml') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ, check=True)
    assert out.stdout.strip() == "[]"
