"""The read-only check of ``plantables query``: what it lets through and what it refuses, per dialect."""

from __future__ import annotations

import pytest

from plantables.schema.sqlguard import RefusedSQL, check_sql

ALLOWED = {
    "sqlite": ["SELECT 1", "select 1;", "WITH x AS (SELECT 1 AS a) SELECT a FROM x", "VALUES (1), (2)",
               "EXPLAIN QUERY PLAN SELECT * FROM actions", "SELECT '%:00%' LIKE x FROM t -- a; comment",
               "SELECT 1 UNION SELECT 2", "select * from pragma_table_info('actions')"],
    "postgresql": ["SELECT x::int FROM t", "EXPLAIN (ANALYZE, FORMAT JSON) SELECT 1", "TABLE actions",
                   "SELECT $$a;b$$", "SELECT E'it\\'s; DELETE'"],
    "mysql": ["SELECT `a` FROM t # comment", "EXPLAIN FORMAT=JSON SELECT 1", "SELECT 'a\\'; DROP TABLE t'"],
}

REFUSED = {
    "sqlite": ["DELETE FROM actions", "ATTACH DATABASE '/tmp/x' AS y", "VACUUM INTO '/tmp/x'",
               "PRAGMA journal_mode=delete", "SELECT load_extension('x')", "select 1; select 2",
               "WITH d AS (DELETE FROM actions RETURNING *) SELECT * FROM d", "EXPLAIN DELETE FROM actions",
               "REPLACE INTO t VALUES (1)", "BEGIN", "", "SELECT 'unterminated"],
    "postgresql": ["COMMIT; BEGIN READ WRITE; DELETE FROM actions; COMMIT", "SET TRANSACTION READ WRITE",
                   "ROLLBACK", "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
                   "COPY actions TO PROGRAM 'id'", "DO $$ BEGIN DELETE FROM actions; END $$", "CALL p()",
                   "SELECT lo_import('/etc/passwd')", "SELECT pg_catalog.pg_read_file('/etc/passwd')",
                   "SELECT * FROM pg_ls_dir('/')", "SELECT pg_terminate_backend(1)", "SELECT pg_reload_conf()",
                   "SELECT set_config('default_transaction_read_only', 'off', false)", "SELECT 1 INTO t2",
                   "SELECT * FROM t FOR UPDATE", "SELECT dblink_exec('x', 'y')", "SELECT pg_advisory_lock(1)",
                   "EXPLAIN ANALYZE DELETE FROM actions", "SELECT query_to_xml('delete from t', true, true, '')"],
    "mysql": ["SET STATEMENT tx_read_only=0 FOR DROP TABLE action_steps",
              "BEGIN NOT ATOMIC COMMIT; SET SESSION TRANSACTION READ WRITE; DELETE FROM actions; COMMIT; END",
              "SELECT 1 INTO OUTFILE '/tmp/x'", "SELECT 1 INTO DUMPFILE '/tmp/x'", "SELECT LOAD_FILE('/etc/passwd')",
              "KILL 1", "SELECT 1 /*!, (SELECT 2) INTO OUTFILE '/tmp/y' */", "SELECT 1 /*M!100000 , 2 */",
              "LOAD DATA INFILE 'x' INTO TABLE t", "SELECT GET_LOCK('plantables', 0)",
              "SELECT * FROM t LOCK IN SHARE MODE", "HANDLER t OPEN"],
}


@pytest.mark.parametrize("backend,sql", [(b, s) for b, sqls in ALLOWED.items() for s in sqls])
def test_plain_queries_pass(backend, sql):
    assert check_sql(sql, backend).sql == sql


@pytest.mark.parametrize("backend,sql", [(b, s) for b, sqls in REFUSED.items() for s in sqls])
def test_writes_and_server_reach_are_refused(backend, sql):
    with pytest.raises(RefusedSQL) as info:
        check_sql(sql, backend)
    message = str(info.value)
    assert message and "\n" not in message


@pytest.mark.parametrize("backend", ["sqlite", "postgresql", "mysql"])
def test_placeholders_are_found_outside_strings_comments_and_casts(backend):
    sql = "SELECT ':a' AS s, \"x:y\" AS q, :b AS b, :c2 FROM t -- :d\nWHERE z = :b"
    if backend == "mysql":
        sql = sql.replace('"x:y"', "`x:y`")
    checked = check_sql(sql, backend)
    assert [name for _, _, name in checked.placeholders] == ["b", "c2", "b"]
    assert all(sql[s:e] == f":{n}" for s, e, n in checked.placeholders)
    if backend == "postgresql":
        assert check_sql("SELECT x::int, :n FROM t", backend).names == {"n"}
