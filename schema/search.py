"""Full-text search over actions: title, steps, success measures and update text.

One index table, ``action_search``, one row per action, per database:

* **SQLite**: an FTS5 table (``porter unicode61``) whose rowid is ``actions.id``,
  with columns ``title``, ``steps``, ``measures``, ``update_text``; a trigger
  deletes an action's row when the action goes (a document deleted cascades
  to its actions). Datasette wires it to ``_search`` (see ``serve.py``).
* **PostgreSQL**: ``action_search(action_id, document tsvector)`` with a GIN
  index (English configuration; title weighted A, steps B, measures and update C).
* **MariaDB**: ``action_search(action_id, body)`` with an InnoDB ``FULLTEXT``
  index, queried in boolean mode with every word required (InnoDB skips words
  under 3 letters and its stop words).

On PostgreSQL and MariaDB the row goes with its action (``ON DELETE CASCADE``).
The loader calls :func:`index_document` in the document's own transaction, so
the index is exactly as current as the data. A pruned file keeps its rows (and
its index rows); :func:`search` looks in ``current_actions`` unless asked for
every edition, so what is pruned or superseded is not shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlalchemy import Connection, text

from plantables.schema.views import ordered_concat

INDEX_TABLE = "action_search"
SNIPPET_WORDS = 12
# matches are marked **like this** in snippets: plain text in csv/json, and no markup to a terminal table


def create_index(execute: Callable[[str], object], dialect: str) -> None:
    """Create the index table (Alembic's ``op.execute``); :func:`reindex_all` fills it."""
    if dialect == "postgresql":
        execute(f"CREATE TABLE {INDEX_TABLE} (action_id INTEGER PRIMARY KEY REFERENCES actions(id) "
                "ON DELETE CASCADE, document TSVECTOR NOT NULL)")
        execute(f"CREATE INDEX ix_{INDEX_TABLE}_document ON {INDEX_TABLE} USING GIN (document)")
    elif dialect in ("mysql", "mariadb"):
        execute(f"CREATE TABLE {INDEX_TABLE} (action_id INTEGER NOT NULL PRIMARY KEY, body MEDIUMTEXT NOT NULL, "
                f"CONSTRAINT fk_{INDEX_TABLE}_action FOREIGN KEY (action_id) REFERENCES actions(id) "
                f"ON DELETE CASCADE, FULLTEXT KEY ft_{INDEX_TABLE}_body (body)) "
                "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4")
    else:
        execute(f"CREATE VIRTUAL TABLE {INDEX_TABLE} USING fts5(title, steps, measures, update_text, "
                "tokenize='porter unicode61')")
        execute(f"CREATE TRIGGER {INDEX_TABLE}_action_deleted AFTER DELETE ON actions BEGIN "
                f"DELETE FROM {INDEX_TABLE} WHERE rowid = old.id; END")


def drop_index(execute: Callable[[str], object], dialect: str) -> None:
    if dialect == "sqlite":
        execute(f"DROP TRIGGER IF EXISTS {INDEX_TABLE}_action_deleted")
    execute(f"DROP TABLE IF EXISTS {INDEX_TABLE}")


def is_index_table(name: str) -> bool:
    """The index and its FTS5 shadow tables (not models: the schema check leaves them out)."""
    return name == INDEX_TABLE or name.startswith(f"{INDEX_TABLE}_")


def _insert_sql(dialect: str, where: str) -> str:
    steps = ordered_concat(dialect, "action_steps s", "s.text", "; ", "s.position", "s.action_id = a.id")
    if dialect == "postgresql":
        doc = " || ".join(
            f"setweight(to_tsvector('english', COALESCE({col}, '')), '{weight}')"
            for col, weight in (("a.title", "A"), (steps, "B"), ("a.measures", "C"), ("a.update_text", "C"))
        )
        return f"INSERT INTO {INDEX_TABLE} (action_id, document) SELECT a.id, {doc} FROM actions a WHERE {where}"
    if dialect in ("mysql", "mariadb"):
        return (f"INSERT INTO {INDEX_TABLE} (action_id, body) SELECT a.id, "
                f"CONCAT_WS(' … ', a.title, {steps}, a.measures, a.update_text) FROM actions a WHERE {where}")
    return (f"INSERT INTO {INDEX_TABLE} (rowid, title, steps, measures, update_text) "
            f"SELECT a.id, a.title, {steps}, a.measures, a.update_text FROM actions a WHERE {where}")


def index_document(conn: Connection, document_id: int) -> None:
    """Index the actions of one document (inside the loader's transaction)."""
    conn.execute(text(_insert_sql(conn.dialect.name, "a.document_id = :d")), {"d": document_id})


def reindex_all(execute: Callable[[str], object], dialect: str) -> None:
    """Index every action (a migration's backfill)."""
    execute(_insert_sql(dialect, "1 = 1"))


def words_of(query: str) -> list[str]:
    """The words searched for: letters and digits; every one must match."""
    return re.findall(r"\w+", query)


def search_sql(dialect: str, *, organisation: bool, status: bool, all_editions: bool) -> str:
    """SELECT plan, organisation, source_file, edition, action_ref, status, snippet for ``:q``."""
    view = "action_overview" if all_editions else "current_actions"
    filters = ""
    if organisation:
        filters += " AND lower(o.organisation) LIKE :org"
    if status:
        filters += " AND o.status = :status"
    cols = ("COALESCE(d.title, o.source_file) AS plan, o.organisation, o.source_file, o.edition, "
            "o.action_ref, o.status")
    joins = f"JOIN {view} o ON o.action_id = {{key}} JOIN documents d ON d.id = o.document_id"
    if dialect == "postgresql":
        return (f"SELECT {cols}, ts_headline('english', concat_ws(' … ', o.title, o.action_steps, o.measures, "
                f"o.update_text), plainto_tsquery('english', :q), 'StartSel=**, StopSel=**, MaxWords=20, "
                f"MinWords=8, MaxFragments=1') AS snippet "
                f"FROM {INDEX_TABLE} s {joins.format(key='s.action_id')} "
                f"WHERE s.document @@ plainto_tsquery('english', :q){filters} "
                f"ORDER BY ts_rank(s.document, plainto_tsquery('english', :q)) DESC, o.action_id LIMIT :limit")
    if dialect in ("mysql", "mariadb"):
        return (f"SELECT {cols}, s.body AS snippet FROM {INDEX_TABLE} s {joins.format(key='s.action_id')} "
                f"WHERE MATCH(s.body) AGAINST (:q IN BOOLEAN MODE){filters} "
                f"ORDER BY MATCH(s.body) AGAINST (:q IN BOOLEAN MODE) DESC, o.action_id LIMIT :limit")
    return (f"SELECT {cols}, snippet({INDEX_TABLE}, -1, '**', '**', '…', {SNIPPET_WORDS}) AS snippet "
            f"FROM {INDEX_TABLE} {joins.format(key=f'{INDEX_TABLE}.rowid')} "
            f"WHERE {INDEX_TABLE} MATCH :q{filters} ORDER BY bm25({INDEX_TABLE}), o.action_id LIMIT :limit")


def match_expression(dialect: str, words: list[str]) -> str:
    """The words as the database's query syntax: all required, none read as an operator."""
    if dialect == "postgresql":
        return " ".join(words)  # plainto_tsquery: every word, no syntax
    if dialect in ("mysql", "mariadb"):
        return " ".join(f'+"{w}"' for w in words)
    return " ".join(f'"{w}"' for w in words)


def snippet_around(body: str, words: list[str], width: int = SNIPPET_WORDS) -> str:
    """Words of ``body`` around the first searched word, matches in ``**`` (MariaDB has no snippet)."""
    tokens = body.split()
    wanted = {w.lower() for w in words}

    def hit(token: str) -> bool:
        return any(part.lower() in wanted for part in re.findall(r"\w+", token))

    first = next((i for i, t in enumerate(tokens) if hit(t)), 0)
    start = max(0, first - width // 3)
    shown = [f"**{t}**" if hit(t) else t for t in tokens[start:start + width]]
    return ("…" if start else "") + " ".join(shown) + ("…" if start + width < len(tokens) else "")


def search(conn: Connection, query: str, *, organisation: str | None = None, status: str | None = None,
           all_editions: bool = False, limit: int = 50) -> tuple[list[str], list[tuple]]:
    """Actions matching every word of ``query``: (columns, rows), best match first."""
    dialect = conn.dialect.name
    words = words_of(query)
    columns = ["plan", "organisation", "source_file", "edition", "action_ref", "status", "snippet"]
    if not words:
        return columns, []
    params: dict[str, object] = {"q": match_expression(dialect, words), "limit": limit}
    if organisation:
        params["org"] = f"%{organisation.lower()}%"
    if status:
        params["status"] = status
    sql = search_sql(dialect, organisation=bool(organisation), status=bool(status), all_editions=all_editions)
    rows = [tuple(r) for r in conn.execute(text(sql), params)]
    if dialect in ("mysql", "mariadb"):
        rows = [r[:-1] + (snippet_around(r[-1], words),) for r in rows]
    else:
        rows = [r[:-1] + (" ".join((r[-1] or "").split()),) for r in rows]
    return columns, rows


def search_actions(db: str | None, query: str, *, organisation: str | None = None, status: str | None = None,
                   all_editions: bool = False, limit: int = 50):
    """:func:`search` on ``db`` (which must exist), as a ``QueryResult`` (errors: ``QueryError``)."""
    from sqlalchemy.exc import DBAPIError

    from plantables.schema.db import existing_engine
    from plantables.schema.query import QueryError, QueryResult

    try:
        engine = existing_engine(db)
    except FileNotFoundError as exc:
        raise QueryError(str(exc)) from None
    try:
        with engine.connect() as conn:
            columns, rows = search(conn, query, organisation=organisation, status=status,
                                   all_editions=all_editions, limit=limit)
    except DBAPIError as exc:
        raise QueryError(" ".join(str(exc.orig).split())) from None
    finally:
        engine.dispose()
    return QueryResult(columns, rows)
