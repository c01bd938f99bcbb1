"""OCR of scanned pages: an image of a page becomes the page model a text layer gives.

A page with a text layer is never OCR'd. A page that is only an image (or
whose text layer is empty or garbage) is rendered at a resolution chosen from
its image's own DPI, deskewed, its ruling lines found from the pixels
(:mod:`.rules`), its text recognised (:mod:`.recognise`) and its cell fills
sampled (:mod:`.rules`); :func:`ocr_page` returns a
:class:`~plantables.extract.pdf.page.PageContent` whose chars, edges and
filled rects are what a born-digital page of the same look would give, so the
table engine, stitching and the plan interpreter read it unchanged.

This module imports nothing heavy: numpy, OpenCV and the OCR engine are
imported only when a page needs OCR (the born-digital path never does).
"""

from __future__ import annotations

import importlib.util
import shutil
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pypdfium2 as pdfium

    from plantables.extract.pdf.page import PageContent

#: OCR engines: ``auto`` = rapidocr when installed (the ``ocr`` extra); ``off`` = never OCR
OCR_ENGINES = ("auto", "rapidocr", "tesseract", "off")
#: what the scanned-page message tells a user without the extra
INSTALL_HINT = "pip install 'plantables[ocr]'"

#: a text layer whose printable chars are mostly these is garbage (a scan's broken OCR layer)
_GARBAGE = frozenset("\ufffd\x00\ufffe\uffff")


def needs_ocr(page: PageContent) -> bool:
    """An image-only page, or one whose text layer is empty or garbage."""
    if not page.images:
        return False  # nothing to read: a blank page, or drawings only
    if not page.has_text_layer:
        return True
    printed = [c["text"] for c in page.chars if not c["text"].isspace()]
    bad = sum(1 for t in printed if t in _GARBAGE or (len(t) == 1 and (ord(t) < 32 or 0xE000 <= ord(t) <= 0xF8FF)))
    return len(printed) < 3 or bad > 0.5 * len(printed)


def engine_available(engine: str) -> bool:
    """Is ``engine`` installed (without importing it)?"""
    if engine == "tesseract":
        return shutil.which("tesseract") is not None
    if engine in ("rapidocr", "auto"):
        return all(importlib.util.find_spec(m) is not None for m in ("rapidocr_onnxruntime", "cv2", "numpy"))
    return False


def resolve_engine(engine: str | None) -> str | None:
    """The engine that will run for ``engine`` (None: no OCR)."""
    if engine in (None, "off"):
        return None
    if engine not in OCR_ENGINES:
        raise ValueError(f"unknown OCR engine {engine!r}; choose one of {', '.join(OCR_ENGINES)}")
    if engine == "auto":
        return "rapidocr" if engine_available("rapidocr") else None
    return engine if engine_available(engine) else None


def scanned_page_message(path: str, number: int, engine: str | None = "auto") -> str:
    """The one-line warning for a scanned page left unread: why, and how to get it read."""
    if engine in (None, "off"):
        return f"{path}: page {number}: no text layer: scanned page, OCR turned off"
    if engine == "tesseract":
        return (f"{path}: page {number}: no text layer: scanned page, and tesseract is not installed "
                "(apt-get install tesseract-ocr)")
    return f"{path}: page {number}: no text layer: scanned page, OCR not installed ({INSTALL_HINT})"


def ocr_page(pdf: pdfium.PdfDocument, content: PageContent, engine: str = "rapidocr") -> PageContent:
    """The page ``content`` (read from ``pdf``, no usable text) rebuilt from its pixels."""
    from plantables.extract.pdf.ocr.build import ocr_page as build

    return build(pdf, content, engine)


__all__ = ["INSTALL_HINT", "OCR_ENGINES", "engine_available", "needs_ocr", "ocr_page", "resolve_engine",
           "scanned_page_message"]
