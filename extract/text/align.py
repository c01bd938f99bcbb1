"""Put the cells of a flattened row under the right header columns, by what they hold.

Text exports shift cells: a ref and its text may be one cell or two, the
month grid writes a varying number of empty cells, a merged cell's text may
land a column early. So cells are matched to columns by *content type* (a ref,
a grid mark, a short lead-like name, a RAG word, prose…) with the tab position
as a tie-breaker: an order-preserving alignment (dynamic programming) that
maximises type fit minus distance from where the column usually sits.
When the raw tab positions already fit (every cell's type suits the column at
its position) the row is read positionally.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from plantables.vocabulary.refs import ref_depth, split_ref

#: single characters an export writes for a shaded/ticked grid cell
GRID_MARKS = frozenset("█▓▒░■▪●◼⬛✓✔✗✘xX*")
_RISK_ID = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:[_-][A-Za-z0-9]+)+$")
_DATEISH = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(?:19|20)\d{2}\b|\bq[1-4]\b"
    r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\bongoing\b|\bmonthly\b|\bquarterly\b|\bweekly\b",
    re.IGNORECASE,
)
#: largest distance (in tab positions) that still costs more
_MAX_SHIFT = 4
HARD_MISFIT = -3.0  # a type score at or below this rejects a positional reading


@dataclass(frozen=True)
class CellInfo:
    pos: int
    text: str
    ref_depth: int  # 0 when the text does not start with a ref
    ref_only: bool
    mark: bool
    words: int

    @property
    def has_ref(self) -> bool:
        return self.ref_depth > 0


def is_grid_mark(text: str) -> bool:
    t = text.replace(" ", "")
    return bool(t) and len(set(t)) == 1 and t[0] in GRID_MARKS and len(t) <= 3


def cell_info(pos: int, text: str) -> CellInfo:
    raw, canon, rest = split_ref(text)
    depth = ref_depth(canon) if raw else 0
    return CellInfo(pos, text, depth, bool(raw) and not rest, is_grid_mark(text), len(text.split()))


@lru_cache(maxsize=4096)
def _status_lead(text: str) -> bool:
    from plantables.vocabulary.status import status_from_update

    return status_from_update(text) is not None


@lru_cache(maxsize=4096)
def _known_status(text: str) -> bool:
    from plantables.vocabulary.status import classify_status

    s = classify_status(text)
    return s is not None and s.value != "unknown" and s.confidence >= 0.6


@lru_cache(maxsize=4096)
def _rag_word(text: str) -> bool:
    from plantables.vocabulary.status import rag_from_text

    return len(text.split()) <= 3 and rag_from_text(text) is not None


def _leadlike(c: CellInfo) -> bool:
    return c.words <= 8 and len(c.text) <= 70 and not re.search(r"[.;:]\s|[.!?]$", c.text)


def type_score(c: CellInfo, field: str | None, *, action_depth: int, has_ref_column: bool) -> float:
    """How well a cell's content suits a column's field (positive: fits; negative: does not)."""
    if c.mark:
        return {"month": 5.0, "rag": 3.0}.get(field or "", -6.0)
    if field == "month":
        return -8.0
    if field == "ref":
        if c.ref_only:
            return 4.0
        return 2.0 if len(c.text) <= 12 and " " not in c.text and any(ch.isdigit() for ch in c.text) else -6.0
    if c.ref_only and has_ref_column:
        return -1.0  # a ref-like date (``9.12.16``) may sit anywhere; a real ref belongs in the ref column
    if field == "action":
        if c.has_ref:
            return 4.0 if c.ref_depth == action_depth else 1.5
        return 2.0 if not _RISK_ID.match(c.text) else -4.0
    if field == "objective":
        if c.has_ref:
            return -4.0 if c.ref_depth >= action_depth and not has_ref_column else 3.5
        return 2.0 if not _RISK_ID.match(c.text) else -4.0
    if c.has_ref and not has_ref_column and c.ref_depth >= 2:
        return -4.0  # a numbered action or outcome never sits in another column
    if field == "risk_ref":
        if all(_RISK_ID.match(t) for t in c.text.replace(",", " ").split()):
            return 5.0
        return 1.0 if c.text.isupper() and c.words <= 4 else -3.0
    if field == "lead":
        if _leadlike(c):
            return 3.0
        return -3.0 if c.words > 15 else 0.0
    if field == "rag":
        return 5.0 if _rag_word(c.text) else -6.0
    if field == "status":
        if _status_lead(c.text) or (c.words <= 8 and _known_status(c.text)):
            return 3.0
        return 0.5
    if field == "update":
        return 3.0 if _status_lead(c.text) else 1.5
    if field == "measures":
        return 0.5 if _status_lead(c.text) else 1.5
    if field == "timeframe":
        return 3.0 if _DATEISH.search(c.text) else (1.0 if c.words <= 6 else 0.5)
    return 0.0  # an unmapped column takes anything, without enthusiasm


def positional(cells: list[CellInfo], positions: list[int]) -> dict[int, int] | None:
    """Cell index → column index by exact tab position, or ``None`` when some cell has no column."""
    by_pos = {p: i for i, p in enumerate(positions)}
    out = {}
    for k, c in enumerate(cells):
        if c.pos not in by_pos:
            return None
        out[k] = by_pos[c.pos]
    return out


def align(
    cells: list[CellInfo],
    fields: list[str | None],
    expected: list[float],
    *,
    action_depth: int,
    has_ref_column: bool,
    weight: float = 0.5,
) -> dict[int, int]:
    """Order-preserving assignment cell index → column index maximising fit.

    ``expected[j]`` is the tab position column ``j`` usually has in this part of
    the file. Several consecutive cells may share a column (a text the export
    split in two) at a small cost.
    """
    n, m = len(cells), len(fields)
    if n == 0 or m == 0:
        return {}
    neg = float("-inf")

    def score(i: int, j: int) -> float:
        t = type_score(cells[i], fields[j], action_depth=action_depth, has_ref_column=has_ref_column)
        return t - weight * min(abs(cells[i].pos - expected[j]), _MAX_SHIFT)

    best = [[neg] * m for _ in range(n)]
    back: list[list[int]] = [[-1] * m for _ in range(n)]
    for j in range(m):
        best[0][j] = score(0, j)
    for i in range(1, n):
        run_max, run_arg = neg, -1  # best over columns < j for cell i-1
        for j in range(m):
            share = best[i - 1][j] - 1.5
            cand, arg = (run_max, run_arg) if run_max >= share else (share, j)
            if cand > neg:
                best[i][j] = cand + score(i, j)
                back[i][j] = arg
            if best[i - 1][j] > run_max:
                run_max, run_arg = best[i - 1][j], j
    j = max(range(m), key=lambda k: best[n - 1][k])
    out = {}
    for i in range(n - 1, -1, -1):
        out[i] = j
        j = back[i][j]
    return out


def fits(cells: list[CellInfo], mapping: dict[int, int], fields: list[str | None], **kw) -> bool:
    """Every cell's type suits the column it was given."""
    return all(type_score(cells[i], fields[j], **kw) > HARD_MISFIT for i, j in mapping.items())


def glue_refs(cells: list[CellInfo]) -> list[CellInfo]:
    """Join a cell holding only a ref to the prose cell after it (``2.1.1`` ⇥ ``Provide…``)."""
    out: list[CellInfo] = []
    skip = False
    for k, c in enumerate(cells):
        if skip:
            skip = False
            continue
        nxt = cells[k + 1] if k + 1 < len(cells) else None
        if c.ref_only and c.ref_depth >= 2 and nxt is not None and not nxt.has_ref and not nxt.mark:
            out.append(cell_info(c.pos, f"{c.text} {nxt.text}"))
            skip = True
        else:
            out.append(c)
    return out
