"""One scanned page → the page model: render, deskew, rules, fills, text."""

from __future__ import annotations

import logging
import time

import cv2
import numpy as np
import pypdfium2 as pdfium

from plantables.extract.pdf.objects import Char
from plantables.extract.pdf.ocr.glyphs import add_bullets, correct_bars
from plantables.extract.pdf.ocr.measure import ABOVE, BELOW, baselines
from plantables.extract.pdf.ocr.raster import deskew, glyph_height, ink, render, render_dpi, skew_angle
from plantables.extract.pdf.ocr.recognise import TextLine, recognise
from plantables.extract.pdf.ocr.rules import clear_fills, find_fills, find_rules, rule_lines
from plantables.extract.pdf.page import PageContent
from plantables.extract.pdf.paths import edges_from

log = logging.getLogger("plantables.ocr")

#: a run of blank columns this wide (in font sizes) between two recognised chars is a word space
SPACE_GAP = 0.16
#: a blank run this many times the least a space has is a space wherever the recogniser's chars
#: meet; a narrower one only where they leave a hole as wide (letters' side bearings, "i" beside "l", leave
#: two pixels of blank at 150 dpi: as wide as the least space there)
SURE_GAP = 1.5
#: a blank run goes to the meeting point of two chars nearest it, less this many pixels for each
#: pixel of hole the recogniser left between their boxes (it reads a word space as a hole)
HOLE_WEIGHT = 1.0
#: what the recogniser reads a list bullet as, when it opens a line
BULLET_READS = frozenset("·∙•●")
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
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    binary = ink(grey)
    angle = skew_angle(binary)
    if abs(angle) >= 0.1:  # finer than the search step: leave the page as it is
        rgb = deskew(rgb, angle)
        grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
        binary = ink(grey)
    boxes, rule_mask = find_rules(binary, dpi, np.ascontiguousarray(rgb.max(axis=2)))
    lines = rule_lines(boxes, scale)
    rects = find_fills(rgb, dpi, scale, rule_mask)
    # the recogniser reads the cells better without the rules: a rule beside a word reads as "|" or "l"
    # (with a rim: the blur beside a rule, and the corner where two meet, read as ' or " too)
    rim = max(3, int(0.02 * dpi) | 1)
    erase = cv2.dilate(rule_mask, cv2.getStructuringElement(cv2.MORPH_RECT, (rim, rim))) > 0
    if clear_fills(rgb, rects, scale):  # the fills' text is ink on paper now: its gaps and weight are measured there
        binary = ink(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY))
    rgb[erase] = 255
    binary[erase] = 0
    text_lines = recognise(rgb, engine, glyph_height(binary, dpi))
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    bars = correct_bars(text_lines, binary, grey)
    bullets = add_bullets(text_lines, binary)
    dark = (grey < 128).astype(np.uint8)  # glyphs at their printed weight
    chars = _chars(text_lines, binary, dark, scale)
    del rgb, grey, binary, dark, rule_mask, erase  # a 300 dpi page is ~25 MB: gone before the next page is drawn
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
    log.info("%s: page %d: OCR (%s, %d dpi, skew %.2f°): %d chars (%d 1/I by their ink, %d bullets), %d rules, "
             "%d fills, "
             "confidence %s in %.1f s", content.path, content.number, engine, dpi, angle, len(confidences), bars,
             bullets, len(lines), len(rects),
             f"{out.ocr_confidence:.3f}" if out.ocr_confidence is not None else "-", time.perf_counter() - started)
    return out


