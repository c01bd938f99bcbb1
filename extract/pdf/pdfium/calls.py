"""Every pdfium function plantables calls in its hot loops, declared once with plain C types.

Page reading (``pdf/page.py``: chars) and path reading (``pdf/paths.py``)
make several calls per char and per path segment; through pypdfium2's own
ctypes prototypes each call checks its typed pointer arguments, which costs
more than the call. :func:`plain_prototype` declares a function again with
pointers as plain integers, through cffi where it is installed. The
structure-tree calls of ``pdf/tags.py`` are few per page and go through
pypdfium2 directly.
"""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2.raw as pdfium_c

try:  # a declared dependency; its calls cost less than ctypes'
    from cffi import FFI

    _FFI: FFI | None = FFI()
except ImportError:  # pragma: no cover - ctypes alone does the same, a little slower
    _FFI = None
_C_NAMES = {ctypes.c_void_p: "uintptr_t", ctypes.c_int: "int", ctypes.c_uint: "unsigned int",
            ctypes.c_ulong: "unsigned long", ctypes.c_float: "float", ctypes.c_double: "double"}


def plain_prototype(fn: Any, restype: Any, *argtypes: Any) -> Any:
    """``fn`` declared again with plain C types (pointers as ``void*``, passed and returned as ints).

    ctypes checks a typed pointer argument on every call; in per-char and
    per-segment loops that check costs more than the call itself (1.5 us
    against 0.5 us a call). Through cffi (pointers as ``uintptr_t``) a call
    costs less again (0.35 us); a null pointer comes back as 0 there and as
    None from ctypes, so callers test it for truth.
    """
    address = ctypes.cast(fn, ctypes.c_void_p).value or 0
    if _FFI is not None:
        signature = f"{_C_NAMES[restype]}(*)({', '.join(_C_NAMES[t] for t in argtypes)})"
        return _FFI.cast(signature, address)
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


# --- page objects and paths
_VOIDP, _INT = ctypes.c_void_p, ctypes.c_int
PAGE_COUNT = plain_prototype(pdfium_c.FPDFPage_CountObjects, _INT, _VOIDP)
PAGE_OBJECT = plain_prototype(pdfium_c.FPDFPage_GetObject, _VOIDP, _VOIDP, _INT)
FORM_COUNT = plain_prototype(pdfium_c.FPDFFormObj_CountObjects, _INT, _VOIDP)
FORM_OBJECT = plain_prototype(pdfium_c.FPDFFormObj_GetObject, _VOIDP, _VOIDP, ctypes.c_ulong)
OBJECT_TYPE = plain_prototype(pdfium_c.FPDFPageObj_GetType, _INT, _VOIDP)
OBJECT_MATRIX = plain_prototype(pdfium_c.FPDFPageObj_GetMatrix, _INT, _VOIDP, _VOIDP)
DRAW_MODE = plain_prototype(pdfium_c.FPDFPath_GetDrawMode, _INT, _VOIDP, _VOIDP, _VOIDP)
FILL_COLOUR = plain_prototype(pdfium_c.FPDFPageObj_GetFillColor, _INT, _VOIDP, _VOIDP, _VOIDP, _VOIDP, _VOIDP)
STROKE_COLOUR = plain_prototype(pdfium_c.FPDFPageObj_GetStrokeColor, _INT, _VOIDP, _VOIDP, _VOIDP, _VOIDP, _VOIDP)
STROKE_WIDTH = plain_prototype(pdfium_c.FPDFPageObj_GetStrokeWidth, _INT, _VOIDP, _VOIDP)
COUNT_SEGMENTS = plain_prototype(pdfium_c.FPDFPath_CountSegments, _INT, _VOIDP)
GET_SEGMENT = plain_prototype(pdfium_c.FPDFPath_GetPathSegment, _VOIDP, _VOIDP, _INT)
SEGMENT_POINT = plain_prototype(pdfium_c.FPDFPathSegment_GetPoint, _INT, _VOIDP, _VOIDP, _VOIDP)
SEGMENT_TYPE = plain_prototype(pdfium_c.FPDFPathSegment_GetType, _INT, _VOIDP)
SEGMENT_CLOSE = plain_prototype(pdfium_c.FPDFPathSegment_GetClose, _INT, _VOIDP)

# --- text page: chars
GET_UNICODE = plain_prototype(pdfium_c.FPDFText_GetUnicode, ctypes.c_uint, _VOIDP, _INT)
GET_TEXT = plain_prototype(pdfium_c.FPDFText_GetText, _INT, _VOIDP, _INT, _INT, _VOIDP)
IS_GENERATED = plain_prototype(pdfium_c.FPDFText_IsGenerated, _INT, _VOIDP, _INT)
LOOSE_CHAR_BOX = plain_prototype(pdfium_c.FPDFText_GetLooseCharBox, _INT, _VOIDP, _INT, _VOIDP)
TEXT_OBJECT_ADDRESS = plain_prototype(pdfium_c.FPDFText_GetTextObject, _VOIDP, _VOIDP, _INT)
CHAR_ORIGIN = plain_prototype(pdfium_c.FPDFText_GetCharOrigin, _INT, _VOIDP, _INT, _VOIDP, _VOIDP)
CHAR_ANGLE = plain_prototype(pdfium_c.FPDFText_GetCharAngle, ctypes.c_float, _VOIDP, _INT)
FONT_SIZE = plain_prototype(pdfium_c.FPDFText_GetFontSize, ctypes.c_double, _VOIDP, _INT)
CHAR_MATRIX = plain_prototype(pdfium_c.FPDFText_GetMatrix, _INT, _VOIDP, _INT, _VOIDP)
OBJECT_FONT = plain_prototype(pdfium_c.FPDFTextObj_GetFont, _VOIDP, _VOIDP)
BASE_FONT_NAME = plain_prototype(pdfium_c.FPDFFont_GetBaseFontName, ctypes.c_ulong, _VOIDP, _VOIDP, ctypes.c_ulong)
FONT_WEIGHT = plain_prototype(pdfium_c.FPDFFont_GetWeight, _INT, _VOIDP)
MARKED_CONTENT_ID = plain_prototype(pdfium_c.FPDFPageObj_GetMarkedContentID, _INT, _VOIDP)
