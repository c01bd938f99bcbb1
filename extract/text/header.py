"""Plan table headers in flattened text: recognise them by wording, merge two-line headers.

A header is found by what its labels say (:func:`plantables.vocabulary.fields.header_score`),
never by position. Word often writes a header over two lines: a group label
(``Timeframe``) over a line of month labels (``23-Sep … 24-Mar``), or a long
label wrapped onto the next line (``Current`` / ``Status``, ``SEPT`` /
``Monthly HoS update``). :func:`extend_header` folds such a second line into
the first.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from plantables.vocabulary.fields import header_score, looks_like_period_label, map_columns, match_field
from plantables.vocabulary.phrases import connector_end
from plantables.vocabulary.refs import split_ref

#: minimum :func:`header_score` for a line to be a header
HEADER_MIN_SCORE = 0.8
_CONNECTOR_END = connector_end(("we",))  # a header label ending so was cut ("How we will know" over two lines)


@dataclass(frozen=True)
class HeaderColumn:
    label: str
    pos: int  # tab position of the label in the export
    group: str | None = None  # "Timeframe" over month columns


@dataclass
class HeaderLayout:
    columns: list[HeaderColumn]
    lines: list[int] = field(default_factory=list)  # source line numbers

    @property
    def labels(self) -> list[str]:
        return [c.label for c in self.columns]

    @property
    def fields(self) -> dict[int, str]:
        return map_columns(self.labels)

    @property
    def month_columns(self) -> list[int]:
        return [i for i, f in self.fields.items() if f == "month"]


def is_header_cells(cells: list[str]) -> bool:
    """Does a line of cells read as a plan table header?"""
    labels = [c for c in cells if c]
    if len(labels) < 3 or any(len(c) > 100 for c in labels):
        return False
    if any(split_ref(c)[0] for c in labels):
        return False
    mapped = [f for f in map_columns(cells).values() if f != "month"]
    return len(mapped) >= 3 and header_score(cells) >= HEADER_MIN_SCORE


def header_from_cells(cells: list[str], line_no: int, group_hint: str | None = None) -> HeaderLayout:
    """A header layout from one header line; inline month labels take ``group_hint`` as group."""
    cols = []
    for pos, text in enumerate(cells):
        if not text:
            continue
        group = group_hint if looks_like_period_label(text) else None
        cols.append(HeaderColumn(text, pos, group))
    return HeaderLayout(cols, [line_no])


def _in_grid(cols: list[HeaderColumn], i: int) -> bool:
    """Column ``i`` is one of a run of month labels (a lone ``SEPT`` is a label cut short)."""
    if not looks_like_period_label(cols[i].label):
        return False
    return any(0 <= k < len(cols) and looks_like_period_label(cols[k].label) for k in (i - 1, i + 1))


def _incomplete(label: str) -> bool:
    """A label that reads as cut short: maps to no field, ends on a connector, or opens a bracket."""
    if label.count("(") > label.count(")"):
        return True
    if _CONNECTOR_END.search(label):
        return True
    return match_field(label).field is None


def extend_header(layout: HeaderLayout, cells: list[str], line_no: int) -> HeaderLayout | None:
    """Fold a header's second line into it, or ``None`` when the line is not part of the header.

    Every label on the line must be accounted for: a run of period labels
    (the month grid, at least two), the rest of a label cut short on the line
    above (same tab position first, else the next incomplete label after the
    grid), or a label of its own that names a field (appended).
    """
    filled = [(p, c) for p, c in enumerate(cells) if c]
    if not filled:
        return None
    months = [(p, c) for p, c in filled if looks_like_period_label(c)]
    if len(months) == 1:
        return None
    others = [(p, c) for p, c in filled if not looks_like_period_label(c)]
    cols = list(layout.columns)
    used: set[int] = set()
    appended: list[HeaderColumn] = []
    grid_end = max((p for p, _ in months), default=-1)
    for pos, text in others:
        if split_ref(text)[0] or len(text.split()) > 8:
            return None
        target = next((i for i, c in enumerate(cols) if c.pos == pos and i not in used and _incomplete(c.label)), None)
        if target is None:
            target = next(
                (i for i, c in enumerate(cols) if i not in used and c.pos > grid_end and _incomplete(c.label)
                 and not _in_grid(cols, i)),
                None,
            )
        if target is not None:
            used.add(target)
            cols[target] = replace(cols[target], label=f"{cols[target].label} {text}")
        elif match_field(text).score >= 90:
            appended.append(HeaderColumn(text, pos))
        else:
            return None
    if months:
        cols = _insert_months(cols, months)
    last = max((c.pos for c in cols), default=0)
    for c in appended:  # keep tab positions increasing so positional reading stays sane
        last = max(last + 1, c.pos)
        cols.append(replace(c, pos=last))
    return HeaderLayout(cols, layout.lines + [line_no])


def _insert_months(cols: list[HeaderColumn], months: list[tuple[int, str]]) -> list[HeaderColumn]:
    """Month labels replace the group label above them (``Timeframe``) or join the columns."""
    first = months[0][0]
    group_i = None
    for i, c in enumerate(cols):
        if c.pos <= first and match_field(c.label).field in (None, "timeframe"):
            group_i = i
    group = None
    if group_i is not None and match_field(cols[group_i].label).field == "timeframe":
        group = cols[group_i].label
        cols = cols[:group_i] + cols[group_i + 1:]
    month_cols = [HeaderColumn(text, pos, group) for pos, text in months]
    merged = sorted(cols + month_cols, key=lambda c: c.pos)
    return merged


def same_table(a: HeaderLayout, b: HeaderLayout) -> bool:
    """Is ``b`` the header of ``a`` repeated (possibly with a label missing or wrapped)?"""
    fa = [f for _, f in sorted(a.fields.items()) if f != "month"]
    fb = [f for _, f in sorted(b.fields.items()) if f != "month"]
    it = iter(fa)
    return bool(fb) and all(f in it for f in fb) and len(fb) >= len(fa) - 2
