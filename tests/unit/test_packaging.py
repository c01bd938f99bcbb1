"""pyproject's package list matches the tree: every code package ships, the sample generator does not."""

from __future__ import annotations

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
NOT_SHIPPED = {"samples", "tests", "benchmarks", "build", ".venv"}


def test_every_package_is_listed_and_samples_is_not():
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {"plantables"}
    for init in REPO.rglob("__init__.py"):
        parts = init.parent.relative_to(REPO).parts
        if parts and parts[0] not in NOT_SHIPPED and not any(p.startswith(".") for p in parts):
            found.add(".".join(["plantables", *parts]))
    data = {"plantables." + ".".join(d.relative_to(REPO).parts) for d in REPO.glob("*/data") if d.is_dir()}
    assert found | data == listed
    assert "plantables.samples" not in listed
