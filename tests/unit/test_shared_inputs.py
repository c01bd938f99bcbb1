"""A missing ../shared/ input skips a test locally and fails it under CI (PLANTABLES_REQUIRE_SHARED=1)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CONFTEST = Path(__file__).resolve().parents[1] / "conftest.py"
CODE = f"""
import importlib.util, sys, _pytest.outcomes as o
spec = importlib.util.spec_from_file_location("c", {str(CONFTEST)!r}); c = importlib.util.module_from_spec(spec)
spec.loader.exec_module(c)
try:
    c._need(c.SHARED / "no_such_input.pdf")
except o.Failed: print("failed")
except o.Skipped: print("skipped")
"""


def _outcome(require: str) -> str:
    env = {"PLANTABLES_REQUIRE_SHARED": require, "PATH": "/usr/bin:/bin"}
    env.update({k: v for k, v in __import__("os").environ.items() if k == "PYTHONPATH"})
    return subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, env=env,
                          check=True).stdout.strip()


def test_a_missing_shared_input_is_skipped_locally_and_fails_under_ci():
    assert _outcome("") == "skipped"
    assert _outcome("1") == "failed"
