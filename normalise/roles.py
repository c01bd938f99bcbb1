"""What each column of a table holds: its role (a plan field), from its label AND its content.

Two signals, both scored:

* **wording** — the label matched against the field synonyms
  (:func:`plantables.vocabulary.fields.match_field`);
* **content** — what the column's body cells are (:mod:`plantables.normalise.profile`):
  ids (``R-042``, ``M12``, ``1.2``), dates, status words, RAG letters or fills,
  grid marks, role names, long text.

A label names the role when the content does not contradict it (a ``Local Plan
Ref`` column of ``Page 11, paragraph 1.21`` texts holds no refs); several columns
claiming one field are settled by content, then wording, then position. A column
whose label is unknown (or absent) gets a role from its content alone, when the
table has no column of that role yet. A grid column (``Apr``, ``Q1``, ``23-Sep``)
is a month column only when its cells are marks, fills or empty.

The action's description is always found: when no column is worded as the action,
the objective column stands in for it when it is not merged over several rows,
else the column of longest text does (with a warning). An ``ID``/``No.``/``Risk ID``
column of ids is the action ref. Columns left without a role are ``None``: their
cells still reach the database (``action_cells``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plantables.extract.model import Table
from plantables.normalise.profile import ColumnProfile, profiles
from plantables.normalise.settings import DEFAULT, InterpretSettings
from plantables.vocabulary.fields import looks_like_period_label, match_field
from plantables.vocabulary.headings import classify_heading
from plantables.vocabulary.refs import split_ref

#: words that make a short cell a role or a team (a lead column holds these)
_ROLE_WORDS = re.compile(
    r"\b(?:officer|manager|head|director|lead|leader|team|co-?ordinator|chief|executive|board|group|"
    r"partnership|service|services|council|committee|panel|hos|ad|dcs|ceo|owner|consultant|advisor|adviser)s?\b",
    re.IGNORECASE,
)


@dataclass
class Roles:
    """Column index → field for the columns that have a role, and what was guessed."""

    fields: dict[int, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    title_col: int | None = None  # the column the action's description comes from
    title_guessed: bool = False  # chosen by its text length, not its label
    risk_texts: list[int] = field(default_factory=list)  # columns worded as a risk, holding sentences


def _fits(fld: str, p: ColumnProfile) -> float:
    """How well a column's content fits a field (0 = contradicts, 1 = plain fit, 2 = strong)."""
    if p.filled == 0:
        return 1.0  # an empty column contradicts nothing
    if fld not in ("ref", "measures", "month") and p.share("number") >= 0.5:
        return 0.0  # figures: no lead, title, status or date column holds mostly numbers
    if fld in ("ref", "risk_ref"):
        if p.share("id", "number") >= 0.5:
            return 2.0
        return 0.0 if p.mean_words > 3 or p.share("long") > 0.3 else 1.0
    if fld in ("timeframe", "start"):
        if p.share("date") >= 0.5:
            return 2.0
        # a 'Milestone' column of descriptions with no date in them is no timeframe
        return 0.0 if p.share("date") < 0.2 and p.mean_words > 3 else (0.5 if p.share("long") > 0.5 else 1.0)
    if fld == "rag":
        # a 'Rating' column of status words is a status column
        return 2.0 if p.share("rag") >= 0.5 else (0.0 if p.status_share >= 0.5 else 1.0)
    if fld == "status":
        return 2.0 if p.status_share + p.share("rag") >= 0.5 else (0.0 if _prose(p) else 1.0)
    if fld == "section":
        # a 'Priority' of High/Medium/Low or 1-3 rates the action; a section is named
        return 0.0 if p.mean_words < 1.5 or p.share("rag", "status", "date") >= 0.5 else 2.0 if p.spans else 1.0
    if fld in ("action", "objective"):
        return 2.0 if p.mean_words >= 3 else (0.5 if p.share("id", "date", "number") > 0.5 else 1.0)
    if fld == "lead":
        return 0.5 if p.mean_words > 12 else 1.0
    return 1.0


def _prose(p: ColumnProfile) -> bool:
    """Sentences, not status words: what an update column holds (short ones too when not one
    of them opens with a status: 'System change specified.')."""
    return (p.share("long") >= 0.6 and p.share("status", "rag") < 0.2
            and (p.mean_words > 6 or p.status_share == 0.0))


def _second_reading(fld: str, p: ColumnProfile) -> str | None:
    """The field a status-worded label names when its cells contradict the first reading: a
    'Progress' column of sentences is the update, a 'Rating' or 'Stage' of status words the status."""
    if fld in ("status", "rag") and _prose(p):
        return "update"
    if fld == "rag" and p.status_share >= 0.5:
        return "status"
    return None


