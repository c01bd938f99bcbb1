"""The migration kill hook is inert unless asked for, and refuses a point it does not know
(the kills themselves: tests/system/test_migration_kills.py)."""

from __future__ import annotations

import pytest

from plantables.schema import migration_faults


def test_unset_the_hook_registers_nothing(monkeypatch):
    monkeypatch.delenv(migration_faults.ENV, raising=False)
    assert migration_faults.arm(script_directory=None, connection=None) is None


def test_an_unknown_point_is_refused(monkeypatch):
    monkeypatch.setenv(migration_faults.ENV, "0003_search:halfway")
    with pytest.raises(ValueError, match="POINT is a statement number"):
        migration_faults.arm(script_directory=None, connection=None)
