"""Plan specs: the invented content of a sample plan, with its ground truth.

A :class:`PlanSpec` is drawn at random (seeded, so deterministic) by
:func:`make_spec` for one of three layout families:

* ``A`` – section heading rows, numbered objective rows, actions with several
  *How?* step rows under tall merged cells (NOS/What?/Who?/status/outcome).
* ``B`` – priority paragraphs between tables, a month grid under a
  ``Timeframe`` group header, RAG cells, merged outcome/risk cells, theme rows.
* ``C`` – portrait, horizontal rules only, ``Ref | Action | Owner | Deadline |
  Progress | RAG status``, financial-year deadlines.

Every value a reader/normaliser should recover is decided here, so the ground
truth JSON is written from the spec and never from a rendering.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from plantables.samples import content as C

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAME = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")

# Word-theme shades used for RAG cells: several of each, as real plans mix them.
RAG_FILLS = {
    "green": ("#00B050", "#92D050", "#70AD47", "#A9D08E"),
    "amber": ("#FFC000", "#FFBF00", "#F4B183", "#FFD966"),
    "red": ("#FF0000", "#C00000", "#E06666"),
    "blue": ("#00B0F0", "#5B9BD5"),
}
# Shades used for active months of a grid (one per plan).
GRID_FILLS = ("#8EAADB", "#BDD6EE", "#A6A6A6", "#9CC2E5")


@dataclass
class Step:
    """One *How?* row of a family-A action."""

    how: str
    when: str = ""
    measure: str = ""


@dataclass
class ActionSpec:
    ref_raw: str
    ref: str
    title: str
    lead_raw: str
    leads: list[str]
    steps: list[Step] = field(default_factory=list)
    timeframe_raw: str | None = None
    start_month: str | None = None
    due_month: str | None = None
    active_months: list[str] = field(default_factory=list)
    measures: str | None = None
    targets: list[dict] = field(default_factory=list)
    status_raw: str | None = None
    status: str | None = None
    update_text: str | None = None
    rag: str | None = None
    rag_fill: str | None = None
    rag_text: str | None = None  # family C prints the rating as a word too
    #: (status as printed, value) the update's prose states; not printed in a status column
    stated: tuple[str, str] | None = None
    risk_refs: list[str] = field(default_factory=list)
    theme: str | None = None


@dataclass
class ObjectiveSpec:
    ref_raw: str | None
    ref: str | None
    text: str
    actions: list[ActionSpec]
    risk_refs: list[str] = field(default_factory=list)
    theme: str | None = None  # family B: a theme row printed before this objective


@dataclass
class SectionSpec:
    ref: str | None
    title: str
    objectives: list[ObjectiveSpec]
    kind: str = "section"  # "section" | "priority"
    intro: str | None = None  # family B: the priority paragraph


@dataclass
class PlanSpec:
    family: str
    name: str  # file stem
    organisation: str
    title: str
    seed: int
    sections: list[SectionSpec]
    months: list[str] = field(default_factory=list)  # family B grid, YYYY-MM
    grid_fill: str | None = None
    bullets: bool = False  # family A: How? steps printed with "• "

    def actions(self):
        """(section, objective, action) in document order."""
        for s in self.sections:
            for o in s.objectives:
                for a in o.actions:
                    yield s, o, a


class Picker:
    """Draws from word pools without repeats until a pool is used up."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.left: dict[int, list] = {}

    def __call__(self, pool: tuple):
        left = self.left.get(id(pool))
        if not left:
            left = self.left[id(pool)] = list(pool)
            self.rng.shuffle(left)
        return left.pop()


# --------------------------------------------------------------------- months

def month_add(ym: str, n: int) -> str:
    y, m = int(ym[:4]), int(ym[5:])
    k = y * 12 + (m - 1) + n
    return f"{k // 12:04d}-{k % 12 + 1:02d}"


def month_range(start: str, end: str) -> list[str]:
    out, cur = [], start
    while cur <= end:
        out.append(cur)
        cur = month_add(cur, 1)
    return out


