"""Scoring a document's ``action_overview`` rows against its ground truth (``FILE.expected.json``).

One :class:`Score` per document: per-field hits (the rules of :mod:`.compare`),
and the actions lost, duplicated or extra. Shared by the accuracy tests and the
benchmarks that print the same tables (``benchmarks/heldout_accuracy.py``).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from plantables.samples import compare as E2E

FIELDS: tuple[str, ...] = E2E.FIELDS


@dataclass
class Score:
    """One document's result: per-field hits over the truth's actions, and what went wrong."""

    file: str
    actions: int
    hits: dict[str, int]
    lost: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def fields_right(self) -> int:
        return sum(self.hits.values())

    @property
    def fields_total(self) -> int:
        return self.actions * len(FIELDS)

    @property
    def accuracy(self) -> float:
        return self.fields_right / self.fields_total if self.fields_total else 1.0

    @property
    def found(self) -> int:
        """The truth's actions that were imported (by ref)."""
        return self.actions - len(self.lost)


def truth_of(path: Path) -> dict:
    return json.loads(Path(f"{path}.expected.json").read_text(encoding="utf-8"))


def _key_of(truth: dict):
    """How the truth's actions are matched with imported rows: by ref, or by title (whitespace
    collapsed) in a plan that numbers none of them (a milestone timetable)."""
    if any(a["action_ref"] for a in truth["actions"]):
        return lambda a: a["action_ref"]
    return lambda a: " ".join((a["title"] or "").split())


def score_document(truth: dict, rows: list[dict], similarity: float = 1.0) -> Score:
    """Compare one document's ``action_overview`` rows (document order) with its ground truth.

    ``similarity`` < 1: prose read by OCR need only be that similar (:func:`.compare.field_ok`).
    """
    key = _key_of(truth)
    want_refs = [key(a) for a in truth["actions"]]
    got_refs = [key(r) for r in rows]
    counts = Counter(got_refs)
    out = Score(truth["file"], len(want_refs), dict.fromkeys(FIELDS, 0),
                lost=[r for r in want_refs if r not in counts],
                duplicated=sorted(r for r, n in counts.items() if n > 1),
                extra=[r for r in counts if r not in set(want_refs)])
    by_ref = {key(r): r for r in rows}
    for want in truth["actions"]:
        got = by_ref.get(key(want))
        if got is None:
            continue
        for f in FIELDS:
            if E2E.field_ok(f, want, got, similarity):
                out.hits[f] += 1
            else:
                out.problems.append(f"{key(want)} {f}: got {got[f]!r}, want "
                                    f"{E2E.expected_value(f, want, got)!r}")
    return out


def import_and_score(paths: list[Path], db_url: str, similarity: float = 1.0) -> list[Score]:
    from plantables.pipeline import import_paths

    result = import_paths(paths, db=db_url)
    failed = {Path(f.path).name: f.error for f in result.failed}
    rows = E2E.imported_actions(db_url)
    scores = []
    for p in paths:
        s = score_document(truth_of(p), rows.get(p.name, []), similarity)
        if p.name in failed:
            s.problems.insert(0, f"import failed: {failed[p.name]}")
        scores.append(s)
    return scores


def table(scores: list[Score]) -> str:
    """Per-document and per-field accuracy, lost/duplicated/extra actions, and the totals."""
    width = max(len(s.file) for s in scores)
    lines = [f"{'file':<{width}}  actions lost dup extra  fields   " + " ".join(f[:7].rjust(7) for f in FIELDS)]
    for s in scores:
        lines.append(f"{s.file:<{width}}  {s.actions:>7} {len(s.lost):>4} {len(s.duplicated):>3} {len(s.extra):>5}"
                     f"  {100 * s.accuracy:6.2f}%  " + " ".join(
                         f"{100 * s.hits[f] / max(1, s.actions):6.1f}%" for f in FIELDS))
    n = sum(s.actions for s in scores)
    right, total = sum(s.fields_right for s in scores), sum(s.fields_total for s in scores)
    lines.append(f"{'ALL':<{width}}  {n:>7} {sum(len(s.lost) for s in scores):>4} "
                 f"{sum(len(s.duplicated) for s in scores):>3} {sum(len(s.extra) for s in scores):>5}"
                 f"  {100 * right / max(1, total):6.2f}%  " + " ".join(
                     f"{100 * sum(s.hits[f] for s in scores) / max(1, n):6.1f}%" for f in FIELDS))
    return "\n".join(lines)
