"""The fields of one action, from the cells of the rows it covers.

Small pure functions: each takes cell texts (already gathered per field by
:mod:`plantables.normalise.plan`) and returns one :class:`~plantables.normalise.records.Action`
field, calling the shared parsers (``classify_status``, ``parse_timeframe``,
``split_leads``, ``extract_targets``, ``rag_from_fill``/``rag_from_text``).
Unknown values are ``None`` or empty lists, never empty strings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from plantables.extract.model import Cell
from plantables.normalise import config as settings
from plantables.normalise.dates import parse_timeframe, period_label_months
from plantables.normalise.leads import split_leads
from plantables.normalise.profile import text_kind
from plantables.normalise.subitems import lettered_items
from plantables.vocabulary.fields import match_field

Period = tuple[str, str] | None

_GRID_MARKS = frozenset("█▓▒░■▪●◼⬛✓✔✗✘xX*")
_RISK_TOKEN = re.compile(r"[^\s,;/]+")
#: a list bullet opening a line (a glyph, not '-', which also opens a wrapped range like '– Dec 2018')
_BULLET = re.compile(r"^[ \t]*[•●▪◦‣∙○■□➢►➤\uf0b7\uf0a7\uf076\uf0d8\uf0fc][ \t]*", re.MULTILINE)
#: a range's mark: a dash with a space beside it, an en or em dash between two words (``Jan–Mar 2026``;
#: a hyphen alone is inside a date, ``Mar-26``, and ``2025–26`` is one financial year), or a word
_RANGE = re.compile(r"\s[-–—]\s?|\s?[-–—]\s|(?<=[a-z])[–—](?=[a-z])|\b(?:to|until|till|through)\b", re.IGNORECASE)


def joined(texts: list[str], sep: str, *, distinct: bool = False) -> str | None:
    """Non-empty texts in order (each once if ``distinct``), joined; ``None`` when there are none."""
    seen: list[str] = []
    for t in texts:
        t = " ".join(t.split())
        if t and not (distinct and t in seen):
            seen.append(t)
    return sep.join(seen) if seen else None


#: a footnote mark closing a cell's text: 'Chief Nurse*', 'Head of Housing†' (the note is under the table)
_NOTE_MARK = re.compile(r"(?<=[^\W\d_])[*†‡]{1,3}\s*$")


def without_note_mark(text: str) -> str:
    """``text`` without a footnote mark glued to its last word (``Chief Nurse*`` → ``Chief Nurse``)."""
    return _NOTE_MARK.sub("", text)


def time_then_text(text: str) -> tuple[str, str] | None:
    """``(when, rest)`` of a cell whose first line is a date or period alone over more lines
    (``Sept 2025 onwards`` over the progress made, in a ``Timescale / progress`` column); else None."""
    first, _, rest = text.strip().partition("\n")
    if not rest.strip() or len(first.split()) > 5:
        return None
    tf = parse_timeframe(first)
    when = text_kind(first) == "date" or tf.start_month or tf.due_month or (tf.ongoing and len(first.split()) <= 2)
    return (first.strip(), rest.strip()) if when else None  # 'Termly', 'Ongoing': a recurring time


def bullet_items(text: str) -> list[str]:
    """A cell's text cut at its bullets, bullets dropped: a bullet starts an item, a line without
    one carries on the item above (a wrapped bullet). Text without bullets is one item."""
    starts = [m.start() for m in _BULLET.finditer(text)]
    if not starts:
        return [text]
    cuts = ([0] if starts[0] > 0 else []) + starts + [len(text)]
    return [_BULLET.sub("", text[a:b]) for a, b in zip(cuts, cuts[1:])]


def bold_lines(cell: Cell | None) -> tuple[bool, ...] | None:
    """Per line of the cell's text, whether it is printed bold (from the reader's runs); None
    when the reader gave no runs or their lines are not the text's lines."""
    if cell is None or not cell.runs or not any(r.bold for r in cell.runs):
        return None
    flags: list[bool] = [True]
    for run in cell.runs:
        parts = run.text.split("\n")
        for k, part in enumerate(parts):
            if k:
                flags.append(True)
            if part.strip() and not run.bold:
                flags[-1] = False
    text_lines = cell.text.split("\n")
    joined = "".join(r.text for r in cell.runs).split("\n")
    # drop the empty lines the reader stripped off the text's ends
    while joined and not joined[0].strip():
        joined.pop(0)
        flags.pop(0)
    while joined and not joined[-1].strip():
        joined.pop()
        flags.pop()
    if len(flags) != len(text_lines) or not any(flags):
        return None
    return tuple(flags)


