"""Scanned plans read by OCR keep their actions, fields and marks (issue 14's targets).

The scans (``tests/fixtures/scanned/``: sample plans rendered at 200 dpi clean, and at
150 dpi turned ~1°, grey noise, JPEG 50) are imported end to end and scored with
``samples/compare.py``'s rules, prose at 90 % similarity (``benchmarks/ocr_accuracy.py``,
which prints the full table and the speed).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _bench():
    spec = importlib.util.spec_from_file_location("_ocr_accuracy", ROOT / "benchmarks" / "ocr_accuracy.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


BENCH = _bench()

#: setting → (actions found, fields right, marks right) at least
FLOORS = {
    "200": (0.97, 0.92, 0.95),
    "150n": (0.90, 0.80, 0.90),
}


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    paths = [p for name in FLOORS for p in BENCH.scanned_files(name)]
    assert len(paths) >= 4
    return BENCH.import_and_score(paths, f"sqlite:///{tmp_path_factory.mktemp('ocr') / 'ocr.db'}")


@pytest.mark.parametrize("setting", sorted(FLOORS))
def test_scans_keep_actions_fields_and_marks(setting, scores, capsys):
    group = [s for s in scores if s.setting == setting]
    with capsys.disabled():
        print("\n" + BENCH.table(group))
    actions = sum(s.actions for s in group)
    found = sum(s.found for s in group) / actions
    fields = sum(s.fields_right for s in group) / sum(s.fields_total for s in group)
    marks = sum(s.marks_right for s in group) / sum(s.marks_total for s in group)
    least_found, least_fields, least_marks = FLOORS[setting]
    problems = [p for s in group for p in s.problems][:30]
    assert found >= least_found, problems
    assert fields >= least_fields, problems
    assert marks >= least_marks, problems
