"""Text recognition: rapidocr (models inside its wheel) or the tesseract CLI.

Both give :class:`TextLine` s in pixels: the line's box and its chars, each
with its horizontal extent and the recogniser's confidence (0..1).
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np


@dataclass
class TextLine:
    """One recognised line: box ``(x0, y0, x1, y1)`` in pixels, chars as ``(text, x0, x1, confidence)``."""

    box: tuple[float, float, float, float]
    chars: list[tuple[str, float, float, float]] = field(default_factory=list)
    #: one word (tesseract): no word gap inside; else a line whose word spaces the ink shows (rapidocr)
    word: bool = False


def recognise(rgb: np.ndarray, engine: str, glyph_px: float | None = None) -> list[TextLine]:
    """The text lines of a page image (``glyph_px``: its typical glyph height, see :func:`detect_factor`)."""
    if engine == "tesseract":
        return _tesseract(rgb)
    return _rapidocr(rgb, glyph_px)


#: the text detector sees the page at most this many pixels a side (it finds lines as well at a
#: third of the pixels of 200 dpi); the recogniser still reads each line from the full image
DETECT_SIDE = 1280
#: unless its glyphs would come out shorter than this (pixels): small type at 150 dpi, reduced to
#: DETECT_SIDE, is ~6 px a glyph, and the detector then cuts lines short, joins two lines into one
#: box and misses words (measured on 150 dpi scans: a glyph of 5.8 px read a third of its words
#: wrong, 8 px nearly all right)
DETECT_GLYPH = 8.0


def detect_factor(shape: tuple[int, ...], glyph_px: float | None) -> float:
    """How much the page is reduced for the detector: to DETECT_SIDE, but no more than keeps a
    glyph DETECT_GLYPH pixels tall, and never enlarged."""
    factor = DETECT_SIDE / max(shape[:2])
    if glyph_px:
        factor = max(factor, DETECT_GLYPH / glyph_px)
    return min(1.0, factor)


class _SmallDetector:
    """rapidocr's detector run on a reduced copy of the page, its boxes scaled back."""

    def __init__(self, detector) -> None:
        self.detector = detector
        self.glyph_px: float | None = None  # the page's, set before each page is read

    def __call__(self, img: np.ndarray):
        import cv2

        factor = detect_factor(img.shape, self.glyph_px)
        if factor >= 1.0:
            return self.detector(img)
        small = cv2.resize(img, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
        boxes, elapsed = self.detector(small)
        return (None if boxes is None else boxes / factor), elapsed

    def __getattr__(self, name: str):  # postprocess_op and the rest: the detector's own
        return getattr(self.detector, name)


#: address space the OCR engine maps for itself: onnxruntime, its three models and its thread pools
#: (measured: ~330 MB when loaded, up to ~900 MB more while a 200 dpi page is read, of which
#: ~120 MB resident). A reader under a memory cap
#: (``RLIMIT_AS``, ``--max-memory-per-file``) gets this on top of its cap, so the cap bounds what the
#: reading adds, as it does for a reader without OCR; without it every scan ran out of memory
ENGINE_ADDRESS_SPACE_MB = 1280


def _allow_engine_address_space() -> None:
    """Raise this process's soft address-space cap, if it has one, by the engine's own mappings."""
    try:
        import resource
    except ImportError:  # not on POSIX: no cap was set either
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY:
        return
    raised = soft + ENGINE_ADDRESS_SPACE_MB * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        raised = min(raised, hard)
    resource.setrlimit(resource.RLIMIT_AS, (raised, hard))


@lru_cache(maxsize=1)
def _rapid_engine():
    """One recogniser per process: loading the three ONNX models takes ~0.3 s."""
    _allow_engine_address_space()
    from rapidocr_onnxruntime import RapidOCR

    threads = int(os.environ.get("PLANTABLES_OCR_THREADS", "0")) or -1
    # no reduction of the whole page before detection (max_side_len): the lines are cut from full resolution
    engine = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=threads, print_verbose=False,
                      max_side_len=100_000)
    engine.text_det = _SmallDetector(engine.text_det)
    return engine


def _rapidocr(rgb: np.ndarray, glyph_px: float | None = None) -> list[TextLine]:
    bgr = np.ascontiguousarray(rgb[:, :, ::-1])
    engine = _rapid_engine()
    engine.text_det.glyph_px = glyph_px
    # no angle classifier: a deskewed page has no upside-down lines, and it costs a tenth of the time
    result, _ = engine(bgr, use_cls=False, return_word_box=True)
    lines = []
    for item in result or []:
        box, text, score = item[0], item[1], float(item[2])
        xs = [p[0] for p in box]
        ys = [p[1] for p in box]
        line = TextLine((min(xs), min(ys), max(xs), max(ys)))
        boxes, texts, scores = (item[3], item[4], item[5]) if len(item) >= 6 else ([], [], [])
        if len(texts) == len(boxes) == len(scores) and "".join(texts).replace(" ", "") == text.replace(" ", ""):
            for b, t, s in zip(boxes, texts, scores):
                bx = [p[0] for p in b]
                line.chars.append((t, float(min(bx)), float(max(bx)), float(s)))
        else:  # no char boxes: spread the line's width over its chars
            line.chars = _spread(text, line.box[0], line.box[2], score)
        lines.append(line)
    return lines


def _spread(text: str, x0: float, x1: float, confidence: float) -> list[tuple[str, float, float, float]]:
    step = (x1 - x0) / max(1, len(text))
    return [(t, x0 + i * step, x0 + (i + 1) * step, confidence) for i, t in enumerate(text)]


#: tesseract words less sure than this (0..100) are dropped
MIN_TESSERACT_CONF = 40


def _tesseract(rgb: np.ndarray) -> list[TextLine]:
    """Words of ``tesseract … tsv`` (sparse text: cells are scattered blocks), one TextLine each."""
    import cv2

    with tempfile.TemporaryDirectory(prefix="plantables-ocr-") as tmp:
        image = os.path.join(tmp, "page.png")
        cv2.imwrite(image, cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY))
        done = subprocess.run(["tesseract", image, "stdout", "--psm", "11", "-l", "eng", "tsv"],
                              capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"tesseract failed: {done.stderr.strip().splitlines()[-1:]}")
    words = []
    for row in csv.DictReader(io.StringIO(done.stdout), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if not text or float(row["conf"]) < MIN_TESSERACT_CONF:
            continue  # not a word (-1), or a guess at texture: shading, a stamp, a rule's remains
        x0, y0 = float(row["left"]), float(row["top"])
        x1, y1 = x0 + float(row["width"]), y0 + float(row["height"])
        words.append(((row["block_num"], row["par_num"], row["line_num"]), text, x0, y0, x1, y1, float(row["conf"])))
    # a word's box hugs its glyphs ("-" is a sliver): each word gets its text line's height, so
    # words of one line share a middle and the line is not torn apart
    spans: dict[tuple, tuple[float, float]] = {}
    for key, _, _, y0, _, y1, _ in words:
        top, bottom = spans.get(key, (y0, y1))
        spans[key] = (min(top, y0), max(bottom, y1))
    lines = []
    for key, text, x0, _, x1, _, conf in words:
        top, bottom = spans[key]
        lines.append(TextLine((x0, top, x1, bottom), _spread(text, x0, x1, conf / 100), word=True))
    return lines


__all__ = ["TextLine", "recognise"]
