"""Shared fixtures. Real inputs live beside the clone in ../shared/ (seeds, peers)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
PEERS = SHARED / "peers"
SAMPLES = REPO / "samples"

TORBAY_SEED = SEEDS / "000_a0997f13635165f4.txt"  # Torbay 2016/17, NOS/What?/Who?/How?… layout
PLYMOUTH_SEED = SEEDS / "003_431140bf1ba02999.txt"  # Plymouth 2023, risk ref/outcome/actions/lead/month grid


# tests write their plans just before importing them: the CLI's --min-age watch (5 s by default)
# would make every such import wait; tests/integration/test_min_age.py names it where it is tested
os.environ.setdefault("PLANTABLES_MIN_AGE", "0")

#: set by .ci/run: a missing ../shared/ input fails the test instead of skipping it
REQUIRE_SHARED = os.environ.get("PLANTABLES_REQUIRE_SHARED") == "1"


def _need(path: Path) -> Path:
    """``path`` (an input from ../shared/); skips the test when it is missing, fails it under CI."""
    if not path.exists():
        message = f"{path} is not here (../shared/ sits beside the clone in CI)"
        if REQUIRE_SHARED:
            pytest.fail(f"{message}; PLANTABLES_REQUIRE_SHARED=1 makes that a failure")
        pytest.skip(message)
    return path


@pytest.fixture
def need():
    """:func:`_need` for tests that name their own ../shared/ inputs."""
    return _need


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


# --- databases (schema/loader/import/CLI tests) ------------------------------
# ``db_url`` gives each test its own empty database: a SQLite file in tmp_path,
# and, when PLANTABLES_TEST_PG / PLANTABLES_TEST_MYSQL are set, a temporary
# database created on that server and dropped afterwards.

import uuid  # noqa: E402

PG_URL = os.environ.get("PLANTABLES_TEST_PG")
MYSQL_URL = os.environ.get("PLANTABLES_TEST_MYSQL")


def _server_database(url: str, suffix: str):
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"plantables_t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    create = f"CREATE DATABASE {name}" + suffix
    with admin.connect() as conn:
        conn.execute(sa.text(create))
    try:
        url_ = base.set(database=name)
        if base.get_backend_name() == "mysql":
            url_ = url_.update_query_dict({"charset": "utf8mb4"})
        yield url_.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            if base.get_backend_name() == "postgresql":
                conn.execute(sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :n AND pid <> pg_backend_pid()"), {"n": name})
            conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name}"))
        admin.dispose()


@pytest.fixture
def pg_url():
    if not PG_URL:
        pytest.skip("PLANTABLES_TEST_PG is not set")
    yield from _server_database(PG_URL, "")


@pytest.fixture
def mysql_url():
    if not MYSQL_URL:
        pytest.skip("PLANTABLES_TEST_MYSQL is not set")
    yield from _server_database(MYSQL_URL, " CHARACTER SET utf8mb4")


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'plantables.db'}"


@pytest.fixture(params=["sqlite", "postgresql", "mysql"])
def db_url(request):
    """An empty database of each kind (servers only when their env var is set)."""
    return request.getfixturevalue({"sqlite": "sqlite_url", "postgresql": "pg_url", "mysql": "mysql_url"}[request.param])
