"""Numeric targets in success-measure text.

``Target – 59.1%``, ``70% of all ICPCs to be held within 15 working days``,
``increase by 10%``, ``2 % target reduction``, ``at least 20 children per
quarter`` -> :class:`plantables.normalise.records.Target` (value, unit,
direction). Precision over recall: a number is a target only when it is a
percentage, or a count/duration with a target cue (``at least``, ``target``,
``reduce to``…). Quarters, years, dates, refs (``1.4``, ``S47``), ``Phase 2``
and ``Key Stage 4`` are never targets. A duration (``within 15 working
days``) in a cell with a percentage, or in a clause about a percentage, a
rate or a change (``Fewer re-referrals within 12 months``), qualifies that
measure and is not a target of its own.
"""

from __future__ import annotations

import re

from plantables.normalise.records import Target

_NUM = r"(\d{1,3}(?:,\d{3})*(?:\.\d+)?|\d+(?:\.\d+)?)"
_DIGIT = re.compile(r"\d")
_PERCENT = re.compile(r"(?<![\w.,/])%s\s*(?:%%|per\s*cent\b|percent\b)" % _NUM, re.I)
_DURATION = re.compile(
    r"(?<![\w.,/])%s\s*(?:working\s+|calendar\s+|school\s+)?"
    r"(days?|weeks?|months?|hours?|hrs?|minutes?|mins?)\b" % _NUM,
    re.I,
)
_COUNT = re.compile(r"(?<![\w.,/%%])%s\s+([a-z][a-z\-']+)" % _NUM, re.I)
_PHRASE_START = re.compile(r"\btarget\b|[–—:]|\s-\s", re.I)
#: a duration in a clause about a change ("Fewer re-referrals within 12 months")
#: is the window of that measure, not a target
_CHANGE_WORDS = re.compile(r"\b(?:fewer|reduc\w*|increas\w*|decreas\w*|improv\w*|lower|higher)\b", re.I)
_RATE_WORDS = re.compile(r"percentage|proportion|\brate\b|\bper\s*cent", re.I)
_CLAUSE_END = re.compile(r"[.;!?](?:\s|$)|\n")

