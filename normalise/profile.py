"""What kind of text a cell holds, and what a column's cells hold together.

One small classifier (:func:`cell_kind`) serves two decisions: a header row
differs from the body below it (a label over dates, refs, long text), and a
column whose label is unknown still gets a role from its content (a column of
``R-042``-like codes holds refs, one of ``May 2026``/``tbc`` holds dates).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from plantables.extract.model import Cell, Table
from plantables.vocabulary.fields import looks_like_period_label
from plantables.vocabulary.refs import split_ref
from plantables.vocabulary.status import classify_status, rag_from_fill, rag_from_text, status_from_update

#: an id printed in a ref column: ``R-042``, ``M12``, ``CYP_RSK_11``, ``T1.2``, ``A3``
_ID = re.compile(r"^[A-Za-z]{0,6}[-_ /]?\d{1,4}(?:[._-]\d{1,4})*[a-z]?\.?$")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
_Y = r"(?:\d{4}(?:\s*/\s*\d{1,4})?|'?\d{2})"  # 2025, 2025/26, 2025/6, '25
_DATE = re.compile(
    r"""^(?:(?:by|from|to|until|end|early|mid|late|w/c|wc|start|end\s+of)\s+)*(?:
        \d{1,2}(?:st|nd|rd|th)?[\s-]+%(m)s\.?(?:[\s,-]+(?:\d{4}|\d{2}))?   # 12 November 2018
      | %(m)s\.?[\s,-]*(?:\d{1,2}(?:st|nd|rd|th)?,?\s*)?(?:\d{4}|'?\d{2})?  # March 31, 2024 / May 2026 / Sep-23
      | \d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})                           # 31/03/2024
      | (?:spring|summer|autumn|winter|fall)(?:\s+term)?\s*%(y)s?
      | q[1-4](?:\s*(?:\d{4}|\d{2})(?:/\d{2,4})?)?
      | (?:fy\s*)?(?:19|20)\d{2}(?:\s*[/-]\s*(?:\d{4}|\d{2}))?                       # 2024, 2024/25
      | tbc|tbd|tba|ongoing|on-going|immediate(?:ly)?
    )$""" % {"m": _MONTH, "y": _Y},
    re.VERBOSE | re.IGNORECASE,
)
_RANGE_SPLIT = re.compile(r"\s*(?:[-–—]|\bto\b|/|\band\b)\s*", re.IGNORECASE)
#: a range between dates that hold dashes themselves (``3-Sep to 10-Nov``)
_WORD_RANGE_SPLIT = re.compile(r"\s+(?:[-–—]|to|until|till|and)\s+", re.IGNORECASE)
_NUMBER = re.compile(
    r"^[£$€]?\s*[-+]?\(?(?:\d{1,3}(?:[ ,]\d{3})+|\d+)?(?:\.\d+)?\)?\s*(?:%|k|m|bn|million|billion|thousand)?\*?$",
    re.IGNORECASE,
)
_DECIMAL = re.compile(r"^\d+\.\d+$")
#: placeholders for "nothing here": counted as empty
_NOTHING = frozenset({"-", "–", "—", "n/a", "na", "n.a.", "none", "nil", "..", "...", "x"})
_MARKS = frozenset("█▓▒░■▪●◼⬛✓✔✗✘xX*")
_SENTENCE = re.compile(r"[.;:!?]\s+\S|[.!?]$")

KINDS = ("empty", "id", "date", "number", "rag", "status", "mark", "short", "long")


@lru_cache(maxsize=16384)
def text_kind(text: str) -> str:
    """The kind of a cell's text (see :data:`KINDS`); fills are not looked at here."""
    t = " ".join(text.split())
    if not t or t.lower() in _NOTHING and t not in "xX":
        return "empty"
    if t[0] in _MARKS and len(set(t.replace(" ", ""))) == 1:
        return "mark"
    if is_date(t):
        return "date"
    if _DECIMAL.match(t):
        return "number"  # 1.5 is a figure as often as a ref: a ref column reads ids and numbers alike
    if len(t) <= 14 and _ID.match(t) and any(ch.isalpha() for ch in t) or ("." in t and split_ref(t)[0]
                                                                        and not split_ref(t)[2]):
        return "id"
    # (the cheap tests first: each pair is pure, its order changes no answer)
    if _NUMBER.match(t) and any(ch.isdigit() for ch in t):  # the anchored pattern fails fast on prose
        return "number"
    if len(t) <= 12 and rag_from_text(t):
        return "rag"
    n_words = len(t.split())
    if _is_status(t):
        return "status"
    return "short" if n_words <= 5 and not _SENTENCE.search(t) else "long"


@lru_cache(maxsize=16384)
def is_date(text: str) -> bool:
    """A date, a period or a range of them (``May 2026``, ``March-May 2024``, ``Q1 2024/25``, ``tbc``)."""
    t = " ".join(text.split()).strip(" .,")
    if not t or len(t) > 40:
        return False
    if _DATE.match(t) or looks_like_period_label(t):
        return True
    for splitter in (_RANGE_SPLIT, _WORD_RANGE_SPLIT):
        parts = [p for p in splitter.split(t) if p]
        if 1 < len(parts) <= 3 and all(_DATE.match(p) for p in parts):
            return True
    return False


@lru_cache(maxsize=4096)
def _is_status(text: str) -> bool:
    s = classify_status(text) if len(text.split()) <= 4 else None
    return s is not None and s.confidence >= 0.8 and s.value != "unknown"


