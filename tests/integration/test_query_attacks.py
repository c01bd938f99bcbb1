"""``plantables query`` cannot write, whatever the SQL: every attack of issue 16 on every backend.

Each attack must leave the data unchanged, print one line and exit 1; under the
parser's check, the database's own means (SQLite's authorizer and ``mode=ro``,
PostgreSQL's single-statement protocol in a read-only transaction, MariaDB's
single statements in a read-only transaction) refuse the same SQL on their own.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from plantables.cli import cli
from plantables.schema import db
from plantables.schema.loader import FileInfo, load_document
from plantables.schema.query import _execute
from plantables.schema.readonly import is_database_error, readonly_connection
from tests import conftest
from tests.integration.test_loader import make_plan

ATTACKS = [
    "COMMIT; BEGIN READ WRITE; DELETE FROM actions; COMMIT",
    "COMMIT; SET TRANSACTION READ WRITE; DELETE FROM actions; COMMIT",
    "ROLLBACK; SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE; COMMIT; UPDATE actions SET title = 'x'",
    "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
    "SELECT lo_import('/etc/hostname')",
    "SET STATEMENT tx_read_only=0 FOR DROP TABLE action_steps",
    "BEGIN NOT ATOMIC COMMIT; SET SESSION TRANSACTION READ WRITE; DELETE FROM actions; COMMIT; END",
    "COPY actions TO PROGRAM 'touch {tmp}/pwned'",
    "DO $$ BEGIN DELETE FROM actions; END $$",
    "CALL anything()",
    "SELECT pg_read_file('/etc/hostname')",
    "SELECT pg_terminate_backend(pg_backend_pid())",
    "SELECT pg_reload_conf()",
    "SELECT title FROM actions INTO OUTFILE '{tmp}/out.txt'",
    "SELECT title FROM actions INTO DUMPFILE '{tmp}/dump.bin'",
    "SELECT LOAD_FILE('/etc/hostname')",
    "KILL 1",
    "ATTACH DATABASE '{tmp}/evil.db' AS evil",
    "VACUUM INTO '{tmp}/copy.db'",
    "PRAGMA writable_schema=ON",
    "DELETE FROM actions",
    "DROP TABLE action_steps",
    "WITH d AS (DELETE FROM actions RETURNING id) SELECT * FROM d",
    "SELECT 1 /*!, (SELECT 2) INTO OUTFILE '{tmp}/c.txt' */",
]


@pytest.fixture(scope="module", params=["sqlite", "postgresql", "mysql"])
def loaded(request, tmp_path_factory):
    """One loaded database per backend for the whole module: an attack that worked shows in the next
    fingerprint as well as its own."""
    if request.param == "sqlite":
        urls = iter([f"sqlite:///{tmp_path_factory.mktemp('db') / 'plantables.db'}"])
    else:
        server = {"postgresql": conftest.PG_URL, "mysql": conftest.MYSQL_URL}[request.param]
        if not server:
            pytest.skip(f"PLANTABLES_TEST_{'PG' if request.param == 'postgresql' else 'MYSQL'} is not set")
        urls = conftest._server_database(server, " CHARACTER SET utf8mb4" if request.param == "mysql" else "")
    url = next(urls)
    engine = db.open_engine(url)
    load_document(engine, make_plan(), FileInfo("/plans/acme.txt", "a" * 64, 10, 1.0))
    engine.dispose()
    yield url
    for _ in urls:  # drops the server database
        pass


def fingerprint(url: str) -> dict:
    """Row counts of every table, and the large objects of PostgreSQL."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            tables = sa.inspect(conn).get_table_names()
            out = {t: conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar() for t in tables}
            out["titles"] = sorted(conn.execute(sa.text("SELECT coalesce(title, '') FROM actions")).scalars())
            if engine.dialect.name == "postgresql":
                out["large objects"] = conn.execute(sa.text("SELECT count(*) FROM pg_largeobject_metadata")).scalar()
        return out
    finally:
        engine.dispose()


