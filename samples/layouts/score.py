"""Score plantables on the layout corpus: actions found once, fields right, cells kept.

The corpus is imported with :func:`plantables.pipeline.import_paths` into one
SQLite database (as a user would) and each document's actions are read back
through the ``action_overview`` query (with each action's id, so duplicates
stay visible, and ``other_columns`` once the view has it). Then, per document:

* **found once**: each truth action is matched by its ref, else by title
  (≥ 90% similar); it is found once when exactly one imported row matches.
  Rows matching no truth action are *spurious* (a status key, a header row,
  every row of a document that is not a plan).
* **fields**: a field counts where the truth or the import has a value; text
  fields (:data:`TEXT_FIELDS`) are right at ≥ 90% similarity with whitespace
  collapsed and case folded, the rest must be equal; ``leads`` are the aliases
  as written; ``other_columns`` right when every header's text is.
* **cells**: each line of each non-empty cell of the truth row must appear in
  the imported row (any field, the aliases, ``other_columns``).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from plantables.samples import compare
from plantables.samples.compare import squash

#: the fields scored, in ``action_overview`` order (plus ``other_columns``)
FIELDS = ("section_ref", "section_title", "objective_ref", "objective_text", "action_ref", "action_ref_raw",
          "title", "action_steps", "lead_raw", "leads", "timeframe_raw", "start_month", "due_month",
          "active_months", "measures", "status_raw", "status", "update_text", "rag", "other_columns")
#: compared at :data:`SIMILAR` (the samples' prose fields; leads are compared alias by alias, folded)
TEXT_FIELDS = compare.PROSE - {"leads", "targets", "theme"}
SIMILAR = 90.0
RAG_SPELLINGS = {"green": "g green", "amber": "a amber", "red": "r red", "blue": "b blue complete"}


def fold(text) -> str:
    return squash(str(text)).casefold() if text is not None else ""


def similar(a, b) -> bool:
    """The samples' rule (:func:`plantables.samples.compare.similar`) at :data:`SIMILAR`, case folded."""
    return compare.similar(fold(a) or None, fold(b) or None, SIMILAR / 100)


def load_truths(folder: Path) -> dict[str, dict]:
    """File name → ground truth, for every ``*.expected.json`` in ``folder``."""
    return {p.name[: -len(".expected.json")]: json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(folder.glob("*.expected.json"))}


def imported_rows(url: str) -> dict[str, list[dict]]:
    """File name → its actions as ``action_overview`` rows in document order, one per action id,
    each with the lead aliases as written (``_aliases``)."""
    from plantables.schema.views import action_overview_sql

    view = action_overview_sql("sqlite")
    body = view[view.index("SELECT"):]
    sql = "SELECT a.id AS _id, a.position AS _pos, " + body[len("SELECT"):] + " ORDER BY d.file_name, a.position"
    rows = compare.query_rows(url, sql)
    aliases: dict[int, list[str]] = defaultdict(list)
    for r in compare.query_rows(url, "SELECT al.action_id, la.alias FROM action_leads al JOIN lead_aliases la "
                         "ON la.id = al.alias_id ORDER BY al.action_id, al.position"):
        aliases[r["action_id"]].append(r["alias"])
    out: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        r["_aliases"] = aliases[r["_id"]]
        oc = r.get("other_columns")
        r["other_columns"] = json.loads(oc) if isinstance(oc, str) else (oc or {})
        out[r["source_file"]].append(r)
    return out


def expected(field_name: str, want: dict):
    value = want.get(field_name)
    if field_name == "action_steps":
        return "; ".join(value) or None
    if field_name == "active_months":
        return ",".join(value) or None
    return value or None


def got_value(field_name: str, got: dict):
    if field_name == "leads":
        return got["_aliases"] or None
    return got.get(field_name) or None


def field_right(field_name: str, want: dict, got: dict) -> bool:
    w, g = expected(field_name, want), got_value(field_name, got)
    if field_name == "other_columns":
        w = {fold(k): v for k, v in (w or {}).items()}  # a header wrapped over two lines is one header
        g = {fold(k): v for k, v in (g or {}).items()}
        return set(w) == set(g) and all(similar(w[k], g[k]) for k in w)
    if field_name in TEXT_FIELDS:
        return (w is None and g is None) or similar(w, g)
    if field_name == "leads":
        return [fold(x) for x in (w or [])] == [fold(x) for x in (g or [])]
    return fold(w) == fold(g)


def row_text(got: dict) -> str:
    parts = [str(v) for k, v in got.items() if not k.startswith("_") and isinstance(v, str)]
    parts += got["_aliases"] + [f"{k} {v}" for k, v in (got.get("other_columns") or {}).items()]
    parts.append(RAG_SPELLINGS.get(got.get("rag") or "", ""))
    return fold(" | ".join(parts))


def cell_kept(text: str, blob: str) -> bool:
    """Each line of ``text`` is in ``blob`` (:func:`row_text`), as written or at :data:`SIMILAR`.

    A line is also kept when its words stand in order across two fields (``2.1.1 Plant 5,000
    trees`` read as the ref, a title ``Plant`` and a step ``5,000 trees``): the text is in the
    row, the field it went to is counted wrong under ``fields``; the ``|`` between fields would
    otherwise count as a lost line.
    """
    from rapidfuzz import fuzz

    flat = blob.replace(" | ", " ")
    for line in text.split("\n"):
        line = fold(line)
        if line and line not in blob and line not in flat and fuzz.partial_ratio(line, blob) < SIMILAR:
            return False
    return True