def bold_head(cell: Cell | None) -> str | None:
    """The words of the bold run(s) opening a cell (``**On track** two hubs open``), else None."""
    if cell is None or not cell.runs or not cell.runs[0].bold:
        return None
    head = []
    for run in cell.runs:
        if not run.bold and run.text.strip():
            break
        head.append(run.text)
    return " ".join("".join(head).split()) or None


def title_and_steps(cell_text: str, bold_lines: tuple[bool, ...] | None = None) -> tuple[str, list[str]]:
    """What an action cell holds: a title over bullet steps (the text before the first bullet),
    or over sub-actions lettered in sequence (``a) … b) …``), or a bold first line (or lines)
    over plain ones (``bold_lines``, a reader's format fact); otherwise the whole text is the
    title."""
    starts = [m.start() for m in _BULLET.finditer(cell_text)]
    lines = cell_text.split("\n")
    if starts and cell_text[: starts[0]].strip():
        b = cell_text.count("\n", 0, starts[0])  # the line of the first bullet
        k = _bold_head(bold_lines, len(lines))
        if bold_lines and 0 < k < b and not any(bold_lines[k:b]):
            # plain lines between a bold title and the first bullet glyph: a step whose bullet is
            # drawn as a shape (no glyph), as the steps' look says
            return " ".join(" ".join(lines[:k]).split()), join_steps(["\n".join(lines[k:b]), "\n".join(lines[b:])])
        return " ".join(cell_text[: starts[0]].split()), join_steps([cell_text[starts[0]:]])
    items = lettered_items(cell_text)
    if items:
        ends = [s for s, _ in items[1:]] + [len(cell_text)]
        steps = [" ".join(cell_text[label_end:end].split()) for (_, label_end), end in zip(items, ends)]
        return " ".join(cell_text[: items[0][0]].split()), [t for t in steps if t]
    if bold_lines and len(bold_lines) == len(lines) and bold_lines[0]:
        k = bold_lines.index(False) if False in bold_lines else len(lines)
        rest = "\n".join(lines[k:])
        if 0 < k < len(lines) and not any(bold_lines[k:]) and rest.strip():
            # bullets drawn as shapes leave no glyph: a capitalised line starts a step
            return " ".join(" ".join(lines[:k]).split()), join_steps(lines[k:])
    return " ".join(cell_text.split()), []


def _bold_head(bold_lines: tuple[bool, ...] | None, n_lines: int) -> int:
    """How many of a cell's first lines are bold (0 when its lines' weights are unknown)."""
    if not bold_lines or len(bold_lines) != n_lines:
        return 0
    return bold_lines.index(False) if False in bold_lines else n_lines


def title_over_rows(head: str, tail: list[str]) -> tuple[str, list[str]]:
    """The action cell's text on its first row and the texts of the rows below it: the title goes
    on onto the rows that open in lower case; and, when a row below opens with a bullet, onto
    every row before it (a title the reader cut line by line above its bullet steps)."""
    bulleted = next((k for k, t in enumerate(tail) if _BULLET.match(t)), None)
    if bulleted is None or _BULLET.search(head):
        bulleted = 0
        while bulleted < len(tail) and tail[bulleted].strip()[:1].islower():
            bulleted += 1
    return " ".join([head.strip()] + [t.strip() for t in tail[:bulleted]]), tail[bulleted:]


