"""Draw a plan layout at random: :func:`draw_layout` (seed) → :class:`LayoutSpec`.

Every dimension the unseen-layouts issue names is drawn here, once, from the
seed: producer, rules, header repetition, orientation, column order and
wording, ref placement, objective placement, cell composition, status form,
timeframe form, date format, fonts, extra columns, a status key table, and
whether the document is a plan at all. The values each action should read as
are decided here too, so the ground truth is written from the spec, never
from a rendering.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from plantables.samples import content as C
from plantables.samples.layouts import dates as D
from plantables.samples.layouts import vocab as V

PRODUCERS = ("docx", "xlsx", "html", "reportlab")
#: seeds from here also draw Gantt bars (one merged cell over the active months or quarters), a
#: ``Timeframe`` group cell over month labels and year-less ranges (``1-Jan to 30-Mar``); the
#: seeds before it keep the layouts first committed, so figures stay comparable over time
SECOND_GENERATION = 201

#: each dimension with its values and weights (a value not drawable for a producer is redrawn)
DIMENSIONS: dict[str, tuple[tuple[str, int], ...]] = {
    "rules": (("grid", 3), ("horizontal", 2), ("none", 1), ("zebra", 2)),
    "header": (("repeated", 3), ("first_page", 2), ("orphaned", 1)),
    "orientation": (("portrait", 1), ("landscape", 1)),
    "column_order": (("usual", 2), ("shuffled", 1)),
    "ref": (("first_column", 3), ("second_column", 1), ("in_text", 2)),
    "objective": (("merged_column", 2), ("row", 2), ("heading", 2), ("none", 1)),
    "composition": (("plain", 2), ("title_bullets", 1)),
    "status": (("column", 2), ("word_colour", 2), ("phrase", 2), ("prose", 1), ("colour", 1), ("letter", 1)),
    "timeframe": (("dates", 4), ("month_grid", 2), ("quarter_grid", 2), ("text", 1)),
    "font": (("sans", 2), ("serif", 1)),
    "extras": (("0", 2), ("1", 2), ("2", 1)),
    "key": (("none", 3), ("before", 1), ("after", 1)),
    "kind": (("plan", 15), ("not_a_plan", 1)),
}

ACTION_POOL = C.ACTION_TITLES + C.ACTIONS_C
MEASURE_POOL = C.MEASURES + tuple(m for m in C.MEASURES_B if "%" not in m)
UPDATE_POOL = C.DETAILS  # neutral prose: no status word in it
LEAD_POOL = V.LEADS + C.LEADS_C[:4]


@dataclass
class ActionSpec:
    ref_raw: str | None
    ref: str | None
    title: str
    steps: list[str]
    lead_raw: str | None
    leads: list[str]
    timeframe_raw: str | None
    start_month: str | None
    due_month: str | None
    active_months: list[str]
    measures: str | None
    status_raw: str | None
    status: str | None
    status_source: str | None
    update_text: str | None
    rag: str | None
    other_columns: dict[str, str]
    phrase: str | None = None  # the bold status phrase opening the update
    quarters: list[tuple[int, int]] = field(default_factory=list)  # (fy, q) marked in a quarter grid


@dataclass
class ObjectiveSpec:
    ref: str | None
    text: str | None
    actions: list[ActionSpec]


@dataclass
class SectionSpec:
    ref: str
    title: str
    objectives: list[ObjectiveSpec]


@dataclass
class LayoutSpec:
    seed: int
    name: str
    producer: str
    organisation: str
    title: str
    dims: dict[str, str]
    columns: list[tuple[str, str]] = field(default_factory=list)  # (role, header as printed)
    sections: list[SectionSpec] = field(default_factory=list)
    grid_months: list[str] = field(default_factory=list)  # month grid, YYYY-MM
    grid_fys: list[int] = field(default_factory=list)  # quarter grid, financial years
    style: dict = field(default_factory=dict)
    intro: list[str] = field(default_factory=list)
    key_rows: list[tuple[str, str, str | None]] = field(default_factory=list)  # (word, meaning, fill)
    key_header: tuple[str, str] = ("Status", "Meaning")
    stats: list[tuple[str, list[str], list[list[str]]]] = field(default_factory=list)  # non-plans

    @property
    def not_a_plan(self) -> bool:
        return self.dims["kind"] == "not_a_plan"

    def actions(self):
        """(section, objective, action) in document order."""
        for s in self.sections:
            for o in s.objectives:
                for a in o.actions:
                    yield s, o, a


def _weighted(rng: random.Random, options: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _ in options], weights=[w for _, w in options])[0]


def draw_dims(rng: random.Random, seed: int) -> dict[str, str]:
    dims = {"producer": rng.choice(PRODUCERS)}
    for name, options in DIMENSIONS.items():
        dims[name] = _weighted(rng, options)
    if dims["producer"] == "xlsx":
        dims["objective"] = "row" if dims["objective"] == "heading" else dims["objective"]
        dims["header"] = "repeated" if dims["header"] == "orphaned" and rng.random() < 0.5 else dims["header"]
    dims["section"] = "row" if dims["producer"] == "xlsx" else "heading"  # a sheet is one table
    if dims["timeframe"] in ("month_grid", "quarter_grid"):
        dims["orientation"] = "landscape"  # twelve month columns need the width
    dims["date_format"] = rng.choice(D.DATE_FORMATS) if dims["timeframe"] == "dates" else "none"
    dims["grid_header"] = rng.choice(("two_row", "one_row")) if dims["timeframe"] == "month_grid" else (
        "two_row" if dims["timeframe"] == "quarter_grid" else "none")
    grid = dims["timeframe"] in ("month_grid", "quarter_grid")
    dims["grid_mark"] = "cells" if grid else "none"
    if seed >= SECOND_GENERATION:
        if grid:
            dims["grid_mark"] = rng.choice(("cells", "bar"))
        if dims["timeframe"] == "month_grid" and rng.random() < 0.4:
            dims["grid_header"] = "group"
        if dims["timeframe"] == "dates" and rng.random() < 0.2:
            dims["date_format"] = "day_mon_range"
    return dims


def _columns(rng: random.Random, dims: dict[str, str]) -> list[tuple[str, str]]:
    def head(role: str) -> str:
        if role == "status" and dims["status"] in ("colour", "letter"):
            return rng.choice(("RAG", "RAG status", "BRAG", "Rating"))
        if role == "status":
            return rng.choice(tuple(h for h in V.HEADERS["status"] if "RAG" not in h))
        return rng.choice(V.HEADERS[role])

    middle = ["lead"] if rng.random() < 0.9 else []
    middle += ["timeframe"] if dims["timeframe"] in ("dates", "text") else ["grid"]
    middle += ["measures"] if rng.random() < 0.7 else []
    if dims["status"] in ("phrase", "prose") or rng.random() < 0.85:
        middle.append("update")
    if dims["status"] in ("column", "word_colour", "colour", "letter"):
        middle.append("status")
    extras = rng.sample(V.EXTRA_HEADERS, int(dims["extras"]))
    if "grid" in middle:  # a grid takes the width: one extra column at most, and no measures column
        del extras[1:]
        dims["extras"] = str(len(extras))
        if "measures" in middle and rng.random() < 0.5:
            middle.remove("measures")
    middle += [f"extra:{h}" for h in extras]
    if dims["column_order"] == "shuffled":
        rng.shuffle(middle)
    lead = ["objective"] if dims["objective"] == "merged_column" else []
    if dims["ref"] == "first_column":
        front = ["ref"] + lead + ["title"]
    elif dims["ref"] == "second_column":
        front = lead + ["ref", "title"] if lead else ["title", "ref"]
    else:
        front = lead + ["title"]
    cols = []
    for role in front + middle:
        if role == "grid":
            cols.append((role, "Timeframe"))
        elif role.startswith("extra:"):
            cols.append((role, role[6:]))
        else:
            cols.append((role, head(role)))
    return cols


def _status(rng: random.Random, dims: dict, a: dict) -> None:
    """Fill the status fields of action dict ``a`` as the plan's status form prints them."""
    mode = dims["status"]
    update = rng.choice(UPDATE_POOL)
    a.update({"status_raw": None, "status": None, "rag": None, "status_source": None, "phrase": None,
              "update_text": update})
    if mode in ("column", "word_colour"):
        word, canon = rng.choice(V.STATUS_WORDS)
        a.update(status_raw=word, status=canon, status_source="column")
        if mode == "word_colour":
            a["rag"] = V.RAG_OF_STATUS[canon]
    elif mode == "phrase":
        word, canon = rng.choice(V.STATUS_WORDS)
        sep = rng.choice((" – ", " - ", ": "))
        a.update(status_raw=word, status=canon, status_source="phrase", phrase=word + sep,
                 update_text=f"{word}{sep}{update[0].lower()}{update[1:]}")
    elif mode == "prose":
        phrase, canon, rest = rng.choice(V.PROSE_STATUS)
        a.update(status_raw=phrase, status=canon, status_source="prose", update_text=phrase + rest)
    else:  # colour / letter: the RAG column is the only status signal
        a.update(rag=rng.choice(("green", "amber", "red", "green", "blue")), status_source=mode)


