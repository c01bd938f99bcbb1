"""A folder of office files, some broken: one line each for the broken ones, the batch goes on."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import openpyxl

from plantables.pipeline import import_paths

FORMATS = Path(__file__).resolve().parents[2] / "samples" / "formats"


def test_broken_office_files_cost_one_line_each_and_the_batch_goes_on(tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    folder = tmp_path / "plans"
    folder.mkdir()
    good = FORMATS / "harbourside_2024_26.docx"
    shutil.copy(good, folder / "good.docx")
    shutil.copy(FORMATS / "kingsbridge_2023_24.html", folder / "good.htm")
    data = good.read_bytes()
    (folder / "cut.docx").write_bytes(data[: len(data) // 3])
    with open(good, "rb") as src, open(folder / "locked.docx", "wb") as out:
        OOXMLFile(src).encrypt("pw", out)
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Notes only"
    wb.save(folder / "notes.xlsx")
    with zipfile.ZipFile(folder / "bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", b"<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b" " * (20 * 2**20))

    result = import_paths([folder], db=f"sqlite:///{tmp_path / 'p.db'}")
    status = {Path(f.path).name: f for f in result.files}
    assert status["good.docx"].status == "imported" and status["good.docx"].rows == 73
    assert status["good.htm"].status == "imported" and status["good.htm"].rows == 55
    reasons = {"cut.docx": "corrupt ZIP", "locked.docx": "password-protected", "notes.xlsx": "no table-like sheet",
               "bomb.xlsx": "zip bomb"}
    for name, reason in reasons.items():
        f = status[name]
        assert f.status == "failed", name
        assert f.error.startswith(f"{folder / name}: ") and reason in f.error and "\n" not in f.error, f.error
    assert result.exit_code == 1
