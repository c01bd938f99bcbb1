"""Status and RAG values from the wording and colours of plan cells.

Status cells are free text typed by many hands: ``COMPLETED``, ``COMPLTED``,
``COMPLETE D``, ``IN PROCESS``, ``On track - Service Plans are being
refreshed…``, ``COMPLETED COMPLETED COMPLETED``. :func:`classify_status` maps
them onto the canonical values of :data:`plantables.vocabulary.values.STATUS_VALUES`
with a vocabulary (``data/status.toml``, user-extendable through
:mod:`plantables.normalise.config`) and rapidfuzz for typos. The confidence says
how the value was found:

=========================================  ==========================
whole cell is a vocabulary phrase          1.0
cell is only phrases (repeats, ``X and Y``) 0.95 (all agree) / 0.8
whole cell is a colour word (``Green``)     0.7
whole cell is a typo of a phrase           0.95 × rapidfuzz ratio / 100
a phrase leads a longer text               0.9
the leading words are a typo of a phrase   0.8 × ratio / 100
a phrase somewhere inside prose            0.6
nothing recognised -> ``unknown``          0.2
=========================================  ==========================

RAG colours come as words (:func:`rag_from_text`) or as cell fills
(:func:`rag_from_fill`, nearest colour by hue/saturation/value).
"""

from __future__ import annotations

import colorsys
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from plantables.vocabulary.values import STATUS_VALUES, Status

_WORD = re.compile(r"[a-z0-9]+")
#: words allowed between phrases in a cell that is "only phrases"
_CONNECTORS = frozenset({"and", "but", "now", "also", "all", "fully", "is", "are", "then"})
#: separators that end a leading status phrase in an update (``On track - …``);
#: a hyphen counts only with a space on one side, so ``on-going`` stays a word.
_UPDATE_HEAD = re.compile(r"\s[-–—]|[-–—]\s|[:;(,]|\.(?:\s|$)|$")

_RAG_WORDS = {
    "red": "red", "r": "red",
    "amber": "amber", "a": "amber", "yellow": "amber", "orange": "amber",
    "green": "green", "g": "green",
    "blue": "blue", "b": "blue",
    "grey": "grey", "gray": "grey",
}
_RAG_NOISE = frozenset({"rag", "status", "rating", "brag"})


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


@dataclass(frozen=True)
class StatusVocabulary:
    """Phrase -> canonical status, plus the status a lone RAG colour implies."""

    phrases: Mapping[str, str]  # normalised phrase ("on track") -> value
    rag: Mapping[str, str]  # "green" -> "on_track"

    @classmethod
    def default(cls) -> StatusVocabulary:
        return _default_vocabulary()

    @classmethod
    def from_toml(cls, data: Mapping) -> StatusVocabulary:
        phrases: dict[str, str] = {}
        for value, items in data.get("phrases", {}).items():
            for phrase in items:
                phrases[" ".join(_words(phrase))] = _check_value(value, phrase)
        rag = {k: _check_value(v, k) for k, v in data.get("rag", {}).items()}
        return cls(phrases, rag)

    def with_phrases(self, extra: Mapping[str, str]) -> StatusVocabulary:
        """A copy with user phrases added (``{"signed off by board": "complete"}``)."""
        phrases = dict(self.phrases)
        for phrase, value in extra.items():
            phrases[" ".join(_words(phrase))] = _check_value(value, phrase)
        return StatusVocabulary(phrases, dict(self.rag))

    @cached_property
    def _index(self) -> _Index:
        by_tokens = {tuple(p.split()): v for p, v in self.phrases.items() if p}
        return _Index(
            by_tokens=by_tokens,
            max_len=max((len(t) for t in by_tokens), default=1),
            choices=list(self.phrases),
            squashed={p.replace(" ", ""): p for p in self.phrases},
            vocab_words=frozenset(w for t in by_tokens for w in t),
        )


