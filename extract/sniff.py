"""Pick the reader for a file by its content, not its name.

``%PDF-`` → the PDF plan reader; a Word/Excel/OpenDocument ZIP, an OLE2
``.doc``/``.xls``, RTF or an HTML page → its office reader
(:mod:`plantables.extract.office.container` tells which from the ZIP members,
OLE stream names or markup); readable text → the text reader. Anything else
(empty, binary, an image, a corrupt or password-protected container) is an
:class:`~plantables.extract.model.ExtractError` naming the file and the reason,
raised before any reader runs.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from typing import Any

from plantables.extract.model import Document, ExtractError

SNIFF_BYTES = 8192

# leading bytes → what the file really is (for the error message)
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image, not a plan document"),
    (b"\xff\xd8\xff", "a JPEG image, not a plan document"),
    (b"GIF8", "a GIF image, not a plan document"),
)


def sniff(path: str | os.PathLike) -> str:
    """``"pdf"``, ``"text"`` or an office format (``"docx"``, ``"xlsx"``, ``"html"``, ``"odt"``…: a key of
    :data:`READERS`); raises :class:`ExtractError` for anything else."""
    p = os.fspath(path)
    try:
        with open(p, "rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except IsADirectoryError:
        raise ExtractError(p, "is a directory") from None
    except OSError as exc:
        raise ExtractError(p, f"cannot be read ({exc.strerror or exc})") from None
    if not head:
        raise ExtractError(p, "is empty (0 bytes)")
    # A PDF header may follow a little junk (the spec allows 1024 bytes).
    if b"%PDF-" in head[:1024]:
        return "pdf"
    from plantables.extract.office.container import office_kind  # stdlib only: zipfile

    kind = office_kind(p, head)
    if kind is not None:
        return kind
    for magic, what in _SIGNATURES:
        if head.startswith(magic):
            raise ExtractError(p, f"is {what}")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<!doctype html", b"<html", b"<?xml")):
        raise ExtractError(p, "is an HTML/XML page, not a plan export")
    wide = bom_encoding(head)
    if wide is not None:  # UTF-16/32 text has NUL bytes: judge what it decodes to
        sample = head[: len(head) - len(head) % 4].decode(wide, errors="replace")
        if looks_like_text(sample.encode("utf-8", "replace")):
            return "text"
    if not looks_like_text(head):
        raise ExtractError(p, "is binary data, not a text export or PDF")
    return "text"


def bom_encoding(head: bytes) -> str | None:
    """The wide encoding a byte-order mark announces (UTF-32 before UTF-16: its mark starts alike)."""
    import codecs

    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if head.startswith(bom):
            return encoding
    return None


def looks_like_text(head: bytes) -> bool:
    """No NUL bytes and few control characters (tabs/newlines/form feeds are fine)."""
    if b"\x00" in head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls <= len(head) // 100


#: format (what :func:`sniff` returns) -> ``"module:function"`` of its reader,
#: imported on first use so that sniffing stays light. A new reader is one
#: entry here (and, if its files need it, a signature in :func:`sniff`).
READERS: dict[str, str] = {
    "pdf": "plantables.extract.pdf.plan:read_pdf_plan",
    "text": "plantables.extract.text.reader:read_text",
    # office formats: one reader each in extract/office/ (the converted ones go through LibreOffice)
    "docx": "plantables.extract.office:read_docx",
    "xlsx": "plantables.extract.office:read_xlsx",
    "html": "plantables.extract.office:read_html",
    "odt": "plantables.extract.office:read_odt",
    "ods": "plantables.extract.office:read_ods",
    "doc": "plantables.extract.office:read_doc",
    "xls": "plantables.extract.office:read_xls",
    "rtf": "plantables.extract.office:read_rtf",
}


def reader_for(kind: str) -> Callable[..., Document]:
    """The reader function registered for a format."""
    module, _, name = READERS[kind].partition(":")
    return getattr(importlib.import_module(module), name)


def read_document(path: str | os.PathLike, **options: Any) -> Document:
    """Read any supported plan file into the intermediate model.

    ``options`` (``engine``, ``pages``, ``password``…) go to the PDF reader only.
    """
    p = os.fspath(path)
    kind = sniff(p)
    read = reader_for(kind)
    return read(p, **options) if kind == "pdf" else read(p)