def _progress_after_time(fld: str, p: ColumnProfile, label: str) -> str | None:
    """A ``Timescale / progress`` column of sentences (its date on a line of its own above the
    progress) is the update, which gives the timeframe too (:func:`.plan_fields.time_then_text`)."""
    if fld != "timeframe" or not _is_prose(p):
        return None
    parts = [match_field(part).field for part in re.split(r"\s*(?:/|&|\band\b)\s*", label) if part.strip()]
    return "update" if len(parts) == 2 and parts[0] == "timeframe" and parts[1] in ("status", "update") else None


def _is_prose(p: ColumnProfile) -> bool:
    """Sentences rather than codes: several words a cell, few ids or numbers."""
    return p.filled > 0 and p.mean_words > 3 and p.share("id", "number") < 0.2


def _is_grid(p: ColumnProfile) -> bool:
    """Grid cells: ticks, shading or nothing (not dates or words)."""
    return p.filled == 0 or p.share("mark", "rag") >= 0.5


def _per_row(table: Table, col: int) -> bool:
    """No cell of the column spans several rows (the column is not a group column)."""
    return not any(c.col == col and c.row_span > 1 for r in table.rows if r.kind == "data" for c in r.cells)


def column_roles(table: Table, s: InterpretSettings = DEFAULT,
                 prof: dict[int, ColumnProfile] | None = None) -> Roles:
    """The role of every column of ``table`` (see the module notes); ``prof``: its :func:`profiles`."""
    cols = table.columns
    prof = prof if prof is not None else profiles(table)
    roles = Roles()
    out = roles.fields
    claims: dict[str, list[tuple[float, float, int]]] = {}
    for c in cols:
        p = prof[c.index]
        grid_label = looks_like_period_label(c.label) or (c.group is not None and looks_like_period_label(c.group)
                                                           and looks_like_period_label(c.label))
        if grid_label and _is_grid(p):
            out[c.index] = "month"
            continue
        m = match_field(c.label) if c.label.strip() and not grid_label else None
        if m is None or m.field is None:
            continue
        fld, fit, score = m.field, _fits(m.field, p), m.score
        if fld == "risk_ref" and _is_prose(p):
            roles.risk_texts.append(c.index)  # sentences about a risk: a risk register's items, if nothing else is
            continue
        if fit == 0.0:
            second = _second_reading(fld, p) or _progress_after_time(fld, p, c.label)
            if second is None:
                continue
            fld, fit, score = second, _fits(second, p), score - 20  # a label naming the field itself comes first
        claims.setdefault(fld, []).append((fit, score, -c.index))
    for fld, claimants in claims.items():
        best = _latest_period(cols, prof, claimants) or max(claimants)
        out[-best[2]] = fld
    _two_objectives(prof, claims, out)
    _grouping_update_is_objective(prof, claims, out)
    # 'Status' and 'Progress' both worded as the status: the one of sentences is the update
    losers = [-c for *_, c in claims.get("status", []) if -c not in out and _is_prose(prof[-c])]
    if losers and "update" not in claims:
        out[losers[0]] = "update"
    _content_roles(table, prof, out, s)
    _ids_are_refs(prof, out, s)
    _find_title(table, prof, roles, s)
    return roles


#: a reporting period in a column label: 'Q2', 'Quarter 3', 'H1', 'Apr-Jun', '2024/25', 'Year 2'
_PERIOD = re.compile(r"\b(?:q[1-4]|quarter\s*[1-4]|h[12]|half\s*[12]|year\s*\d|(?:19|20)\d\d(?:\s*[/-]\s*\d{2,4})?"
                     r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*(?:\s*[-–]\s*"
                     r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)?)\b", re.IGNORECASE)


def _latest_period(cols, prof: dict[int, ColumnProfile],
                   claimants: list[tuple[float, float, int]]) -> tuple[float, float, int] | None:
    """Of several columns worded alike but for their period (``Q1 update | Q2 update | Q3 update``,
    a progress log filled quarter by quarter), the last one filled in: the latest report is the
    action's. ``None`` when the claimants are not such a log."""
    if len(claimants) < 2:
        return None
    labels = {-c: " ".join(cols[-c].label.split()).lower() for *_, c in claimants}
    stems = {_PERIOD.sub("", text).strip(" -–:") for text in labels.values()}
    if len(stems) != 1 or not all(_PERIOD.search(text) for text in labels.values()):
        return None
    filled = [claim for claim in claimants if prof[-claim[2]].filled and claim[0] > 0]
    return min(filled, key=lambda claim: claim[2]) if filled else None  # the rightmost: -index smallest