def _check_value(value: str, phrase: str) -> str:
    if value not in STATUS_VALUES:
        raise ValueError(
            f"status phrase {phrase!r}: {value!r} is not one of {', '.join(STATUS_VALUES)}"
        )
    return value


@lru_cache(maxsize=1)
def _default_vocabulary() -> StatusVocabulary:
    text = resources.files("plantables.vocabulary").joinpath("data/status.toml").read_text("utf-8")
    return StatusVocabulary.from_toml(tomllib.loads(text))


@dataclass(frozen=True)
class _Index:
    by_tokens: dict[tuple[str, ...], str]
    max_len: int
    choices: list[str]  # phrases, for rapidfuzz
    squashed: dict[str, str]  # phrase without spaces -> phrase
    vocab_words: frozenset[str]


def _join_split_words(tokens: list[str], vocab_words: frozenset[str]) -> list[str]:
    """``complete d`` -> ``completed``: PDF text often splits a word in two."""
    out: list[str] = []
    for tok in tokens:
        if out and (out[-1] + tok) in vocab_words and (
            out[-1] not in vocab_words or tok not in vocab_words
        ):
            out[-1] = out[-1] + tok
        else:
            out.append(tok)
    return out


def _phrase_at(tokens: list[str], i: int, idx: _Index) -> tuple[int, str] | None:
    """Longest vocabulary phrase starting at token ``i``: (length, value)."""
    for n in range(min(idx.max_len, len(tokens) - i), 0, -1):
        value = idx.by_tokens.get(tuple(tokens[i : i + n]))
        if value is not None:
            return n, value
    return None


def _scan_phrases(tokens: list[str], idx: _Index) -> tuple[list[str], bool]:
    """Values of the phrases in reading order, and whether nothing else is there."""
    values: list[str] = []
    only_phrases = True
    i = 0
    while i < len(tokens):
        hit = _phrase_at(tokens, i, idx)
        if hit:
            values.append(hit[1])
            i += hit[0]
            continue
        if tokens[i] not in _CONNECTORS:
            only_phrases = False
        i += 1
    return values, only_phrases


def _fuzzy(text: str, idx: _Index, cutoff: float) -> tuple[str, float] | None:
    """Best phrase for a short text: rapidfuzz ratio above ``cutoff`` (spaces kept or
    squashed), the fewest edits (Levenshtein) deciding between close candidates
    (``iomplete`` is one edit from ``complete``, two from ``incomplete``)."""
    best: tuple[str, float] | None = None
    hits = process.extract(text, idx.choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=5)
    if hits:
        phrase, score, _ = min(hits, key=lambda h: (Levenshtein.distance(text, h[0]), -h[1]))
        best = (phrase, score)
    if " " in text:  # "on trackk s": words split or joined differently
        squashed = text.replace(" ", "")
        hit = process.extractOne(squashed, list(idx.squashed), scorer=fuzz.ratio, score_cutoff=cutoff)
        if hit and (best is None or hit[1] > best[1]):
            best = (idx.squashed[hit[0]], hit[1])
    return best


