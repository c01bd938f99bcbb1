"""``plantables serve``: the database in Datasette, described and faceted.

:func:`datasette_metadata` builds Datasette's metadata from the schema itself:
every table's and column's description from the column comments of
``schema/models.py`` (a view column takes the comment of the table column it
shows, else a description of its own below), facets on the analyst views
(organisation, status, due month, RAG, and the JSON arrays ``role_types_json``,
``leads_json`` and ``active_months_json`` as array facets; role type on ``lead_directory``),
full-text search wired to ``_search`` through the ``action_search`` FTS5
index, the README's example queries as canned queries, and the bookkeeping
tables (``alembic_version``, the FTS index) hidden.

Datasette reads SQLite files only: a PostgreSQL or MariaDB URL is refused with
one line. Datasette itself is the optional extra ``plantables[serve]``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

from plantables.schema import search, views

ANALYST_VIEWS = ("current_actions", "action_overview")
VIEW_TITLES = {
    "current_actions": "Current actions (latest edition of every plan)",
    "action_overview": "All actions, every edition",
    "action_history": "Action history across editions",
    "lead_directory": "Lead aliases and their canonical leads",
}
#: view columns that are not a table column of the same name
VIEW_COLUMNS = {
    "document_id": "documents.id: the imported file (edition) the action is read from",
    "source_file": "base name of the imported file",
    "section_ref": "ref of the section / priority the action sits in",
    "section_title": "title of the section / priority",
    "objective_ref": "ref of the objective (desired outcome)",
    "objective_text": "the objective (desired outcome)",
    "action_ref": "canonical ref, e.g. '1.1.1'",
    "action_ref_raw": "ref as printed, e.g. 'I.1.1'",
    "action_steps": "steps (bullets) of the action, '; '-joined",
    "leads": "canonical lead names, '; '-joined",
    "active_months": "month-grid months (YYYY-MM), ','-joined",
    "targets": "numeric targets as written, '; '-joined",
    "risk_refs": "risk register references, ','-joined",
    "is_latest": "1: the newest edition of its plan among the files still present",
    "action_id": "actions.id",
    "leads_json": "canonical leads as a JSON array (array facet)",
    "active_months_json": "active months as a JSON array (array facet)",
    "role_types_json": "role types of the action's leads as a JSON array, each once (array facet)",
    "plan": "the plan's title (else its key)",
    "action_key": "identity of the action across editions (its ref, else its title)",
    "alias": "lead as written in the documents",
    "lead": "canonical lead",
}
ACTION_FACETS = ["organisation", "status", {"array": "role_types_json"}, "due_month", "rag",
                 {"array": "leads_json"}, {"array": "active_months_json"}]


def sqlite_file(db: str | None) -> Path:
    """The SQLite file of ``db``; ``ValueError`` (one line) for other databases or a missing file."""
    from plantables.schema.db import resolve_db_url, sqlite_path

    url = resolve_db_url(db)
    path = sqlite_path(url)
    if path is None:
        raise ValueError(f"Datasette serves SQLite files, not {url.split('://', 1)[0]} databases; "
                         "query those with plantables query/search/report")
    if not path.is_file():
        raise ValueError(f"no database at {path}")
    return path


def column_comments() -> dict[str, dict[str, str]]:
    """``{table: {column: comment}}`` from the models."""
    from plantables.schema.models import Base

    return {name: {c.name: c.comment for c in t.columns if c.comment} for name, t in Base.metadata.tables.items()}


def column_units() -> dict[str, dict[str, str]]:
    """``{table: {column: unit}}`` from the models' ``info["unit"]`` (Datasette's Pint units)."""
    from plantables.schema.models import Base

    return {name: units for name, t in Base.metadata.tables.items()
            if (units := {c.name: c.info["unit"] for c in t.columns if c.info.get("unit")})}


def _view_columns(view: str, columns: list[str], comments: dict[str, dict[str, str]]) -> dict[str, str]:
    out = {}
    for col in columns:
        text = VIEW_COLUMNS.get(col) or comments["actions"].get(col) or comments["documents"].get(col)
        if view == "lead_directory":
            text = VIEW_COLUMNS.get(col) or comments["leads"].get(col) or comments["lead_aliases"].get(col) or text
        if text:
            out[col] = text
    return out


def example_queries() -> list[tuple[str, str, str]]:
    """``(name, title, sql)`` of the README's example queries (``schema/examples.sql``)."""
    text = resources.files("plantables.schema").joinpath("examples.sql").read_text(encoding="utf-8")
    out = []
    for block in re.split(r"\n\s*\n", text.strip())[1:]:  # the first paragraph describes the file
        title = block.splitlines()[0].lstrip("- ").strip()
        name = "_".join(re.findall(r"[a-z0-9]+", title.split("(")[0].lower()))[:60]
        out.append((name, title, block.strip() + "\n"))
    return out


def datasette_metadata(path: Path) -> dict[str, Any]:
    """Datasette metadata for the database file at ``path`` (see the module notes)."""
    import sqlite3

    comments = column_comments()
    units = column_units()
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        view_cols = {v: [r[1] for r in con.execute(f"PRAGMA table_info({v})")] for v in views.VIEW_NAMES}
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")]
    finally:
        con.close()
    tables: dict[str, Any] = {}
    for name in names:
        if name == "alembic_version" or search.is_index_table(name):
            tables[name] = {"hidden": True}
        elif name in comments:
            tables[name] = {"columns": comments[name]}
            if name in units:
                tables[name]["units"] = units[name]
    for view, cols in view_cols.items():
        tables[view] = {"title": VIEW_TITLES.get(view, view), "columns": _view_columns(view, cols, comments)}
    for view in ANALYST_VIEWS:
        tables[view].update(facets=ACTION_FACETS, fts_table=search.INDEX_TABLE, fts_pk="action_id")
    tables["current_actions"]["description"] = (
        "One row per action of the latest edition of every plan still present; "
        "search matches title, steps, measures and update text.")
    tables["actions"].update(fts_table=search.INDEX_TABLE, fts_pk="id")
    tables["lead_directory"]["facets"] = ["organisation", "role_type", "decision"]
    tables["action_history"]["facets"] = ["plan", "status", "rag"]
    queries = {name: {"title": title, "sql": sql} for name, title, sql in example_queries()}
    return {
        "title": "plantables",
        "description": "Plan documents as tables: start with current_actions.",
        "databases": {path.stem: {"tables": tables, "queries": queries}},
    }


def serve(db: str | None, *, host: str = "127.0.0.1", port: int = 8001, metadata_out: str | None = None,
          extra_args: tuple[str, ...] = ()) -> int:
    """Run Datasette on the database (blocks until it stops); returns its exit code.

    The schema is brought to the newest migration first, so the views, the
    JSON companions and the search index are there.
    """
    from plantables.schema.db import open_engine

    path = sqlite_file(db)
    open_engine(str(path)).dispose()
    try:
        import datasette  # noqa: F401
    except ImportError:
        raise ImportError("plantables serve needs Datasette: pip install 'plantables[serve]'") from None
    meta = json.dumps(datasette_metadata(path), indent=1, ensure_ascii=False)
    if metadata_out:
        Path(metadata_out).write_text(meta, encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="plantables-serve-") as tmp:
        target = Path(tmp) / "metadata.json"
        target.write_text(meta, encoding="utf-8")
        cmd = [sys.executable, "-m", "datasette", "serve", str(path), "--metadata", str(target),
               "--host", host, "--port", str(port), *extra_args]
        try:
            return subprocess.call(cmd, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        except KeyboardInterrupt:
            return 0