def _two_objectives(prof: dict[int, ColumnProfile], claims: dict[str, list[tuple[float, float, int]]],
                    out: dict[int, str]) -> None:
    """Two columns worded as the objective and none as the action (``Desired outcome | What?``):
    the one that groups rows (merged over them, or its texts numbered as parents, ``1.2 Ensure …``)
    on fewer rows than the other is the objective; the other, printed on each action's row, is
    the action."""
    cols = [-c for *_, c in claims.get("objective", [])]
    if "action" in claims or len(cols) != 2:
        return
    for grp, act in (cols, cols[::-1]):
        g, a = prof[grp], prof[act]
        groups = g.spans > 0 or g.ref_led >= 0.5 * g.filled
        if groups and 0 < g.filled < a.filled and a.ref_led < 0.5 * a.filled and a.spans == 0:
            out[grp], out[act] = "objective", "action"
            return


def _grouping_update_is_objective(prof: dict[int, ColumnProfile], claims: dict[str, list[tuple[float, float, int]]],
                                  out: dict[int, str]) -> None:
    """An update-worded column (``Outcome``) merged over several actions' rows and printed left of
    the action column groups the actions, as an objective does: an update is each action's own and
    comes after it. It is the objective (when no column is worded so), and the next column worded
    as the update (``Q2 commentary``) the update."""
    upd = next((c for c, f in out.items() if f == "update"), None)
    act = next((c for c, f in out.items() if f == "action"), None)
    if upd is None or act is None or upd > act or "objective" in out.values():
        return
    p = prof[upd]
    if p.filled < 2 or p.spans < 0.5 * p.filled:
        return
    out[upd] = "objective"
    rest = [claim for claim in claims.get("update", []) if -claim[2] != upd and -claim[2] not in out]
    if rest:
        out[-max(rest)[2]] = "update"


def _content_roles(table: Table, prof: dict[int, ColumnProfile], out: dict[int, str], s: InterpretSettings) -> None:
    """Roles for unlabelled/unknown columns from what they hold, one column per role: of several
    columns fitting a role (three date columns), the one with most such cells takes it; of date
    columns as full, the last (a start is printed before its end), of others the first."""
    have = set(out.values())
    wanted: dict[str, list[tuple[int, int]]] = {}
    for c in table.columns:
        role = None if c.index in out else _content_role(table, c.index, prof, have, s)
        if role is not None:
            p = prof[c.index]
            wanted.setdefault(role, []).append((p.filled, c.index if role == "timeframe" else -c.index))
    for role, candidates in wanted.items():
        out[abs(max(candidates)[1])] = role
    _start_beside_end(table, prof, out, s)


def _start_beside_end(table: Table, prof: dict[int, ColumnProfile], out: dict[int, str], s: InterpretSettings) -> None:
    """A column of dates just left of the timeframe column, under the same group label (``From | To``
    under ``Delivery``) or none, is when the action starts, when no column is worded as the start."""
    end = next((c for c, f in out.items() if f == "timeframe"), None)
    if end is None or end == 0 or "start" in out.values() or end - 1 in out:
        return
    p = prof[end - 1]
    if p.filled >= min(s.content_min_cells, prof[end].filled) and p.share("date") >= s.content_share \
            and table.columns[end - 1].group == table.columns[end].group:
        out[end - 1] = "start"


def _content_role(table: Table, col: int, prof: dict[int, ColumnProfile], have: set[str],
                  s: InterpretSettings) -> str | None:
    """The role column ``col``'s cells alone give it (None when they give none)."""
    c = table.columns[col]
    p = prof[col]
    role = None
    if "objective" not in have and p.filled >= 2 and p.spans == p.filled and all(
            classify_heading(t).kind == "objective" for t in p.texts):
        return "objective"  # 'Objective 2: …' merged down over its actions (printed up the side, say)
    if p.filled < s.content_min_cells and not (c.label and p.filled >= 2 and p.share("date") == 1.0
                                                and p.filled == _data_rows(table)):
        return None  # too few cells to tell; but a labelled column of dates on every row of a short table
    if "objective" not in have and p.ref_led >= s.content_share * p.filled and (p.spans or p.distinct < 0.9) \
            and p.share("long") >= 0.5:
        return "objective"  # '1.2 Ensure that …' merged over (or repeated on) the rows of its actions
    if "ref" not in have and p.share("id", "number") >= s.ref_share and p.distinct >= 0.8 \
            and (c.index == _first_filled(table, prof) or _dotted_share(p) >= s.ref_share or _counts_on(p)):
        role = "ref"  # ids opening the row, or numbering the rows ('1.2.3'; 1, 2, 3) wherever the column is
    elif "timeframe" not in have and p.share("date") >= s.content_share:
        role = "timeframe"
    elif "rag" not in have and p.share("rag") >= s.content_share and len(p.colours) >= 2:
        role = "rag"
    elif "status" not in have and p.status_share >= s.content_share:
        role = "status"
    elif not have & {"rag", "status"} and p.rated_cells >= s.content_share * p.filled and len(p.rated) >= 2 \
            and p.share("number", "id", "short") >= s.content_share:
        role = "rag"  # figures or words shaded red, amber or green by their rating (a risk score)
    elif not have & {"status", "update"} and p.status_led >= s.content_share * p.filled:
        role = "update"  # 'On track – two hubs open …': an update that opens with its status
    elif "lead" not in have and p.mean_words <= 6 and _role_share(p) >= s.content_share:
        role = "lead"
    return role


