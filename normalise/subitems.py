"""Sub-actions lettered or numbered in sequence inside an action's cell (``a) … b) … c) …``).

A title line over items labelled ``a)``, ``(b)``, ``c.``, ``i)``, ``(ii)`` or ``1)``, counting up
from the first, is an action over its sub-actions, as bullets under a title are; a lone label,
letters that do not count up, or items ending in ``;``/``, and``/``; or`` (the clauses of one
sentence, a policy's criteria) are text.
"""

from __future__ import annotations

import re

#: a line opening with a list label: ``a)``, ``(b)``, ``c.``, ``ii)``, ``(iv)``, ``3)``
_ITEM = re.compile(r"^[ \t]*\(?(?P<label>[a-z]|[ivx]{1,4}|\d{1,2})(?:\)|(?<=[a-z])\.)[ \t]+(?=\S)", re.MULTILINE)
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")


def _label_rank(label: str, roman: bool) -> int | None:
    if label.isdigit():
        return int(label)
    if roman:
        return _ROMAN.index(label) + 1 if label in _ROMAN else None
    return ord(label) - ord("a") + 1 if len(label) == 1 else None


def lettered_items(cell_text: str) -> list[tuple[int, int]]:
    """``(start, end of label)`` of the list items lettered or numbered in sequence (``a) … b) …``,
    ``(i) … (ii) …``, ``1) … 2) …``) at line starts, after a first line of their own: a title
    over its sub-actions. Empty unless at least two items count up from the first label."""
    found = [m for m in _ITEM.finditer(cell_text) if m.start() > 0]
    if len(found) < 2:
        return []
    roman = found[0].group("label") == "i" and found[1].group("label") == "ii"
    items: list[tuple[int, int]] = []
    for m in found:
        rank = _label_rank(m.group("label"), roman)
        if rank == len(items) + 1:
            items.append((m.start(), m.end()))
    if len(items) < 2 or not cell_text[: items[0][0]].strip():
        return []
    # items ending in ';', ',' or 'and'/'or' are the clauses of one sentence (a policy's criteria), not steps
    if any(_CLAUSE_END.search(cell_text[end:nxt]) for (_, end), (nxt, _) in zip(items, items[1:])):
        return []
    return items


_CLAUSE_END = re.compile(r"(?:[;,]|\b(?:and|or))\s*$", re.IGNORECASE)
