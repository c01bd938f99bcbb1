"""Reviewing the lead matcher's suggestions without losing work or blocking the import.

:class:`LeadReview` never keeps a transaction open while a person thinks: the
open suggestions are read in one short read, and each decision is written as
it is made in its own short transaction (:meth:`LeadReview.decide`), so a
nightly import runs while a review waits at a prompt, and a review that is
interrupted keeps every decision taken. A suggestion someone else decided in
the meantime is passed over, not overwritten.

:func:`read_decisions` checks a decisions CSV completely (columns, decision
words, one line per problem) before :func:`apply_decisions` writes anything.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from sqlalchemy import Engine, func, select

from plantables.schema import leads_store
from plantables.schema.leads_store import CONFIRMED, REJECTED, SUGGESTED, LeadError, Suggestion, org_key
from plantables.schema.models import ActionLead, ActionRow, DocumentRow, LeadAlias, LeadRow

CLOSE_MATCHES = 3
#: decision words of a decisions CSV (case-insensitive); blank or "skip" leaves the suggestion open
DECISION_WORDS = {
    "confirmed": CONFIRMED, "confirm": CONFIRMED, "accept": CONFIRMED, "accepted": CONFIRMED, "yes": CONFIRMED,
    "rejected": REJECTED, "reject": REJECTED, "no": REJECTED,
    "": None, "skip": None, "skipped": None,
}
REQUIRED_COLUMNS = ("organisation", "alias", "decision")


class DecisionsFileError(ValueError):
    """A decisions CSV that cannot be applied; the message names the line and the problem."""


@dataclass(frozen=True)
class Context:
    """Where an alias is used: the plans, how many actions, and one of them."""

    plans: list[str]
    actions: int
    example: str | None


@dataclass
class Summary:
    accepted: int = 0
    rejected: int = 0
    reassigned: int = 0
    skipped: int = 0
    gone: int = 0  # decided elsewhere while this review ran
    left: int = 0  # not reached (quit)
    decided: list[tuple[str, str, str | None]] = field(default_factory=list)

    def line(self) -> str:
        parts = [f"{self.accepted} accepted", f"{self.rejected} rejected", f"{self.reassigned} reassigned",
                 f"{self.skipped} skipped"]
        if self.gone:
            parts.append(f"{self.gone} already decided elsewhere")
        if self.left:
            parts.append(f"{self.left} not reached")
        return ", ".join(parts) + "; every decision is saved"


class LeadReview:
    """Short transactions on ``engine`` for one review session."""

    def __init__(self, engine: Engine, organisation: str | None = None):
        self.engine = engine
        self.organisation = organisation

    def open_suggestions(self) -> list[Suggestion]:
        with self.engine.connect() as conn:
            return leads_store.suggestions(conn, self.organisation)

    def context(self, s: Suggestion) -> Context:
        """The plans that use the alias, its action count and one example action."""
        where = (LeadAlias.organisation == org_key(s.organisation), LeadAlias.alias == s.alias)
        base = (select(ActionRow.id).join(ActionLead, ActionLead.action_id == ActionRow.id)
                .join(LeadAlias, LeadAlias.id == ActionLead.alias_id).where(*where))
        with self.engine.connect() as conn:
            count = conn.execute(select(func.count()).select_from(base.distinct().subquery())).scalar() or 0
            plans = conn.execute(
                select(func.coalesce(DocumentRow.title, DocumentRow.file_name)).distinct()
                .join(ActionRow, ActionRow.document_id == DocumentRow.id)
                .join(ActionLead, ActionLead.action_id == ActionRow.id)
                .join(LeadAlias, LeadAlias.id == ActionLead.alias_id).where(*where)
            ).scalars().all()
            first = conn.execute(
                select(ActionRow.ref, ActionRow.title).join(ActionLead, ActionLead.action_id == ActionRow.id)
                .join(LeadAlias, LeadAlias.id == ActionLead.alias_id).where(*where)
                .order_by(ActionRow.document_id.desc(), ActionRow.position).limit(1)
            ).first()
        example = None if first is None else " ".join(x for x in (first.ref, first.title) if x)
        return Context(sorted(plans), count, example)

    def lead_names(self, organisation: str | None) -> list[str]:
        with self.engine.connect() as conn:
            return list(conn.execute(select(LeadRow.name).where(LeadRow.organisation == org_key(organisation))
                                     .order_by(LeadRow.name)).scalars())

    def close_matches(self, organisation: str | None, name: str) -> list[str]:
        """The organisation's leads nearest to ``name`` (for a name that is not one)."""
        from rapidfuzz import fuzz, process, utils

        names = self.lead_names(organisation)
        hits = process.extract(name, names, scorer=fuzz.token_sort_ratio, processor=utils.default_process,
                               limit=CLOSE_MATCHES, score_cutoff=50)
        return [h[0] for h in hits]

    def decide(self, s: Suggestion, decision: str, lead: str | None = None) -> bool:
        """Write one decision now, in its own transaction; False if the alias was decided meanwhile."""
        with self.engine.begin() as conn:
            current = conn.execute(select(LeadAlias.decision).where(
                LeadAlias.organisation == org_key(s.organisation), LeadAlias.alias == s.alias)).scalar()
            if current != SUGGESTED:
                return False
            leads_store.decide(conn, s.organisation, s.alias, decision, lead)
        return True


