"""What an office file really is, from its content: ZIP members, OLE streams, HTML markup.

:func:`office_kind` answers ``"docx"``, ``"xlsx"``, ``"odt"``, ``"ods"``,
``"doc"``, ``"xls"``, ``"rtf"`` or ``"html"`` for the leading bytes of a file
(and, for containers, their directory), or raises
:class:`~plantables.extract.model.ExtractError` with one line: a corrupt ZIP,
a password-protected Office file (an OLE container holding an
``EncryptedPackage``), a ZIP that is no office document, one whose members
would unpack to more than :data:`MAX_UNPACKED` bytes (a zip bomb: the sizes
are read from the ZIP directory before anything is inflated). The file name
is never consulted.
"""

from __future__ import annotations

import zipfile

from plantables.extract.model import ExtractError

#: most bytes the members of one office ZIP may unpack to
MAX_UNPACKED = 256 * 1024 * 1024
#: most bytes one member may unpack to per byte stored (above a small floor): a bomb's signature
MAX_RATIO = 200
_RATIO_FLOOR = 8 * 1024 * 1024
#: most bytes of an OLE file read to find its stream names
MAX_OLE_BYTES = 64 * 1024 * 1024

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODF_TYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def check_zip(path: str) -> zipfile.ZipFile:
    """Open a ZIP after checking its directory: not corrupt, not a bomb. The caller closes it."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ExtractError(path, f"is a corrupt ZIP container ({exc})") from None
    total = 0
    for info in zf.infolist():
        total += info.file_size
        ratio_bad = info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(1, info.compress_size)
        if total > MAX_UNPACKED or ratio_bad:
            zf.close()
            raise ExtractError(path, f"is a ZIP that would unpack to over {MAX_UNPACKED // 2**20} MB "
                                     f"({info.filename}: {info.file_size} bytes): refused as a zip bomb")
    return zf


def zip_kind(path: str) -> str:
    zf = check_zip(path)
    try:
        names = set(zf.namelist())
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "content.xml" in names and "mimetype" in names:
            mime = zf.read("mimetype")[:100].strip()
            if mime in ODF_TYPES:
                return ODF_TYPES[mime]
            raise ExtractError(path, f"is an OpenDocument file of type {mime.decode('ascii', 'replace')!r}, "
                                     "not a text document or spreadsheet")
    except zipfile.BadZipFile as exc:
        raise ExtractError(path, f"is a corrupt ZIP container ({exc})") from None
    finally:
        zf.close()
    raise ExtractError(path, "is a ZIP container with no Word, Excel or OpenDocument content")


def ole_kind(path: str) -> str:
    """``doc`` or ``xls`` from an OLE2 file's stream names; encrypted packages refused."""
    with open(path, "rb") as fh:
        data = fh.read(MAX_OLE_BYTES)
    if _utf16("EncryptedPackage") in data or _utf16("EncryptionInfo") in data:
        raise ExtractError(path, "is a password-protected Office file: save it without a password first")
    if _utf16("WordDocument") in data:
        return "doc"
    if _utf16("Workbook") in data or _utf16("Book") in data:
        return "xls"
    raise ExtractError(path, "is an OLE2 file that is neither a Word nor an Excel document")


def looks_like_html(head: bytes) -> bool:
    """HTML markup near the start (a doctype, ``<html>``, or a body/table opening a fragment)."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html")):
        return True
    if text.startswith(b"<?xml"):
        return b"<html" in text[:2048] and b"http://www.w3.org/1999/xhtml" in text[:2048]
    return text.startswith(b"<") and any(tag in text[:4096] for tag in (b"<body", b"<table", b"<head"))


def office_kind(path: str, head: bytes) -> str | None:
    """The office format of a file whose first bytes are ``head``; None when it is none of them."""
    if head.startswith(b"PK\x03\x04"):
        return zip_kind(path)
    if head.startswith(OLE_MAGIC[:4]):
        return ole_kind(path)
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if looks_like_html(head):
        return "html"
    return None
