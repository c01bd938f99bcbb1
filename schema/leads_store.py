"""The lead registry's tables: aliases → canonical leads, and review decisions.

Matching lives in :class:`plantables.normalise.leads.LeadRegistry`; this module
builds a registry for one organisation from the database, resolves the aliases
a document brings, and stores the result. An alias already in the database is
never re-matched: whatever it maps to — the matcher's first answer or an
analyst's decision (``confirmed`` / ``rejected``) — stays, so re-importing never
undoes a review. The review operations (accept, reject, reassign, merge,
rename) only touch ``leads`` / ``lead_aliases``; ``action_leads`` points at
aliases, so every document follows a decision at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, delete, select, update

from plantables.schema.bulk import insert_returning_ids
from plantables.schema.models import LeadAlias, LeadRow

AUTO, SUGGESTED, CONFIRMED, REJECTED = "auto", "suggested", "confirmed", "rejected"
DECISIONS = (AUTO, SUGGESTED, CONFIRMED, REJECTED)


class LeadError(ValueError):
    """A review operation named a lead or alias that does not exist."""


def org_key(organisation: str | None) -> str:
    """Leads are per organisation; an unknown organisation is stored as ''."""
    return (organisation or "").strip()


def clean_alias(name: str | None) -> str:
    return re.sub(r"\s+", " ", name or "").strip()[:255]


def build_registry(conn: Connection, organisation: str | None):
    """A ``LeadRegistry`` holding the organisation's leads and aliases from the DB."""
    from plantables.normalise import config

    org = org_key(organisation)
    registry = config.in_force().lead_registry(org or None)  # the settings file's thresholds and glossary
    names: dict[int, str] = {}
    # in creation order: the matcher breaks ties by order, and physical row order
    # after a crash or on another database must not change what it decides
    for row in conn.execute(
        select(LeadRow.id, LeadRow.name, LeadRow.role_type).where(LeadRow.organisation == org).order_by(LeadRow.id)
    ):
        registry.add_lead(row.name, row.role_type)
        names[row.id] = row.name
    for alias in conn.execute(
        select(LeadAlias.alias, LeadAlias.lead_id, LeadAlias.decision, LeadAlias.score,
               LeadAlias.candidate_lead_id).where(LeadAlias.organisation == org).order_by(LeadAlias.id)
    ):
        refused = names.get(alias.candidate_lead_id) if alias.decision == REJECTED else None
        registry.add_alias(alias.alias, names[alias.lead_id], alias.decision, alias.score, rejected_for=refused)
    return registry


def resolve_aliases(conn: Connection, organisation: str | None, aliases: list[str]) -> dict[str, int]:
    """``alias -> lead_aliases.id`` for every alias; new ones are matched and stored."""
    org = org_key(organisation)
    wanted = list(dict.fromkeys(a for a in aliases if a))
    if not wanted:
        return {}
    found = {
        r.alias: r.id
        for r in conn.execute(
            select(LeadAlias.id, LeadAlias.alias).where(LeadAlias.organisation == org, LeadAlias.alias.in_(wanted))
        )
    }
    missing = [a for a in wanted if a not in found]
    if not missing:
        return found
    registry = build_registry(conn, org)
    lead_ids = {
        r.name: r.id for r in conn.execute(select(LeadRow.id, LeadRow.name).where(LeadRow.organisation == org))
    }
    # matched one by one (each match sees the leads made before it), stored in two bulk
    # inserts: new leads, then aliases, each table's rows in the order they were made
    new_leads: list[dict] = []
    rows: list[dict] = []
    for alias in missing:
        match = registry.resolve(alias)
        if match.lead not in lead_ids:
            new_leads.append(dict(organisation=org, name=match.lead[:255], role_type=match.role_type))
            lead_ids[match.lead] = -len(new_leads)  # a new lead's place until it has its id
        rows.append(dict(organisation=org, alias=alias, lead_id=lead_ids[match.lead], decision=match.decision,
                         score=match.score,
                         candidate_lead_id=lead_ids.get(match.candidate) if match.candidate else None))

    new_ids = insert_returning_ids(conn, LeadRow, new_leads)
    for row in rows:
        for col in ("lead_id", "candidate_lead_id"):
            if row[col] is not None and row[col] < 0:
                row[col] = new_ids[-row[col] - 1]
    found.update(zip(missing, insert_returning_ids(conn, LeadAlias, rows)))
    return found


# --- review operations -------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    organisation: str | None
    alias: str
    lead: str
    candidate: str | None
    score: float | None


def suggestions(conn: Connection, organisation: str | None = None) -> list[Suggestion]:
    """Aliases the matcher was unsure of (``suggested``), best score first."""
    lead = LeadRow.__table__.alias("l")
    cand = LeadRow.__table__.alias("c")
    q = (
        select(LeadAlias.organisation, LeadAlias.alias, lead.c.name, cand.c.name.label("cand"), LeadAlias.score)
        .join(lead, lead.c.id == LeadAlias.lead_id)
        .outerjoin(cand, cand.c.id == LeadAlias.candidate_lead_id)
        .where(LeadAlias.decision == SUGGESTED)
        .order_by(LeadAlias.organisation, LeadAlias.score.desc(), LeadAlias.alias)
    )
    if organisation is not None:
        q = q.where(LeadAlias.organisation == org_key(organisation))
    return [Suggestion(r[0] or None, r[1], r[2], r[3], r[4]) for r in conn.execute(q)]


def _alias_row(conn: Connection, organisation: str | None, alias: str):
    row = conn.execute(
        select(LeadAlias.id, LeadAlias.lead_id, LeadAlias.candidate_lead_id).where(
            LeadAlias.organisation == org_key(organisation), LeadAlias.alias == clean_alias(alias)
        )
    ).first()
    if row is None:
        raise LeadError(f"no alias {alias!r} for organisation {organisation or '(unknown)'!r}")
    return row


