"""Lead names: the glossary, splitting a lead cell into roles, role types, match keys.

A lead cell names one or more roles as people typed them: ``AD/HoS``,
``Head of Service MASH/ SA Head of Service SASF``, ``Consultant SW/CSE
Coordinator CS Performance Lead HOS for Safeguarding and QA``.
:func:`split_leads` cuts it into one alias per role; :func:`lead_key` reduces
an alias to the words that identify the role (abbreviations expanded, case,
plurals and stop words gone) and :func:`lead_similarity` scores two keys.
The registry that maps aliases to canonical leads is in
:mod:`plantables.normalise.leads`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

from rapidfuzz import fuzz

from plantables.vocabulary.roles import (
    HEAD_WORDS,
    RANKS,
    ROLE_MODIFIERS,
    ROLE_RULES,
    ROLE_TAILS,
    ROLE_WORDS,
)

_STOP_WORDS = frozenset("of for the and this that all a an to in with".split())
_AND = re.compile(r"\s*(?:&|\band\b|\+)\s*", re.I)
_BOARD_ACRONYM = re.compile(r"^[A-Z]{1,3}SC[BP]$")  # LSCB, WSCB, DSCP: safeguarding boards
_SEPARATORS = re.compile(r"\s*(?:[/;,&+]|\band\b)\s*", re.I)
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
#: a person's name: first name or initials, then a surname (``Lisa Jennings``, ``A Smith``, ``Dr J.R. Hart``)
_NAME = re.compile(r"^(?:(?:Mrs?|Ms|Miss|Dr|Cllr|Prof|Sir)\.?\s)?(?:[A-Z][a-z]+|[A-Z]\.?(?:\s?[A-Z]\.|\s[A-Z]\b)*)(?:[ -][A-Z][a-z'’-]+)+$")
_INITIALS = re.compile(r"^[A-Z]{2,3}$")


@dataclass(frozen=True)
class Glossary:
    """Abbreviation -> expansion (keys compared case-insensitively)."""

    expansions: Mapping[str, str]

    @classmethod
    def default(cls) -> Glossary:
        return _default_glossary()

    def extended(self, extra: Mapping[str, str]) -> Glossary:
        merged = dict(self.expansions)
        merged.update({k.strip(): v.strip() for k, v in extra.items()})
        return Glossary(merged)

    @cached_property
    def _lookup(self) -> dict[str, str]:
        return {k.lower(): v for k, v in self.expansions.items()}

    @cached_property
    def _roles(self) -> frozenset[str]:
        """Abbreviations naming a post or a body (they can start a new lead)."""
        return frozenset(k for k, v in self._lookup.items() if _role_type_of(v.lower()) != "Other")

    def expand(self, token: str) -> str | None:
        """Expansion of an abbreviation-looking token (``HOS``, ``TMs``); ``None`` otherwise."""
        if token.islower():  # "it", "sa": ordinary words are not abbreviations
            return None
        word = _strip_possessive(token).lower()
        hit = self._lookup.get(word)
        if hit is None and word.endswith("s"):
            hit = self._lookup.get(word[:-1])  # TMs, IROs
        return hit

    def is_role(self, token: str) -> bool:
        word = _strip_possessive(token).lower()
        if token.islower():
            return False
        if _BOARD_ACRONYM.match(_strip_possessive(token)):
            return True
        return word in self._roles or (word.endswith("s") and word[:-1] in self._roles)

    def is_known(self, token: str) -> bool:
        return self.expand(token) is not None


@lru_cache(maxsize=1)
def _default_glossary() -> Glossary:
    text = resources.files("plantables.normalise").joinpath("data/glossary.toml").read_text("utf-8")
    return Glossary(dict(tomllib.loads(text).get("abbreviations", {})))


def _strip_possessive(token: str) -> str:
    return re.sub(r"['’]s?$", "", token)


def _role_type_of(expanded_lower: str) -> str:
    for kind, rx in ROLE_RULES:
        if rx.search(expanded_lower):
            return kind
    return "Other"


def expand_name(name: str, glossary: Glossary | None = None) -> str:
    """``HoS QAS`` -> ``Head of Service Quality Assurance and Safeguarding``."""
    glossary = glossary or _default_glossary()
    return _TOKEN.sub(lambda m: glossary.expand(m.group(0)) or m.group(0), name)


def role_type(lead_name: str, glossary: Glossary | None = None) -> str:
    """Cross-organisation role type of a lead name (one of :data:`ROLE_TYPES`).

    >>> role_type("HOS for Safeguarding and QA")
    'Head of Service'
    >>> role_type("PSCP")
    'Partnership or Board'
    """
    glossary = glossary or _default_glossary()
    name = re.sub(r"\s+", " ", lead_name or "").strip()
    if not name:
        return "Other"
    kind = _role_type_of(expand_name(name, glossary).lower())
    if kind != "Other":
        return kind
    bare = re.sub(r"\(.*?\)", "", name).strip()
    if _BOARD_ACRONYM.match(bare):
        return "Partnership or Board"
    if _NAME.match(bare) and not any(w.lower() in ROLE_WORDS for w in bare.split()):
        return "Named officer"  # "Lisa Jennings"
    if _INITIALS.match(bare) and not glossary.is_known(bare):
        return "Named officer"  # "JB"
    return "Other"


# --- splitting a cell into roles ----------------------------------------------


def _tokens(text: str) -> list[re.Match]:
    return list(_TOKEN.finditer(text))


def _words_of(text: str) -> list[str]:
    return [m.group(0) for m in _TOKEN.finditer(text)] or [""]


def _role_like(text: str, glossary: Glossary) -> bool:
    """Could this fragment be a lead on its own (not a qualifier like ``SA``)?"""
    words = [m.group(0) for m in _tokens(text)]
    if not words:
        return False
    if any(_names_role(w, glossary) for w in words):
        return True
    bare = " ".join(words)
    if len(words) == 1 and _INITIALS.match(bare) and not glossary.is_known(bare):
        return True  # initials of a named officer ("TU", "JB")
    return bool(_NAME.match(bare)) and not any(glossary.is_known(w) for w in words)


#: a person's name written with initials or a title (``A Smith``, ``Dr J Smith``), not ``Public Protection``
_INITIALLED = re.compile(r"^(?:(?:Mrs?|Ms|Miss|Dr|Cllr|Prof|Sir)\.?\s|[A-Z]\.?\s)")


def _qualifier_after_comma(part: str, before: str, glossary: Glossary) -> bool:
    """Capitalised words after a comma that name no role (no role word, no initials or title of a
    person's name) qualify the role before it (``Detective Inspector, Public Protection``,
    ``Head of Service, Finance``); after a person written with initials they are the next person,
    and after a lead that names no role (``Jane Smith``, ``Public Protection``) there is no role
    to qualify: they are the next lead."""
    words = [m.group(0) for m in _tokens(part)]
    if any(_names_role(w, glossary) for w in words):
        return False
    if not any(_names_role(w, glossary) for w in _words_of(before)):
        return False
    bare = " ".join(words)
    return not (_INITIALLED.match(bare) or _INITIALLED.match(before.strip()) or _INITIALS.match(bare))


def _names_role(word: str, glossary: Glossary) -> bool:
    return _strip_possessive(word).lower() in ROLE_WORDS or glossary.is_role(word)


def _starts_role(words: list[str], i: int, glossary: Glossary) -> bool:
    """Does a role name start at word ``i`` (``Head of``, ``HoS``, ``AD``, ``Senior IRO``)?"""
    j = i
    while j < len(words) - 1 and words[j].lower() in ROLE_MODIFIERS:
        j += 1
    low = words[j].lower()
    nxt = words[j + 1].lower() if j + 1 < len(words) else ""
    if low in ("head", "heads", "director") and nxt == "of":
        return True
    if low == "director" and j > i:  # "Assistant Director"
        return True
    return glossary.is_role(words[j])


def _cut_piece(piece: str, glossary: Glossary) -> list[str]:
    """Cut one separator-free piece where a second role name begins.

    ``SA Head of Service SASF`` -> ``SA``, ``Head of Service SASF`` (the
    caller gives ``SA`` back to the previous role); ``CSE Coordinator CS
    Performance Lead`` -> two; ``Lead Member AD`` -> two.
    """
    toks = _tokens(piece)
    if not toks:
        return []
    words = [t.group(0) for t in toks]
    cuts = [0]
    for i in range(1, len(words)):
        prev = words[i - 1].lower()
        before = piece[toks[cuts[-1]].start() : toks[i].start()]
        if _starts_role(words, i, glossary):
            if not (prev in ROLE_MODIFIERS and _starts_role(words, i - 1, glossary)):
                cuts.append(i)  # not inside "Senior IRO" / "ALL HoS"
        elif (
            prev in ROLE_TAILS
            and i - 1 > cuts[-1]
            and words[i].lower() not in _STOP_WORDS
            and not (i == len(words) - 1 and words[i].lower() in ROLE_TAILS)  # "Care Team Manager": one role
            and _role_like(piece[toks[i].start() :], glossary)
        ):
            cuts.append(i)  # "... Practice Manager | Social Work Student"
        elif (
            glossary.is_known(words[i])
            and any(w.lower() in ROLE_TAILS for w in words[i + 1 : i + 3])
            and _has_qualifier(before, glossary)
        ):
            cuts.append(i)  # "HOS Targeted Intervention | EH Team"
    ends = [toks[c].start() for c in cuts[1:]] + [len(piece)]
    return [piece[toks[c].start() : end].strip() for c, end in zip(cuts, ends)]


def _has_qualifier(text: str, glossary: Glossary) -> bool:
    return bool(lead_key(text, glossary).qualifiers)


def split_leads(text: str | None, *, glossary: Glossary | None = None) -> list[str]:
    """One alias per role named in a lead cell, as written (whitespace tidied).

    >>> split_leads("AD/Heads of Service and Lead Auditor")
    ['AD', 'Heads of Service', 'Lead Auditor']
    >>> split_leads("Head of Service MASH/ SA Head of Service SASF")
    ['Head of Service MASH/ SA', 'Head of Service SASF']
    """
    if not text or not isinstance(text, str):
        return []
    if glossary is None:  # the usual case: a plan names the same few leads action after action
        return list(_split_with_default_glossary(text))
    return _split_leads(text, glossary)


@lru_cache(maxsize=4096)
def _split_with_default_glossary(text: str) -> tuple[str, ...]:
    return tuple(_split_leads(text, _default_glossary()))


def _split_leads(text: str, glossary: Glossary) -> list[str]:
    cell = re.sub(r"\s+", " ", text).strip()
    # pieces between separators, each remembering the separator before it
    pieces: list[tuple[str, str]] = []
    pos = 0
    sep = ""
    for m in _SEPARATORS.finditer(cell):
        pieces.append((sep, cell[pos : m.start()]))
        sep, pos = m.group(0), m.end()
    pieces.append((sep, cell[pos:]))
    parts: list[tuple[str, str]] = []  # (separator before, text)
    for sep, piece in pieces:
        for k, part in enumerate(_cut_piece(piece.strip(), glossary) if piece.strip() else []):
            parts.append((sep if k == 0 else " ", part))
    roles: list[str] = []
    prefix = ""  # a qualifier that belongs to the next role ("Leisure and | Culture Manager")
    for k, (sep, part) in enumerate(parts):
        nxt = parts[k + 1] if k + 1 < len(parts) else ("", "")
        if len(_words_of(part)) == 1 and _AND.fullmatch(nxt[0]) and len(_words_of(nxt[1])) >= 2 \
                and _role_like(nxt[1], glossary) and not _names_role(_words_of(nxt[1])[0], glossary):
            prefix += part + nxt[0]  # "Health and | Safety Manager": one word qualifying the role after 'and'
            continue
        if _role_like(part, glossary) and not (sep.strip() == "," and roles and _qualifier_after_comma(part, roles[-1],
                                                                                                   glossary)):
            roles.append(prefix + part)
            prefix = ""
            continue
        after = parts[k + 1] if k + 1 < len(parts) else None
        # "Leisure and | Culture Manager": a qualifier of the role after 'and'; but after a role,
        # "Head of Service, | Finance and | Digital" qualifies the role before when no role follows
        forward = after is not None and _AND.fullmatch(after[0]) and not _AND.fullmatch(sep) and (
            not roles or (not _starts_role(_words_of(after[1]), 0, glossary) and _role_like(after[1], glossary)))
        if forward or not roles:
            prefix = prefix + part + (after[0] if after else " ")
        else:  # "Head of Service MASH/ SA": a qualifier of the role before
            roles[-1] = roles[-1] + (sep if sep.strip() else " ") + part
    if prefix.strip():
        roles.append(prefix.strip())
    cleaned = [r.strip(" ./-–'’\"") for r in roles]
    # the same role twice in one cell is one lead of that action
    return list(dict.fromkeys(r for r in cleaned if any(ch.isalnum() for ch in r)))


# --- match keys ------------------------------------------------------------------


@dataclass(frozen=True)
class LeadKey:
    """The words that identify a role: ``heads`` (generic) + ``qualifiers``."""

    words: tuple[str, ...]
    heads: tuple[str, ...]
    qualifiers: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.words)


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def lead_key(name: str, glossary: Glossary | None = None) -> LeadKey:
    """Match key: ``HOS for Safeguarding and QA`` -> head service safeguarding quality assurance."""
    glossary = glossary or _default_glossary()
    words: list[str] = []
    for m in _TOKEN.finditer(name or ""):
        token = m.group(0)
        expanded = glossary.expand(token)
        for w in (_TOKEN.findall(expanded) if expanded else [token]):
            w = _strip_possessive(w).lower()
            if w in _STOP_WORDS:
                continue
            w = _singular(w)
            if w not in words:
                words.append(w)
    heads = tuple(w for w in words if w in HEAD_WORDS)
    quals = tuple(w for w in words if w not in HEAD_WORDS)
    return LeadKey(tuple(words), heads, quals)


def lead_similarity(a: LeadKey, b: LeadKey) -> float:
    """0..100; punishes extra or different qualifiers, unlike ``token_set_ratio``.

    Whole keys are compared with ``token_sort_ratio`` (word order free, every
    word counts). Then: different generic words (``board`` vs ``partnership``)
    a qualifier on one side only (``HoS`` vs ``HoS TS``) or a rank word on one
    side only (``Senior IRO`` vs ``IRO``) cap the score at 60; with qualifiers on both sides the score is at most their own
    similarity, so ``MASH`` vs ``SASF`` or ``QAS`` vs ``TS`` stay apart while
    ``Safeguarding and QA`` vs ``QA Safeguarding`` match.
    """
    if not a.words or not b.words:
        return 0.0
    score = fuzz.token_sort_ratio(a.text, b.text)
    if a.heads and b.heads and fuzz.token_sort_ratio(" ".join(a.heads), " ".join(b.heads)) < 85:
        score = min(score, 60.0)
    if {w for w in a.words if w in RANKS} != {w for w in b.words if w in RANKS}:
        score = min(score, 60.0)  # "Senior IRO" is not "IRO", "Deputy DCS" not "DCS"
    if bool(a.qualifiers) != bool(b.qualifiers):
        score = min(score, 60.0)
    elif a.qualifiers:
        score = min(score, fuzz.token_sort_ratio(" ".join(a.qualifiers), " ".join(b.qualifiers)))
    return float(score)