def _mon(ym: str, full: bool = False) -> str:
    names = MONTH_NAME if full else MONTH_ABBR
    return f"{names[int(ym[5:]) - 1]} {ym[:4]}"


def when_text(rng: random.Random, ym: str) -> tuple[str, str | None, str | None]:
    """A messy *When?* value for month ``ym``: (text, start_month, due_month)."""
    y, m = ym[:4], int(ym[5:])
    form = rng.randrange(10)
    if form == 0 and m in (6, 7, 8):
        return f"Sum mer {y}", None, f"{y}-08"  # summer = by end of August
    if form == 1:
        return f"From {_mon(ym)} and ongoing", ym, None
    if form == 2 and m == 2:
        return f"Teb {y}", None, ym  # typo for Feb
    if form == 3:
        return f"End {_mon(ym)}", None, ym
    if form == 4:
        return _mon(ym, full=True), None, ym
    if form == 5:
        start = month_add(ym, -rng.randint(2, 4))
        return f"{_mon(start)} – {MONTH_NAME[m - 1]} {y}", start, ym
    if form == 6:
        return f"Monthly audits from {_mon(ym)}", ym, None
    if form == 7:
        return f"Phase 1 completed Phase 2 {_mon(ym)}", None, ym
    return _mon(ym), None, ym


def fy_deadline(rng: random.Random, ym: str) -> tuple[str, str | None, str | None]:
    """A family-C deadline (UK financial years, April–March)."""
    y, m = int(ym[:4]), int(ym[5:])
    fy = y if m >= 4 else y - 1
    form = rng.randrange(6)
    if form in (0, 1):
        q = (m - 4) % 12 // 3 + 1
        end = month_add(f"{fy:04d}-04", q * 3 - 1)
        return f"Q{q} {fy}/{(fy + 1) % 100:02d}", None, end
    if form == 2:
        return f"{MONTH_NAME[m - 1]} {y}", None, ym
    if form == 3:
        return f"{rng.randint(1, 28):02d}/{m:02d}/{y}", None, ym
    if form == 4:
        return f"{fy}/{(fy + 1) % 100:02d}", None, f"{fy + 1:04d}-03"
    start = month_add(ym, -rng.randint(3, 8))
    return f"{_mon(start)} – {_mon(ym)}", start, ym


# -------------------------------------------------------------------- targets

def target_text(rng: random.Random) -> tuple[str, dict]:
    template, direction = rng.choice(C.TARGET_FORMS)
    v = rng.choice((59.1, 70, 80, 85, 90, 95, 2, 5, 62.5))
    if direction == "reduce":
        v = rng.choice((2, 5, 10))
    num = f"{v:g}"
    # the target as written is the figure with its unit; the phrase around it
    # stays in the measures
    return template.format(v=num), {"raw": f"{num}%", "value": float(v), "unit": "%", "direction": direction}


# -------------------------------------------------------------------- leads

def split_leads(lead_raw: str) -> list[str]:
    """The roles a lead cell names, as written (hand-written truth: ``content.LEAD_ROLES``)."""
    return list(C.LEAD_ROLES[lead_raw])


# ------------------------------------------------------------------ families