def lead_id(conn: Connection, organisation: str | None, name: str) -> int:
    found = conn.execute(
        select(LeadRow.id).where(LeadRow.organisation == org_key(organisation), LeadRow.name == name)
    ).scalar()
    if found is None:
        raise LeadError(f"no lead {name!r} for organisation {organisation or '(unknown)'!r}")
    return found


def decide(conn: Connection, organisation: str | None, alias: str, decision: str, lead: str | None = None) -> None:
    """Record an analyst's decision on one alias.

    ``confirmed`` moves the alias to ``lead`` (default: its suggested
    candidate, else where it is) — "pick another lead" is ``confirmed`` with
    that lead; ``rejected`` keeps it on a lead of its own.
    """
    if decision not in (CONFIRMED, REJECTED):
        raise LeadError(f"decision must be {CONFIRMED} or {REJECTED}, not {decision!r}")
    row = _alias_row(conn, organisation, alias)
    if decision == CONFIRMED:
        target = lead_id(conn, organisation, lead) if lead else (row.candidate_lead_id or row.lead_id)
        refused = None
    else:  # rejected: the alias keeps a lead of its own; the refused lead is remembered
        target, refused = row.lead_id, row.candidate_lead_id
    conn.execute(
        update(LeadAlias).where(LeadAlias.id == row.id).values(
            lead_id=target, decision=decision, candidate_lead_id=refused
        )
    )
    _drop_orphans(conn, org_key(organisation))


def merge(conn: Connection, organisation: str | None, source: str, target: str) -> int:
    """Move every alias of lead ``source`` to lead ``target`` (confirmed); returns how many."""
    src, dst = lead_id(conn, organisation, source), lead_id(conn, organisation, target)
    if src == dst:
        return 0
    moved = conn.execute(
        update(LeadAlias).where(LeadAlias.lead_id == src).values(lead_id=dst, decision=CONFIRMED, candidate_lead_id=None)
    ).rowcount
    conn.execute(update(LeadAlias).where(LeadAlias.candidate_lead_id == src).values(candidate_lead_id=dst))
    conn.execute(delete(LeadRow).where(LeadRow.id == src))
    return moved


def rename(conn: Connection, organisation: str | None, old: str, new: str, *, allow_merge: bool = False) -> None:
    """Give a canonical lead a new name. A lead already named ``new`` is an error unless
    ``allow_merge`` (then ``old``'s aliases join it): a rename must not merge by surprise."""
    new = clean_alias(new)
    if not new:
        raise LeadError("the new name is empty")
    src = lead_id(conn, organisation, old)
    try:
        lead_id(conn, organisation, new)
    except LeadError:
        conn.execute(update(LeadRow).where(LeadRow.id == src).values(name=new))
        return
    if not allow_merge:
        raise LeadError(f"lead {new!r} exists already in {organisation or '(unknown)'!r}; "
                        f"use --merge to merge {old!r} into it")
    merge(conn, organisation, old, new)


def _drop_orphans(conn: Connection, org: str) -> None:
    """Leads no alias points at any more (after a reassignment) are removed."""
    used = select(LeadAlias.lead_id).where(LeadAlias.organisation == org)
    conn.execute(delete(LeadRow).where(LeadRow.organisation == org, LeadRow.id.not_in(used)))


def organisation_of(conn: Connection, organisation: str | None, lead: str) -> str:
    """The organisation to act in: the one given, else the only one with a lead so named."""
    if organisation is not None:
        return org_key(organisation)
    orgs = sorted(set(conn.execute(select(LeadRow.organisation).where(LeadRow.name == lead)).scalars()))
    if len(orgs) != 1:
        where = "no organisation" if not orgs else "several organisations (" + ", ".join(o or "''" for o in orgs) + ")"
        raise LeadError(f"lead {lead!r} exists in {where}; give --organisation")
    return orgs[0]


def lead_summary(conn: Connection, organisation: str | None = None) -> list[tuple]:
    """``(organisation, lead, role_type, aliases, actions)`` for every canonical lead."""
    from sqlalchemy import func

    from plantables.schema.models import ActionLead

    q = (
        select(
            LeadRow.organisation, LeadRow.name, LeadRow.role_type,
            func.count(func.distinct(LeadAlias.id)), func.count(func.distinct(ActionLead.action_id)),
        )
        .join(LeadAlias, LeadAlias.lead_id == LeadRow.id)
        .outerjoin(ActionLead, ActionLead.alias_id == LeadAlias.id)
        .group_by(LeadRow.organisation, LeadRow.name, LeadRow.role_type)
        .order_by(LeadRow.organisation, LeadRow.name)
    )
    if organisation is not None:
        q = q.where(LeadRow.organisation == org_key(organisation))
    return [(r[0] or None, *r[1:]) for r in conn.execute(q)]


SUGGESTION_COLUMNS = ("organisation", "alias", "lead", "candidate", "score", "decision")


def export_suggestions(conn: Connection, out, organisation: str | None = None) -> int:
    """Write the open suggestions as CSV; fill ``decision`` (confirmed/rejected) and ``lead``, then apply
    (:mod:`plantables.schema.lead_review`)."""
    import csv

    w = csv.writer(out, lineterminator="\n")
    w.writerow(SUGGESTION_COLUMNS)
    rows = suggestions(conn, organisation)
    for s in rows:
        w.writerow([s.organisation or "", s.alias, s.candidate or s.lead, s.candidate or "",
                    "" if s.score is None else f"{s.score:.1f}", ""])
    return len(rows)
