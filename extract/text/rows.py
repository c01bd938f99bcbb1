"""Table lines of a flattened export → draft rows (column index → text).

A chunk (the run of lines between blank lines, i.e. one page of one table)
whose lines sit exactly under the header's tab positions, each cell suiting
its column, is read by position. Otherwise each line is aligned to the
header's columns by content (:mod:`.align`) in two passes: first against
the header's tab positions, then against where each column sits in the
line's own chunk, since exports shift whole pages at once; the month grid is
placed from the column just before it, so a ref written as a cell of its
own does not push the marks a month late.
Full-width lines inside a table (``<b>EARLY HELP</b>``, Torbay's
``1 ⇥ CHILDREN ⇥ IN NEED …``) become heading rows.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from statistics import median

from rapidfuzz import fuzz

from plantables.extract.text.align import CellInfo, align, cell_info, fits, glue_refs, positional
from plantables.extract.text.header import HeaderLayout
from plantables.extract.text.source import SourceLine
from plantables.vocabulary.headings import caps_share
from plantables.vocabulary.markup import starts_bold


@dataclass
class DraftRow:
    """A table row before merged cells are worked out."""

    cells: dict[int, str]  # column index -> text
    page: int
    line: int
    chunk: int
    kind: str = "data"  # or "heading"
    spans: dict[int, int] = field(default_factory=dict)  # col -> rows absorbed from the next page
    first_on_page: bool = False

    def text(self, col: int | None) -> str:
        return self.cells.get(col, "") if col is not None else ""


def modal_ref_depth(lines: list[SourceLine], ref_pos: int | None) -> int:
    """The usual depth of action refs: from the ref column if any, else from any cell."""
    depths: Counter[int] = Counter()
    for ln in lines:
        for pos, text in ln.filled:
            if ref_pos is not None and pos != ref_pos:
                continue
            c = cell_info(pos, text)
            if c.has_ref and (ref_pos is not None or c.ref_depth >= 2):
                depths[c.ref_depth] += 1
    if not depths:
        return 2
    if ref_pos is None:
        return max(depths)  # outcomes are numbered 1.1, their actions 1.1.1: the deepest refs are actions
    return depths.most_common(1)[0][0]


def is_heading_line(line: SourceLine, ref_pos: int | None, action_depth: int) -> bool:
    """A full-width row: text in the first cell only, or a shallow ref alone in the ref column."""
    filled = line.filled
    if not filled:
        return False
    if line.is_paragraph:
        text = filled[0][1]
        c = cell_info(0, text)
        if c.ref_only or c.mark or text[:1].islower():
            return False
        # a wrapped word of a cell (``Manager``) is not a heading: headings are bold, capitals or numbered
        return starts_bold(line.raw) or caps_share(text) >= 0.8 or c.has_ref or len(text.split()) > 6
    if ref_pos is None:
        return False
    first_pos, first = filled[0]
    c = cell_info(first_pos, first)
    return first_pos == ref_pos and c.ref_only and c.ref_depth < action_depth and len(filled) >= 2


_NON_WORD = re.compile(r"[^a-z]")
#: share of a chunk's lines that must sit exactly under the header for the chunk to be read by position
POSITIONAL_SHARE = 0.8


def join_fragments(parts: list[str], vocabulary: Counter[str]) -> str:
    """Join a heading that Word split over cells: ``PROTECTI`` + ``ON`` → ``PROTECTION``.

    ``vocabulary`` counts the document's words. A boundary is closed up when
    the two halves make a word the document uses and one half is not a word
    of its own (seen fewer than twice: the fragment itself is one sighting),
    also when the halves repeat a letter or two at the cut (``GO`` +
    ``OVERNANCE``). A fragment repeated (``entitlements`` ⇥ ``entitlements``),
    or a garbled start of the next one (``CARE LEAN`` ⇥ ``CARE LEAVERS``), is
    kept once.
    """
    parts = [p.strip() for p in parts if p.strip()]
    kept: list[str] = []
    for k, part in enumerate(parts):
        nxt = parts[k + 1] if k + 1 < len(parts) else None
        if (kept and part == kept[-1]) or (nxt is not None and _garbled_start(part, nxt)):
            continue
        kept.append(part)
    out = ""
    for part in kept:
        out = _close_up(out, part, vocabulary) if out else part
    return out


def _garbled_start(part: str, nxt: str) -> bool:
    words, next_words = part.split(), nxt.split()
    return (
        part != nxt and len(words) <= 3 and len(next_words) >= len(words) and words[0] == next_words[0]
        and fuzz.ratio(part, nxt[: len(part)]) >= 75
    )


def _close_up(out: str, part: str, vocabulary: Counter[str]) -> str:
    lw = _NON_WORD.sub("", out.split()[-1].lower())
    right = part.split()[0]
    rw = _NON_WORD.sub("", right.lower())
    if lw and rw and right[: len(rw)].lower() == rw:  # the fragment starts with letters
        for k in (0, 1, 2):
            if k and not (len(rw) > k and lw.endswith(rw[:k])):
                continue
            if vocabulary[lw + rw[k:]] and min(vocabulary[lw], vocabulary[rw]) < 2:
                return out + part[k:]
    return f"{out} {part}"


def heading_row(line: SourceLine, vocabulary: Counter[str]) -> DraftRow:
    return DraftRow({0: join_fragments([t for _, t in line.filled], vocabulary)}, line.page, line.no, line.chunk, "heading")


def _expected_positions(layout: HeaderLayout) -> list[float]:
    return [float(c.pos) for c in layout.columns]


def align_lines(
    lines: list[SourceLine],
    layout: HeaderLayout,
    fields: list[str | None],
    *,
    action_depth: int,
    has_ref_column: bool,
) -> list[dict[int, str]]:
    """Column index → text for each data line (two passes, see the module notes)."""
    kw = dict(action_depth=action_depth, has_ref_column=has_ref_column)
    infos = []
    for ln in lines:
        cells = [cell_info(p, t) for p, t in ln.filled]
        infos.append(cells if has_ref_column else glue_refs(cells))
    header_pos = _expected_positions(layout)
    exact = [_positional_fit(cells, layout, fields, kw) for cells in infos]
    fit_share: dict[int, list[bool]] = defaultdict(list)
    for ln, m in zip(lines, exact):
        fit_share[ln.chunk].append(m is not None)
    first = [_align(cells, fields, header_pos, 1.0, kw) for cells in infos]
    by_chunk: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for ln, cells, mapping in zip(lines, infos, first):
        for i, j in mapping.items():
            by_chunk[ln.chunk][j].append(cells[i].pos)
    out = []
    for ln, cells, pos_map, first_map in zip(lines, infos, exact, first):
        shares = fit_share[ln.chunk]
        if pos_map is not None and sum(shares) >= POSITIONAL_SHARE * len(shares):
            mapping = pos_map  # this page of the table keeps the header's tab positions
        else:
            seen = by_chunk[ln.chunk]
            expected = [float(median(seen[j])) if seen.get(j) else header_pos[j] for j in range(len(fields))]
            _anchor_grid(expected, header_pos, fields, cells, first_map)
            mapping = _align(cells, fields, expected, 0.8, kw)
        row: dict[int, str] = {}
        for i, j in sorted(mapping.items()):
            row[j] = f"{row[j]} {cells[i].text}" if j in row else cells[i].text
        out.append(row)
    return out


def _anchor_grid(expected: list[float], header_pos: list[float], fields, cells: list[CellInfo], first: dict[int, int]) -> None:
    """Month columns sit where the header has them, shifted as the column before the grid is in this row.

    A ref written as a cell of its own pushes the whole row right; the grid's
    marks must move with it or they land a month late.
    """
    months = [j for j, f in enumerate(fields) if f == "month"]
    if not months or months[0] == 0:
        return
    before = months[0] - 1
    hit = next((cells[i].pos for i, j in first.items() if j == before), None)
    if hit is None:
        return
    shift = hit - header_pos[before]
    for j in months:
        expected[j] = header_pos[j] + shift


def _positional_fit(cells: list[CellInfo], layout: HeaderLayout, fields, kw) -> dict[int, int] | None:
    """Cell → column by exact tab position, when every cell suits the column it lands in."""
    mapping = positional(cells, [c.pos for c in layout.columns])
    return mapping if mapping is not None and fits(cells, mapping, fields, **kw) else None


def _align(cells: list[CellInfo], fields, expected: list[float], weight: float, kw) -> dict[int, int]:
    mapping = align(cells, fields, expected, weight=weight, **kw)
    return _action_before_lead(mapping, fields, kw["has_ref_column"])


def _action_before_lead(mapping: dict[int, int], fields, has_ref_column: bool) -> dict[int, int]:
    """A row with a lead but no action: the cell before the lead is the action (a mis-numbered ref)."""
    if has_ref_column or "action" not in fields:
        return mapping
    got = {fields[j] for j in mapping.values()}
    if "action" in got or "lead" not in got:
        return mapping
    lead_i = next(i for i, j in sorted(mapping.items()) if fields[j] == "lead")
    if lead_i > 0 and fields[mapping[lead_i - 1]] == "objective":
        mapping = dict(mapping)
        mapping[lead_i - 1] = fields.index("action")
    return mapping
