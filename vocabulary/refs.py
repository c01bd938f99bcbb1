"""Action and objective reference numbers: ``1.4``, ``I.1.1``, ``2.1.3a``.

Plans number priorities with roman numerals in some places and arabic in
others (``PRIORITY I`` … ``I.1.1`` next to ``1.4.2``); the canonical form is
arabic, dot-separated, lower-case suffix letter kept (``I.1.1`` → ``1.1.1``).
"""

from __future__ import annotations

import re
from functools import lru_cache

_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50}

# A ref at the start of a text: roman or arabic head, then .number parts.
_REF_START = re.compile(
    r"""^\s*(?P<ref>
        (?:[IVX]{1,4}|\d{1,3})          # head: 1 or I
        (?:\s?\.\s?\d{1,3})+            # .1 .1 (at least one part)
        [a-z]?                          # 2.1.3a
        |\d{1,3}[a-z]?                  # a bare number: 5 or 5a
    )\.?(?=\s|$|[):])""",
    re.VERBOSE,
)


def roman_to_int(text: str) -> int | None:
    text = text.lower()
    if not text or any(ch not in _ROMAN for ch in text):
        return None
    total = 0
    for i, ch in enumerate(text):
        v = _ROMAN[ch]
        if i + 1 < len(text) and _ROMAN[text[i + 1]] > v:
            total -= v
        else:
            total += v
    return total


def canonical_ref(raw: str | None) -> str | None:
    """``"I.1.1"`` → ``"1.1.1"``; ``" 1 .4 "`` → ``"1.4"``; not a ref → ``None``."""
    if raw is None:
        return None
    m = _REF_START.match(raw)
    if not m or raw[m.end() :].strip(" .):"):
        return None
    return _canonical(m.group("ref"))


def _canonical(ref: str) -> str:
    ref = re.sub(r"\s+", "", ref)
    parts = ref.split(".")
    head = parts[0]
    if not head[0].isdigit():
        n = roman_to_int(head)
        head = str(n) if n is not None else head
    parts[0] = head
    return ".".join(p.lstrip("0") or "0" if p.isdigit() else p for p in parts)


@lru_cache(maxsize=8192)  # asked several times per action cell (anchor, group, title); the result is a tuple
def split_ref(text: str) -> tuple[str | None, str | None, str]:
    """Split a leading ref off a text.

    Returns ``(raw, canonical, rest)``; ``(None, None, text)`` when the text does
    not start with a dotted ref. A bare number (``5``) counts only when it is
    the whole text, so ``20 days`` is not read as ref ``20``.

    >>> split_ref("I.1.1 Elected Members will attend")
    ('I.1.1', '1.1.1', 'Elected Members will attend')
    """
    m = _REF_START.match(text)
    if not m:
        return None, None, text
    raw = m.group("ref")
    rest = text[m.end() :].lstrip(" .):\t")
    if "." not in raw and rest:
        return None, None, text
    return raw.strip(), _canonical(raw), rest


def ref_depth(ref: str | None) -> int:
    """Number of dotted parts: ``1`` → 1, ``1.4`` → 2, ``1.1.1`` → 3."""
    return len(ref.split(".")) if ref else 0


def ref_parent(ref: str | None) -> str | None:
    """``1.4.2`` → ``1.4``; ``1`` → ``None``."""
    if not ref or "." not in ref:
        return None
    return ref.rsplit(".", 1)[0]