def classify_status(
    text: str | None, *, vocabulary: StatusVocabulary | None = None
) -> Status | None:
    """Canonical status of a status cell; ``None`` for an empty cell.

    >>> classify_status("COMPLTED").value
    'complete'
    >>> classify_status("On track - Service Plans are being refreshed").value
    'on_track'
    """
    if text is None or not text.strip():
        return None
    vocab = vocabulary or _default_vocabulary()
    idx = vocab._index
    raw = text.strip()
    tokens = _join_split_words(_words(raw), idx.vocab_words)
    if not tokens:
        return Status(raw, "unknown", 0.1)
    joined = " ".join(tokens)
    value = vocab.phrases.get(joined)
    if value is not None:
        return Status(raw, value, 1.0)
    values, only_phrases = _scan_phrases(tokens, idx)
    if values and only_phrases:
        agree = len(set(values)) == 1
        return Status(raw, values[0], 0.95 if agree else 0.8)
    rag = _RAG_WORDS.get(joined) if len(tokens) == 1 and len(joined) > 1 else None
    if rag and rag in vocab.rag:
        return Status(raw, vocab.rag[rag], 0.7)
    if len(tokens) <= 5:
        hit = _fuzzy(joined, idx, cutoff=80)
        if hit:
            return Status(raw, vocab.phrases[hit[0]], round(0.95 * hit[1] / 100, 3))
    lead = _phrase_at(tokens, 0, idx)
    if lead:
        return Status(raw, lead[1], 0.9)
    for n in (3, 2, 1):
        if len(tokens) > n:
            hit = _fuzzy(" ".join(tokens[:n]), idx, cutoff=88)
            if hit and len(hit[0].split()) == n:
                return Status(raw, vocab.phrases[hit[0]], round(0.8 * hit[1] / 100, 3))
    if values:
        return Status(raw, values[0], 0.6)
    return Status(raw, "unknown", 0.2)


def status_from_update(
    text: str | None, *, vocabulary: StatusVocabulary | None = None
) -> Status | None:
    """Status from the leading words of an update (``On track - …``, ``Complete - …``).

    ``None`` when the update does not start with status words followed by a
    separator (dash, colon, full stop, bracket) or the end of the text, so
    prose such as ``Started work with partners`` is not read as a status.
    """
    if text is None or not text.strip():
        return None
    vocab = vocabulary or _default_vocabulary()
    raw = text.strip()
    m = _UPDATE_HEAD.search(raw)
    head = raw[: m.start()] if m else raw
    tokens = _words(head)
    if not tokens or len(tokens) > 4:
        return None
    joined = " ".join(tokens)
    if joined in vocab.phrases:
        return Status(raw, vocab.phrases[joined], 0.95)
    rag = _RAG_WORDS.get(joined) if len(joined) > 1 else None
    if rag and rag in vocab.rag:
        return Status(raw, vocab.rag[rag], 0.6)
    hit = _fuzzy(joined, vocab._index, cutoff=85)
    if hit:
        return Status(raw, vocab.phrases[hit[0]], round(0.9 * hit[1] / 100, 3))
    return None


#: (a line break before a lower-case word is a wrap inside a sentence, not its end)
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+(?![a-z])")
#: where a sentence's clauses meet: the status is stated in one of them
_CLAUSE = re.compile(r"\s*[,;:(]\s*|\s+(?:and|but|once|as|with|while|because|due to|following|although|until"
                     r"|which|so that|after|before|pending)\s+", re.IGNORECASE)
#: words that make the phrase after them a statement of state ("… is now in place", "has been completed")
_STATE_VERBS = frozenset({"is", "are", "was", "were", "been", "now", "being", "be", "remains", "remain"})
#: words that make a clause a wish, a condition or a plan, not a statement of state ("… will be achieved")
_HEDGES = frozenset({"will", "would", "should", "shall", "could", "may", "might", "must", "if", "when", "until",
                     "ensure", "ensuring", "so", "that", "aim", "expected", "hope", "need", "needs", "to"})


