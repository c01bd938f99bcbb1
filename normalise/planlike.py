"""Is a table a plan's table of actions? And is a document a plan at all?

A plan table has a column that reads as the actions (its title column) and at
least one column that makes them actions: who leads them, when they are due
(dates or a month grid), how they stand (status, RAG), or ids that number them
(``M12``, ``R-042``, ``1.2``). Not plan tables:

* a **key/legend** (``Status | Meaning``, ``RAG | Definition``): a short table whose
  first column lists status words or colours, each once;
* **statistics**: most of the other columns are numbers;
* anything without such columns (an impact assessment ``Policy | Possible impact``).

A document with no plan table is recorded as ``not_a_plan`` with the reason.
"""

from __future__ import annotations

from plantables.extract.model import Table
from plantables.normalise.profile import ColumnProfile, profiles
from plantables.normalise.roles import Roles
from plantables.normalise.settings import DEFAULT, InterpretSettings

#: roles that make a described row an action
ACTION_ROLES = frozenset({"lead", "timeframe", "start", "month", "status", "rag"})
#: a legend has at most this many columns and rows
LEGEND_MAX_COLS, LEGEND_MAX_ROWS = 3, 10


def is_legend(table: Table, prof: dict[int, ColumnProfile] | None = None) -> bool:
    """A key to statuses or colours: its first filled column is status/RAG words or fills, each once
    (two rows or more, or one under a header)."""
    if len(table.columns) > LEGEND_MAX_COLS:
        return False
    data = [r for r in table.rows if r.kind == "data" and r.cells]
    # one row under a header of its own is enough: the rest of a key a page broke (``Key |
    # Description`` repeated over ``Blue | Complete``)
    headed = any(r.kind == "header" for r in table.rows)
    if not (1 if headed else 2) <= len(data) <= LEGEND_MAX_ROWS:
        return False
    prof = prof or profiles(table)
    first = next((p for p in (prof[c.index] for c in table.columns) if p.filled), None)
    if first is None or first.share("status", "rag") < 0.75:
        return False
    return first.distinct >= 0.99 or not any(first.texts)


def plan_verdict(table: Table, roles: Roles, s: InterpretSettings = DEFAULT,
                 prof: dict[int, ColumnProfile] | None = None) -> str | None:
    """``None`` for a plan table, else why it is not one (a few words).

    Numbers alone (no lead, date or status column) make a plan table only under a header
    row: numbered paragraphs printed as a borderless table have none.
    """
    prof = prof if prof is not None else profiles(table)
    if is_legend(table, prof):
        return "a key to statuses or colours, not actions"
    if roles.title_col is None and "objective" not in roles.fields.values():
        return "no column reads as actions"
    if roles.title_col is not None and _covered_share(table, roles.title_col) < s.title_rows_share:
        return "too few rows described (a chart or a grid, not a table of actions)"
    labelled = any(r.kind == "header" for r in table.rows) or any(c.label for c in table.columns)
    cells = sum(sum(p.kinds.values()) for p in prof.values())
    texts = sum(p.kinds[k] for p in prof.values() for k in ("short", "long", "date", "status", "id"))
    if not labelled and cells and texts / cells < s.text_cells_share:
        return "mostly empty or shaded cells without a header (a chart), not actions"
    fields = set(roles.fields.values())
    # refs (1.1, 1.2) read as figures too: the ref column is not counted
    counted = [p for c, p in prof.items() if roles.fields.get(c) != "ref"]
    filled = sum(p.filled for p in counted)
    numbers = sum(p.kinds["number"] for p in counted)
    # a few columns of scores beside leads and statuses (a risk register's likelihood and impact)
    # leave a table of actions: figures spread over most cells without such columns make statistics
    actions_beside = len(fields & ACTION_ROLES) >= 2
    if filled and numbers / filled >= s.numeric_cells_share and not actions_beside:
        return "a table of figures (statistics), not actions"
    others = [p for c, p in prof.items() if c != roles.title_col and p.filled and roles.fields.get(c) != "ref"]
    numeric = [p for p in others if p.share("number") >= s.numeric_share]
    share = len(numeric) / len(others) if others else 0.0
    if share >= s.numeric_columns_share and not (actions_beside and share < s.numeric_columns_beside_actions):
        return "a table of figures (statistics), not actions"
    if fields & ACTION_ROLES:
        return None
    ref = next((c for c, f in roles.fields.items() if f == "ref"), None)
    if labelled and ref is not None and prof[ref].share("id", "number") >= s.ref_share and prof[ref].distinct >= 0.8:
        return None
    return "no column of leads, dates, status or action numbers"


def _covered_share(table: Table, col: int) -> float:
    """Share of the data rows covered by a non-empty cell of column ``col`` (merged cells cover their rows)."""
    data = [i for i, r in enumerate(table.rows) if r.kind == "data"]
    if not data:
        return 0.0
    covered: set[int] = set()
    for i in data:
        for c in table.rows[i].cells:
            if c.col <= col < c.col + max(1, c.col_span) and c.text.strip():
                covered.update(range(i, i + max(1, c.row_span)))
    return len(covered & set(data)) / len(data)
