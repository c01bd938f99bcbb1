"""One scanned page → the page model: render, deskew, rules, fills, text."""

from __future__ import annotations

import logging
import time

import cv2
import numpy as np
import pypdfium2 as pdfium

from plantables.extract.pdf.ocr.raster import deskew, ink, render, render_dpi, skew_angle
from plantables.extract.pdf.ocr.recognise import TextLine, recognise
from plantables.extract.pdf.ocr.rules import find_fills, find_rules, rule_lines
from plantables.extract.pdf.page import PageContent
from plantables.extract.pdf.paths import edges_from

log = logging.getLogger("plantables.ocr")

#: a run of blank columns this wide (in font sizes) between two recognised chars is a word space
SPACE_GAP = 0.22
#: a recognised line's box is this much taller than its font size (detector boxes are padded)
BOX_PER_SIZE = 1.25


def ocr_page(pdf: pdfium.PdfDocument, content: PageContent, engine: str) -> PageContent:
    """``content`` (a page without usable text) read again from its pixels."""
    started = time.perf_counter()
    page = pdf[content.number - 1]
    try:
        dpi = render_dpi(page)
        rgb = render(page, dpi)
    finally:
        page.close()
    scale = 72.0 / dpi  # points per pixel
    binary = ink(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY))
    angle = skew_angle(binary)
    if abs(angle) >= 0.1:  # finer than the search step: leave the page as it is
        rgb = deskew(rgb, angle)
        binary = ink(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY))
    boxes, rule_mask = find_rules(binary, dpi)
    lines = rule_lines(boxes, scale)
    rects = find_fills(rgb, dpi, scale, rule_mask)
    # the recogniser reads the cells better without the rules: a rule beside a word reads as "|" or "l"
    erase = cv2.dilate(rule_mask, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3))) > 0
    rgb[erase] = 255
    binary[erase] = 0
    text_lines = recognise(rgb, engine)
    chars = _chars(text_lines, binary, scale)
    del rgb, binary, rule_mask, erase  # a 300 dpi page is ~25 MB: gone before the next page is drawn
    confidences = [c["conf"] for c in chars if not c["text"].isspace()]
    out = PageContent(
        number=content.number,
        width=content.width,
        height=content.height,
        chars=chars,
        rects=rects,
        lines=lines,
        edges=edges_from(rects, lines),
        has_text_layer=bool(confidences),
        images=content.images,
        path=content.path,
        ocr_confidence=float(np.mean(confidences)) if confidences else None,
    )
    log.info("%s: page %d: OCR (%s, %d dpi, skew %.2f°): %d chars, %d rules, %d fills, confidence %s in %.1f s",
             content.path, content.number, engine, dpi, angle, len(confidences), len(lines), len(rects),
             f"{out.ocr_confidence:.3f}" if out.ocr_confidence is not None else "-", time.perf_counter() - started)
    return out


def _chars(lines: list[TextLine], binary: np.ndarray, scale: float) -> list[dict]:
    """Page-model chars (points) of the recognised lines, with spaces where the ink has a word gap."""
    chars: list[dict] = []
    for line in lines:
        x0, y0, x1, y1 = line.box
        height = y1 - y0
        size = round(height * scale / BOX_PER_SIZE, 2)
        top, bottom = y0 * scale, y1 * scale
        gaps = set() if line.word else _gaps(binary, line, SPACE_GAP * height / BOX_PER_SIZE)
        prev = None
        for k, (text, cx0, cx1, conf) in enumerate(line.chars):
            if text.isspace():
                if prev is not None and not prev[0].isspace():
                    chars.append(_char(" ", prev[2], max(cx1, prev[2]), top, bottom, size, conf, scale))
                prev = (" ", cx0, cx1)
                continue
            if prev is not None and not prev[0].isspace():
                if k in gaps and not _joined(prev[0], text):
                    chars.append(_char(" ", prev[2], max(prev[2], cx0), top, bottom, size, conf, scale))
                elif chars[-1]["x1"] < cx0 * scale:
                    chars[-1]["x1"] = cx0 * scale  # one word: its chars abut, so no gap splits it again
            chars.append(_char(text, cx0, cx1, top, bottom, size, conf, scale))
            prev = (text, cx0, cx1)
    return chars


def _joined(before: str, after: str) -> bool:
    """No word space goes here whatever the ink says: before a stop or comma, inside "1.2" (refs)."""
    return after in ".,;:)%" or before in "(" or (before == "." and after.isdigit())


def _gaps(binary: np.ndarray, line: TextLine, least: float) -> set[int]:
    """Indices of the line's chars that follow a run of inkless columns at least ``least`` px wide.

    The recogniser's char boxes are estimates (it drops many word spaces);
    the ink tells where words part. Each wide blank run goes to the meeting
    point of two neighbouring chars nearest to it.
    """
    x0, y0, x1, y1 = line.box
    h = y1 - y0
    band = binary[max(0, int(y0 + 0.15 * h)):max(1, int(y1 - 0.15 * h)), max(0, int(x0)):max(1, int(x1))]
    if not band.size or len(line.chars) < 2:
        return set()
    blank = ~band.any(axis=0)
    # runs of blank columns: starts and ends from the edges of the padded boolean row
    edges = np.diff(np.concatenate(([0], blank.view(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    meets = [(line.chars[k - 1][2] + line.chars[k][1]) / 2 - x0 for k in range(1, len(line.chars))]
    found = set()
    for s, e in zip(starts.tolist(), ends.tolist()):
        if e - s < least or s == 0 or e == len(blank):
            continue  # too narrow, or the margin before the first char / after the last
        centre = (s + e) / 2
        k = min(range(len(meets)), key=lambda i: abs(meets[i] - centre))
        found.add(k + 1)
    return found


def _char(text: str, x0: float, x1: float, top: float, bottom: float, size: float, conf: float, scale: float) -> dict:
    return {"text": text, "x0": x0 * scale, "top": top, "x1": x1 * scale, "bottom": bottom, "size": size,
            "fontname": "OCR", "bold": False, "upright": True, "mcid": None, "conf": round(conf, 4)}


__all__ = ["ocr_page"]