def join_steps(texts: list[str]) -> list[str]:
    """Step texts in order, one per bullet; a text starting in lower case carries on the step before it."""
    steps: list[str] = []
    for cell_text in texts:
        for t in bullet_items(cell_text):
            t = " ".join(t.split())
            if not t:
                continue
            if steps and (t[0].islower() or t[0] in ",;)"):
                steps[-1] = f"{steps[-1]} {t}"
            else:
                steps.append(t)
    return steps


def leads_of(texts: list[str]) -> list[str]:
    out: list[str] = []
    for t in texts:
        for name in split_leads(t, glossary=settings.glossary()):
            if name not in out:
                out.append(name)
    return out


#: a text left open at its end: a separator or a word that needs what follows ('Head of', 'Nov 2015 –')
_OPEN_END = re.compile(r"(?:[,/&+\-–—]|\b(?:and|of|for|the|to|until|till|from))\s*$", re.IGNORECASE)
_BARE_YEAR = re.compile(r"\s*(?:19|20)\d{2}\.?\s*")


def rejoin_cut(texts: list[str], goes_on: Callable[[str, str], bool]) -> list[str]:
    """Texts of one column over an action's rows, each joined (by a line break) to the one before
    when ``goes_on(before, text)`` says it carries it on: one cell the reader cut over two rows.
    Whole texts, one per row (a step's date, a step's lead), stay apart."""
    out: list[str] = []
    for text in texts:
        if out and goes_on(out[-1], text):
            out[-1] = f"{out[-1]}\n{text}"
        else:
            out.append(text)
    return out


def _carries_on(before: str, text: str) -> bool:
    """Text that cannot stand alone after ``before``: it is left open, or this opens in lower case."""
    return bool(_OPEN_END.search(before)) or text.strip()[:1].islower()


def date_goes_on(before: str, text: str) -> bool:
    """``November 25,`` | ``2020``, ``Nov 2015 –`` | ``Apr 2016``: a date cut over two rows
    (a year alone finishes the date above; two dates stay two)."""
    return _carries_on(before, text) or bool(_BARE_YEAR.fullmatch(text))


def lead_goes_on(before: str, text: str) -> bool:
    """``Customer Services`` | ``Manager``, ``Head of`` | ``Planning``, ``Environmental`` | ``Health
    Lead``: one role cut over two rows; a word alone (not an acronym such as ``CEO``) finishes
    or starts a role, it is not one."""
    def lone_word(t: str) -> bool:
        words = t.split()
        return len(words) == 1 and not words[0].isupper()

    return _carries_on(before, text) or lone_word(text) or lone_word(before)


#: how a labelled line's value cut by the cell's width goes on
_GOES_ON: dict[str, Callable[[str, str], bool]] = {"lead": lead_goes_on, "timeframe": date_goes_on,
                                                  "start": date_goes_on}


#: a line naming its field: ``Lead: Head of Finance``, ``Timescale: March 2026``
_LABELLED_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z /&']{1,30}?)\s*:\s*(\S.*)$", re.DOTALL)
#: the fields a line in the action's cell may name for itself
_LINE_FIELDS = frozenset({"lead", "timeframe", "start", "measures", "status", "update"})


def labelled_lines(steps: list[str], have: set[str]) -> tuple[list[str], dict[str, list[str]]]:
    """Lines of the action's cell that name a field the table has no column for (``Lead: …``,
    ``Timescale: …`` under the action): that field's text, no step; the other lines stay steps."""
    kept: list[str] = []
    found: dict[str, list[str]] = {}
    last: str | None = None  # the field of the line before, whose value a wrapped line may finish
    for step in steps:
        m = _LABELLED_LINE.match(step)
        field = match_field(m.group(1)).field if m and len(m.group(1).split()) <= 3 else None
        if m and field in _LINE_FIELDS and field not in have:
            found.setdefault(field, []).append(" ".join(m.group(2).split()))
            last = field
        elif not m and last in _GOES_ON and _GOES_ON[last](found[last][-1], step):
            found[last][-1] += " " + " ".join(step.split())  # 'Lead: Finance Business' | 'Partner'
        else:
            kept.append(step)
            last = None
    return kept, found