Ask = Callable[[str, str], str]  # (question, answer when left blank) -> answer; EOFError ends the review
Say = Callable[[str], None]


def run_review(review: LeadReview, ask: Ask, say: Say) -> Summary | None:
    """Walk the open suggestions with a person (``ask`` returns their answer, ``say`` shows a line).

    None when there is nothing to review. Each decision is saved before the next question.
    """
    items = review.open_suggestions()
    if not items:
        return None
    summary = Summary()
    for i, s in enumerate(items, start=1):
        try:
            if not _review_one(review, s, f"[{i}/{len(items)}]", ask, say, summary):
                summary.left = len(items) - i + 1
                break
        except (EOFError, KeyboardInterrupt):  # input ended or Ctrl-C: what is decided stays decided
            summary.left = len(items) - i + 1
            break
    return summary


def _review_one(review: LeadReview, s: Suggestion, counter: str, ask: Ask, say: Say, summary: Summary) -> bool:
    """Ask about one suggestion and save the answer; False when the person quits."""
    ctx = review.context(s)
    say(f"{counter} {s.organisation or '(no organisation)'}: {s.alias!r} → "
        f"{(s.candidate or s.lead)!r}? (score {s.score or 0:.0f})")
    say(f"    in {'; '.join(ctx.plans) or '(no plan)'}: {ctx.actions} action{'s' * (ctx.actions != 1)}"
        + (f", e.g. {ctx.example[:100]}" if ctx.example else ""))
    choice = _choice(ask)
    if choice == "q":
        return False
    lead = None
    if choice == "p":
        lead = _pick_lead(review, s, ask, say)
        if lead is None:
            choice = "s"
    if choice == "s":
        summary.skipped += 1
        return True
    decision = REJECTED if choice == "r" else CONFIRMED
    if not review.decide(s, decision, lead):
        summary.gone += 1
        say("    already decided elsewhere; left as it is")
        return True
    if choice == "r":
        summary.rejected += 1
    elif lead:
        summary.reassigned += 1
    else:
        summary.accepted += 1
    summary.decided.append((s.alias, decision, lead))
    return True


def _choice(ask: Ask) -> str:
    while True:
        answer = ask("  [a]ccept, [r]eject, [p]ick another lead, [s]kip, [q]uit", "s").strip().lower()[:1] or "s"
        if answer in "arpsq":
            return answer


def _pick_lead(review: LeadReview, s: Suggestion, ask: Ask, say: Say) -> str | None:
    """A lead of the organisation, asked until one exists; blank goes back (the suggestion is skipped)."""
    known = set(review.lead_names(s.organisation))
    while True:
        name = " ".join(ask("  lead (blank: skip)", "").split())
        if not name:
            return None
        if name in known:
            return name
        close = review.close_matches(s.organisation, name)
        say(f"    no lead {name!r} in {s.organisation or '(no organisation)'}"
            + (f"; close: {', '.join(repr(c) for c in close)}" if close else ""))


# --- decisions files -----------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    line: int
    organisation: str | None
    alias: str
    decision: str
    lead: str | None


def read_decisions(source: TextIO) -> list[Decision]:
    """Every decision of a decisions CSV, checked; :class:`DecisionsFileError` names the first problem."""
    reader = csv.DictReader(source)
    columns = [c.strip().lower() for c in reader.fieldnames or []]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise DecisionsFileError(f"missing column(s) {', '.join(missing)}; a decisions file has the columns "
                                 f"{', '.join(leads_store.SUGGESTION_COLUMNS)} (see leads review --export)")
    out = []
    for n, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        word = row.get("decision", "").lower()
        if word not in DECISION_WORDS:
            raise DecisionsFileError(f"line {n}: decision {row['decision']!r} is not one of confirmed, "
                                     "rejected, skip (or accept, reject; blank skips)")
        decision = DECISION_WORDS[word]
        if decision is None:
            continue
        if not row.get("alias"):
            raise DecisionsFileError(f"line {n}: no alias")
        out.append(Decision(n, row.get("organisation") or None, row["alias"], decision, row.get("lead") or None))
    return out


def apply_decisions(engine: Engine, decisions: list[Decision]) -> int:
    """Apply checked decisions in one short transaction (all or none); returns how many."""
    with engine.begin() as conn:
        for d in decisions:
            try:
                leads_store.decide(conn, d.organisation, d.alias, d.decision, d.lead)
            except LeadError as exc:
                raise DecisionsFileError(f"line {d.line}: {exc}") from None
    return len(decisions)
