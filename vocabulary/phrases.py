"""Words that leave a phrase unfinished: a line or label ending in one goes on after it."""

from __future__ import annotations

import re
from collections.abc import Iterable

#: conjunctions, articles and prepositions a wrapped line commonly ends with
CONNECTOR_WORDS = ("and", "or", "of", "the", "to", "for", "in", "on", "with", "a", "an", "by", "will")


def connector_end(extra_words: Iterable[str] = (), dashes: str = "–-") -> re.Pattern[str]:
    """A pattern for text ending in a connector word (:data:`CONNECTOR_WORDS` and ``extra_words``)
    or in ``,``, ``(``, ``/``, ``&`` or one of ``dashes`` (trailing spaces allowed)."""
    words = "|".join((*CONNECTOR_WORDS, *extra_words))
    return re.compile(rf"(?:\b(?:{words})|[,(/&{dashes}])\s*$", re.IGNORECASE)
