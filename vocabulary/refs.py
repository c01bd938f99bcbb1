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


#: a word naming what the ref numbers, printed before it: "Objective 2.1: …", "Action 3 - …"
_LABEL = re.compile(r"^\s*(?:objective|outcome|action|aim|goal|priority|theme|task|milestone|ref(?:erence)?|no)\b\.?\s*",
                    re.IGNORECASE)
_BARE = re.compile(r"^\s*(\d{1,2})[.):]?\s+(?=[A-Z])")


def split_labelled_ref(text: str, *, bare: bool = False) -> tuple[str | None, str | None, str]:
    """:func:`split_ref`, also after a label word (``Objective 2.1: Improve …``, ``Action 3 - …``,
    the label dropped with the ref), and, when ``bare``, a lone number before a capitalised word
    (``1 Ensure that …``: objectives numbered 1, 2, 3 in a merged cell; ``20 days`` is no ref)."""
    raw, ref, rest = split_ref(text)
    if raw is not None:
        return raw, ref, rest
    m = _LABEL.match(text)
    if m:
        after = text[m.end():]
        head = re.match(r"^(\d{1,3}[a-z]?|[IVX]{1,4})\s*(?=[:\-–—.)]|\s+[A-Z]|$)", after)
        raw, ref, rest = split_ref(after)
        if raw is None and head:  # "Objective 2: …", "Priority IV – …"
            raw = head.group(1)
            rest = after[head.end():]
            ref = _canonical(raw) if raw[0].isdigit() else (str(roman_to_int(raw)) if roman_to_int(raw) else None)
        if raw is not None and ref is not None:
            return raw, ref, rest.lstrip(" :-–—.)\t")
        return None, None, text
    if bare:
        m = _BARE.match(text)
        if m:
            return m.group(1), m.group(1).lstrip("0") or "0", text[m.end():]
    return None, None, text
