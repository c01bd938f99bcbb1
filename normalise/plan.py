"""Intermediate tables → plan records: ``normalise_document(Document) -> PlanDocument``.

Walks the blocks in order keeping the context (section or priority,
objective, theme) from headings and full-width rows, maps each table's columns
to fields by their wording, and groups rows into actions:

* the *anchor* column numbers the actions: the ref column (``NOS``, ``Ref``),
  else an action column whose cells start with refs (``I.1.1 Elected …``);
* a row whose anchor cell holds a ref starts an action; the rows its merged
  cells span, and rows after it without a ref, belong to it;
* the title comes from the column that is merged per action: when the
  objective-worded column (``What?``) is merged exactly over each ref's rows,
  it is the action's title and the action column (``How?``) gives its steps;
  otherwise the action column is the title and the objective column (merged
  over several actions, ``2.1 There is …``) is the action's objective.

Merged cells apply to every action they span (a risk cell over three actions
gives all three its refs).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from plantables.extract.model import Document, ExtractError, Heading, Table
from plantables.normalise.action import build_action
from plantables.normalise.cards import turn_cards
from plantables.normalise.dates import parse_timeframe, period_label_months
from plantables.normalise.edition_date import edition_date
from plantables.normalise.grouping import (
    Group,
    coverage,
    fact_rows,
    find_anchor,
    group_rows,
    join_cut_cells,
    title_is_objective_column,
)
from plantables.normalise.header import inherit_header, same_columns, settle_header
from plantables.normalise.organisation import organisation_of
from plantables.normalise.planlike import plan_verdict
from plantables.normalise.profile import ColumnProfile, pooled, profiles
from plantables.normalise.records import Action, Objective, PlanDocument, Section
from plantables.normalise.roles import Roles, column_roles
from plantables.normalise.settings import DEFAULT, InterpretSettings
from plantables.normalise.titleblock import mark_named_headings, mark_plan_name_heading, mark_title_block
from plantables.vocabulary.fields import looks_like_period_label
from plantables.vocabulary.headings import HeadingInfo, caps_share, classify_heading, labelled_heading, short_name
from plantables.vocabulary.refs import ref_depth


@dataclass
class Context:
    """Where the walk is: the current section/priority, objective and theme."""

    section: Section | None = None
    objective: Objective | None = None
    theme: str | None = None

    def apply(self, info: HeadingInfo, *, in_table: bool, objective_column: bool = False) -> None:
        """Move the context on past a heading; ``objective_column``: the table names its
        objectives in a column of their own, so a numbered row across it is a section."""
        kind = info.kind
        if kind == "objective" and in_table and objective_column and not info.labelled and info.ref \
                and "." not in info.ref:
            kind = "section"  # '1. Children and young people' over rows whose objectives have a column
        if self.objective is not None and info.ref and info.ref == self.objective.ref and caps_share(info.title) < 0.8:
            kind = "objective"  # the objective's label printed again over the rest of its text
        unnumbered = self.section is not None and self.section.kind == "section" and self.section.ref is None
        if kind == "theme" and (self.section is None or unnumbered or (self.section.kind != "priority" and not in_table)):
            kind = "section"  # capitals with no numbered section above them head a section
        if kind == "objective" and in_table and not (info.labelled and info.kind == "objective") \
                and (self._next_section(info) or self._named_section(info)):
            kind = "section"  # (a row that prints its kind, 'Objective 1: …', is what it says)
        if kind in ("priority", "section"):
            self.section = Section(info.ref, info.title, kind)
            self.objective, self.theme = None, None
        elif kind == "theme":
            self.theme = info.title
        elif kind == "objective":
            if self.objective is not None and info.ref and self.objective.ref == info.ref:
                self.objective = Objective(info.ref, f"{self.objective.text} {info.title}")  # label repeated
            else:
                self.objective = Objective(info.ref, info.title)

    def _named_section(self, info: HeadingInfo) -> bool:
        """A row numbered 1, 2, 3 that names rather than states ('1. Digital services', not '1 Ensure that
        assessments are timely'), with no numbered section in capitals above it (whose objectives are
        numbered so), heads a section."""
        sec = self.section
        return (info.ref is not None and info.ref.isdigit() and short_name(info.title)
                and (sec is None or sec.ref is None or caps_share(sec.title) < 0.8) and (sec is None or sec.ref != info.ref))

    def _next_section(self, info: HeadingInfo) -> bool:
        """A one-level number after a one-level numbered section written the same way (not in
        capitals, as the objectives under a 'N SECTION IN CAPITALS' are not), no objective between
        them (or only deeper ones, '1.3'): '2. Healthy communities' as a row inside the table of
        section 1 is the next section."""
        sec, ref = self.section, info.ref
        return ((self.objective is None or ref_depth(self.objective.ref) > 1) and sec is not None
                and sec.kind == "section" and ref is not None
                and sec.ref is not None and bool(ref) and bool(sec.ref)
                and ref.isdigit() and sec.ref.isdigit() and int(ref) > int(sec.ref)
                and caps_share(sec.title) < 0.8 and caps_share(info.title) < 0.8)


@dataclass
class TableReading:
    """What the interpreter made of one table: its header rows, column roles, and whether it is a plan table."""

    header_rows: int
    roles: Roles
    verdict: str | None  # None: a plan table; else why not


def read_table(table: Table, settings: InterpretSettings = DEFAULT) -> TableReading:
    """Decide ``table``'s header rows (relabelling its columns, in place), its column roles and
    whether it holds actions: each decided here, once."""
    n_head = settle_header(table, settings)
    prof = profiles(table)
    roles = column_roles(table, settings, prof)
    return TableReading(n_head, roles, plan_verdict(table, roles, settings, prof))


def join_fragments(doc: Document) -> None:
    """Join a table continued on the next page that its reader left apart (in place).

    The reader never stitches across text; a footnote at the foot of a page is text. A table
    that opens the next page with no header of its own and the same columns, with only plain
    text (no heading) between the two, is the rest of the table above.
    """
    blocks: list = []
    last: Table | None = None
    between_plain = True
    for block in doc.blocks:
        if isinstance(block, Heading):
            # a paragraph that names itself ("Objective 3.2: …") opens a new group, as _walk reads it
            between_plain = between_plain and block.kind == "text" and not labelled_heading(block.text)
            blocks.append(block)
            continue
        if (last is not None and between_plain and last.pages and block.pages
                and block.pages[0] == last.pages[-1] + 1 and not any(r.kind == "header" for r in block.rows)
                and not any(c.label for c in block.columns) and same_columns(last, block)):
            last.rows.extend(block.rows)
            last.pages.extend(p for p in block.pages if p not in last.pages)
            continue
        blocks.append(block)
        last, between_plain = block, True
    doc.blocks = blocks


def read_tables(doc: Document, settings: InterpretSettings = DEFAULT) -> dict[int, TableReading]:
    """:func:`read_table` for every table of ``doc`` (keyed by ``id(table)``); a headerless table
    continuing the last labelled one (same columns) takes its labels first."""
    readings: dict[int, TableReading] = {}
    labelled: list[Table] = []  # tables with column labels, latest last: a headerless fragment may continue one
    heads: dict[int, int] = {}
    profs: dict[int, dict[int, ColumnProfile]] = {}  # what each column holds, once per table
    alike: dict[tuple, list[dict[int, ColumnProfile]]] = {}  # tables under the same labels
    for t in doc.tables:
        heads[id(t)] = n_head = settle_header(t, settings)
        if n_head == 0:
            any(inherit_header(t, earlier) for earlier in reversed(labelled))
        if any(c.label for c in t.columns):
            labelled.append(t)
        profs[id(t)] = profiles(t)
        alike.setdefault(_labels(t), []).append(profs[id(t)])
    pools: dict[tuple, dict[int, ColumnProfile]] = {}  # alike's tables pooled, once per labels
    for t in doc.tables:
        prof = profs[id(t)]
        # one table per section under the same header: the columns' content read over all of them,
        # so that a two-row table's columns get the roles the longer ones give theirs
        labels = _labels(t)
        same = alike[labels] if any(c.label for c in t.columns) else [prof]
        if len(same) > 1 and labels not in pools:
            pools[labels] = pooled(same)
        roles = column_roles(t, settings, pools[labels] if len(same) > 1 else prof)
        readings[id(t)] = TableReading(heads[id(t)], roles, plan_verdict(t, roles, settings, prof))
    return readings


def _labels(table: Table) -> tuple:
    return tuple((c.label, c.group) for c in table.columns)


class NotAPlan(ExtractError):
    """The document holds no plan table; ``reason`` says why in one line (``kind`` ``"not_a_plan"``)."""

    def __init__(self, path: str, reason: str, kind: str = "not_a_plan"):
        super().__init__(path, reason, kind)


def normalise_document(doc: Document, *, organisation: str | None = None,
                       settings: InterpretSettings = DEFAULT) -> PlanDocument:
    """Turn a reader's :class:`Document` into a :class:`PlanDocument` (see the module notes).

    Raises :class:`NotAPlan` when no table of the document reads as a plan table.
    """
    turn_cards(doc)
    mark_title_block(doc)
    join_fragments(doc)
    readings = read_tables(doc, settings)
    if not readings and not any("no text layer" in w for w in doc.warnings):
        raise NotAPlan(doc.path, "not a plan: no table in it")  # prose (unread scanned pages say so instead)
    if readings and all(r.verdict for r in readings.values()):
        raise NotAPlan(doc.path, "not a plan: " + _why_not(readings))
    org = organisation or doc.organisation or organisation_of(doc)
    mark_named_headings(doc, org)
    mark_plan_name_heading(doc)
    period = grid_period(doc, readings) or heading_period(doc, readings)
    actions, warnings = _walk(doc, period, readings)
    if period is None:
        # dates written without a year ("1/2/7/9 March") are placed by the dates that have one
        first = action_period(actions)
        if first[0] and first[1]:
            period = (first[0], first[1])
            actions, warnings = _walk(doc, period, readings)
    start, end = period if period else (None, None)
    return PlanDocument(
        path=doc.path,
        format=doc.format,
        organisation=org,
        title=doc.title,
        pages=doc.pages,
        period_start=start,
        period_end=end,
        edition_date=edition_date(doc),
        actions=actions,
        warnings=warnings,
    )


def _why_not(readings: dict[int, TableReading]) -> str:
    reasons = Counter(r.verdict for r in readings.values())
    n = len(readings)
    top = reasons.most_common(1)[0][0]
    return f"{n} table{'s' if n > 1 else ''}, none of actions ({top})"


def _walk(doc: Document, period, readings: dict[int, TableReading]) -> tuple[list[Action], list[str]]:
    ctx = Context()
    actions: list[Action] = []
    warnings = list(doc.warnings)
    for block in doc.blocks:
        if isinstance(block, Heading):
            if block.kind == "sheet":
                info = classify_heading(block.text)  # a workbook of one sheet per priority: 'Priority 1 - Economy'
                if info.kind in ("priority", "section", "theme") and info.ref is not None:
                    ctx.apply(info, in_table=False)
            elif block.kind == "title":
                ctx = Context()  # the plan's name (its title block, or printed again over its table) opens it
            elif block.kind != "text":
                ctx.apply(_styled_heading(block), in_table=False)
            elif block.kind == "text" and labelled_heading(block.text):
                # a paragraph the reader saw as text that names itself ("Objective 1.1: …")
                ctx.apply(classify_heading(block.text), in_table=False)
            continue
        reading = readings[id(block)]
        if reading.verdict:
            pages = ",".join(str(p) for p in block.pages) or "?"
            warnings.append(f"table on page {pages} skipped: {reading.verdict}")
            continue
        warnings.extend(w for w in reading.roles.warnings if w not in warnings)
        actions.extend(table_actions(block, reading.roles.fields, ctx, period, warnings))
    return actions, warnings


#: an unnumbered heading the reader set apart is a section's name when this short and no sentence
SECTION_MAX_WORDS = 8
_SENTENCE = re.compile(r"[.;!?]\s+\S|[.:;!?]$")


def _styled_heading(block: Heading) -> HeadingInfo:
    """What a heading the reader set apart (size, weight, a heading style) heads: numbered or
    worded as a plan heading, what its words say; otherwise a short name (``Risk Register
    Highlights``) heads a section of its own, unnumbered."""
    info = classify_heading(block.text)
    text = " ".join(block.text.split())
    if info.kind == "text" and block.kind == "section" and len(text.split()) <= SECTION_MAX_WORDS \
            and not _SENTENCE.search(text):
        return HeadingInfo("section", None, text)
    return info


def _group_names(items: list[Group | HeadingInfo]) -> list[Group | HeadingInfo]:
    """Rows across the table that name no plan heading (``Place Directorate``) but, short and no
    sentence, each stand over actions of their own, two or more of them: the table's sections (as
    such a name between tables heads one). One such row alone may be the table's title bar."""
    def name(k: int) -> bool:
        item = items[k]
        return (isinstance(item, HeadingInfo) and item.kind == "text" and k + 1 < len(items)
                and isinstance(items[k + 1], Group) and len(item.title.split()) <= SECTION_MAX_WORDS
                and not _SENTENCE.search(item.title))
    names = [k for k in range(len(items)) if name(k)]
    if len(names) < 2:
        return items
    return [HeadingInfo("section", None, " ".join(item.title.split())) if k in names else item  # type: ignore[union-attr]
            for k, item in enumerate(items)]


