"""One parser for every date-like cell of a plan: timeframes and grid labels.

:func:`parse_timeframe` reads ``Dec 2016``, ``Teb 2017`` (a typo),
``Sum mer 2016`` (a split word), ``End Feb 2017``, ``From Jan 2017 and
ongoing``, ``Q3 2017``, ``2017/18``, ``Autumn term 2017``, ``Jan – April 2017``,
``22/23 February; 1/2/7/9 March``, ``13/12/16``, ``23-Sep``… into a
:class:`Timeframe` of ``YYYY-MM`` months. It never raises: text it cannot read
gives an empty timeframe that keeps the raw text.

Conventions (documented decisions, used everywhere in plantables)
------------------------------------------------------------------
* **Financial years** are UK ones: ``2017/18`` = Apr 2017 – Mar 2018.
* **Quarters** are financial-year quarters, as plans use them: ``Q1`` =
  Apr–Jun, ``Q4`` = Jan–Mar. ``Q1 2024`` is Q1 of FY 2024/25 (Apr–Jun 2024),
  ``Q4 2024`` is Jan–Mar 2025; ``Q3 2017/18`` = Oct–Dec 2017.
* **Parts of a year**: Early = Jan–Apr, Mid = May–Aug, Late = Sep–Dec,
  H1 / first half = Jan–Jun, H2 / second half = Jul–Dec.
* **Seasons**: Spring = Mar–May, Summer = Jun–Aug, Autumn = Sep–Nov,
  Winter YYYY = Dec YYYY – Feb YYYY+1. **Academic terms**: Autumn term =
  Sep–Dec, Spring term = Jan–Mar, Summer term = Apr–Jul.
* ``23-Sep`` (two digits, dash, month) in a grid column label is Sep 2023
  (the month grids plans print); in a cell it is a day, as Excel's ``d-mmm``
  prints it (``1-Jan to 30-Mar``: the year from the context).
  ``Sep-23`` / ``Nov 16`` are month + two-digit year; ``March 31``
  is a day (a month written in full), and so is ``Mar 31`` when the plan's
  period lies far from 2031 (``Nov 16`` in a 2016/17 plan stays Nov 2016).
* ``March 31, 2024`` (US order) is March 2024; ``06/22/2015`` (a month over
  12) is US-ordered: June 2015.
* **A year is never invented**: it is printed in the text, or comes from
  the context (neighbouring dates, the plan's period), or the month is
  dropped.
* A month without a year takes the year of the next dated item in the text
  (``Jan – April 2017``, ``Jan and Feb 2017``), else of the previous one,
  else the year that puts it inside ``period`` (the plan's period), else it
  is dropped.
* ``due_month`` is the latest month named that is not only a start
  (``From Jan 2017``, ``Jan 2017 and ongoing`` are starts), so ``From Jan
  2017 and ongoing`` has no due month; a season, quarter or year is due at
  its last month (``Summer 2016`` -> due Aug 2016).
* ``start_month`` is the earliest month when the text names a start: a range
  (``Jan – April 2017``), a ``from``/``ongoing`` date, or several different
  dates (``Dec 2016 … Phase 2 Mar 2017`` -> Dec 2016). One date alone
  (``Dec 2016``, ``End Feb 2017``, ``Q3 2017``) is a deadline: no start.
* ``ongoing`` is set by ``ongoing``/``on-going``/``onwards``/``continuous``/
  ``BAU``, recurring words (``weekly``, ``monthly``, ``termly``…) and an
  open ``from`` date.
* ``Immediate``/``Immediately``/``ASAP`` start at the plan's period start
  when ``period`` is given (otherwise no month is known).
* A bare year (``2017``) counts only when nothing else is dated: due
  Dec, no months listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}
_ABBR = [k for k in _MONTHS if len(k) == 3]
_FULL = [k for k in _MONTHS if len(k) > 4]
#: short words that are one edit from a month abbreviation but are words
_NOT_MONTHS = frozenset(
    "and end the for not now new due man can mid day any all use see set ten per met pan "
    "jam fed sun mon wed fri sat yet via mat map ran far oat apt aim act age ago".split()
)
#: season -> (first month, number of months); academic terms separately
_SEASONS = {"spring": (3, 3), "summer": (6, 3), "autumn": (9, 3), "fall": (9, 3), "winter": (12, 3)}
_TERMS = {"autumn": (9, 4), "fall": (9, 4), "spring": (1, 3), "summer": (4, 4)}
_KNOWN_WORDS = frozenset(_MONTHS) | frozenset(_SEASONS) | {"ongoing", "immediate", "immediately"}

_YEAR = r"(?:20\d{2}|'?\d{2})"
_MON = r"[a-z]{3,9}"
_MON_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ISO = re.compile(r"\b(20\d{2})-(\d{1,2})-\d{1,2}\b")
_DMY = re.compile(
    r"(?<![\d/.])(\d{1,2})[/.\-](\d{1,2})[/.\-](20\d{2}|\d{2})(?![\d/.])(?!\s*(?:%s)\b)" % _MON_ALT
)
_QUARTER = re.compile(  # Q3 2017, Q3 2017/18, Q2 - 2025, Q1 FY 2024/25
    r"\bq([1-4])\b(?:\s*[-,]?\s*(?:fy\s*)?(?:(20\d{2}|\d{2})\s*[/-]\s*(20\d{2}|\d{2})(?![\d/])|(20\d{2})))?"
)
_FY = re.compile(
    r"(?<![\d/.])(?:fy\s*)?(20\d{2}|\d{2})\s*[/-]\s*(20\d{2}|\d{2})(?![\d/.])"
    r"(?!\s*(?:%s)\b)(?:\s*q([1-4])\b)?" % _MON_ALT
)
#: part of a year: (first month, months)
_PARTS = {"early": (1, 4), "mid": (5, 4), "late": (9, 4), "h1": (1, 6), "h2": (7, 6),
          "first half": (1, 6), "second half": (7, 6)}
_PART = re.compile(r"\b(early|mid|late|h1|h2|first half|second half)\b[\s-]*(?:of\s+)?(20\d{2})\b")
_SEASON = re.compile(r"\b(spring|summer|autumn|fall|winter)\b(\s+terms?\b)?\s*(20\d{2}|'?\d{2}\b)?")
#: ``23-Sep``: a grid label's Sep 2023, a cell's 23 September; not ``15-Jan-2024`` (read as day month year)
_YY_MON = re.compile(r"(?<![\d/.])(\d{2})-(%s)\b(?!-(?:20\d{2}|\d{2})\b)(?!\s*20\d{2}\b)" % _MON)
#: ``March 31, 2024``, ``Jan 1st 2024``: month, day, four-digit year (US order)
_MDY_LONG = re.compile(r"\b(%s)\b\.?\s*(\d{1,2})(?:st|nd|rd|th)?\s*,?\s*(20\d{2})\b" % _MON_ALT)
_MON_YEAR = re.compile(r"\b(%s)\b\.?(?:[\s\-/,']*(%s)\b)?" % (_MON, _YEAR))
_BARE_YEAR = re.compile(r"\b(20\d{2})\b")
_DAY_JUST_BEFORE = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?[\s-]?$")
_DAYS_BEFORE = re.compile(r"\d{1,2}(?:st|nd|rd|th)?\s*(?:[/,&]|and)?\s*$")
_RANGE_JOIN = re.compile(r"^\s*(?:[-–—]|to|until|till|through|thru)\s*$")
_RANGE_ON = re.compile(r"\s*(?:[-–—]|to|until|till|through|thru)\s*(?:%s)\b" % _MON)
_START_BEFORE = re.compile(r"\b(?:from|starting|start|commencing|beginning|since)\s*(?:in\s*)?$")
_START_AFTER = re.compile(r"^\s*(?:and\s*|&\s*)?(?:on\s*-?\s*going|onwards?|continuing)\b")
_ONGOING = re.compile(
    r"on\s*-?\s*going|\bonwards?\b|\bcontinu|\bbau\b|business as usual|\brolling\b"
    r"|\b(?:daily|weekly|fortnightly|monthly|quarterly|termly|annually|yearly)\b"
)
_IMMEDIATE = re.compile(r"\bimmediate(?:ly)?\b|\basap\b")
_TAGS = re.compile(r"<[^>]*>|\*\*|__")


@dataclass
class Timeframe:
    """A parsed timeframe; months are ``YYYY-MM`` strings."""

    raw: str
    start_month: str | None = None
    due_month: str | None = None
    months: list[str] = field(default_factory=list)  # named or spanned, sorted, unique
    ongoing: bool = False


@dataclass
class _Item:
    start: int  # position in the text
    end: int
    year: int | None
    month: int  # first month, 1..12
    span: int = 1  # consecutive months covered
    start_only: bool = False
    ranged: bool = False  # "Jan – April 2017"

    def months(self) -> list[tuple[int, int]]:
        assert self.year is not None
        first = self.year * 12 + self.month - 1
        return [divmod(first + k, 12) for k in range(self.span)]


def _ym(pair: tuple[int, int]) -> str:
    y, m0 = pair
    return f"{y:04d}-{m0 + 1:02d}"


def _year(text: str) -> int:
    digits = text.lstrip("'")
    n = int(digits)
    return n if len(digits) == 4 else 2000 + n


def _month_of(word: str, *, fuzzy: bool) -> int | None:
    """Month number of a word; a one-edit typo (``Teb``, ``Fen``) only when ``fuzzy``."""
    if word in _MONTHS:
        return _MONTHS[word]
    if not fuzzy or word in _NOT_MONTHS:
        return None
    pool, limit = (_ABBR, 1) if len(word) <= 4 else (_FULL, 2)
    near = [m for m in pool if Levenshtein.distance(word, m) <= limit]
    months = {_MONTHS[m] for m in near}
    return months.pop() if len(months) == 1 else None


def _join_split_words(text: str) -> str:
    """``sum mer`` -> ``summer``, ``feb ruary`` -> ``february`` (words split by PDF text)."""

    def merge(m: re.Match) -> str:
        a, b = m.group(1), m.group(2)
        if (a + b) in _KNOWN_WORDS and not (a in _KNOWN_WORDS and b in _KNOWN_WORDS):
            return a + b
        return m.group(0)

    return re.sub(r"\b([a-z]{2,6}) ([a-z]{1,6})\b", merge, text)


def _prepare(text: str) -> str:
    s = _TAGS.sub(" ", text).lower()
    s = re.sub(r"[–—‐−]", "-", s)  # one kind of dash (same length, positions kept)
    s = re.sub(r"([a-z])(20\d{2})\b", r"\1 \2", s)  # Mar2017
    return _join_split_words(s)


def _fy_start(a: str, b: str) -> int | None:
    """First year of a financial year ``a/b`` when the years are consecutive."""
    ya, yb = _year(a), _year(b)
    return ya if yb == ya + 1 else None


def _scan(s: str, bounds: tuple[int, int] | None = None, *, label: bool = False) -> list[_Item]:
    """Dated items in reading order; each pass blanks what it consumed.

    ``bounds`` (the plan's period as month numbers) tells a two-digit year
    from a day: ``March 31`` in a 2024 plan is a day, not March 2031.
    ``label``: the text is a grid column label, where ``23-Sep`` is Sep 2023.
    """
    items: list[_Item] = []
    buf = list(s)

    def take(m: re.Match, year: int | None, month: int, span: int = 1) -> None:
        items.append(_Item(m.start(), m.end(), year, month, span))
        buf[m.start() : m.end()] = " " * (m.end() - m.start())

    def text() -> str:
        return "".join(buf)

    for m in _ISO.finditer(text()):
        if 1 <= int(m.group(2)) <= 12:
            take(m, int(m.group(1)), int(m.group(2)))
    for m in _DMY.finditer(text()):
        day, month = int(m.group(1)), int(m.group(2))
        if 12 < month <= 31 and 1 <= day <= 12:
            day, month = month, day  # 06/22/2015: a month over 12 is a day, so the date is US-ordered
        if 1 <= day <= 31 and 1 <= month <= 12:
            take(m, _year(m.group(3)), month)
    for m in _MDY_LONG.finditer(text()):  # March 31, 2024
        if 1 <= int(m.group(2)) <= 31:
            take(m, int(m.group(3)), _MONTHS[m.group(1)])
    def quarter(m: re.Match, q: int, fy: int | None) -> None:
        month = 4 + 3 * (q - 1)  # FY quarters: Q1 = Apr-Jun
        take(m, None if fy is None else fy + (month - 1) // 12, (month - 1) % 12 + 1, 3)

    for m in _QUARTER.finditer(text()):  # Q3 2017, Q3 2017/18 (a year is given)
        if m.group(2):
            fy = _fy_start(m.group(2), m.group(3))
            if fy is not None:
                quarter(m, int(m.group(1)), fy)
        elif m.group(4):
            quarter(m, int(m.group(1)), int(m.group(4)))
    for m in _FY.finditer(text()):  # 2017/18, FY 2023/24 Q2
        fy = _fy_start(m.group(1), m.group(2))
        short = len(m.group(1)) == 2 and len(m.group(2)) == 2
        if fy is None or (short and not m.group(3) and re.match(r"\s*[a-z]", s[m.end() :])):
            continue  # "22/23 Fen" is a list of days, not FY 2022/23
        if m.group(3):
            quarter(m, int(m.group(3)), fy)
        else:
            take(m, fy, 4, 12)
    for m in _QUARTER.finditer(text()):  # a bare Q2: dated later from the period
        if not (m.group(2) or m.group(4)):
            quarter(m, int(m.group(1)), None)
    for m in _PART.finditer(text()):  # Early 2027, mid-2026, H2 2025
        first, span = _PARTS[m.group(1)]
        take(m, int(m.group(2)), first, span)
    for m in _SEASON.finditer(text()):
        first, span = (_TERMS if m.group(2) else _SEASONS)[m.group(1)]
        take(m, _year(m.group(3)) if m.group(3) else None, first, span)
    for m in _YY_MON.finditer(text()):  # a grid label's year; in a cell, a day (Excel's d-mmm)
        label_month = _month_of(m.group(2), fuzzy=False)
        if label_month:
            take(m, _year(m.group(1)) if label else None, label_month)
    current = text()
    for m in _MON_YEAR.finditer(current):
        word, year = m.group(1), m.group(2)
        context = bool(year) or bool(_DAYS_BEFORE.search(current[: m.start()]))
        word_month = _month_of(word, fuzzy=context)
        if word_month is None:
            continue
        if not year and word == "may" and current.strip() != "may" and not _DAY_JUST_BEFORE.search(current[: m.start()]) \
                and not _RANGE_ON.match(current[m.end():]):
            continue  # "may" without a year, a day ('8-May') or a range on to a month ('May – July 2026') is the verb
        if year and (_is_day(year, bounds) or _is_day_after(word, year, m.group(0))):
            year = None  # "March 31": a day, the year comes from the context
        take(m, _year(year) if year else None, word_month)
    items.sort(key=lambda it: it.start)
    return items


def _is_day(two_digits: str, bounds: tuple[int, int] | None) -> bool:
    """``31`` after a month is a day when the plan's period is known and 2031 lies far from it."""
    if bounds is None or len(two_digits) != 2 or not 1 <= int(two_digits) <= 31:
        return False
    year = 2000 + int(two_digits)
    return not bounds[0] // 12 - 3 <= year <= bounds[1] // 12 + 3


def _is_day_after(word: str, two_digits: str, printed: str) -> bool:
    """Two digits after a month written in full (``November 16``) are a day; after an
    abbreviation (``Nov 16``, Excel's ``mmm yy``) a year, unless the period says otherwise."""
    full = word in _MONTHS and len(word) > 3 and word != "sept" or (word == "may" and "-" not in printed)
    return full and len(two_digits) == 2 and 1 <= int(two_digits) <= 31


def _period_bounds(period: tuple[str, str] | None) -> tuple[int, int] | None:
    if not period:
        return None
    try:
        lo, hi = (int(p[:4]) * 12 + int(p[5:7]) - 1 for p in period)
    except (TypeError, ValueError, IndexError):
        return None
    return (lo, hi) if lo <= hi else None


def _year_in_period(it: _Item, lo: int, hi: int) -> int:
    """The year that puts a year-less item inside (else nearest to) the period."""

    def gap(year: int) -> int:
        first = year * 12 + it.month - 1
        last = first + it.span - 1
        return max(lo - last, first - hi, 0)  # 0 when the item overlaps the period

    return min(range(lo // 12 - 1, hi // 12 + 2), key=lambda y: (gap(y), abs(y * 12 - lo)))


def _resolve_years(items: list[_Item], period: tuple[str, str] | None) -> list[_Item]:
    """Give year-less items a year from their neighbours or the plan's period."""
    bounds = _period_bounds(period)
    printed = [it.year is not None for it in items]  # only printed years date others: no chains of guesses
    for i, it in enumerate(items):
        if it.year is not None:
            continue
        after = next((o for o, p in zip(items[i + 1 :], printed[i + 1 :]) if p), None)
        before = next((o for o, p in zip(reversed(items[:i]), reversed(printed[:i])) if p), None)
        if after is not None and after.year is not None:  # printed: it has a year
            it.year = after.year if it.month <= after.month else after.year - 1
        elif before is not None and before.year is not None:
            it.year = before.year if it.month >= before.month else before.year + 1
        elif bounds is not None:
            it.year = _year_in_period(it, *bounds)
    return [it for it in items if it.year is not None]


def _join_ranges(s: str, items: list[_Item]) -> list[_Item]:
    """``Jan – April 2017`` -> one item spanning Jan..Apr."""
    out: list[_Item] = []
    for it in items:
        prev = out[-1] if out else None
        if (prev is not None and prev.year is not None and it.year is not None  # dated items only are joined
                and _RANGE_JOIN.match(s[prev.end : it.start])):
            first = prev.year * 12 + prev.month - 1
            last = it.year * 12 + it.month - 1 + it.span - 1
            if first <= last <= first + 60:
                out[-1] = _Item(prev.start, it.end, prev.year, prev.month, last - first + 1, ranged=True)
                continue
        out.append(it)
    return out


def parse_timeframe(text: str | None, *, period: tuple[str, str] | None = None, label: bool = False) -> Timeframe:
    """Parse a timeframe cell; never raises.

    ``period`` is the plan's ``(first, last)`` month as ``YYYY-MM``, used to
    date months and quarters written without a year (and to tell ``March 31``,
    a day, from ``Nov 16``, a year). ``label``: the text is a grid column label.

    >>> parse_timeframe("From Jan 2017 and ongoing")
    Timeframe(raw='From Jan 2017 and ongoing', start_month='2017-01', due_month=None, months=['2017-01'], ongoing=True)
    """
    raw = text if isinstance(text, str) else ""
    tf = Timeframe(raw=raw)
    if not raw.strip():
        return tf
    s = _prepare(raw)
    items = _join_ranges(s, _resolve_years(_scan(s, _period_bounds(period), label=label), period))
    for it in items:
        if _START_BEFORE.search(s[: it.start]) or _START_AFTER.match(s[it.end :]):
            it.start_only = True
    tf.ongoing = bool(_ONGOING.search(s)) or any(
        it.start_only and _START_BEFORE.search(s[: it.start]) for it in items
    )
    months = sorted({p for it in items for p in it.months()})
    if months:
        tf.months = [_ym(p) for p in months]
        due = [p for it in items if not it.start_only for p in it.months()]
        tf.due_month = _ym(max(due)) if due else None
        ranged = any(it.start_only or it.ranged for it in items)
        distinct = {(it.year, it.month, it.span) for it in items}
        if ranged or len(distinct) > 1:  # one date alone is a deadline, not a start
            tf.start_month = tf.months[0]
    elif _IMMEDIATE.search(s):
        bounds = _period_bounds(period)
        tf.start_month = _ym(divmod(bounds[0], 12)) if bounds else None
    else:
        years = [int(y) for y in _BARE_YEAR.findall(s)]
        if len(set(years)) == 1:
            tf.due_month = f"{years[0]}-12"
    return tf


def period_label_months(label: str, *, period: tuple[str, str] | None = None) -> list[str]:
    """Months (``YYYY-MM``) a timeframe-grid column label stands for.

    ``23-Sep`` -> ``['2023-09']``; ``Sep-23`` likewise; ``Apr`` -> April of the
    year that puts it inside ``period``; ``Q1 2024`` -> Apr–Jun 2024 (FY
    quarter, see the module notes); ``2023/24`` -> the 12 months Apr 2023 –
    Mar 2024. An unreadable label gives ``[]``.
    """
    return list(_label_months(label, period))


@lru_cache(maxsize=1024)
def _label_months(label: str, period: tuple[str, str] | None) -> tuple[str, ...]:
    # a grid has a few labels, asked again for every marked cell of every action: parsed once each
    return tuple(parse_timeframe(label, period=period, label=True).months)