def _chars(lines: list[TextLine], binary: np.ndarray, dark: np.ndarray, scale: float) -> list[Char]:
    """Page-model chars (points) of the recognised lines, with spaces where the ink has a word gap.

    Each line's size and baseline come from its ink (:mod:`.measure`), its chars' boxes from
    those as a born-digital font's would; a line whose ink cannot be measured keeps its box.
    """
    chars: list[Char] = []
    measures = baselines(lines, dark)
    sizes = [(line.box[3] - line.box[1]) / BOX_PER_SIZE if m is None else m[1] for line, m in zip(lines, measures)]
    line_gaps = [{} if line.word else _gaps(binary, line, SPACE_GAP * px) for line, px in zip(lines, sizes)]
    bold = _bold_parts(lines, line_gaps, sizes, dark)
    for line, parts_bold, measured, px, gaps in zip(lines, bold, measures, sizes, line_gaps):
        x0, y0, x1, y1 = line.box
        if measured is None:
            top, bottom = y0 * scale, y1 * scale
        else:
            base, _ = measured
            top, bottom = (base - ABOVE * px) * scale, (base + BELOW * px) * scale
        size = round(px * scale, 2)
        prev = None
        begin = len(chars)
        for k, (text, cx0, cx1, conf) in enumerate(line.chars):
            is_bold = parts_bold[k]
            if text == "|" and _rule_read(line, k, gaps):
                # a rule too short to be found (a header cell's side) read with the cells' text: between
                # two cells' words it still parts them
                if prev is not None and not prev[0].isspace():
                    chars.append(_char(" ", prev[2], max(cx1, prev[2]), top, bottom, size, conf, scale))
                    prev = (" ", cx0, cx1)
                continue
            if text.isspace():
                if prev is not None and not prev[0].isspace():
                    chars.append(_char(" ", prev[2], max(cx1, prev[2]), top, bottom, size, conf, scale))
                prev = (" ", cx0, cx1)
                continue
            if prev is not None and not prev[0].isspace():
                if (k in gaps and not _joined(prev[0], text, gaps[k] / (SPACE_GAP * px))) or prev[0] == "•":
                    chars.append(_char(" ", prev[2], max(prev[2], cx0), top, bottom, size, conf, scale))
                elif chars[-1]["x1"] < cx0 * scale:
                    chars[-1]["x1"] = cx0 * scale  # one word: its chars abut, so no gap splits it again
            if k == 0 and text in BULLET_READS:
                text = "•"  # a dot opening a line is a list bullet (the recogniser reads "•" as a middle dot),
                # and a word space follows it, as in a text layer, however close the recogniser put the two
            chars.append(_char(text, cx0, cx1, top, bottom, size, conf, scale, is_bold))
            prev = (text, cx0, cx1)
        if not line.word:
            _snap_to_ink(chars[begin:], binary, line, SPACE_GAP * px, scale)
    return chars


def _rule_read(line: TextLine, k: int, gaps: dict[int, int]) -> bool:
    """Is the "|" at ``k`` a rule's remains rather than a letter: at the line's edge, or apart
    from the chars on each side (a space or an inkless gap); a "|" inside a word is a misread "l"."""
    if k == 0 or k == len(line.chars) - 1:
        return True
    return line.chars[k - 1][0].isspace() or line.chars[k + 1][0].isspace() or k in gaps or k + 1 in gaps


def _joined(before: str, after: str, gap: float) -> bool:
    """No word space here although the ink has a gap (``gap``: its width over the least a space has).

    Never before a stop or comma or inside "1.2"; beside a "1" between two
    digits (or beside a dash or slash: "11-Aug", "1/4") only for a wide gap: a
    "1" stands narrow in a digit's width, so "1.10" shows a gap after each "1"
    that is no word space (other digits fill their width: "Q3 2025" parts at
    an ordinary gap).
    """
    if after in ".,;:)%" or before in "(" or (before == "." and after.isdigit()):
        return True
    other = after if before == "1" else before
    return "1" in (before, after) and (other.isdigit() or other in "-/") and gap < 2.0