@lru_cache(maxsize=4096)  # a plan repeats its timeframe texts from action to action; the result is a tuple
def cell_months(text: str, *, period: Period) -> tuple[str | None, str | None]:
    """``(start, due)`` of one timeframe cell: a single date is a due month only;
    a range gives both; ``From Jan 2017`` gives a start only."""
    tf = parse_timeframe(text, period=period)
    start, due = tf.start_month, tf.due_month
    if start is None:
        return None, due
    if due is None:
        return start, None
    is_range = start != due and bool(_RANGE.search(text))  # "Dec 2016 – April 2017", not "Feb 2017 Dec 2016"
    return (start if is_range else None), due


def timeframe_of(texts: list[str], active: list[str], *, period: Period,
                 start_texts: Sequence[str] = ()) -> tuple[str | None, str | None]:
    """Earliest start and latest due over the timeframe cells, the cells of a start column
    (``Start | Finish``: their first month starts the action) and the active grid months."""
    starts: list[str] = []
    dues: list[str] = []
    for t in start_texts:
        first = next((m for m in cell_months(t, period=period) if m), None)
        starts += [first] if first else []
    for t in texts:
        s, d = cell_months(t, period=period)
        starts += [s] if s else []
        dues += [d] if d else []
    if active:
        starts.append(active[0])
        dues.append(active[-1])
    return (min(starts) if starts else None), (max(dues) if dues else None)


def is_marked(cell: Cell, background: frozenset[str] | set[str] = frozenset()) -> bool:
    """A grid cell that is ticked, marked or shaded unlike its row (``background``: the fills
    the row's text cells share, a zebra band or a shaded row, which are no marks)."""
    t = cell.text.replace(" ", "")
    if t and len(set(t)) == 1 and t[0] in _GRID_MARKS:
        return True
    return (not t and cell.fill is not None and cell.fill.upper() not in ("#FFFFFF", "#FEFEFE")
            and cell.fill not in background)


def row_background(rows: list[list[tuple[str | None, Cell]]]) -> frozenset[str]:
    """Fills that shade whole rows: per row, the fill most of its text cells (neither grid, RAG nor
    status cells: ``(field, cell)`` pairs) share, two or more of them (a colour-coded cell of a
    column no role was found for, a status in its colour, does not unshade the row)."""
    out = set()
    for row in rows:
        fills: dict[str | None, int] = {}
        for f, c in row:
            if f not in ("month", "rag", "status"):
                fills[c.fill] = fills.get(c.fill, 0) + 1
        if not fills:
            continue
        fill = max(fills, key=fills.__getitem__)  # the first most common, as Counter.most_common
        n = fills[fill]
        if fill is not None and n >= 2 and 2 * n > sum(fills.values()):
            out.add(fill)
    return frozenset(out)


def active_months(cells_by_label: list[tuple[str, Cell]], *, period: Period,
                  background: frozenset[str] = frozenset()) -> list[str]:
    months: set[str] = set()
    for label, cell in cells_by_label:
        if is_marked(cell, background):
            months.update(period_label_months(label, period=period))
    return sorted(months)


#: a risk register code printed inside other text: ``CYPF_RSK_11``, ``RISK-04``, ``CRR RISK 12``
_RISK_CODE = re.compile(r"\b(?:[A-Z]{2,}[_-])*(?:RSK|RISK)[_ -]?\d{1,4}\b")


def risk_codes_in(texts: list[str]) -> list[str]:
    """Risk register codes printed inside cells of other columns (``… see CYPF_RSK_11``)."""
    out: list[str] = []
    for t in texts:
        if "RSK" not in t and "RISK" not in t:
            continue  # the code's word (the pattern is case-sensitive)
        for m in _RISK_CODE.finditer(t):
            if m.group(0) not in out:
                out.append(m.group(0))
    return out


def risk_refs_of(texts: list[str]) -> list[str]:
    """Register refs in risk cells: tokens with a digit (``CYPF_RSK_11``), not words like ``PROPOSED``."""
    out: list[str] = []
    for t in texts:
        for tok in _RISK_TOKEN.findall(t):
            tok = tok.strip(".")
            if any(ch.isdigit() for ch in tok) and tok not in out:
                out.append(tok)
    return out