def _data_rows(table: Table) -> int:
    return sum(1 for r in table.rows if r.kind == "data" and r.cells)


def _first_filled(table: Table, prof: dict[int, ColumnProfile]) -> int | None:
    """The leftmost column holding text (refs come first in a row)."""
    return next((c.index for c in table.columns if prof[c.index].filled), None)


def _dotted_share(p: ColumnProfile) -> float:
    """Share of the column's texts that are dotted refs alone (``1.2.3``, ``I.2``); 0 unless they run
    in order (figures such as ``1.5``, ``0.8`` do not)."""
    texts = [t for t in p.texts if t]
    refs = [split_ref(t) for t in texts]
    dotted = [ref for raw, ref, rest in refs if "." in (raw or "") and not rest and ref]
    keys = [tuple(int(x) if x.isdigit() else 0 for x in r.split(".")) for r in dotted]
    return len(dotted) / len(texts) if texts and keys == sorted(keys) else 0.0


def _counts_on(p: ColumnProfile) -> bool:
    """The column numbers its rows 1, 2, 3 … (starting again at 1 in another table pooled with it):
    three or more whole numbers, each one more than the one before."""
    texts = [t.rstrip(".") for t in p.texts if t]
    if len(texts) < 3 or not all(t.isdigit() for t in texts):
        return False
    nums = [int(t) for t in texts]
    return all(b == a + 1 or b == 1 for a, b in zip(nums, nums[1:]))


def _role_share(p: ColumnProfile) -> float:
    texts = [t for t in p.texts if t]
    return sum(1 for t in texts if _ROLE_WORDS.search(t)) / len(texts) if texts else 0.0


def _ids_are_refs(prof: dict[int, ColumnProfile], out: dict[int, str], s: InterpretSettings) -> None:
    """A ``Risk ID`` column of distinct ids is the action's ref when the table has no ref column."""
    if "ref" in out.values():
        return
    for col, fld in list(out.items()):
        p = prof[col]
        if fld == "risk_ref" and p.share("id", "number") >= s.ref_share and p.distinct >= 0.8:
            out[col] = "ref"
            return


def _find_title(table: Table, prof: dict[int, ColumnProfile], roles: Roles, s: InterpretSettings) -> None:
    out = roles.fields
    act = next((c for c, f in out.items() if f == "action"), None)
    if act is not None:
        roles.title_col = act
        return
    obj = next((c for c, f in out.items() if f == "objective"), None)
    if obj is not None:
        # objectives printed one per row are the actions; merged over rows, they group them
        if _per_row(table, obj):
            out[obj] = "action"
            roles.title_col = obj
            return
        # merged over its actions' rows it groups them: the actions are another column's
    # the title is text: a column mostly of numbers, dates or ids describes nothing
    free = [c.index for c in table.columns
            if c.index not in out and prof[c.index].filled and prof[c.index].share("short", "long") >= 0.5]
    if not free:
        return
    risk = next((c for c in roles.risk_texts if c in free), None)
    worded = [c for c in free if c != risk and match_field(table.columns[c].label).field is not None]
    if risk is not None and not worded:  # a risk register: each row describes a risk ('Risk', 'Risk description')
        out[risk] = "action"
        roles.title_col = risk
        return
    best = max(free, key=lambda k: (prof[k].mean_words, -k))
    out[best] = "action"
    roles.title_col, roles.title_guessed = best, True
    label = table.columns[best].label or f"column {best + 1}"
    roles.warnings.append(f"no column is worded as the action: {label!r} (the longest text) read as the action")
