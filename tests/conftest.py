"""Shared fixtures. Real inputs live beside the clone in ../shared/ (seeds, peers)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
PEERS = SHARED / "peers"
SAMPLES = REPO / "samples"

TORBAY_SEED = SEEDS / "000_a0997f13635165f4.txt"  # Torbay 2016/17, NOS/What?/Who?/How?… layout
PLYMOUTH_SEED = SEEDS / "003_431140bf1ba02999.txt"  # Plymouth 2023, risk ref/outcome/actions/lead/month grid


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared/ sits beside the clone in CI)")
    return path


@pytest.fixture
def torbay_seed() -> Path:
    return _need(TORBAY_SEED)


@pytest.fixture
def plymouth_seed() -> Path:
    return _need(PLYMOUTH_SEED)


@pytest.fixture
def peers_dir() -> Path:
    return _need(PEERS)


@pytest.fixture
def samples_dir() -> Path:
    return SAMPLES
