"""The README documents every command, table and view column, and its SQL runs."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
import sqlalchemy as sa

from plantables.cli import cli
from plantables.schema import db, views
from plantables.schema.loader import FileInfo, load_document
from plantables.schema.models import Base
from tests.integration.test_loader import make_plan

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "plantables"):
    for name, cmd in group.commands.items():
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, f"{prefix} {name}")
        else:
            yield f"{prefix} {name}"


@pytest.mark.parametrize("command", sorted(_commands(cli)))
def test_every_command_is_in_the_readme(command):
    assert f"`{command}" in README or f"\n{command}" in README, command


@pytest.mark.parametrize("table", sorted(Base.metadata.tables))
def test_every_table_is_in_the_schema_section(table):
    schema = README[README.index("## Schema"):]
    assert f"| `{table}` |" in schema
    for column in Base.metadata.tables[table].columns:
        if column.name != "id":
            assert f"`{column.name}`" in schema, f"{table}.{column.name}"


def test_every_overview_column_is_documented():
    section = README[README.index("### `action_overview`"):]
    for col in views.ACTION_OVERVIEW_COLUMNS:
        assert f"`{col}`" in section, col


def test_exit_codes_are_documented():
    section = README[README.index("### Exit codes"):]
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 3 |"):
        assert code in section


def readme_sql() -> list[str]:
    return re.findall(r"```sql\n(.*?)```", README, flags=re.S)


def test_readme_has_the_analyst_queries():
    assert len(readme_sql()) >= 7


@pytest.mark.parametrize("i", range(len(readme_sql())))
def test_readme_sql_runs(sqlite_url, i):
    engine = db.open_engine(sqlite_url)
    load_document(engine, make_plan(leads=("HoS QA", "Director of Children's Services")),
                  FileInfo("/plans/acme.txt", "a" * 64, 10, 1.0))
    with engine.connect() as conn:
        rows = conn.execute(sa.text(readme_sql()[i])).all()
    engine.dispose()
    assert rows, readme_sql()[i]