@pytest.mark.parametrize("attack", ATTACKS)
def test_attack_is_refused_and_changes_nothing(loaded, attack, tmp_path):
    before = fingerprint(loaded)
    files_before = sorted(p.name for p in tmp_path.iterdir())
    out = CliRunner().invoke(cli, ["query", attack.format(tmp=tmp_path), "--db", loaded])
    assert out.exit_code == 1, out.output
    assert out.output.startswith("Error: ") and out.output.count("\n") == 1, out.output
    assert "Traceback" not in out.output
    assert fingerprint(loaded) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == files_before


# Under the check: the same SQL sent straight to the read-only connection is refused by the database.
DATABASE_REFUSES = {
    "sqlite": ["DELETE FROM actions", "ATTACH DATABASE '{tmp}/evil.db' AS evil", "VACUUM INTO '{tmp}/copy.db'",
               "PRAGMA query_only=OFF", "CREATE TABLE t (a)", "SELECT 1; DELETE FROM actions"],
    "postgresql": ["COMMIT; BEGIN READ WRITE; DELETE FROM actions; COMMIT", "DELETE FROM actions",
                   "CREATE TABLE t (a int)"],
    # MariaDB commits DDL even in a read-only transaction: against that, the reader user (below)
    "mysql": ["COMMIT; DELETE FROM actions", "DELETE FROM actions", "UPDATE actions SET title = 'x'"],
}


def test_the_database_itself_refuses_writes(loaded, tmp_path):
    before = fingerprint(loaded)
    with readonly_connection(loaded) as (backend, conn):
        attacks = DATABASE_REFUSES["mysql" if backend == "mariadb" else backend]
    for attack in attacks:
        with readonly_connection(loaded) as (backend, conn):
            with pytest.raises(Exception) as info:
                _execute(backend, conn, attack.format(tmp=tmp_path), None)
            assert is_database_error(info.value), (attack, info.value)
    if backend == "postgresql":  # runs, but in a transaction that is rolled back: no large object stays
        with readonly_connection(loaded) as (backend, conn):
            assert _execute(backend, conn, "SELECT lo_import('/etc/hostname')", None).rows[0][0] > 0
    assert fingerprint(loaded) == before
    assert list(tmp_path.iterdir()) == []


def test_create_reader_makes_a_login_that_can_only_read(loaded):
    """``plantables db create-reader``: the role/user analysts get; DDL and DML refused by the server."""
    import uuid

    backend = sa.engine.make_url(loaded).get_backend_name()
    name = f"reader_{uuid.uuid4().hex[:8]}"
    out = CliRunner().invoke(cli, ["db", "create-reader", name, "--db", loaded, "--password", "s3cret%:x'"])
    if backend == "sqlite":
        assert out.exit_code == 1 and out.output.count("\n") == 1 and "SQLite has no roles" in out.output
        return
    assert out.exit_code == 0, out.output
    assert "s3cret" not in out.output
    reader = sa.engine.make_url(loaded).set(username=name, password="s3cret%:x'")
    before = fingerprint(loaded)
    engine = sa.create_engine(reader)
    try:
        for statement in ["CREATE TABLE t (a int)", "DELETE FROM actions", "DROP VIEW action_overview",
                          "UPDATE actions SET title = 'x'"]:
            with engine.connect() as conn, pytest.raises(sa.exc.DBAPIError):
                conn.exec_driver_sql(statement)
                conn.commit()
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM action_overview").scalar() == 3
    finally:
        engine.dispose()
        admin = sa.create_engine(loaded)
        with admin.begin() as conn:
            if backend == "postgresql":
                conn.exec_driver_sql(f"DROP OWNED BY {name}")
                conn.exec_driver_sql(f"DROP ROLE {name}")
            else:
                conn.exec_driver_sql(f"DROP USER '{name}'@'%%'")  # pyformat: %% is %
        admin.dispose()
    assert fingerprint(loaded) == before
    out = CliRunner().invoke(cli, ["query", "SELECT count(*) AS n FROM actions", "--db", reader.render_as_string(
        hide_password=False), "--format", "csv"])
    assert out.exit_code == 1 and out.output.count("\n") == 1  # the login is gone: one line, not a traceback