def _spec_a(rng: random.Random, name: str, seed: int, n_sections: int) -> PlanSpec:
    pick = Picker(rng)
    start = "2016-10"
    sections, obj_no = [], 0
    titles = list(C.SECTIONS_A)
    for s_i in range(n_sections):
        objectives = []
        for _ in range(rng.randint(2, 3)):
            obj_no += 1
            actions = []
            for a_i in range(rng.randint(2, 4)):
                steps, starts, dues, whens = [], [], [], []
                for _ in range(rng.randint(1, 4)):
                    ym = month_add(start, rng.randint(1, 10))
                    w, st, due = when_text(rng, ym) if rng.random() < 0.85 else ("", None, None)
                    measure = rng.choice(C.MEASURES) if rng.random() < 0.6 else ""
                    steps.append(Step(pick(C.HOW_STEPS), w, measure))
                    whens += [w] if w else []
                    starts += [st] if st else []
                    dues += [due] if due else []
                targets = []
                if rng.random() < 0.5:
                    raw, t = target_text(rng)
                    steps[-1].measure = (steps[-1].measure + " " if steps[-1].measure else "") + raw
                    targets.append(t)
                measures = [s.measure for s in steps if s.measure]
                status_raw, status = rng.choice(C.STATUS_A) if rng.random() < 0.8 else (None, None)
                lead = rng.choice(C.LEADS_A)
                ref = f"{obj_no}.{a_i + 1}"
                title = pick(C.ACTION_TITLES)
                update = rng.choice(C.UPDATES_A) if rng.random() < 0.7 else None
                actions.append(ActionSpec(
                    ref_raw=ref, ref=ref, title=title, lead_raw=lead,
                    leads=split_leads(lead), steps=steps,
                    timeframe_raw="; ".join(whens) or None,
                    start_month=min(starts) if starts else None,
                    due_month=max(dues) if dues else None,
                    measures="\n".join(measures) or None, targets=targets,
                    status_raw=status_raw, status=status,
                    update_text=update,
                    # with the status column empty, the update's prose states the status
                    stated=C.UPDATES_A_STATED.get(update) if status is None else None,
                ))
            objectives.append(ObjectiveSpec(str(obj_no), str(obj_no), pick(C.OBJECTIVES), actions))
        sections.append(SectionSpec(str(s_i + 1), titles[s_i % len(titles)], objectives))
    return PlanSpec("A", name, C.COUNCILS["A"],
                    "Children's Services Improvement Plan 2016/17", seed, sections,
                    bullets=rng.random() < 0.5)


_ROMAN = ("I", "II", "III", "IV", "V", "VI")


