"""Build the hostile-input corpus of issue 16 (nothing here is committed but this script).

``python tests/hostile/make_hostile.py OUT [--scale N]`` writes into OUT:

==========================  ===========================================================
form_nesting.pdf            form XObjects each drawing the one below ten times, nine deep (10^9 draws)
flate_bomb.pdf              one content stream of ``scale`` x 1 GB of drawing operators, Flate-compressed
operator_bomb.pdf           300 KB of uncompressed rectangle operators (one path object each)
huge_page.pdf               a 14400 x 14400 pt page (the largest PDF allows) holding a table-like grid
zero_page.pdf               a page whose MediaBox is empty
recursive_pages.pdf         a page tree whose Pages node lists itself as a kid
deep_forms.pdf              form XObjects nested 5,000 deep, each drawing the next once (pdfium recursion)
deep_arrays.pdf             a page resource of 200,000 nested arrays (pdfium's object parser recursion)
image_bomb.pdf              a page holding one Flate image of ``scale`` x 40,000 x 40,000 gray pixels (1.6 GB
                            decoded, ~7 MB stored): pdfium decodes it whole to render the page for OCR
utf16_plan.txt              a plan exported as UTF-16 with a BOM
cell_bomb.xlsx              a sheet of 3 million one-digit cells, 6 MB zipped (openpyxl: ~1.2 GB to load)
==========================  ===========================================================

File-system oddities (a FIFO, a symlink loop, a dangling link, a file whose name is not
UTF-8) are made by :func:`make_oddities` in the test's own folder, since they cannot be
committed or copied.
"""

from __future__ import annotations

import argparse
import io
import os
import zipfile
import zlib
from pathlib import Path


def pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF of ``objects`` (object i+1 is objects[i]) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"", *, flate: bool = False) -> bytes:
    if flate:
        data = zlib.compress(data, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def one_page(content: bytes, *, media: bytes = b"[0 0 595 842]", resources: bytes = b"<< >>") -> list[bytes]:
    return [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Resources %s /Contents 4 0 R >>" % (media, resources),
            content]


def form_nesting(depth: int = 9, fanout: int = 10) -> bytes:
    forms = [stream(b"0 0 10 10 re f", b" /Type /XObject /Subtype /Form /BBox [0 0 10 10]")]
    for level in range(1, depth + 1):  # form `level` (object 5 + level) draws form level-1 `fanout` times
        draws = b" ".join(b"/X Do" for _ in range(fanout))
        forms.append(stream(draws, b" /Type /XObject /Subtype /Form /BBox [0 0 10 10] "
                            b"/Resources << /XObject << /X %d 0 R >> >>" % (5 + level - 1)))
    top = 5 + depth
    objects = one_page(stream(b"/X Do"), resources=b"<< /XObject << /X %d 0 R >> >>" % top)
    return pdf(objects + forms)


def deep_forms(depth: int = 5000) -> bytes:
    """Form ``i`` (object 5 + i) draws form ``i + 1`` once; the last one draws a square."""
    forms = [stream(b"/X Do", b" /Type /XObject /Subtype /Form /BBox [0 0 10 10] "
                    b"/Resources << /XObject << /X %d 0 R >> >>" % (5 + i + 1)) for i in range(depth)]
    forms.append(stream(b"0 0 10 10 re f", b" /Type /XObject /Subtype /Form /BBox [0 0 10 10]"))
    return pdf(one_page(stream(b"/X Do"), resources=b"<< /XObject << /X 5 0 R >> >>") + forms)


def deep_arrays(depth: int = 200_000) -> bytes:
    return pdf(one_page(stream(b"0 0 1 1 re f"), resources=b"<< /Deep %s%s >>" % (b"[" * depth, b"]" * depth)))


def image_bomb(scale: float = 1.0) -> bytes:
    side = int(40_000 * scale ** 0.5)
    z = zlib.compressobj(1)
    row_block = b"\x80" * side * 256  # 256 rows of mid grey
    data = b"".join(z.compress(row_block) for _ in range(side // 256)) + z.flush()
    image = b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray " \
            b"/BitsPerComponent 8 /Length %d /Filter /FlateDecode >>\nstream\n" % (side, side - side % 256, len(data))
    return pdf(one_page(stream(b"q 595 0 0 842 0 0 cm /I Do Q"), resources=b"<< /XObject << /I 5 0 R >> >>")
               + [image + data + b"\nendstream"])


def flate_bomb(scale: float = 1.0) -> bytes:
    """A content stream that inflates to ``scale`` GB of '0 0 1 1 re f' (compressed in chunks)."""
    unit = b"0 0 1 1 re f\n" * 80_000  # ~1 MB
    z = zlib.compressobj(1)  # level 1: a quarter of level 9's time; a bomb either way
    chunks = [z.compress(unit) for _ in range(int(1000 * scale))]
    data = b"".join(chunks) + z.flush()
    content = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return pdf(one_page(content))


def operator_bomb(size: int = 300_000) -> bytes:
    op = b"1 1 1 1 re S\n"
    return pdf(one_page(stream(op * (size // len(op)))))


def huge_page() -> bytes:
    lines = b"".join(b"0 %d m 14400 %d l S\n" % (y, y) for y in range(0, 14400, 400))
    lines += b"".join(b"%d 0 m %d 14400 l S\n" % (x, x) for x in range(0, 14400, 2000))
    text = b"BT /F1 12 Tf 10 14000 Td (Ref Action Lead Due Status) Tj ET\n"
    return pdf(one_page(stream(lines + text), media=b"[0 0 14400 14400]",
                        resources=b"<< /Font << /F1 5 0 R >> >>")
               + [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"])


def zero_page() -> bytes:
    return pdf(one_page(stream(b"0 0 1 1 re f"), media=b"[0 0 0 0]"))


def recursive_pages() -> bytes:
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                stream(b"0 0 1 1 re f")])


UTF16_PLAN = """Hostile Borough Council
Improvement Plan 2024-2025

1. Safer neighbourhoods

Ref        Action                                   Owner                  Deadline      Progress
1.1        Publish the improvement plan             Head of Service        March 2025    On track
1.2        Train every manager in the new process   HR Lead                June 2025     Delayed
1.3        Review the complaints procedure          Customer Lead          July 2025     Complete
"""


_XLSX_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
    '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    'worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
    'main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name='
    '"Plan" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}


def cell_bomb(rows: int = 15_000, cols: int = 200) -> bytes:
    """A workbook whose one sheet holds ``rows`` x ``cols`` cells of ``1``: small zipped, huge loaded."""
    letters = []
    for c in range(1, cols + 1):
        name = ""
        while c:
            c, rem = divmod(c - 1, 26)
            name = chr(65 + rem) + name
        letters.append(name.encode())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in _XLSX_PARTS.items():
            zf.writestr(name, text)
        with zf.open("xl/worksheets/sheet1.xml", "w") as fh:
            fh.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                     b'2006/main"><sheetData>')
            for r in range(1, rows + 1):
                fh.write(b'<row r="%d">' % r + b"".join(b'<c r="%s%d"><v>1</v></c>' % (c, r) for c in letters)
                         + b"</row>")
            fh.write(b"</sheetData></worksheet>")
    return buf.getvalue()


def build(out: Path, scale: float = 1.0) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "form_nesting.pdf": form_nesting(),
        "flate_bomb.pdf": flate_bomb(scale),
        "operator_bomb.pdf": operator_bomb(),
        "huge_page.pdf": huge_page(),
        "zero_page.pdf": zero_page(),
        "recursive_pages.pdf": recursive_pages(),
        "deep_forms.pdf": deep_forms(),
        "deep_arrays.pdf": deep_arrays(),
        "image_bomb.pdf": image_bomb(scale),
        "utf16_plan.txt": UTF16_PLAN.encode("utf-16"),
        "cell_bomb.xlsx": cell_bomb(),
    }
    for name, data in files.items():
        (out / name).write_bytes(data)
    return [out / n for n in files]


def make_oddities(folder: Path) -> dict[str, Path]:
    """A FIFO, a symlink loop, a dangling link and a non-UTF-8 file name (a copy of ``utf16_plan.txt``'s
    text as UTF-8) in ``folder``; returns them by kind."""
    folder.mkdir(parents=True, exist_ok=True)
    fifo = folder / "pipe.pdf"
    os.mkfifo(fifo)
    loop = folder / "loop.pdf"
    os.symlink(loop.name, loop)
    dangling = folder / "dangling.pdf"
    os.symlink("nowhere.pdf", dangling)
    latin1 = os.path.join(os.fsencode(folder), "caf\xe9_plan.txt".encode("latin-1"))
    with open(latin1, "w", encoding="utf-8") as fh:
        fh.write(UTF16_PLAN.replace("Hostile", "Latin"))
    return {"fifo": fifo, "loop": loop, "dangling": dangling, "latin1": Path(os.fsdecode(latin1))}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--scale", type=float, default=1.0, help="GB the Flate bomb inflates to")
    args = ap.parse_args()
    for path in build(args.out, args.scale):
        print(f"{path}  {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
