"""Leads: split lead cells into roles and map each alias to a canonical lead.

A plan names the same role many ways (``HoS Safeguarding and QA``, ``HOS for
Safeguarding and QA``); :class:`LeadRegistry` keeps, per organisation, the
canonical leads and the aliases that point at them, and decides where a new
alias goes:

* an alias it already knows resolves to its lead — whatever the matcher or an
  analyst decided (``confirmed``/``rejected`` decisions are never re-matched);
* otherwise the alias's :func:`~plantables.normalise.lead_names.lead_key`
  (abbreviations expanded from the glossary, case, plurals and stop words
  gone) is scored with :func:`~plantables.normalise.lead_names.lead_similarity`
  against every known lead name and alias:

  - score >= ``high``: the alias joins that lead (``auto``);
  - ``low`` <= score < ``high``: the alias gets a lead of its own named after
    it, and the best lead is its ``candidate`` (``suggested``, with the score)
    for an analyst to confirm (move it to the candidate) or reject;
  - below ``low``: a new canonical lead named from the alias (``auto``, 100).

The loader builds a registry from the database (:meth:`add_lead`,
:meth:`add_alias`), calls :meth:`resolve` for each alias a document brings and
stores what :meth:`new_leads` / :meth:`new_aliases` report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plantables.normalise.lead_names import (
    Glossary,
    LeadKey,
    expand_name,
    lead_key,
    lead_similarity,
    role_type,
    split_leads,
)
from plantables.vocabulary.roles import ROLE_TYPES

__all__ = [
    "DECISIONS",
    "ROLE_TYPES",
    "Glossary",
    "LeadMatch",
    "LeadRegistry",
    "expand_name",
    "lead_key",
    "lead_similarity",
    "role_type",
    "split_leads",
]

DECISIONS = ("auto", "suggested", "confirmed", "rejected")


@dataclass
class LeadMatch:
    """Where one alias went: its ``lead``, how (``decision``) and how sure (``score``)."""

    alias: str
    lead: str
    role_type: str
    decision: str  # auto | suggested | confirmed | rejected
    score: float  # 0..100
    candidate: str | None = None  # for "suggested": the lead it probably belongs to


@dataclass
class _Entry:
    """A name the matcher compares against: a lead's own name or one of its aliases."""

    name: str
    lead: str
    key: LeadKey


def _clean(name: str) -> str:
    return re.sub(r"\s+", " ", name or "").strip()


class LeadRegistry:
    """Canonical leads and their aliases for one organisation (in memory)."""

    def __init__(
        self,
        organisation: str | None,
        *,
        high: float = 90,
        low: float = 75,
        glossary: Glossary | None = None,
    ):
        if not 0 <= low <= high <= 100:
            raise ValueError(f"lead thresholds need 0 <= low <= high <= 100, got low={low}, high={high}")
        self.organisation = organisation
        self.high = high
        self.low = low
        self.glossary = glossary or Glossary.default()
        self._leads: dict[str, str] = {}  # canonical name -> role type
        self._aliases: dict[str, LeadMatch] = {}  # alias as written -> its match
        self._entries: list[_Entry] = []
        self._rejected: dict[str, set[str]] = {}  # key text -> leads it must not join
        self._new_leads: list[str] = []
        self._new_aliases: list[LeadMatch] = []

    # -- loading state (from the database) ----------------------------------------

    def add_lead(self, name: str, role_type: str | None = None) -> None:
        """Register a canonical lead (``role_type`` computed when not given)."""
        name = _clean(name)
        if not name or name in self._leads:
            return
        self._leads[name] = role_type or self._role_type(name)
        self._entries.append(_Entry(name, name, self._key(name)))

    def add_alias(
        self,
        alias: str,
        lead: str,
        decision: str = "auto",
        score: float | None = None,
        *,
        rejected_for: str | None = None,
    ) -> None:
        """Register a known alias of ``lead`` with the decision taken on it.

        A known alias always resolves to ``lead``. ``rejected_for`` names the
        lead an analyst refused for it: other spellings with the same key are
        then never matched to that lead.
        """
        if decision not in DECISIONS:
            raise ValueError(f"alias {alias!r}: decision must be one of {', '.join(DECISIONS)}, not {decision!r}")
        alias, lead = _clean(alias), _clean(lead)
        if not alias or not lead:
            return
        self.add_lead(lead)
        match = LeadMatch(alias, lead, self._leads[lead], decision, 100.0 if score is None else float(score))
        self._aliases[alias] = match
        key = self._key(alias)
        if rejected_for:
            self._rejected.setdefault(key.text, set()).add(_clean(rejected_for))
        if decision != "suggested":  # an unsure alias is no evidence for others
            self._entries.append(_Entry(alias, lead, key))

    # -- matching ---------------------------------------------------------------------

    def resolve(self, alias: str) -> LeadMatch:
        """Canonical lead of an alias, registering the alias (and a new lead if needed)."""
        alias = _clean(alias)
        known = self._aliases.get(alias)
        if known is not None:
            return known
        if not alias:
            raise ValueError("an empty lead alias cannot be resolved")
        key = self._key(alias)
        lead, score = self.best_candidate(alias, key=key)
        if lead is not None and score >= self.high:
            match = LeadMatch(alias, lead, self._leads[lead], "auto", score)
        elif lead is not None and score >= self.low:
            own = self._new_lead(alias)
            match = LeadMatch(alias, own, self._leads[own], "suggested", score, candidate=lead)
        else:
            own = self._new_lead(alias)
            match = LeadMatch(alias, own, self._leads[own], "auto", 100.0)
        self._aliases[alias] = match
        self._new_aliases.append(match)
        if match.decision != "suggested":
            self._entries.append(_Entry(alias, match.lead, key))
        return match

    def best_candidate(self, alias: str, *, key: LeadKey | None = None) -> tuple[str | None, float]:
        """The known lead most like ``alias`` and its score (0..100), without registering."""
        key = key or self._key(alias)
        barred = self._rejected.get(key.text, set())
        best: tuple[str | None, float] = (None, 0.0)
        for entry in self._entries:
            if entry.lead in barred:
                continue
            score = lead_similarity(key, entry.key)
            if score > best[1]:
                best = (entry.lead, score)
                if score >= 100:
                    break
        return best

    # -- what the loader persists ---------------------------------------------------

    def new_leads(self) -> list[tuple[str, str]]:
        """Leads created by :meth:`resolve`: ``(name, role_type)``, in order."""
        return [(name, self._leads[name]) for name in self._new_leads]

    def new_aliases(self) -> list[LeadMatch]:
        """Aliases resolved (not loaded) so far, in order."""
        return list(self._new_aliases)

    @property
    def leads(self) -> dict[str, str]:
        """Canonical lead name -> role type."""
        return dict(self._leads)

    def aliases_of(self, lead: str) -> list[str]:
        return [a for a, m in self._aliases.items() if m.lead == lead]

    def clusters(self) -> dict[str, list[str]]:
        """Lead -> aliases, counting a ``suggested`` alias under its candidate."""
        out: dict[str, list[str]] = {}
        for alias, m in self._aliases.items():
            out.setdefault(m.candidate if m.decision == "suggested" and m.candidate else m.lead, []).append(alias)
        return out

    # -- helpers ------------------------------------------------------------------------

    def _key(self, name: str) -> LeadKey:
        return lead_key(name, self.glossary)

    def _role_type(self, name: str) -> str:
        return role_type(name, self.glossary)

    def _new_lead(self, alias: str) -> str:
        name = alias
        if name not in self._leads:
            self._leads[name] = self._role_type(name)
            self._new_leads.append(name)
        return name
