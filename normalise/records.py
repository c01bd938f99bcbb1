"""Normalised plan records: the seam between ``normalise`` and ``schema``.

``normalise.normalise_document(Document) -> PlanDocument`` turns the reader's
tables into these records; ``schema.loader`` writes them, one transaction per
document. Lead names here are the *aliases* as written (split into one per
role); mapping aliases to canonical leads needs the database's registry and
happens in the loader through :class:`plantables.normalise.leads.LeadRegistry`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from plantables.vocabulary.values import RAG_VALUES, STATUS_VALUES, Status, StatusValue  # noqa: F401  (re-exported)


@dataclass
class Target:
    raw: str
    value: float | None
    unit: str | None = None  # "%", "days", "count", …
    direction: str | None = None  # "at_least" | "increase" | "reduce" | "at_most" | None


@dataclass
class Section:
    ref: str | None
    title: str
    kind: str = "section"  # "priority", "section", "theme"


@dataclass
class Objective:
    ref: str | None
    text: str


@dataclass
class ActionCell:
    """One non-empty cell of an action's rows, as printed (one per column; a column's cells joined)."""

    col: int  # column position in its table, from 0
    header: str  # the column's header as printed ('' when the table has none)
    field: str | None  # the role the interpreter gave the column; None: no field takes it
    text: str


@dataclass
class Action:
    ref: str | None  # canonical, e.g. "1.1.1"
    ref_raw: str | None  # as printed, e.g. "I.1.1"
    title: str
    steps: list[str] = field(default_factory=list)
    lead_raw: str | None = None
    leads: list[str] = field(default_factory=list)  # split aliases, as written
    timeframe_raw: str | None = None
    start_month: str | None = None  # YYYY-MM
    due_month: str | None = None  # YYYY-MM
    active_months: list[str] = field(default_factory=list)  # YYYY-MM, sorted
    measures: str | None = None
    targets: list[Target] = field(default_factory=list)
    status: Status | None = None
    update_text: str | None = None
    rag: str | None = None  # one of RAG_VALUES
    risk_refs: list[str] = field(default_factory=list)
    page_first: int | None = None
    page_last: int | None = None
    #: mean OCR confidence (0..1) of the action's cells when read from a scan; None for a text layer
    ocr_confidence: float | None = None
    section: Section | None = None
    objective: Objective | None = None
    theme: str | None = None
    #: where the status was read: "column", "phrase" (opening an update), "prose" or "colour"
    status_source: str | None = None
    cells: list[ActionCell] = field(default_factory=list)  # every non-empty cell of its rows, as printed


@dataclass
class PlanDocument:
    path: str
    format: str
    organisation: str | None
    title: str | None
    pages: int | None
    period_start: str | None = None  # YYYY-MM
    period_end: str | None = None
    edition_date: str | None = None  # YYYY-MM-DD where the document says
    actions: list[Action] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