def _spec_b(rng: random.Random, name: str, seed: int, n_sections: int) -> PlanSpec:
    pick = Picker(rng)
    months = month_range("2023-09", "2024-03")
    grid_fill = rng.choice(GRID_FILLS)
    sections, risk_no = [], 3
    for p_i in range(n_sections):
        title, intro = C.PRIORITIES_B[p_i % len(C.PRIORITIES_B)]
        p_raw = _ROMAN[p_i] if p_i == 0 else str(p_i + 1)  # roman only in the first priority
        objectives = []
        themes = rng.sample(C.THEMES_B, 2) if rng.random() < 0.7 else []
        n_obj = rng.randint(3, 4)
        theme_at = {0: themes[0], n_obj // 2 + 1: themes[1]} if themes else {}
        theme = None
        for o_i in range(n_obj):
            theme = theme_at.get(o_i, theme)
            o_raw = f"{p_raw}.{o_i + 1}"
            risks = []
            for _ in range(rng.choice((0, 1, 1, 2))):
                risk_no += rng.randint(1, 5)
                risks.append(f"KCC_RSK_{risk_no}")
            actions = []
            for a_i in range(rng.randint(2, 5)):
                a_raw = f"{o_raw}.{a_i + 1}"
                if rng.random() < 0.85:
                    first = rng.randrange(len(months))
                    last = min(len(months) - 1, first + rng.choice((0, 0, 1, 2, 3, 6)))
                    active = months[first:last + 1]
                else:
                    active = []
                prefix, status, rest = rng.choice(C.UPDATES_B)
                update = f"{prefix} - {rest}" if prefix else rest
                update += "".join(" " + d for d in rng.sample(C.DETAILS, rng.randint(0, 3)))
                rag = rng.choice(("green", "green", "amber", "red", None))
                if status == "complete" and rag is not None:
                    rag = "green"
                measures = rng.choice(C.MEASURES_B) if rng.random() < 0.85 else None
                targets = []
                if measures and measures.startswith("Target"):
                    figure = measures.split("–" if "–" in measures else "-")[1].split("%")[0].strip()
                    targets.append({"raw": f"{figure}%", "value": float(figure), "unit": "%", "direction": None})
                lead = rng.choice(C.LEADS_B)
                actions.append(ActionSpec(
                    ref_raw=a_raw, ref=a_raw.replace(p_raw, str(p_i + 1), 1), title=pick(C.ACTION_TITLES),
                    lead_raw=lead, leads=split_leads(lead), active_months=active,
                    start_month=active[0] if active else None, due_month=active[-1] if active else None,
                    measures=measures, targets=targets, status_raw=prefix or (rest.rstrip(".") if status else None),
                    status=status,
                    update_text=update if rng.random() < 0.9 else None,
                    rag=rag, rag_fill=rng.choice(RAG_FILLS[rag]) if rag else None,
                    risk_refs=list(risks), theme=theme,
                ))
                if actions[-1].update_text is None:
                    actions[-1].status_raw = actions[-1].status = None
            objectives.append(ObjectiveSpec(o_raw, f"{p_i + 1}.{o_i + 1}", pick(C.OUTCOMES_B),
                                            actions, risks, theme_at.get(o_i)))
        sections.append(SectionSpec(str(p_i + 1), title, objectives, kind="priority", intro=intro))
    return PlanSpec("B", name, C.COUNCILS["B"],
                    "Children's Services Improvement Plan September 2023 – March 2024", seed,
                    sections, months=months, grid_fill=grid_fill)


_RAG_WORDS = {"green": ("Green", "G"), "amber": ("Amber", "A"), "red": ("Red", "R"), "blue": ("Blue", "B")}


def _spec_c(rng: random.Random, name: str, seed: int, n_sections: int) -> PlanSpec:
    pick = Picker(rng)
    sections = []
    for s_i in range(n_sections):
        actions = []
        lead = rng.choice(C.LEADS_C)
        for a_i in range(rng.randint(9, 12)):
            if rng.random() < 0.5:  # consecutive actions often share an owner (merged cell)
                lead = rng.choice(C.LEADS_C)
            ym = month_add("2024-04", rng.randint(2, 22))
            deadline, st, due = fy_deadline(rng, ym) if rng.random() < 0.9 else ("Ongoing", None, None)
            prefix, status, rest = rng.choice(C.PROGRESS_C)
            rag = {"complete": "blue", "behind": rng.choice(("amber", "red")),
                   "not_started": "amber"}.get(status, "green")
            suffix = "a" if a_i == 2 and rng.random() < 0.3 else ""
            ref = f"{s_i + 1}.{a_i + 1}{suffix}"
            actions.append(ActionSpec(
                ref_raw=ref, ref=ref, title=pick(C.ACTIONS_C), lead_raw=lead, leads=split_leads(lead),
                timeframe_raw=deadline, start_month=st, due_month=due,
                status_raw=prefix, status=status,
                update_text=f"{prefix} – {rest}" + "".join(" " + d for d in rng.sample(C.DETAILS, rng.randint(1, 4))),
                rag=rag, rag_fill=rng.choice(RAG_FILLS[rag]), rag_text=rng.choice(_RAG_WORDS[rag]),
            ))
        sections.append(SectionSpec(str(s_i + 1), C.SECTIONS_C[s_i % len(C.SECTIONS_C)],
                                    [ObjectiveSpec(None, None, "", actions)]))
    return PlanSpec("C", name, C.COUNCILS["C"], "Council Delivery Plan 2024–2026", seed, sections)


_FAMILIES = {"A": _spec_a, "B": _spec_b, "C": _spec_c}


def make_spec(family: str, seed: int = 1, *, name: str | None = None, n_sections: int = 4) -> PlanSpec:
    """Draw a plan of layout ``family`` (``"A"``, ``"B"``, ``"C"``) from ``seed``."""
    if family not in _FAMILIES:
        raise ValueError(f"unknown layout family {family!r}; expected one of {sorted(_FAMILIES)}")
    rng = random.Random(f"{family}:{seed}")
    return _FAMILIES[family](rng, name or f"plan_{family.lower()}_{seed}", seed, n_sections)
