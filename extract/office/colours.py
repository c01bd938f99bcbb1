"""Colours in Office files: theme colours, tints and shades, Excel's indexed palette → ``#RRGGBB``."""

from __future__ import annotations

import colorsys
import re

_HEX6 = re.compile(r"^[0-9A-Fa-f]{6}$")
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
#: the scheme slots in theme order (Excel's theme index 0..11: lt1, dk1, lt2, dk2, accent1..6, hlink, folHlink)
THEME_ORDER = ("lt1", "dk1", "lt2", "dk2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6",
               "hlink", "folHlink")
#: Word's names for the scheme slots
WORD_THEME_NAMES = {"background1": "lt1", "text1": "dk1", "background2": "lt2", "text2": "dk2",
                    "light1": "lt1", "dark1": "dk1", "light2": "lt2", "dark2": "dk2",
                    "hyperlink": "hlink", "followedHyperlink": "folHlink"}
#: Office's default theme, for a file that carries none
DEFAULT_THEME = {"lt1": "FFFFFF", "dk1": "000000", "lt2": "E7E6E6", "dk2": "44546A", "accent1": "4472C4",
                 "accent2": "ED7D31", "accent3": "A5A5A5", "accent4": "FFC000", "accent5": "5B9BD5",
                 "accent6": "70AD47", "hlink": "0563C1", "folHlink": "954F72"}


def hex_colour(value: str | None) -> str | None:
    """``#RRGGBB`` from ``RRGGBB``/``AARRGGBB``/``#RRGGBB``; None for ``auto`` and the like."""
    if not value:
        return None
    v = value.strip().lstrip("#")
    if len(v) == 8:
        v = v[2:]
    return f"#{v.upper()}" if _HEX6.match(v) else None


def theme_colours(xml: bytes | None) -> dict[str, str]:
    """Scheme slot → ``RRGGBB`` from a theme part (``theme1.xml``)."""
    if not xml:
        return dict(DEFAULT_THEME)
    from lxml import etree

    out = dict(DEFAULT_THEME)
    try:
        root = etree.fromstring(xml)
    except etree.XMLSyntaxError:
        return out
    scheme = root.find(f".//{_A}clrScheme")
    if scheme is None:
        return out
    for slot in scheme:
        name = slot.tag.replace(_A, "")
        for c in slot:
            value = c.get("lastClr") if c.tag == f"{_A}sysClr" else c.get("val")
            if value and _HEX6.match(value):
                out[name] = value.upper()
    return out


def word_tint_shade(rgb: str, tint: str | None, shade: str | None) -> str:
    """Word's ``themeFillTint``/``themeFillShade`` (hex bytes, 0–FF) applied to ``RRGGBB``."""
    chans = [int(rgb[i:i + 2], 16) for i in (0, 2, 4)]
    if tint:
        t = int(tint, 16) / 255
        chans = [round(255 - (255 - c) * t) for c in chans]
    if shade:
        s = int(shade, 16) / 255
        chans = [round(c * s) for c in chans]
    return "#" + "".join(f"{c:02X}" for c in chans)


def excel_tint(rgb: str, tint: float) -> str:
    """Excel's tint (−1…1) applied to ``RRGGBB`` in HLS space (the spec's algorithm)."""
    r, g, b = (int(rgb[i:i + 2], 16) / 255 for i in (0, 2, 4))
    h, lum, s = colorsys.rgb_to_hls(r, g, b)
    lum = lum * (1 + tint) if tint < 0 else lum * (1 - tint) + tint
    r, g, b = colorsys.hls_to_rgb(h, lum, s)
    return "#" + "".join(f"{round(c * 255):02X}" for c in (r, g, b))
