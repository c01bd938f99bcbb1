"""``pdftotext -layout`` exports: columns aligned with spaces, form feeds between pages.

Detection only for now; reading such files is phase 2 (the reader raises a
clear :class:`ExtractError` until then).
"""

from __future__ import annotations

import re

from plantables.extract.model import Document, ExtractError

_GAP = re.compile(r"\S {3,}\S")


def is_layout_text(text: str, lines: list) -> bool:
    """Space-aligned text: form feeds or many lines with wide gaps, and hardly any tabs."""
    rows = [ln for ln in text.splitlines() if ln.strip()]
    if not rows:
        return False
    tabbed = sum(1 for ln in rows if "\t" in ln)
    if tabbed > len(rows) * 0.05:
        return False
    gapped = sum(1 for ln in rows if _GAP.search(ln))
    return "\f" in text or gapped >= max(3, len(rows) * 0.3)


def read_layout_text(path: str, text: str) -> Document:
    raise ExtractError(path, "is pdftotext -layout text, which this build cannot read yet (export with tabs)")
