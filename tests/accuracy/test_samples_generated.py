"""Plans the committed samples do not hold, drawn fresh by the generator, imported end to end.

Each case is a seed whose layout once tripped a reader (the row, page break or
header named in its id); the file must now import equal to its ground truth,
field by field, with the rules of :mod:`plantables.samples.compare`.
``benchmarks/sample_formats.py`` scores many more seeds per format.
"""

from __future__ import annotations

import json

import pytest

from plantables.pipeline import import_paths
from plantables.samples.compare import imported_actions, score_rows
from plantables.samples.generate import build_plan
from plantables.samples.spec import make_spec

CASES = [
    # (family, seed, format, what it once got wrong)
    ("B", 102, "pdf", "a table starting at a page foot with one row: the next page's row joined to it"),
    ("B", 104, "pdf", "a header over only a theme row at a page foot, not styled apart: no column labels"),
    ("B", 106, "pdf", "a broken row's rest in three columns, all lower case: kept as a row of its own"),
    ("A", 106, "pdf", "a lead wrapped over a page break onto a capitalised word: cut in two"),
    ("B", 106, "text", "a broken row's rest at the top of a page in the numbered action column: a step"),
]


@pytest.mark.parametrize("family,seed,fmt,why", CASES, ids=[f"{c[0]}{c[1]}-{c[2]}" for c in CASES])
def test_generated_plan_imports_to_its_ground_truth(tmp_path, family, seed, fmt, why):
    suffix = {"pdf": ".pdf", "text": ".txt"}[fmt]
    path = build_plan(make_spec(family, seed, n_sections=4), tmp_path / f"plan{suffix}", fmt=fmt)
    truth = json.loads(path.with_name(path.name + ".expected.json").read_text(encoding="utf-8"))
    url = f"sqlite:///{tmp_path / 'plantables.db'}"
    result = import_paths([path], db=url)
    assert [f.error for f in result.failed] == []
    hits, problems = score_rows(truth, imported_actions(url)[path.name])
    assert problems == [], f"{why}:\n" + "\n".join(problems[:20])
    assert set(hits.values()) == {len(truth["actions"])}
