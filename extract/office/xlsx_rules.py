"""The fills an Excel sheet's conditional formats give its cells, evaluated as Excel would.

Rules understood: cell-value rules (``cellIs``: equal, between, greater than … a number or a
text), the text rules (``containsText``/``notContainsText``/``beginsWith``/``endsWith``), and
formula rules (``expression``) of the two forms trackers use to colour a cell or a whole row by
a status cell: ``$H5="Red"`` (``=``/``<>``, a text or a number) and
``ISNUMBER(SEARCH("red",$H5))`` (``FIND`` case-sensitive). A formula's relative references
move with the cell, from the top-left cell of the rule's first range, as in Excel. Other
formulas are not evaluated (the cell keeps its own fill). Rules apply in priority order, the
first that matches gives the fill.
"""

from __future__ import annotations

import re

_REF = r"(\$?)([A-Z]{1,3})(\$?)(\d+)"
_EQUALS = re.compile(r'^%s\s*(=|<>)\s*("(?:[^"]|"")*"|-?\d+(?:\.\d+)?)$' % _REF)
_EQUALS_REVERSED = re.compile(r'^("(?:[^"]|"")*"|-?\d+(?:\.\d+)?)\s*(=|<>)\s*%s$' % _REF)
_CONTAINS = re.compile(r'^ISNUMBER\(\s*(SEARCH|FIND)\(\s*("(?:[^"]|"")*")\s*,\s*%s\s*\)\s*\)$' % _REF,
                       re.IGNORECASE)


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


class _Formula:
    """A parsed formula rule: compare the referenced cell (moved with the cell) with a literal."""

    def __init__(self, groups: tuple, op: str, literal, anchor: tuple[int, int]):
        col_abs, col, row_abs, row = groups
        self.col, self.row = _col_number(col), int(row)
        self.col_abs, self.row_abs = bool(col_abs), bool(row_abs)
        self.op, self.literal, self.anchor = op, literal, anchor

    def target(self, row: int, col: int) -> tuple[int, int]:
        r = self.row if self.row_abs else self.row + row - self.anchor[0]
        c = self.col if self.col_abs else self.col + col - self.anchor[1]
        return r, c

    def matches(self, value) -> bool:
        if self.op in ("SEARCH", "FIND"):
            text = "" if value is None else str(value)
            return self.literal.lower() in text.lower() if self.op == "SEARCH" else self.literal in text
        lit = self.literal
        if isinstance(lit, float):
            equal = isinstance(value, (int, float)) and not isinstance(value, bool) and float(value) == lit
        else:
            equal = ("" if value is None else str(value)).strip().lower() == lit.lower()
        return equal if self.op == "=" else not equal


def parse_formula(formula: str, anchor: tuple[int, int]) -> _Formula | None:
    """A formula rule of one of the understood forms, or None."""
    f = formula.strip().lstrip("=").strip()
    m = _EQUALS.match(f)
    if m:
        return _Formula(m.groups()[:4], m.group(5), _literal(m.group(6)), anchor)
    m = _EQUALS_REVERSED.match(f)
    if m:
        return _Formula(m.groups()[2:6], m.group(2), _literal(m.group(1)), anchor)
    m = _CONTAINS.match(f)
    if m:
        return _Formula(m.groups()[2:6], m.group(1).upper(), _literal(m.group(2)), anchor)
    return None


class ConditionalFills:
    """The fills a sheet's conditional formats give its cells (see the module notes); ``cells``: the
    sheet's cells by (row, column), for formulas that look at another cell."""

    def __init__(self, ws, colours, dxfs, cells: dict):
        self.cells = cells
        # ranges kept as bounds: a rule over whole columns ("F:F") covers a million rows
        self.rules: list[tuple[int, object, str, list[tuple[int, int, int, int]]]] = []
        for cf in ws.conditional_formatting:
            bounds = [(rng.min_row, rng.max_row, rng.min_col, rng.max_col) for rng in cf.sqref.ranges]
            for rule in cf.rules:
                dxf = rule.dxf
                if dxf is None and rule.dxfId is not None and rule.dxfId < len(dxfs):
                    dxf = dxfs[rule.dxfId]
                fill = colours.fill(dxf.fill, dxf=True) if dxf is not None and dxf.fill is not None else None
                if not fill:
                    continue
                if rule.type == "expression":
                    parsed = parse_formula(rule.formula[0], (bounds[0][0], bounds[0][2])) if rule.formula and bounds else None
                    if parsed is None:
                        continue
                    self.rules.append((rule.priority or 0, parsed, fill, bounds))
                else:
                    self.rules.append((rule.priority or 0, rule, fill, bounds))
        self.rules.sort(key=lambda x: x[0])

    def fill(self, row: int, col: int, value) -> str | None:
        for _, rule, fill, bounds in self.rules:
            if not any(r0 <= row <= r1 and c0 <= col <= c1 for r0, r1, c0, c1 in bounds):
                continue
            if isinstance(rule, _Formula):
                other = self.cells.get(rule.target(row, col))
                if rule.matches(other.value if other is not None else None):
                    return fill
            elif _matches(rule, value):
                return fill
        return None


def _literal(formula: str):
    f = formula.strip()
    if len(f) >= 2 and f[0] == f[-1] == '"':
        return f[1:-1].replace('""', '"')
    try:
        return float(f)
    except ValueError:
        return None  # a reference or expression: not evaluated


def _matches(rule, value) -> bool:
    text = "" if value is None else str(value)
    if rule.type in ("containsText", "notContainsText", "beginsWith", "endsWith") and rule.text is not None:
        needle, hay = rule.text.lower(), text.lower()
        return {"containsText": needle in hay, "notContainsText": needle not in hay,
                "beginsWith": hay.startswith(needle), "endsWith": hay.endswith(needle)}[rule.type]
    if rule.type != "cellIs" or not rule.formula:
        return False
    args = [_literal(f) for f in rule.formula]
    if any(a is None for a in args):
        return False
    v: float | str
    if isinstance(value, (int, float)) and not isinstance(value, bool) and all(isinstance(a, float) for a in args):
        v = float(value)
    elif all(isinstance(a, str) for a in args):
        v, args = text.lower(), [a.lower() for a in args]
    else:
        return False
    op = rule.operator or "equal"
    a = args[0]
    b = args[1] if len(args) > 1 else a
    return {"equal": v == a, "notEqual": v != a, "greaterThan": v > a, "lessThan": v < a,
            "greaterThanOrEqual": v >= a, "lessThanOrEqual": v <= a,
            "between": min(a, b) <= v <= max(a, b), "notBetween": not min(a, b) <= v <= max(a, b)}.get(op, False)