def _timeframe(rng: random.Random, spec: LayoutSpec, base: str) -> dict:
    mode = spec.dims["timeframe"]
    out = {"timeframe_raw": None, "start_month": None, "due_month": None, "active_months": [], "quarters": []}
    if mode == "dates" and spec.dims["date_format"] == "day_mon_range":  # the year is the plan's
        text, start, due = D.date_text(rng, "day_mon_range", D.month_add(base, rng.randint(3, 11)))
        out.update(timeframe_raw=text, start_month=start, due_month=due)  # both inside the plan's year
    elif mode == "dates":
        text, start, due = D.date_text(rng, spec.dims["date_format"], D.month_add(base, rng.randint(0, 20)))
        out.update(timeframe_raw=text, start_month=start, due_month=due)
    elif mode == "text":
        out["timeframe_raw"] = rng.choice(V.TEXT_TIMEFRAMES)
    elif mode == "month_grid":
        first = rng.randrange(len(spec.grid_months))
        last = min(len(spec.grid_months) - 1, first + rng.randint(0, 5))
        months = spec.grid_months[first:last + 1]
        out.update(active_months=months, start_month=months[0], due_month=months[-1])
    else:
        slots = [(fy, q) for fy in spec.grid_fys for q in (1, 2, 3, 4)]
        first = rng.randrange(len(slots))
        quarters = slots[first:first + rng.randint(1, 3)]
        months = [m for fy, q in quarters for m in D.quarter_months(fy, q)]
        out.update(active_months=months, start_month=months[0], due_month=months[-1], quarters=quarters)
    return out