_DIRECTIONS = (
    ("at_least", r"at\s+least|a\s+minimum\s+of|minimum(?:\s+of)?|no\s+(?:less|fewer)\s+than"
     r"|not\s+(?:less|fewer)\s+than|or\s+(?:more|above|higher|better)|and\s+above|≥|>=|\bover\b|"
     r"\babove\b|more\s+than|greater\s+than|exceed"),
    ("at_most", r"no\s+more\s+than|not\s+more\s+than|at\s+most|a\s+maximum\s+of|maximum(?:\s+of)?"
     r"|or\s+(?:less|fewer|below|lower)|less\s+than|fewer\s+than|\bbelow\b|\bunder\b|≤|<="),
    ("increase", r"increas\w*|\brais\w*|\bris\w*|improv\w*|\bgrow\w*|\bboost\w*|\buplift"),
    ("reduce", r"reduc\w*|decreas\w*|\blower\w*|\bfall\w*|\bdrop\w*|\bcut\b|\bdeclin\w*"),
)
_DIRECTION_RES = [(d, re.compile(p, re.I)) for d, p in _DIRECTIONS]
_AFTER = re.compile(
    r"[\s\-–]*(?:target\s+|\w+\s+(?=minimum|maximum))?(?:(?P<at_least>minimum|or\s+(?:more|above|higher|over)"
    r"|and\s+(?:above|over))|(?P<at_most>maximum|or\s+(?:less|fewer|below|under))"
    r"|(?P<increase>increas\w*|rise\b|improvement)|(?P<reduce>reduc\w*|decreas\w*|fall\b|drop\b))",
    re.I,
)
#: a count needs one of these cues just before it
_COUNT_CUE = re.compile(
    r"(?:at\s+least|minimum(?:\s+of)?|a\s+minimum\s+of|no\s+(?:more|less|fewer)\s+than|"
    r"maximum(?:\s+of)?|a\s+maximum\s+of|target(?:\s+of)?|(?:reduc\w*|increas\w*)\s+to|"
    r"fewer\s+than|more\s+than|up\s+to)\s*[:\-–]?\s*$",
    re.I,
)
_DURATION_CUE = re.compile(
    r"(?:within|in\s+under|under|no\s+(?:more|longer)\s+than|less\s+than|at\s+least|"
    r"target(?:\s+of)?|(?:reduc\w*|increas\w*)\s+to|maximum(?:\s+of)?|by)\s*[:\-–]?\s*$",
    re.I,
)
#: words after a number that make it a date, a ref or a label, not a count
_NOT_COUNT_WORDS = frozenset(
    """jan january feb february mar march apr april may jun june jul july aug august sep sept
    september oct october nov november dec december st nd rd th days day weeks week months
    month hours hour hrs hr minutes minute mins min years year per percent""".split()
)
_UNITS = {"day": "days", "week": "weeks", "month": "months", "hour": "hours", "hr": "hours",
          "minute": "minutes", "min": "minutes"}


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the clause (sentence part) around ``text[start:end]``."""
    lo = 0
    for m in _CLAUSE_END.finditer(text, 0, start):
        lo = m.end()
    after = _CLAUSE_END.search(text, end)
    return lo, (after.start() if after else len(text))


def _direction(text: str, start: int, end: int) -> str | None:
    """Direction words next to a number: right after it ("2 % target reduction"),
    else before it in its phrase ("increase by 10%"). The phrase starts after the
    last ``Target``/dash/colon, so ``improvement against baseline Target – 5%``
    has no direction."""
    lo, hi = _clause(text, start, end)
    m = _AFTER.match(text[end : min(hi, end + 25)])
    if m:
        return next(d for d, g in m.groupdict().items() if g)
    before = text[max(lo, start - 60) : start]
    starts = list(_PHRASE_START.finditer(before))
    cut = starts[-1] if starts else None  # the last phrase start before the figure
    if cut is not None:
        before = before[cut.end() :]
    best: tuple[int, int, str] | None = None  # nearest, then longest ("no more than")
    for direction, rx in _DIRECTION_RES:
        for hit in rx.finditer(before):
            key = (len(before) - hit.end(), hit.start() - hit.end(), direction)
            if best is None or key < best:
                best = key
    return best[2] if best is not None else None


def _unit_word(word: str) -> str:
    word = word.lower().rstrip("s")
    return _UNITS.get(word, word + "s")


def extract_targets(text: str | None) -> list[Target]:
    """Targets named in a measures cell, in reading order.

    >>> [(t.value, t.unit, t.direction) for t in extract_targets("increase by 10%")]
    [(10.0, '%', 'increase')]
    """
    if not text or not isinstance(text, str) or not _DIGIT.search(text):
        return []  # every target holds a figure (_NUM)
    found: list[tuple[int, Target]] = []
    taken: list[tuple[int, int]] = []
    pct_clauses: list[tuple[int, int]] = []
    for m in _PERCENT.finditer(text):
        value = _number(m.group(1))
        if value > 1000:
            continue
        found.append((m.start(), Target(m.group(0).strip(), value, "%",
                                        _direction(text, m.start(), m.end()))))
        taken.append((m.start(), m.end()))
        pct_clauses.append(_clause(text, m.start(), m.end()))
    for m in _DURATION.finditer(text):
        clause = text[slice(*_clause(text, m.start(), m.end()))]
        if pct_clauses or _RATE_WORDS.search(clause) or _CHANGE_WORDS.search(clause):
            continue  # "70% … within 15 working days": the days qualify another measure
        cue = _DURATION_CUE.search(text[max(0, m.start() - 30) : m.start()])
        if not cue:
            continue
        direction = "at_least" if re.match(r"at\s+least", cue.group(0), re.I) else "at_most"
        found.append((m.start(), Target(m.group(0).strip(), _number(m.group(1)),
                                        _unit_word(m.group(2)), direction)))
        taken.append((m.start(), m.end()))
    for m in _COUNT.finditer(text):
        if any(lo <= m.start() < hi for lo, hi in taken):
            continue
        if m.group(2).lower() in _NOT_COUNT_WORDS:
            continue
        if not _COUNT_CUE.search(text[max(0, m.start() - 30) : m.start()]):
            continue
        found.append((m.start(), Target(m.group(0).strip(), _number(m.group(1)), "count",
                                        _direction(text, m.start(), m.end()))))
    return [t for _, t in sorted(found, key=lambda p: p[0])]
