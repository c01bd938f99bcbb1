"""Map header wording to canonical plan fields.

Councils name the same column many ways (``Who?``, ``Lead``, ``Owner``,
``Responsible officer``). :func:`match_field` scores a header label against a
synonym table: a synonym whose words appear as a phrase in the label wins
(the longest such phrase, so ``Desired Outcome`` beats ``Outcome``); otherwise
rapidfuzz's ``token_sort_ratio`` on normalised words, for typos and word order.

Month columns of a timeframe grid (``23-Sep``, ``Apr``, ``Q1 2024``) are not in
the table: they are recognised by :func:`looks_like_period_label`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

#: canonical field -> synonyms (lower case, plain words). Order matters only
#: for documentation; matching picks the best score.
FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "ref": (
        "nos", "no", "ref", "reference", "ref no", "action no", "action number",
        "action ref", "id", "number", "item", "task id",
    ),
    "objective": (
        "what", "desired outcome", "objective", "objectives", "aim", "outcome we want",
        "recommendation", "area for improvement", "improvement area", "issue", "priority area",
        "what we want to achieve", "intended outcome", "key objective",
        "goal", "goals", "outcome sought", "priority outcome", "strategic objective",
    ),
    "action": (
        "how", "actions", "action", "activity", "activities", "tasks", "task",
        "what we will do", "action required", "actions required", "key actions",
        "description", "action description", "deliverable", "deliverables", "risk title",
    ),
    "lead": (
        "who", "lead", "leads", "owner", "action owner", "responsible officer", "responsible",
        "lead officer", "accountable", "accountable officer", "lead person", "by whom",
        "responsibility",
    ),
    "timeframe": (
        "when", "timeframe", "timescale", "timescales", "deadline", "target date", "due date",
        "by when", "completion date", "date", "due", "target completion", "time frame",
        "timeline", "finish", "finish date", "end date", "milestone", "date due", "end",
    ),
    # the first month of a span printed in a column of its own (``Start | Finish``)
    "start": ("start", "start date", "starts", "planned start", "date started", "commencement date", "begin"),
    "measures": (
        "success measures", "success measure", "how will we measure", "performance indicator",
        "success indicator", "indicator", "expected impact", "intended impact",
        "how will we measure the difference", "measures", "measure of success",
        "success criteria", "kpi", "evidence of impact", "impact measures", "how will we know",
        "outcome measures", "evidence", "how we will know", "outcome measure",
        "what success looks like",
    ),
    "status": (
        "current status", "status", "progress", "progress status", "delivery status",
        "overall status", "progress rating",
    ),
    "rag": ("rag", "rag status", "rag rating", "rating", "brag"),
    "update": (
        "outcome", "monthly update", "progress update", "update", "updates", "comments",
        "commentary", "monthly hos update", "progress to date", "latest update", "notes",
        "progress comments", "position statement", "current position", "position",
        "progress so far", "where we are", "where we are now",
    ),
    "section": (
        "priority", "priorities", "theme", "themes", "section", "strand", "workstream", "work stream",
        "strategic priority", "corporate priority", "key priority", "priority theme", "strategic theme",
    ),
    "risk_ref": (
        "risk register reference", "risk reference", "risk ref", "risk", "risk register ref",
        "risk id",
    ),
}

_WORD = re.compile(r"[a-z0-9]+")
_MARKUP = re.compile(r"<[^>]*>|\*\*|__")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_PERIOD_LABEL = re.compile(
    r"""^\s*(?:
        \d{2}[-/]?\s*(?:%(m)s)[a-z]*          # 23-Sep
      | (?:%(m)s)[a-z]*[-/']?\s*(?:\d{2}|\d{4})?  # Sep, Sep-23, Sept 2023, Sep-⏎23 (wrapped at the hyphen)
        (?:\s+(?:%(m)s)[a-z]*[-/']?\s*(?:\d{2}|\d{4})?)*  # Sep-16 Oct-16 (two columns read as one)
      | q[1-4](?:\s+q[1-4])*\s*(?:\d{2}|\d{4})?(?:/\d{2,4})? # Q1, Q1 2024, Q1 23/24; Q2 Q3 (two columns read as one)
      | (?:\d{4}|\d{2})\s*/\s*(?:\d{4}|\d{2})  # 2023/24
    )\s*$""" % {"m": "|".join(_MONTHS)},
    re.VERBOSE | re.IGNORECASE,
)


def words(label: str) -> list[str]:
    """Lower-case words of a label, markup and punctuation removed."""
    return _WORD.findall(_MARKUP.sub(" ", label).lower())


def looks_like_period_label(label: str) -> bool:
    """True for timeframe-grid column labels such as ``23-Sep``, ``Apr``, ``Q1 2024``."""
    return bool(_PERIOD_LABEL.match(_MARKUP.sub("", label)))


@dataclass(frozen=True)
class FieldMatch:
    field: str | None
    score: float  # 0..100
    synonym: str | None = None


_CHOICES = [(syn, f) for f, syns in FIELD_SYNONYMS.items() for syn in syns]
_SEGMENT = re.compile(r"[?/;|(\n]")
_PREPOSITIONS = frozenset({"of", "on", "for", "against", "towards", "about"})
#: words of a label pointing to another document or plan: no field of this one
_CROSS_REFERENCE = frozenset({"link", "linked", "linkage", "see"})


def _singular(word: str) -> str:
    """'milestones' -> 'milestone', 'measures' -> 'measure'; 'progress', 'status', 'success' kept."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")) else word


def _phrase_end(phrase: list[str], tokens: list[str]) -> int | None:
    """Where the last occurrence of ``phrase`` in ``tokens`` ends, or None."""
    n = len(phrase)
    ends = [i + n for i in range(len(tokens) - n + 1) if tokens[i : i + n] == phrase]
    return ends[-1] if ends else None


_SINGULAR_CHOICES = [(syn, f, [_singular(t) for t in syn.split()]) for syn, f in _CHOICES]
#: each synonym's words, and its words sorted (a question's inverted order), split once
_WORD_CHOICES = [(syn.split(), f, syn) for syn, f in _CHOICES]
_SORTED_CHOICES = [(sorted(syn.split()), f, syn) for syn, f in _CHOICES]
_CHOICE_NAMES = [syn for syn, _ in _CHOICES]


def match_field(label: str, *, threshold: float = 82.0) -> FieldMatch:
    """Best canonical field for a header label, or ``FieldMatch(None, score)``.

    >>> match_field("Who?").field
    'lead'
    >>> match_field("Desired Outcome").field
    'objective'
    >>> match_field("SEPT Monthly HoS update").field
    'update'
    """
    return _match_field(label, threshold)


# Every table row of every page asks again about the same few labels (the
# header repeats): remember the answers (FieldMatch is frozen, safe to share).
@lru_cache(maxsize=4096)
def _match_field(label: str, threshold: float) -> FieldMatch:
    tokens = words(label)
    if not tokens:
        return FieldMatch(None, 0.0)
    # 1. whole-label match, then the longest synonym phrase inside the label (plurals as singulars:
    # 'Key milestones'); of one-word synonyms, the head noun's: the last before a preposition
    # ('Action status' is a status, 'Status update' an update, 'Commentary on progress' a commentary).
    for syn_words, fld, syn in _WORD_CHOICES:
        if syn_words == tokens:
            return FieldMatch(fld, 100.0, syn)
    # a label asked as a question inverts its words ('What will we do?', 'Where are we now?'):
    # all of a phrase's words and no others, in another order, are that phrase
    if len(tokens) >= 3:
        in_order = sorted(tokens)
        for syn_sorted, fld, syn in _SORTED_CHOICES:
            if syn_sorted == in_order:
                return FieldMatch(fld, 100.0, syn)
    singular = [_singular(t) for t in tokens]
    head_end = next((i for i, t in enumerate(tokens) if t in _PREPOSITIONS and i > 0), len(tokens))
    # two labels run together ('What? Responsibility', 'Comments/Update'): the first one's words lead
    first = words(_SEGMENT.split(label, 1)[0])
    if first:
        head_end = min(head_end, len(first))
    best: FieldMatch | None = None
    best_key = (0, -1000)
    present = set(singular)
    for syn, fld, syn_singular in _SINGULAR_CHOICES:
        if syn_singular and syn_singular[0] not in present:
            continue  # (the phrase's first word is not in the label)
        end = _phrase_end(syn_singular, singular)
        if end is not None:
            n = len(syn_singular)
            # one-word synonyms: the head noun; longer phrases: the first (two labels run together)
            key = (n, (end if end <= head_end else -100 - end) if n == 1 else -end)
            if key > best_key:
                best, best_key = FieldMatch(fld, 90.0, syn), key
    best_len = best_key[0]
    # A column about risks is about risks whatever else its label names ('Risk description' is no
    # description of the action, 'Risk owner' no action lead): the risk field, its content decides the rest.
    if "risk" in singular:
        return FieldMatch("risk_ref", 90.0, "risk")
    if _CROSS_REFERENCE & set(singular):
        return FieldMatch(None, 0.0)  # 'Link to corporate priority', 'Linked strategy': a pointer elsewhere
    # A one-word phrase inside a long label is weak evidence ("report" in prose).
    if best is not None and (best_len >= 2 or len(tokens) <= 4):
        return best
    # 2. fuzzy: typos and re-ordered words.
    joined = " ".join(tokens)
    hit = process.extractOne(joined, _CHOICE_NAMES, scorer=fuzz.token_sort_ratio)
    if hit is not None and hit[1] >= threshold:
        syn = hit[0]
        return FieldMatch(_CHOICES[hit[2]][1], float(hit[1]), syn)
    if best is not None:
        return FieldMatch(best.field, 70.0, best.synonym)
    return FieldMatch(None, float(hit[1]) if hit else 0.0)


def map_columns(labels: list[str]) -> dict[int, str]:
    """Map column index -> canonical field for a header row.

    Month labels map to ``"month"``. When two columns claim the same field the
    better score keeps it and the other is left unmapped (``"extra"`` columns
    are not lost: the normaliser keeps their text in the update).
    """
    claims: dict[str, tuple[float, int]] = {}
    result: dict[int, str] = {}
    for i, label in enumerate(labels):
        if looks_like_period_label(label):
            result[i] = "month"
            continue
        m = match_field(label)
        if m.field is None:
            continue
        prev = claims.get(m.field)
        if prev is None or m.score > prev[0]:
            if prev is not None:
                result.pop(prev[1], None)
            claims[m.field] = (m.score, i)
            result[i] = m.field
    return result


def header_score(labels: list[str]) -> float:
    """How much a row of labels looks like a plan table header (0..1).

    The share of non-empty labels that map to a field, weighted by how many
    distinct core fields (ref/objective/action/lead/timeframe/status) appear.
    """
    non_empty = [lab for lab in labels if lab.strip()]
    if len(non_empty) < 2:
        return 0.0
    mapped = map_columns(labels)
    fields = {f for f in mapped.values() if f != "month"}
    core = fields & {"ref", "objective", "action", "lead", "timeframe", "status", "measures"}
    if len(core) < 2:
        return 0.0
    share = sum(1 for i, lab in enumerate(labels) if lab.strip() and i in mapped) / len(non_empty)
    return min(1.0, share * (0.5 + 0.1 * len(core)))
