"""Full-text search on real sample plans, on every database: the index follows loads, deletes and
prunes, and `plantables search` prints plan, ref and snippet."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from plantables.cli import cli
from plantables.pipeline import ImportSettings, import_paths
from plantables.schema import db, search
from tests.sql_rows import rows as _sql

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture
def loaded(db_url, tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    for name in ("kingsbridge_2023_24.txt", "harbourside_2024_26.txt"):
        shutil.copy(SAMPLES / name, folder / name)
    import_paths([str(folder)], db=db_url, settings=ImportSettings(workers=0))
    return db_url, folder


def _contains_all(url: str, words: list[str], where: str = "1 = 1") -> set[tuple]:
    """What plain SQL says: current actions whose text contains every word (case-insensitive)."""
    rows = _sql(url, f"SELECT source_file, action_ref, title, action_steps, measures, update_text "
                     f"FROM current_actions WHERE {where}")
    return {(r[0], r[1]) for r in rows
            if all(w in " ".join(x or "" for x in r[2:]).lower() for w in words)}


def test_search_finds_what_sql_finds_with_a_snippet(loaded):
    url, _ = loaded
    result = search.search_actions(url, "contract award", limit=500)
    assert result.columns == ["plan", "organisation", "source_file", "edition", "action_ref", "status", "snippet"]
    found = {(r[2], r[4]) for r in result.rows}
    assert found and found == _contains_all(url, ["contract award"])
    assert all("**" in r[6] and "contract" in r[6].lower() for r in result.rows)
    assert {r[0] for r in result.rows} == {"Council Delivery Plan 2024–2026"}

    health = {(r[2], r[4]) for r in search.search_actions(url, "health assessment", limit=500).rows}
    assert ("kingsbridge_2023_24.txt", "1.1.2") in health
    assert health == _contains_all(url, ["health", "assessment"])


def test_filters_by_organisation_and_status(loaded):
    url, _ = loaded
    rows = search.search_actions(url, "progress", organisation="harbour", status="in_progress", limit=500).rows
    assert rows and all(r[1] == "Harbourside District Council" and r[5] == "in_progress" for r in rows)
    expected = _contains_all(url, ["progress"], "organisation LIKE 'Harbourside%' AND status = 'in_progress'")
    assert {(r[2], r[4]) for r in rows} == expected
    assert search.search_actions(url, "progress", organisation="nowhere").rows == []
    assert search.search_actions(url, "   ").rows == []  # no words: nothing, not an error


def test_the_index_follows_new_editions_prunes_and_deletes(loaded):
    url, folder = loaded
    assert _sql(url, f"SELECT count(*) FROM {search.INDEX_TABLE}") == _sql(url, "SELECT count(*) FROM actions")
    # a second edition of Kingsbridge: only it is searched by default
    shutil.copy(SAMPLES / "kingsbridge_2023_24.layout.txt", folder / "kingsbridge_update.layout.txt")
    import_paths([str(folder)], db=url, settings=ImportSettings(workers=0))
    editions = {r[3] for r in search.search_actions(url, "health assessment").rows if r[1].startswith("Kings")}
    assert editions == {2}
    every = {r[3] for r in search.search_actions(url, "health assessment", all_editions=True).rows}
    assert every == {1, 2}
    # pruned: no longer current, still found among every edition
    (folder / "harbourside_2024_26.txt").unlink()
    import_paths([str(folder)], db=url, settings=ImportSettings(workers=0, prune=True))
    assert search.search_actions(url, "contract award").rows == []
    assert search.search_actions(url, "contract award", all_editions=True).rows
    # deleted: its index rows go with it
    engine = db.make_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM documents WHERE file_name = 'harbourside_2024_26.txt'"))
    engine.dispose()
    assert search.search_actions(url, "contract award", all_editions=True).rows == []
    assert _sql(url, f"SELECT count(*) FROM {search.INDEX_TABLE}") == _sql(url, "SELECT count(*) FROM actions")


def test_search_command(loaded):
    url, _ = loaded
    out = CliRunner().invoke(cli, ["search", "health assessment", "--db", url, "--format", "csv"])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert lines[0] == "plan,organisation,source_file,edition,action_ref,status,snippet"
    assert any(",1.1.2," in line and "**health**" in line.lower() for line in lines[1:])
    out = CliRunner().invoke(cli, ["search", "zzzunheardof", "--db", url, "--format", "json"])
    assert out.exit_code == 0 and out.output.strip() == "[]"


def test_an_existing_database_is_indexed_by_the_migration(sqlite_url):
    """A database loaded before the index existed gets it, filled, when it is next opened."""
    engine = db.make_engine(sqlite_url)
    db.upgrade(engine, "0002_editions")  # as before the index
    with engine.begin() as conn:
        assert not sa.inspect(conn).has_table(search.INDEX_TABLE)
        conn.execute(sa.text("INSERT INTO plans (id, plan_key) VALUES (1, 'k')"))
        conn.execute(sa.text(
            "INSERT INTO documents (id, plan_id, edition, file_name, path, sha256, size, mtime, format, imported_at) "
            "VALUES (1, 1, 1, 'f.txt', '/f.txt', 'x', 1, 0, 'text', '2024-01-01 00:00:00')"))
        conn.execute(sa.text("INSERT INTO actions (id, document_id, position, title) "
                             "VALUES (7, 1, 0, 'Every child in care has a health assessment')"))
    engine.dispose()
    db.open_engine(sqlite_url).dispose()  # what every command does: upgrade to the newest
    rows = search.search_actions(sqlite_url, "health assessment").rows
    assert [(r[2], r[6]) for r in rows] == [("f.txt", "Every child in care has a **health** **assessment**")]