def _gaps(binary: np.ndarray, line: TextLine, least: float) -> dict[int, int]:
    """Indices of the line's chars that follow a run of inkless columns at least ``least`` px wide,
    and the run's width.

    The recogniser's char boxes are estimates (it drops many word spaces);
    the ink tells where words part. Each wide blank run goes to the meeting
    point of two neighbouring chars nearest to it.
    """
    if len(line.chars) < 2:
        return {}
    runs = _blank_runs(binary, line)
    if runs is None:
        return {}
    starts, ends, blank_len = runs
    x0 = line.box[0]
    meets = [(line.chars[k - 1][2] + line.chars[k][1]) / 2 - x0 for k in range(1, len(line.chars))]
    # the detector's box runs past the text: a blank run out there (beyond a speck of noise or
    # the remains of a rule) is margin, not a space
    first = (line.chars[0][1] + line.chars[0][2]) / 2 - x0
    last = (line.chars[-1][1] + line.chars[-1][2]) / 2 - x0
    # where the recogniser read nothing between two chars (a hole between their boxes) it saw
    # a space: of the meeting points about the blank run, one with a hole is the likelier word
    # edge (HOLE_WEIGHT). Its boxes are evenly wide, so a narrow letter starting a word ("l" of
    # "lead") has its box's middle in the blank run, and the meeting point nearest the run lies after it
    # (none between a doubled letter: the recogniser must read a blank between two alike, "ll" of "will")
    holes = [0.0 if line.chars[k][0] == line.chars[k - 1][0] else line.chars[k][1] - line.chars[k - 1][2]
             for k in range(1, len(line.chars))]
    reach = float(np.median([c[2] - c[1] for c in line.chars])) / 2
    found: dict[int, int] = {}
    for s, e in zip(starts.tolist(), ends.tolist()):
        if e - s < least or s == 0 or e == blank_len or not first < (s + e) / 2 < last:
            continue  # too narrow, or the margin before the first char / after the last
        centre = (s + e) / 2
        about = [i for i in range(len(meets)) if s - reach <= meets[i] <= e + reach]
        k = min(about or range(len(meets)), key=lambda i: abs(meets[i] - centre) - HOLE_WEIGHT * holes[i])
        if e - s < SURE_GAP * least and holes[k] < least:
            continue  # a narrow run where the recogniser read on: the side bearings of "il" at 150 dpi
        found[k + 1] = max(found.get(k + 1, 0), e - s)
    return found


def _blank_runs(binary: np.ndarray, line: TextLine) -> tuple[np.ndarray, np.ndarray, int] | None:
    """The runs of inkless columns across the middle of the line's box: starts, ends (band
    columns, from the box's left) and the band's width; None for an empty band."""
    x0, y0, x1, y1 = line.box
    h = y1 - y0
    band = binary[max(0, int(y0 + 0.15 * h)):max(1, int(y1 - 0.15 * h)), max(0, int(x0)):max(1, int(x1))]
    if not band.size:
        return None
    blank = np.asarray(~band.any(axis=0))  # a boolean row
    # runs of blank columns: starts and ends from the edges of the padded boolean row
    edges = np.diff(np.concatenate(([0], blank.view(np.int8), [0])))
    return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), len(blank)


#: a text layer's word box runs this much of the type size past its ink on each side (the glyphs'
#: side bearings; measured on scanned Calc pages against their born-digital words: 0.013-0.024)
INK_BEARING = 0.02


def _snap_to_ink(words: list[Char], binary: np.ndarray, line: TextLine, least: float, scale: float) -> None:
    """Each word's left and right edge (``words``: one line's chars) moved to where its ink starts
    and ends, when a blank run at least ``least`` px wide meets the recogniser's estimate there.

    The recogniser's char boxes are evenly spread estimates, a point or more off at a word's ends;
    a text layer's words end where their glyphs do, and the table engine parts cells at gaps of
    about a type size between words (a cell's padding), so an edge a point off joins two cells.
    """
    runs = _blank_runs(binary, line)
    if runs is None:
        return
    starts, ends, _ = runs
    wide = (ends - starts) >= least
    base = max(0, int(line.box[0]))
    run_starts = (starts[wide] + base).tolist()  # where ink stops: a word's right edge
    run_ends = (ends[wide] + base).tolist()  # where ink starts again: a word's left edge
    reach = 0.5 * least / SPACE_GAP  # half a type size
    bearing = INK_BEARING * least / SPACE_GAP
    k = 0
    while k < len(words):
        if words[k]["text"].isspace():
            k += 1
            continue
        j = k
        while j + 1 < len(words) and not words[j + 1]["text"].isspace():
            j += 1
        left, right = words[k]["x0"] / scale, words[j]["x1"] / scale
        near_left = min(run_ends, key=lambda e: abs(e - left), default=None)
        if near_left is not None and abs(near_left - left) <= reach and near_left < words[k]["x1"] / scale:
            words[k]["x0"] = (near_left - bearing) * scale
        near_right = min(run_starts, key=lambda e: abs(e - right), default=None)
        if near_right is not None and abs(near_right - right) <= reach and near_right > words[j]["x0"] / scale:
            words[j]["x1"] = (near_right + bearing) * scale
        k = j + 1
    for k, c in enumerate(words):  # a word space spans the gap between its words
        if c["text"].isspace() and 0 < k < len(words) - 1:
            c["x0"], c["x1"] = words[k - 1]["x1"], max(words[k - 1]["x1"], words[k + 1]["x0"])