def column_fields(table: Table) -> dict[int, str]:
    """Column index → field (header settled first); grid columns (``23-Sep`` under ``Timeframe``) are ``"month"``."""
    return read_table(table).roles.fields


_YEAR = re.compile(r"(?:19|20)\d\d")


def grid_label(column) -> str:
    """A grid column's label with the year its group gives: 'Q1' under '2025/26' is 'Q1 2025/26',
    'Apr' under '2022' is 'Apr 2022', 'Jan' under '2025/26' is 'Jan 2026'."""
    group = column.group
    if group and (looks_like_period_label(group) or _YEAR.fullmatch(group.strip())) and not re.search(r"\d\d", column.label):
        year = period_label_months(group)
        if len(year) == 12:  # a month under its financial year ('Jan' under '2025/26' is January 2026)
            month = period_label_months(column.label, period=(year[0], year[-1]))
            if len(month) == 1:
                return f"{column.label} {month[0][:4]}"
        return f"{column.label} {column.group}"
    return column.label


def grid_period(doc: Document, readings: dict[int, TableReading] | None = None) -> tuple[str, str] | None:
    """First and last month of the documents' timeframe grids, if any."""
    months: list[str] = []
    for t in doc.tables:
        fields = readings[id(t)].roles.fields if readings else column_fields(t)
        months += [m for c in t.columns if fields.get(c.index) == "month" for m in period_label_months(grid_label(c))]
    return (min(months), max(months)) if months else None