#: a table has a few fills, met cell after cell
_fill_rag = lru_cache(maxsize=256)(rag_from_fill)


def cell_kind(cell: Cell) -> str:
    """Like :func:`text_kind`, but an empty cell with a RAG fill is ``rag``, with another fill ``mark``."""
    kind = text_kind(cell.text)
    if kind == "empty" and cell.fill is not None and cell.fill.upper() not in ("#FFFFFF", "#FEFEFE"):
        # a red/amber/green fill rates; grey, blue or any other shading only marks (or bands)
        return "rag" if rag_from_fill(cell.fill) in ("red", "amber", "green") else "mark"
    return kind


@dataclass
class ColumnProfile:
    """What the body cells of one column hold."""

    index: int
    kinds: Counter = field(default_factory=Counter)
    words: int = 0  # total words of its non-empty cells
    texts: list[str] = field(default_factory=list)
    colours: set = field(default_factory=set)  # RAG colours its rag cells give (a rating varies; a band does not)
    ref_led: int = 0  # cells opening with a dotted ref before their text ('1.2 Ensure that …')
    spans: int = 0  # cells merged over several rows
    status_words: int = 0  # cells that are a status phrase, 'Ongoing' (also a date's word) included
    status_led: int = 0  # texts opening with a status phrase before more words ('On track – two hubs open')
    rated: set = field(default_factory=set)  # red/amber/green fills behind its texts (a score shaded by its rating)
    rated_cells: int = 0  # texts on such a fill

    @property
    def filled(self) -> int:
        return sum(n for k, n in self.kinds.items() if k != "empty")

    def share(self, *kinds: str) -> float:
        """Share of the non-empty cells that are of one of ``kinds``."""
        return sum(self.kinds[k] for k in kinds) / self.filled if self.filled else 0.0

    @property
    def status_share(self) -> float:
        """Share of the non-empty cells that say a status (``Ongoing`` counted, though it is a date kind too)."""
        return self.status_words / self.filled if self.filled else 0.0

    @property
    def mean_words(self) -> float:
        return self.words / self.filled if self.filled else 0.0

    @property
    def distinct(self) -> float:
        """Share of distinct texts among the non-empty cells (refs are all different)."""
        texts = [t for t in self.texts if t]
        return len(set(texts)) / len(texts) if texts else 0.0


def _title_in_first_cell(row, n_cols: int) -> bool:
    """The row's one text stands in its first cell, a long one: a section or objective title a
    spreadsheet printed there, running over the empty cells beside it. It says nothing of what
    the first column holds (the refs)."""
    texts = [c for c in row.cells if c.text.strip()]
    return n_cols >= 3 and len(texts) == 1 and texts[0].col == 0 and cell_kind(texts[0]) == "long"


@lru_cache(maxsize=16384)
def _text_facts(text: str, kind: str) -> tuple[str, int, bool, bool, bool]:
    """What :func:`profiles` counts of a non-empty cell's text of ``kind`` (a table's texts are met
    twice, in its header's body and in its whole body): the text on one line, its words, whether a
    dotted ref leads it, a status phrase leads it (a long text), it says a status."""
    flat = " ".join(text.split())
    raw, _, rest = split_ref(flat)
    led = status_from_update(flat) if kind == "long" else None
    return (flat, len(flat.split()),
            bool(raw and "." in raw and rest and raw[0] != "0"),  # '0.5 FTE' is a figure
            led is not None and led.value != "unknown",
            kind == "status" or kind == "date" and _is_status(flat))


def profiles(table: Table, rows: range | None = None) -> dict[int, ColumnProfile]:
    """Column index → profile of the data rows' cells that start in it (``rows``: which rows)."""
    out = {c.index: ColumnProfile(c.index) for c in table.columns}
    for i in rows if rows is not None else range(len(table.rows)):
        row = table.rows[i]
        if row.kind != "data" or _title_in_first_cell(row, len(table.columns)):
            continue
        for cell in row.cells:
            p = out.get(cell.col)
            if p is None or cell.col_span > 1 and cell.col_span >= len(table.columns) - 1:
                continue
            kind = cell_kind(cell)
            p.kinds[kind] += 1
            if kind == "rag":
                p.colours.add(rag_from_text(cell.text) or rag_from_fill(cell.fill))
            if kind != "empty":
                text, words, ref_led, status_led, status_word = _text_facts(cell.text, kind)
                p.words += words
                p.texts.append(text)
                p.ref_led += ref_led
                p.status_led += status_led
                p.spans += cell.row_span > 1
                p.status_words += status_word
                colour = _fill_rag(cell.fill) if cell.fill else None
                if colour in ("red", "amber", "green"):
                    p.rated.add(colour)
                    p.rated_cells += 1
    return out


def pooled(tables: list[dict[int, ColumnProfile]]) -> dict[int, ColumnProfile]:
    """One profile per column over several tables of the same columns (a plan printed as one table
    per section, each too short alone for its cells to tell what a column holds)."""
    out = {i: ColumnProfile(i) for i in tables[0]}
    for prof in tables:
        for i, p in prof.items():
            q = out.setdefault(i, ColumnProfile(i))
            q.kinds.update(p.kinds)
            q.words += p.words
            q.texts += p.texts
            q.colours |= p.colours
            q.ref_led += p.ref_led
            q.spans += p.spans
            q.status_words += p.status_words
            q.status_led += p.status_led
            q.rated |= p.rated
            q.rated_cells += p.rated_cells
    return out
