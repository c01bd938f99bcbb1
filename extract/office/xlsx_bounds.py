"""What an Excel workbook would cost to load, read from its XML before openpyxl loads it.

openpyxl's full mode (the one that keeps merged ranges, hidden rows and
conditional formats) makes a Python object for every cell, every ``<row>`` and
every cell a merged range covers: some 400 bytes each. A workbook is refused
with one line when its sheets hold more than :data:`MAX_CELLS` cells and rows,
when one merged range covers more than :data:`MAX_MERGED_CELLS`, or when its
sheets and shared strings unpack to more than :data:`MAX_SHEET_BYTES`. The
members are scanned as streams, a megabyte at a time, so the check itself costs
no memory; a plan's workbook (a few thousand cells) passes in a millisecond.
"""

from __future__ import annotations

import re
import zipfile

from plantables.extract.model import ExtractError

#: most cells and rows the sheets of one workbook may hold (openpyxl: ~400 bytes each, ~250 MB)
MAX_CELLS = 600_000
#: most cells one merged range may cover (openpyxl makes an object for each covered cell on loading)
MAX_MERGED_CELLS = 250_000
#: most bytes the worksheets and shared strings of one workbook may unpack to
MAX_SHEET_BYTES = 128 * 1024 * 1024
_CELL_OR_ROW = re.compile(rb"<(?:\w+:)?(?:c|row)[\s>/]")
_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_CHUNK = 1 << 20
_OVERLAP = 128  # longer than any tag looked for: one cut at a chunk's end is found whole in the next


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _scan(zf: zipfile.ZipFile, name: str, shown: str) -> int:
    """Cells and rows of one worksheet (refusing an oversized merged range on the way)."""
    count = 0
    tail = b""
    with zf.open(name) as fh:
        while True:
            chunk = fh.read(_CHUNK)
            data = tail + chunk
            limit = len(data) - _OVERLAP if chunk else len(data)  # tags from here on: next round
            count += sum(1 for m in _CELL_OR_ROW.finditer(data) if m.start() < limit)
            for m in _MERGE_REF.finditer(data):
                if m.start() >= limit:
                    continue
                rows = int(m.group(4)) - int(m.group(2)) + 1
                cols = _col_number(m.group(3)) - _col_number(m.group(1)) + 1
                if rows * cols > MAX_MERGED_CELLS:
                    ref = m.group(0).split(b'"')[1].decode()
                    raise ExtractError(shown, f"has a merged range {ref} over {rows * cols} cells "
                                              f"(more than {MAX_MERGED_CELLS} is refused)")
            if not chunk:
                return count
            tail = data[limit:]


def check_workbook(path: str, shown: str) -> None:
    """Refuse, before openpyxl loads it, a workbook too large to load (see the module notes)."""
    from plantables.extract.office.container import check_zip

    zf = check_zip(path)
    try:
        sheets = [i for i in zf.infolist() if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")]
        unpacked = sum(i.file_size for i in zf.infolist()
                       if i in sheets or i.filename == "xl/sharedStrings.xml")
        if unpacked > MAX_SHEET_BYTES:
            raise ExtractError(shown, f"is an Excel workbook whose sheets unpack to {unpacked // 2**20} MB "
                                      f"(more than {MAX_SHEET_BYTES // 2**20} MB is refused)")
        cells = 0
        for info in sheets:
            cells += _scan(zf, info.filename, shown)
            if cells > MAX_CELLS:
                raise ExtractError(shown, f"is an Excel workbook of more than {MAX_CELLS} cells and rows "
                                          f"(sheet part {info.filename}): too large to be a plan, refused")
    except zipfile.BadZipFile as exc:
        raise ExtractError(shown, f"is a corrupt ZIP container ({exc})") from None
    finally:
        zf.close()
