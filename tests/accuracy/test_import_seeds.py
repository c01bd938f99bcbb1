"""End to end on the two real seeds: every numbered row once, same rows on PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from plantables.pipeline import import_paths
from plantables.schema import db

pytest.importorskip("plantables.normalise.plan")
pytest.importorskip("plantables.extract.text.reader")


def overview(url: str) -> list[tuple]:
    engine = db.open_engine(url)
    with engine.connect() as conn:
        result = conn.execute(sa.text("SELECT * FROM action_overview"))
        out = [tuple(round(v, 6) if isinstance(v, float) else v for v in r) for r in result]
    engine.dispose()
    return sorted(out, key=lambda r: tuple("" if v is None else str(v) for v in r))


@pytest.fixture
def seeded(torbay_seed, plymouth_seed, sqlite_url):
    res = import_paths([torbay_seed, plymouth_seed], db=sqlite_url)
    assert res.exit_code == 0, [f.error for f in res.failed]
    return sqlite_url


def refs(url: str, source: str) -> list[str]:
    engine = db.open_engine(url)
    with engine.connect() as conn:
        out = [r[0] for r in conn.execute(sa.text(
            "SELECT action_ref FROM action_overview WHERE source_file = :s AND action_ref IS NOT NULL"), {"s": source})]
    engine.dispose()
    return out


def test_torbay_rows(seeded, torbay_seed):
    got = refs(seeded, torbay_seed.name)
    assert got.count("5.1") == 2  # printed in two sections: both are rows
    assert "1.1" in got and "17.5" in got
    assert all(got.count(r) == 1 for r in set(got) - {"5.1"})


def test_plymouth_rows(seeded, plymouth_seed):
    got = refs(seeded, plymouth_seed.name)
    assert "1.1.1" in got and "6.3.5" in got
    assert len(got) == len(set(got))


def test_no_header_text_as_a_row_and_no_empty_strings(seeded):
    engine = db.open_engine(seeded)
    with engine.connect() as conn:
        titles = [r[0] for r in conn.execute(sa.text("SELECT title FROM action_overview"))]
        cols = [c for c in conn.execute(sa.text("SELECT * FROM action_overview LIMIT 1")).keys()]
        for c in cols:
            assert conn.execute(sa.text(f"SELECT count(*) FROM action_overview WHERE CAST({c} AS TEXT) = ''")
                                ).scalar() == 0, c
    engine.dispose()
    assert not any(t.strip().lower() in ("how?", "actions", "what?") for t in titles)


def test_organisation_is_read_from_the_document(seeded, torbay_seed, plymouth_seed):
    engine = db.open_engine(seeded)
    with engine.connect() as conn:
        orgs = dict(conn.execute(sa.text("SELECT file_name, organisation FROM documents")).all())
    engine.dispose()
    assert "Torbay" in (orgs[torbay_seed.name] or "")
    assert "Plymouth" in (orgs[plymouth_seed.name] or "")


def test_postgresql_gives_the_same_rows(seeded, pg_url, torbay_seed, plymouth_seed):
    res = import_paths([torbay_seed, plymouth_seed], db=pg_url)
    assert res.exit_code == 0
    assert overview(pg_url) == overview(seeded)


def test_mariadb_gives_the_same_rows(seeded, mysql_url, torbay_seed, plymouth_seed):
    res = import_paths([torbay_seed, plymouth_seed], db=mysql_url)
    assert res.exit_code == 0
    assert overview(mysql_url) == overview(seeded)
