"""A scanned page as pixels: rendered at the scan's own resolution, then deskewed."""

from __future__ import annotations

import cv2
import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

#: render no finer than this: a 600 dpi scan rendered at 300 reads as well, at a quarter of the pixels
MAX_DPI = 300
#: and no coarser: text under ~20 px a line is too small for the recogniser
MIN_DPI = 150
#: angles tried when deskewing (degrees either way); scanners rarely feed a page more askew
MAX_SKEW = 3.0


def scan_dpi(page: pdfium.PdfPage) -> float | None:
    """The resolution of the page's largest image as placed on the page (None: no image)."""
    best, best_area = None, 0.0
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        try:
            meta = obj.get_metadata()
        except pdfium.PdfiumError:
            continue
        area = float(meta.width) * float(meta.height)
        if area > best_area and meta.horizontal_dpi > 0:
            best, best_area = (meta.horizontal_dpi + meta.vertical_dpi) / 2, area
    return best


def render_dpi(page: pdfium.PdfPage) -> float:
    """The scan's own resolution, kept within MIN_DPI..MAX_DPI (200 when it cannot be told)."""
    dpi = scan_dpi(page)
    return 200.0 if not dpi else min(MAX_DPI, max(MIN_DPI, round(dpi)))


def render(page: pdfium.PdfPage, dpi: float) -> np.ndarray:
    """The page as an RGB array (rotation applied, as the page model's coordinates are)."""
    bitmap = page.render(scale=dpi / 72, rev_byteorder=True)  # RGB(X) bytes, no BGR swap needed
    try:
        array = bitmap.to_numpy()
        return np.ascontiguousarray(array[:, :, :3])  # a copy: the bitmap's buffer is freed below
    finally:
        bitmap.close()


def ink(grey: np.ndarray) -> np.ndarray:
    """Dark strokes (text, rules) as 255 on 0, robust to grey noise and uneven paper.

    Adaptive: a pixel is ink when clearly darker than its neighbourhood (camelot's lattice
    does the same); the margin (25 levels) is above grey scan noise. No blur first: a median
    would wipe out a rule one pixel wide, as 0.5 pt is at 150 dpi.
    """
    return cv2.adaptiveThreshold(255 - grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, 25, -25)


def glyph_height(binary: np.ndarray, dpi: float) -> float | None:
    """The page's typical glyph height in pixels (None: too few glyphs to tell), from its ink.

    Each glyph-sized blob (a letter, or a few run together by blur) counts by
    its height; the median is the page's body text, headings and rules being few.
    """
    _, _, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    w, h = stats[1:, 2], stats[1:, 3]
    glyph = (h >= 0.03 * dpi) & (h <= 0.25 * dpi) & (w <= 1.5 * h)
    return float(np.median(h[glyph])) if int(glyph.sum()) >= 20 else None


def skew_angle(binary: np.ndarray) -> float:
    """The page's skew in degrees (counter-clockwise positive), from the sharpest row profile.

    Text lines and rules of a straight page put their ink into few rows; the
    angle that, undone, makes the row sums most uneven is the skew.
    """
    scale = min(1.0, 1000 / max(binary.shape))
    small = cv2.resize(binary, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    h, w = small.shape
    centre = (w / 2, h / 2)

    def sharpness(angle: float) -> float:
        turned = cv2.warpAffine(small, cv2.getRotationMatrix2D(centre, angle, 1.0), (w, h),
                                flags=cv2.INTER_NEAREST, borderValue=0)
        rows = turned.sum(axis=1, dtype=np.float64)
        return float(np.square(np.diff(rows)).sum())

    coarse = np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, 0.25)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - 0.25, best + 0.25 + 1e-9, 0.05)
    best = max(fine, key=sharpness)
    return -float(best)  # the rotation that straightens it is the skew's opposite


def deskew(rgb: np.ndarray, angle: float) -> np.ndarray:
    """The image turned by ``-angle`` degrees about its centre (white where it comes in)."""
    if abs(angle) < 0.05:
        return rgb
    h, w = rgb.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
    return cv2.warpAffine(rgb, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255))


def px_to_pt(dpi: float) -> float:
    """Points per pixel at ``dpi``."""
    return 72.0 / dpi


__all__ = ["MAX_DPI", "MIN_DPI", "deskew", "glyph_height", "ink", "render", "render_dpi", "scan_dpi", "skew_angle", "px_to_pt"]

