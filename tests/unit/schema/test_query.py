"""schema/query.run_query on a real SQLite database (and PostgreSQL/MariaDB when their URLs are set):
rows and column names, :name parameters as the driver's own, one-line errors, nothing written."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from plantables.schema import db
from plantables.schema.loader import FileInfo, load_document
from plantables.schema.query import QueryError, run_query
from tests.integration.test_loader import make_plan


@pytest.fixture
def loaded(db_url) -> str:
    engine = db.open_engine(db_url)
    load_document(engine, make_plan(), FileInfo("/plans/acme.txt", "a" * 64, 100, 1.0))
    engine.dispose()
    return db_url


def test_rows_and_columns_of_a_view(loaded):
    result = run_query(loaded, "SELECT organisation, action_ref FROM action_overview ORDER BY action_ref")
    assert result.columns == ["organisation", "action_ref"]
    assert result.rows and all(r[0] == "Acme Borough Council" for r in result.rows)


def test_parameters_bind_and_a_colon_inside_a_string_is_text(loaded):
    refs = [r[0] for r in run_query(loaded, "SELECT action_ref FROM action_overview").rows]
    one = run_query(loaded, "SELECT action_ref, ':00' AS t FROM action_overview WHERE action_ref = :ref",
                    {"ref": refs[0]})
    assert one.rows == [(refs[0], ":00")]
    with pytest.raises(QueryError, match="no value for :ref"):
        run_query(loaded, "SELECT 1 FROM action_overview WHERE action_ref = :ref")
    with pytest.raises(QueryError, match="parameter 'x' is not used"):
        run_query(loaded, "SELECT 1", {"x": 1})


def test_writes_and_bad_sql_are_one_line_errors_and_change_nothing(loaded):
    before = run_query(loaded, "SELECT count(*) FROM documents").rows
    for sql in ("DELETE FROM documents", "SELECT 1; DROP TABLE documents", "UPDATE documents SET title = 'x'"):
        with pytest.raises(QueryError) as err:
            run_query(loaded, sql)
        assert "\n" not in str(err.value)
    with pytest.raises(QueryError) as err:
        run_query(loaded, "SELECT * FROM no_such_table")
    assert "\n" not in str(err.value) and "no_such_table" in str(err.value)
    assert run_query(loaded, "SELECT count(*) FROM documents").rows == before
    engine = sa.create_engine(loaded)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM documents")).scalar() == 1
    engine.dispose()
