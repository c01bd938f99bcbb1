"""One writer, guaranteed (issue 16.3): the lock follows the SQLite file's identity, a lost server
lock stops the import before it writes again, and the next run recovers; two first imports of a
fresh database do not race through the migrations."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from plantables.pipeline import ImportSettings, import_paths
from plantables.schema import db
from plantables.schema.lock import ImportLocked, LockLost, import_lock, sqlite_file_lock

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def plans(folder: Path, n: int = 3) -> Path:
    folder.mkdir()
    for i in range(n):
        (folder / f"plan{i}.txt").write_text((SAMPLES / "harbourside_2024_26.layout.txt").read_text()
                                             + f"\nprinted {i}\n")
    return folder


def test_hard_links_to_one_sqlite_database_share_the_lock(tmp_path):
    a = tmp_path / "one" / "p.db"
    a.parent.mkdir()
    db.open_engine(a).dispose()
    b = tmp_path / "two" / "q.db"
    b.parent.mkdir()
    os.link(a, b)
    with sqlite_file_lock(a):
        with pytest.raises(ImportLocked):
            with sqlite_file_lock(b):
                pass
    with sqlite_file_lock(b):  # free again
        pass


def test_a_replaced_sqlite_file_stops_the_writer(tmp_path):
    path = tmp_path / "p.db"
    engine = db.open_engine(path)
    with import_lock(engine):
        with engine.begin() as conn:
            conn.exec_driver_sql("SELECT 1")
        shutil.copy(path, tmp_path / "other.db")
        os.replace(tmp_path / "other.db", path)  # another file now has the database's name
        with pytest.raises(LockLost, match="was replaced"):
            with engine.begin() as conn:
                conn.exec_driver_sql("UPDATE import_runs SET pid = pid")
    engine.dispose()


def _kill_lock_session(url: str) -> None:
    """What pg_terminate_backend / KILL / idle_session_timeout do to the import lock's session."""
    admin = sa.create_engine(url)
    with admin.connect() as conn:
        if admin.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' "
                                 "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"))
        else:
            holder = conn.execute(sa.text("SELECT IS_USED_LOCK(CONCAT(DATABASE(), :k))"),
                                  {"k": __import__("plantables.schema.lock", fromlist=["_key"])._key(admin)}).scalar()
            conn.exec_driver_sql(f"KILL {int(holder)}")
    admin.dispose()


@pytest.fixture(params=["postgresql", "mysql"])
def server_url(request):
    return request.getfixturevalue({"postgresql": "pg_url", "mysql": "mysql_url"}[request.param])


def test_a_lost_server_lock_stops_the_import_and_the_next_run_recovers(server_url, tmp_path):
    folder = plans(tmp_path / "plans")
    calls = []

    def on_file(result):
        calls.append(result.path)
        if len(calls) == 1:
            _kill_lock_session(server_url)

    with pytest.raises(LockLost, match="lock was lost"):
        import_paths([folder], db=server_url, settings=ImportSettings(workers=0), on_file=on_file)
    assert len(calls) == 1  # nothing written after the lock was lost
    engine = sa.create_engine(server_url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM documents")).scalar() == 1
    again = import_paths([folder], db=server_url, settings=ImportSettings(workers=0))
    assert [f.status for f in again.files] == ["skipped", "imported", "imported"]
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM documents")).scalar() == 3
        statuses = conn.execute(sa.text("SELECT status FROM import_runs ORDER BY id")).scalars().all()
    assert statuses == ["interrupted", "ok"]  # the lost run is marked by the next one
    engine.dispose()


def test_concurrent_first_imports_of_a_fresh_database(db_url, tmp_path):
    folder = plans(tmp_path / "plans", 2)
    code = "from plantables.cli import cli; cli(prog_name='plantables')"
    procs = [subprocess.Popen([sys.executable, "-c", code, "import", str(folder), "--db", db_url, "-q", "-j", "0",
                               "--wait"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (_out, err) in zip(procs, outs):
        assert p.returncode == 0, err
        assert "Traceback" not in err and "IntegrityError" not in err
    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM documents")).scalar() == 2
        assert conn.execute(sa.text("SELECT count(*) FROM alembic_version")).scalar() == 1
    engine.dispose()


def test_a_half_created_first_schema_on_mariadb_is_created_again(mysql_url):
    """MariaDB commits each CREATE TABLE: a kill during the first schema creation left tables and no
    revision, and every later run failed with "table already exists"."""
    engine = db.make_engine(mysql_url)
    db.upgrade(engine, "0001")  # part of the way, then the version row is lost as a kill would leave it
    with engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM alembic_version")
        conn.exec_driver_sql("SET FOREIGN_KEY_CHECKS = 0")
        conn.exec_driver_sql("DROP TABLE action_months")
    assert db.current_revision(engine) is None
    db.ensure_schema(engine)
    assert db.current_revision(engine) == db.head_revision() and db.has_schema(engine)
    engine.dispose()
