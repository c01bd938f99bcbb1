"""Compare an imported database with sample ground truth, field by field.

One definition of "right" for every check of imported plans against a
generator's truth (``tests/integration/test_samples_end_to_end.py``, the benchmarks):
:func:`imported_actions` reads a database's ``action_overview`` rows with the
lead aliases, canonical leads and parsed targets behind them;
:func:`score_rows` counts, per field, the actions that equal their truth.
Lists are compared as the view joins them, prose with whitespace collapsed
(line breaks inside a cell are where the page wrapped it), leads as the
aliases written *and* the canonical leads the registry gave them, targets as
the figures as written *and* their parsed value, unit and direction.
"""

from __future__ import annotations

from collections import defaultdict

#: ground-truth fields, in the order of ``action_overview``
FIELDS = (
    "section_ref", "section_title", "objective_ref", "objective_text", "theme", "action_ref_raw", "title",
    "action_steps", "lead_raw", "leads", "timeframe_raw", "start_month", "due_month", "active_months",
    "measures", "targets", "status_raw", "status", "update_text", "rag", "risk_refs",
)


#: prose fields: compared as text when a similarity is asked for (OCR); the rest (refs, months,
#: statuses, RAG, risk refs, target figures) must be exact whatever the source
PROSE = frozenset({"section_title", "objective_text", "theme", "title", "action_steps", "lead_raw", "leads",
                   "timeframe_raw", "measures", "targets", "status_raw", "update_text"})


def squash(value):
    """Whitespace collapsed in strings; anything else as it is."""
    return " ".join(value.split()) if isinstance(value, str) else value


def query_rows(url: str, sql: str) -> list[dict]:
    import sqlalchemy as sa

    from plantables.schema import db

    engine = db.open_engine(url)
    try:
        with engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(sa.text(sql))]
    finally:
        engine.dispose()


def imported_actions(url: str) -> dict[str, list[dict]]:
    """File name → its ``action_overview`` rows in document order, each with the lead
    aliases as written (``_aliases``), their canonical leads (``_canonical``) and the
    parsed targets (``_targets``) from the tables behind the view (keyed by action id: a
    plan without refs has many actions of one ref)."""
    order = query_rows(url, "SELECT d.file_name, a.id FROM actions a "
                        "JOIN documents d ON d.id = a.document_id ORDER BY d.file_name, a.position")
    overview = {r["action_id"]: r for r in query_rows(url, "SELECT * FROM action_overview")}
    aliases: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for r in query_rows(url, "SELECT al.action_id, la.alias, l.name FROM action_leads al "
                         "JOIN lead_aliases la ON la.id = al.alias_id JOIN leads l ON l.id = la.lead_id "
                         "ORDER BY al.action_id, al.position"):
        aliases[r["action_id"]].append((r["alias"], r["name"]))
    targets: dict[int, list[dict]] = defaultdict(list)
    for r in query_rows(url, "SELECT t.action_id, t.raw, t.value, t.unit, t.direction FROM targets t "
                         "ORDER BY t.action_id, t.position"):
        targets[r["action_id"]].append(
            {"raw": r["raw"], "value": r["value"], "unit": r["unit"], "direction": r["direction"]})
    out: dict[str, list[dict]] = defaultdict(list)
    for r in order:
        key = r["id"]
        if key not in overview:
            continue
        row = dict(overview[key])
        row["_aliases"] = [a for a, _ in aliases[key]]
        row["_canonical"] = dict(aliases[key])
        row["_targets"] = targets[key]
        out[r["file_name"]].append(row)
    return out


def expected_value(field: str, want: dict, got: dict):
    """The ``action_overview`` value the ground truth ``want`` calls for (lists joined as the view joins them)."""
    value = want[field]
    if field == "action_steps":
        return "; ".join(value) or None
    if field in ("active_months", "risk_refs"):
        return ",".join(value) or None
    if field == "targets":
        return "; ".join(t["raw"] for t in value) or None
    if field == "leads":
        # the view shows canonical leads: each alias the truth names, mapped by the lead registry
        canonical = [got["_canonical"].get(alias, f"<alias {alias!r} not stored>") for alias in value]
        return "; ".join(dict.fromkeys(canonical)) or None
    return value


def similar(got, want, similarity: float = 1.0) -> bool:
    """Equal after whitespace is collapsed; with ``similarity`` < 1, strings also when, case
    folded, their Levenshtein ratio (rapidfuzz) is at least ``similarity``."""
    got, want = squash(got), squash(want)
    if got == want:
        return True
    if similarity >= 1.0 or not isinstance(got, str) or not isinstance(want, str):
        return False
    from rapidfuzz.fuzz import ratio

    return ratio(got.casefold(), want.casefold()) >= 100 * similarity


def field_ok(field: str, want: dict, got: dict, similarity: float = 1.0) -> bool:
    """Does the imported row ``got`` hold the truth ``want`` for ``field``?

    ``similarity`` < 1 scores text read by OCR: prose fields (PROSE) need only be
    that similar (see :func:`similar`); every other field stays exact.
    """
    if similarity < 1.0 and field in PROSE:
        if field == "leads":  # the aliases as written; their canonical names follow from the same text
            return len(got["_aliases"]) == len(want["leads"]) and all(
                similar(a, b, similarity) for a, b in zip(got["_aliases"], want["leads"]))
        if not similar(got[field], expected_value(field, want, got), similarity):
            return False
    elif squash(got[field]) != squash(expected_value(field, want, got)):
        return False
    if field == "leads":
        return got["_aliases"] == want["leads"]  # the roles as written, one alias each
    if field == "targets":
        return [(t["value"], t["unit"], t["direction"]) for t in got["_targets"]] == [
            (t["value"], t["unit"], t["direction"]) for t in want["targets"]]
    return True


def score_rows(truth: dict, rows: list[dict], similarity: float = 1.0) -> tuple[dict[str, int], list[str]]:
    """Per field, how many of the truth's actions the imported ``rows`` match; and what is
    wrong, one line each (refs out of document order first). ``similarity``: see :func:`field_ok`."""
    got_refs = [r["action_ref"] for r in rows]
    want_refs = [a["action_ref"] for a in truth["actions"]]
    problems = [] if got_refs == want_refs else [f"refs in document order: got {got_refs}, want {want_refs}"]
    by_ref = {r["action_ref"]: r for r in rows}
    hits = dict.fromkeys(FIELDS, 0)
    for want in truth["actions"]:
        got = by_ref.get(want["action_ref"])
        for field in FIELDS:
            if got is not None and field_ok(field, want, got, similarity):
                hits[field] += 1
            elif got is not None:
                problems.append(f"{want['action_ref']} {field}: got {got[field]!r}, want "
                                f"{expected_value(field, want, got)!r}")
    return hits, problems