def status_in_prose(text: str | None, *, vocabulary: StatusVocabulary | None = None) -> Status | None:
    """Status stated in an update's prose when no phrase leads it off (confidence 0.5).

    The update is cut into sentences and clauses (at commas and words such as ``and``,
    ``once``, ``as``); a clause that opens with a phrase of two or more words (``Not yet
    progressed``, ``In planning stage``) or with a participle (``Planned for October``; not
    the imperative ``Complete 10 audits``), or that ends with a phrase after a verb of state
    or a phrase of two or more words (``The new process is now in place``, ``This has been
    completed``) states it, and is the status as printed. A phrase in the middle of a clause
    says nothing (``the draft was shared``). The first clause that states one gives it.
    """
    if text is None or not text.strip():
        return None
    vocab = vocabulary or _default_vocabulary()
    idx = vocab._index
    for sentence in _SENTENCE.split(text.strip())[:6]:
        for clause in _CLAUSE.split(sentence):
            tokens = _join_split_words(_words(clause), idx.vocab_words)
            if not tokens:
                continue
            value = None
            lead = _phrase_at(tokens, 0, idx)
            if lead and (lead[0] >= 2 or tokens[0].endswith("ed")):
                value = lead[1]
            elif not _HEDGES.intersection(tokens):
                for n in range(min(idx.max_len, len(tokens) - 1), 0, -1):
                    hit = idx.by_tokens.get(tuple(tokens[-n:]))
                    if hit is not None and (n >= 2 or tokens[-n - 1] in _STATE_VERBS):
                        value = hit
                        break
            if value is not None:
                return Status(" ".join(clause.split()).strip(" .;,"), value, 0.5)
    return None


def rag_from_text(text: str | None) -> str | None:
    """RAG colour named in a cell: ``Red``/``R``, ``Amber``/``A``/``Yellow``, ``Green``/``G``,
    ``Blue``/``B``, ``Grey``; ``Green - on track`` -> ``green``.

    Status words (``Complete``) give ``None``: BRAG schemes disagree on their
    colour, so only a colour word is taken as a colour.
    """
    if not text:
        return None
    tokens = [t for t in _words(text) if t not in _RAG_NOISE]
    if not tokens:
        return None
    first = tokens[0]
    if len(first) == 1:
        # single letters only when the cell is letters alone ("G", "A/G")
        if all(len(t) == 1 and t in _RAG_WORDS for t in tokens) and len(tokens) <= 2:
            return _RAG_WORDS[first]
        return None
    colour = _RAG_WORDS.get(first)
    if colour is None:
        return None
    rest = text.lower().split(first, 1)[1].lstrip()
    if len(tokens) <= 3 or not rest or rest[0] in "-–—:/,;(.":
        return colour
    return None


#: hue sectors in degrees (start inclusive) -> RAG colour; see rag_from_fill.
_HUE_SECTORS = (
    (0.0, "red"),
    (14.0, "amber"),  # oranges, golds and yellows (#FFC000, #F4B183, #FFFF00)
    (68.0, "green"),  # yellow-greens (#92D050) to sea greens (#00B050)
    (172.0, "blue"),  # cyans and blues (#00B0F0, #0070C0, #BDD7EE)
    (255.0, "none"),  # purples and magentas are not RAG colours
    (325.0, "red"),  # pinks and crimsons (#FFC7CE, #C00000 wraps to 0)
)


@lru_cache(maxsize=256)  # a document uses a handful of fills, met cell after cell
def rag_from_fill(fill: str | None) -> str | None:
    """RAG colour nearest to a ``#RRGGBB`` cell fill, or ``None``.

    Word and Excel themes give many shades of each colour, so the fill is
    named by its hue sector in HSV (a perceptual split that RGB distance is
    not: ``#92D050`` is nearer ``#FFC000`` than ``#00B050`` in RGB yet reads
    green). Unsaturated fills are white/near-white (``None``: an ordinary cell,
    including 80% theme tints used for banding) or grey; near-black is ``None``.
    """
    if not fill:
        return None
    m = re.fullmatch(r"\s*#?([0-9a-fA-F]{6})\s*", fill)
    if not m:
        return None
    r, g, b = (int(m.group(1)[i : i + 2], 16) / 255 for i in (0, 2, 4))
    h, s, v = colorsys.rgb_to_hsv(r, g, b)
    if v < 0.2:
        return None
    if s < 0.12:
        return None if v > 0.9 else "grey"
    hue = h * 360
    name = "red"
    for start, colour in _HUE_SECTORS:
        if hue >= start:
            name = colour
    return None if name == "none" else name