def _action(rng: random.Random, spec: LayoutSpec, ref: str, base: str, pick) -> ActionSpec:
    dims = spec.dims
    roles = {r for r, _ in spec.columns}
    a: dict = {"ref": ref, "ref_raw": ref, "title": pick(ACTION_POOL), "steps": []}
    if dims["composition"] == "title_bullets" and rng.random() < 0.8:
        a["steps"] = rng.sample(V.STEPS, rng.randint(2, 3))
    lead = pick(LEAD_POOL) if "lead" in roles else None
    a["lead_raw"] = lead
    a["leads"] = list(V.LEAD_ROLES.get(lead) or C.LEAD_ROLES.get(lead) or ((lead,) if lead else ()))
    a["measures"] = pick(MEASURE_POOL) if "measures" in roles else None
    _status(rng, dims, a)
    if "update" not in roles:
        a["update_text"] = None
    a.update(_timeframe(rng, spec, base))
    a["other_columns"] = {h: rng.choice(V.EXTRA_TEXT[h]) for r, h in spec.columns if r.startswith("extra:")}
    return ActionSpec(**a)


def _non_plan(rng: random.Random, spec: LayoutSpec) -> None:
    spec.intro = rng.sample(V.PROSE, 3)
    year = rng.randint(2015, 2024)
    for topic, rows in rng.sample(V.STAT_TOPICS, 2):
        years = [str(year - 2), str(year - 1), str(year)]
        body = []
        for label in rows:
            vals = [rng.randint(200, 9000) for _ in years]
            body.append([label, *[f"{v:,}" for v in vals], f"{100 * (vals[-1] - vals[0]) / vals[0]:+.1f}%"])
        spec.stats.append((f"{topic}, {years[0]} to {years[-1]}", ["Category", *years, "Change"], body))