@dataclass
class DocScore:
    file: str
    truth: dict
    actions: int = 0
    found: int = 0
    once: int = 0
    spurious: int = 0
    cells: int = 0
    cells_lost: int = 0
    field_hits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    field_counted: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    problems: list[str] = field(default_factory=list)
    rows: int = 0
    import_status: str = ""

    @property
    def not_a_plan(self) -> bool:
        return bool(self.truth.get("not_a_plan"))


def _title_match(want: dict, rows: list[dict]) -> list[int]:
    return [i for i, r in enumerate(rows) if similar(want["title"], r.get("title"))]


def score_document(truth: dict, rows: list[dict]) -> DocScore:
    """Match ``rows`` (one document's imported actions) against its truth."""
    s = DocScore(truth["file"], truth, actions=len(truth["actions"]), rows=len(rows))
    used: set[int] = set()
    for want in truth["actions"]:
        cands = [i for i, r in enumerate(rows) if want["action_ref"] and r.get("action_ref") == want["action_ref"]]
        if not cands:
            cands = _title_match(want, rows)
        got = None
        if cands:
            s.found += 1
            s.once += len(cands) == 1
            if len(cands) > 1:
                s.problems.append(f"{want['action_ref']}: {len(cands)} rows")
            best = max(cands, key=lambda i: (i not in used, similar(want["title"], rows[i].get("title"))))
            used.add(best)
            got = rows[best]
        else:
            s.problems.append(f"{want['action_ref']}: not found ({want['title'][:40]!r})")
        for f in FIELDS:
            has = expected(f, want) is not None or (got is not None and got_value(f, got) is not None)
            if not has:
                continue
            s.field_counted[f] += 1
            if got is not None and field_right(f, want, got):
                s.field_hits[f] += 1
            elif got is not None:
                s.problems.append(f"{want['action_ref']} {f}: got {got_value(f, got)!r}, want {expected(f, want)!r}")
        blob = row_text(got) if got is not None else ""
        for head, text in want["cells"].items():
            s.cells += 1
            if not cell_kept(text, blob):
                s.cells_lost += 1
                if got is not None:
                    s.problems.append(f"{want['action_ref']} cell {head!r} lost: {text[:40]!r}")
    s.spurious = len([i for i in range(len(rows)) if i not in used])
    return s


def score_corpus(folder: Path, db_url: str | None = None, files: list[Path] | None = None,
                 workers: int = 1) -> list[DocScore]:
    """Import the corpus in ``folder`` (or ``files``) into a SQLite database and score every document."""
    import tempfile

    from plantables.pipeline import ImportSettings, import_paths

    truths = load_truths(folder)
    paths = files or [folder / name for name in truths]
    with tempfile.TemporaryDirectory() as tmp:
        url = db_url or f"sqlite:///{Path(tmp) / 'layouts.db'}"
        result = import_paths(paths, db=url, settings=ImportSettings(workers=workers))
        status = {Path(f.path).name: (f.status + (f": {f.error}" if f.error else "")) for f in result.files}
        rows = imported_rows(url)
    out = []
    for p in paths:
        s = score_document(truths[p.name], rows.get(p.name, []))
        s.import_status = status.get(p.name, "not imported")
        out.append(s)
    return out


def file_format(name: str) -> str:
    return re.sub(r"^.*\.", "", name)


def totals(scores: list[DocScore]) -> dict:
    """Sums over ``scores`` and the rates the benchmark and the tests report."""
    t = {"docs": len(scores), "actions": sum(s.actions for s in scores), "found": sum(s.found for s in scores),
         "once": sum(s.once for s in scores), "spurious": sum(s.spurious for s in scores),
         "cells": sum(s.cells for s in scores), "cells_lost": sum(s.cells_lost for s in scores),
         "hits": sum(sum(s.field_hits.values()) for s in scores),
         "counted": sum(sum(s.field_counted.values()) for s in scores),
         "non_plans": sum(s.not_a_plan for s in scores),
         "non_plans_refused": sum(s.not_a_plan and s.rows == 0 for s in scores)}
    t["once_rate"] = t["once"] / t["actions"] if t["actions"] else 1.0
    t["field_rate"] = t["hits"] / t["counted"] if t["counted"] else 1.0
    t["cells_kept"] = 1 - t["cells_lost"] / t["cells"] if t["cells"] else 1.0
    return t


def per_field(scores: list[DocScore]) -> dict[str, tuple[int, int]]:
    """Field → (right, counted) over ``scores``."""
    return {f: (sum(s.field_hits[f] for s in scores), sum(s.field_counted[f] for s in scores)) for f in FIELDS}


def group(scores: list[DocScore], key) -> dict[str, dict]:
    """``key(score)`` → :func:`totals` of the documents with that key, sorted by key."""
    groups: dict[str, list[DocScore]] = defaultdict(list)
    for s in scores:
        groups[str(key(s))].append(s)
    return {k: totals(v) for k, v in sorted(groups.items())}


def producer(s: DocScore) -> str:
    return s.truth["producer"]


def dimension_groups(scores: list[DocScore]) -> dict[str, dict[str, dict]]:
    """Dimension → value → :func:`totals` (plans only: a non-plan's dimensions were not drawn)."""
    plans = [s for s in scores if not s.not_a_plan]
    names = sorted({d for s in plans for d in s.truth["dimensions"]} - {"kind"})
    return {d: group(plans, lambda s, d=d: s.truth["dimensions"].get(d)) for d in names}
