"""Words of job roles in lead cells: role types, the words that make or end a role, ranks.

Read by :mod:`plantables.normalise.lead_names`, which splits a lead cell into
roles and keys them; kept here, beside the other plan vocabulary, so that the
word lists can grow without touching the code that uses them.
"""

from __future__ import annotations

import re

ROLE_TYPES = (
    "Chief Executive",
    "Director",
    "Assistant/Service Director",
    "Head of Service",
    "Service/Team Manager",
    "Independent Reviewing Officer/Chair",
    "Partnership or Board",
    "Named officer",
    "Health partner",
    "Other",
)

#: first matching rule wins; run on the expanded, lower-case name
ROLE_RULES = [(t, re.compile(p)) for t, p in (
    ("Chief Executive", r"chief executive|\bceo\b"),
    ("Assistant/Service Director",
     r"(?:assistant|service|deputy|strategic|associate|operational)\s+director|director of operations"),
    ("Director", r"\bdirector\b"),
    ("Independent Reviewing Officer/Chair", r"reviewing|\bchairs?\b|\biros?\b"),
    ("Partnership or Board", r"\bboards?\b|partnership|\bforum\b|\bpanel\b|committee"),
    ("Health partner",
     r"health|camhs|\bnhs\b|\bgps?\b|nurse|hospital|clinical|therap|psycholog|paediatric|midwi"),
    ("Head of Service", r"\bheads?\b"),
    ("Other", r"lead member|councillor|cabinet member|portfolio holder|elected member|\bmayor\b"),
    ("Service/Team Manager",
     r"manager|\blead\b|leader|co-?ordinator|supervisor|\bprincipal\b|auditor|\bofficer\b"),
)]
#: words that make a fragment a role of its own (``Lead Auditor``, ``EH Team``)
ROLE_WORDS = frozenset(
    """head heads hos director directors manager managers officer officers lead leads leader
    coordinator co-ordinator auditor auditors chair chairs board partnership forum team teams
    service commissioner member members student worker workers practitioner practitioners
    executive teacher nurse health camhs police consultant administrator analyst adviser
    advisor governor panel group champion assistant inspector detective sergeant superintendent
    constable engineer planner surveyor specialist secretary clerk solicitor accountant architect
    librarian registrar controller councillor cllr mayor""".split()
)
#: words that end a role; more words after one start the next role
ROLE_TAILS = frozenset(
    "manager coordinator co-ordinator lead leader auditor student officer member chair forum team".split()
)
#: words before a role word that belong to it (``Senior IRO``, ``ALL HoS``)
ROLE_MODIFIERS = frozenset(
    "senior principal deputy assistant acting interim all virtual chief joint".split()
)
#: generic role words; the rest of a key is the qualifier that tells roles apart
HEAD_WORDS = frozenset(
    """head service director assistant deputy chief executive officer manager team lead leader
    coordinator chair board partnership forum""".split()
)
#: rank words: a role with one is a different post from the role without it
RANKS = frozenset("senior deputy assistant principal acting interim associate".split())