def draw_layout(seed: int) -> LayoutSpec:
    """One randomised plan layout (or, sometimes, a document that is not a plan)."""
    rng = random.Random(seed * 7919 + 17)
    dims = draw_dims(rng, seed)
    place = rng.choice(V.PLACES)
    fy = rng.randint(2015, 2026)
    org = f"{place} {rng.choice(V.COUNCIL_KINDS)}"
    spec = LayoutSpec(seed=seed, name=f"layout_{seed:04d}", producer=dims["producer"], organisation=org,
                      title=f"{rng.choice(V.PLAN_NAMES)} {D.fy_label(fy)}", dims=dims)
    spec.style = {
        "size": rng.choice((7, 7.5, 8, 8.5, 9, 10)),
        "header_fill": rng.choice(V.HEADER_FILLS),
        "band_fill": rng.choice(V.BAND_FILLS),
        "mark_fill": rng.choice(V.MARK_FILLS),
        "rag_fills": {k: rng.choice(v) for k, v in V.RAG_FILLS.items()},
        "section_style": rng.choice(("priority", "numbered", "caps")),
    }
    if spec.not_a_plan:
        spec.title = f"{place} in figures {fy}"
        _non_plan(rng, spec)
        return spec
    spec.intro = rng.sample(V.PROSE[:2], rng.randint(0, 2)) if dims["header"] != "orphaned" else list(V.PROSE)
    spec.columns = _columns(rng, dims)
    spec.grid_months = D.month_range(f"{fy}-04", f"{fy + 1}-03")
    spec.grid_fys = [fy] if rng.random() < 0.6 else [fy, fy + 1]
    if dims["key"] != "none":
        spec.key_header = rng.choice((("Status", "Meaning"), ("Key", "Description"), ("RAG", "Definition")))
        spec.key_rows = [("Green", "On track to deliver by the target date", spec.style["rag_fills"]["green"]),
                         ("Amber", "Some slippage; action in hand to recover", spec.style["rag_fills"]["amber"]),
                         ("Red", "Off track; needs attention from the board", spec.style["rag_fills"]["red"]),
                         ("Blue", "Complete", spec.style["rag_fills"]["blue"])]
    budget = rng.randint(12, 28)  # actions in the plan
    n_sections = rng.randint(2, 4)
    per_section = [budget // n_sections + (1 if i < budget % n_sections else 0) for i in range(n_sections)]

    left: dict[int, list] = {}

    def pick(pool: tuple):  # draws without repeats until the pool is used up
        rest = left.setdefault(id(pool), [])
        if not rest:
            rest.extend(pool)
            rng.shuffle(rest)
        return rest.pop()

    base = f"{fy}-04"
    titles = rng.sample(V.SECTION_TITLES, n_sections)
    for si, (title, n) in enumerate(zip(titles, per_section), start=1):
        printed = title.upper() if spec.style["section_style"] == "caps" else title
        section = SectionSpec(ref=str(si), title=printed, objectives=[])
        if dims["objective"] == "none":
            counts = [n]
        else:
            k = min(n, max(rng.randint(1, 3), -(-n // 4)))  # at most 4 actions under one objective
            counts = [n // k + (1 if i < n % k else 0) for i in range(k)]
        for oi, count in enumerate(counts, start=1):
            has_obj = dims["objective"] != "none"
            obj = ObjectiveSpec(ref=f"{si}.{oi}" if has_obj else None,
                                text=pick(C.OBJECTIVES) if has_obj else None, actions=[])
            for ai in range(1, count + 1):
                ref = f"{si}.{oi}.{ai}" if has_obj else f"{si}.{ai}"
                obj.actions.append(_action(rng, spec, ref, base, pick))
            section.objectives.append(obj)
        spec.sections.append(section)
    return spec
