"""Inline markup of flattened text exports: ``**bold**``, ``<b>…</b>``, ``<input …/>``, bullets.

Word-to-text tools leave traces of formatting in the cells they write. The
readers only need the words, plus one bit of formatting: whether a line was
bold (a hint that it is a heading). Functions here are small and pure.
"""

from __future__ import annotations

import re

#: characters Word and PDF-to-text tools use as list bullets (private-use
#: Symbol-font bullets such as U+F0B7 included).
BULLETS = "\uf0b7\uf0a7\uf076\uf0d8\uf0fc\u2022\u25aa\u25cf\u25e6\u2023\u2043\u25a0\u25a1\u2219\u00b7\u27a2"

_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]*>")
_BOLD_STARS = re.compile(r"\*\*|__")
_BULLET_AT = re.compile(r"(?:^|\s)[%s]\s*" % re.escape(BULLETS))
_DASH_BULLET = re.compile(r"^\s*[-–]\s+(?=\S)")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
_BOLD_OPEN = re.compile(r"^\s*(?:\*\*|<b>|<strong>)", re.IGNORECASE)


def strip_markup(text: str) -> str:
    """The plain words of a cell: tags, ``**``, bullets and extra spaces removed.

    >>> strip_markup("<b>EARLY HELP</b>")
    'EARLY HELP'
    >>> strip_markup("**PRIORITY 2 - EARLY HELP;** Early Help and …")
    'PRIORITY 2 - EARLY HELP; Early Help and …'
    >>> strip_markup("\\uf0b7 Assessment practice standards \\uf0b7 Training")
    'Assessment practice standards Training'
    """
    text = _TAG.sub(" ", text)
    text = _BOLD_STARS.sub("", text)
    text = _BULLET_AT.sub(" ", text)
    text = _DASH_BULLET.sub("", text)
    return _SPACES.sub(" ", text).strip()


def split_bullets(text: str) -> list[str]:
    """Split a cell on its bullet characters; a cell without bullets is one item."""
    parts = re.split(r"[%s]" % re.escape(BULLETS), _TAG.sub(" ", text))
    items = [strip_markup(p) for p in parts]
    return [p for p in items if p]


def starts_bold(text: str) -> bool:
    """True when the text opens with a bold run (``**…`` or ``<b>…``)."""
    return bool(_BOLD_OPEN.match(text))


def bold_lead(text: str) -> str | None:
    """The words of the opening bold run, or ``None`` when the text does not start bold.

    >>> bold_lead("**PRIORITY 3 – ROBUST PRACTICE** Social work practice is …")
    'PRIORITY 3 – ROBUST PRACTICE'
    """
    m = re.match(r"^\s*(?:\*\*(.+?)\*\*|<(b|strong)>(.+?)</\2>)", text, re.IGNORECASE | re.DOTALL)
    if not m:
        return None
    return strip_markup(m.group(1) or m.group(3)) or None


def is_form_control(text: str) -> bool:
    """A cell holding only an HTML form control (``<input type="checkbox"/>``): no content."""
    return bool(text.strip()) and not strip_markup(text) and "<input" in text.lower()