def heading_period(doc: Document, readings: dict[int, TableReading] | None = None) -> tuple[str, str] | None:
    """The plan's period from its title or the headings before its first plan table (a key or a
    guidance sheet may come first: ``readings`` tell), when they name one: ``Delivery plan
    2024/25`` (a financial year), ``Q2 - 2025``, ``Plan 2023 – 2026`` (the years between). It dates
    months printed without a year; never a month of its own."""
    texts = [doc.title or ""]
    for block in doc.blocks:
        if isinstance(block, Table):
            if readings is None or not readings[id(block)].verdict:
                break
            continue
        texts.append(block.text)
    for text in texts:
        tf = parse_timeframe(text)
        if tf.months and len(tf.months) >= 3:
            return tf.months[0], tf.months[-1]
        years = sorted({int(y) for y in re.findall(r"\b(20\d{2})\b", text)})
        if len(years) == 2 and years[1] - years[0] <= 5:
            return f"{years[0]}-01", f"{years[1]}-12"
    return None


def action_period(actions: list[Action]) -> tuple[str | None, str | None]:
    months = [m for a in actions for m in (a.start_month, a.due_month, *a.active_months) if m]
    return (min(months), max(months)) if months else (None, None)


def table_actions(table: Table, fields: dict[int, str], ctx: Context, period, warnings: list[str]) -> list[Action]:
    for col in [c for c, f in fields.items() if f == "objective"]:
        join_cut_cells(table, col)
    cover = coverage(table)
    anchor = find_anchor(table, fields)
    facts = fact_rows(table, fields)
    if facts:
        pages = ",".join(sorted({str(table.rows[i].page) for i in facts if table.rows[i].page}))
        warnings.append(f"{len(facts)} row{'s' if len(facts) > 1 else ''} on page {pages or '?'} "
                        "read as facts, not actions (no date in the date column, unlike the rows below)")
    items = _group_names(group_rows(table, anchor, facts))
    groups = [g for g in items if isinstance(g, Group)]
    title_obj = title_is_objective_column(groups, cover, fields, anchor)
    labels = {c.index: grid_label(c) for c in table.columns}
    actions = []
    objective_column = not title_obj and "objective" in fields.values()
    for item in items:
        if isinstance(item, HeadingInfo):
            if item.kind != "text":
                ctx.apply(item, in_table=True, objective_column=objective_column)
            continue
        actions.append(build_action(table, item, cover, fields, labels, anchor, title_obj, ctx, period, warnings))
    return actions