def _char(text: str, x0: float, x1: float, top: float, bottom: float, size: float, conf: float, scale: float,
          bold: bool = False) -> Char:
    return {"text": text, "x0": x0 * scale, "top": top, "x1": x1 * scale, "bottom": bottom, "size": size,
            "fontname": "OCR-Bold" if bold else "OCR", "bold": bold, "upright": True, "mcid": None,
            "conf": round(conf, 4)}


#: a line is bold when its strokes are thicker than the page's usual by at least this share, or
#: by BOLD_SPREAD times the spread of the regular lines' widths, whichever is more. The measure
#: saturates in small type (a stroke of 1-2 px erodes away whole), so at 150-200 dpi a bold line
#: reads only 4-40 % thicker than a regular one, whose widths lie within ±3 % of each other
#: (measured on scanned layouts: regular lines' 95th percentile 1.01-1.07 of the median, bold
#: lines' 5th 1.04-1.42); the spread of the thinner half says how tight the page's regular text is
BOLD_LEAST, BOLD_SPREAD = 0.04, 3.0


#: a blank run this many font sizes wide inside a recognised line parts two cells' texts (word
#: spaces are 0.2-0.35 of the size; cells' padding leaves 0.8 or more): the detector reads a row of
#: cells as one line, and each part has its own weight (a bold title beside a regular lead)
PART_GAP = 0.6


def _bold_parts(lines: list[TextLine], gaps: list[dict[int, int]], sizes: list[float],
                dark: np.ndarray) -> list[list[bool]]:
    """For each line, whether each of its chars is bold: :func:`_bold_boxes` of the line's parts
    (the runs of chars between blank runs at least PART_GAP font sizes wide)."""
    boxes: list[tuple[float, float, float, float]] = []
    spans: list[list[tuple[int, int]]] = []
    for line, found, px in zip(lines, gaps, sizes):
        cuts = [0] + sorted(k for k, width in found.items() if width >= PART_GAP * px) + [len(line.chars)]
        x0, y0, x1, y1 = line.box
        parts = [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]
        if len(parts) <= 1:
            parts = [(0, len(line.chars))]
            boxes.append(line.box)
        else:
            boxes += [(max(x0, line.chars[a][1]), y0, min(x1, line.chars[b - 1][2]), y1) for a, b in parts]
        spans.append(parts)
    weights = iter(_bold_boxes(boxes, dark))
    out = []
    for line, parts in zip(lines, spans):
        flags = [False] * len(line.chars)
        for a, b in parts:
            flags[a:b] = [next(weights)] * (b - a)
        out.append(flags)
    return out


def _bold_boxes(boxes: list[tuple[float, float, float, float]], dark: np.ndarray) -> list[bool]:
    """Which boxes (lines, or parts of one) are set in bold, from their stroke width against the page's usual.

    Stroke width ≈ 2 × ink area / ink edge (a stroke of width w and length L
    has area wL and two edges of L), on the glyphs as printed (``dark``: a
    fixed threshold, which neither fattens nor thins them). Most of a plan's
    text is regular: the median line sets the usual; a line much taller than
    the usual is held to a proportionally thicker stroke (a large regular
    heading is not bold for being large).
    """
    import cv2

    widths, heights = [], []
    cross = cv2.getStructuringElement(cv2.MORPH_CROSS, (3, 3))
    for box in boxes:
        x0, y0, x1, y1 = (int(v) for v in box)
        band = dark[max(0, y0):max(1, y1), max(0, x0):max(1, x1)]
        area = int(np.count_nonzero(band))
        edge = area - int(np.count_nonzero(cv2.erode(band, cross))) if area else 0
        widths.append(2 * area / edge if edge else 0.0)
        heights.append(max(1, y1 - y0))
    measured = [w for w in widths if w > 0]
    if not measured:
        return [False] * len(boxes)
    usual, usual_height = float(np.median(measured)), float(np.median(heights))
    spread = (usual - float(np.percentile(measured, 25))) / usual
    least = usual * (1 + max(BOLD_LEAST, BOLD_SPREAD * spread))
    return [w > least * max(1.0, h / (1.5 * usual_height)) for w, h in zip(widths, heights)]


__all__ = ["ocr_page"]
