"""The analyst views, as SQL per dialect.

``action_overview`` is the contract analysts write queries against: one row per
action per document, lists joined in a fixed order, unknown values NULL.
``lead_directory`` lists every lead alias with its canonical lead;
``action_history`` follows each action across the editions of its plan.

Only the list aggregation differs between databases (``group_concat`` on
SQLite, ``string_agg`` on PostgreSQL, ``GROUP_CONCAT … SEPARATOR`` on MariaDB);
:func:`ordered_concat` writes it. Migrations call :func:`create_views` /
:func:`drop_views`; a migration that changes a view drops and recreates all.
"""

from __future__ import annotations

VIEW_NAMES = ("action_overview", "lead_directory", "action_history", "current_actions")

#: action_overview columns, in order (the contract; tests pin it).
ACTION_OVERVIEW_COLUMNS = (
    "document_id", "source_file", "organisation", "section_ref", "section_title",
    "objective_ref", "objective_text", "theme", "action_ref", "action_ref_raw", "title",
    "action_steps", "lead_raw", "leads", "timeframe_raw", "start_month", "due_month",
    "active_months", "measures", "targets", "status_raw", "status", "status_confidence",
    "update_text", "rag", "risk_refs", "page_first", "page_last",
    "plan_id", "edition", "is_latest", "missing_since",
    "action_id", "leads_json", "active_months_json", "role_types_json",
    "status_source",
    "other_columns",  # keep last: every column no field takes, as a JSON object
)


def ordered_concat(dialect: str, table: str, value: str, sep: str, order: str, where: str) -> str:
    """A scalar subquery joining ``value`` of ``table`` rows with ``sep`` in ``order``.

    NULL when no row matches (never ''). SQLite 3.40 has no ``ORDER BY`` inside
    ``group_concat``; it concatenates in the order of an ordered subquery.
    """
    if dialect == "postgresql":
        return f"(SELECT string_agg({value}, '{sep}' ORDER BY {order}) FROM {table} WHERE {where})"
    if dialect in ("mysql", "mariadb"):
        return (
            f"(SELECT GROUP_CONCAT({value} ORDER BY {order} SEPARATOR '{sep}') "
            f"FROM {table} WHERE {where})"
        )
    return (
        f"(SELECT group_concat(v, '{sep}') FROM "
        f"(SELECT {value} AS v FROM {table} WHERE {where} ORDER BY {order}))"
    )


def ordered_json_array(dialect: str, table: str, value: str, order: str, where: str) -> str:
    """Like :func:`ordered_concat`, as a JSON array of strings (text); NULL when no row matches.

    The joined lists are for reading; these are for tools that facet on array
    members (Datasette's array facets), which a ``; ``-joined string cannot give.
    """
    if dialect == "postgresql":
        # json_agg's text has a space after each comma; built by hand, the text is SQLite's, byte for byte
        return f"(SELECT '[' || string_agg(to_json({value})::text, ',' ORDER BY {order}) || ']' FROM {table} WHERE {where})"
    if dialect in ("mysql", "mariadb"):
        return (
            f"(SELECT CONCAT('[', GROUP_CONCAT(JSON_QUOTE({value}) ORDER BY {order} SEPARATOR ','), ']') "
            f"FROM {table} WHERE {where})"
        )
    return (
        f"(SELECT NULLIF(json_group_array(v), '[]') FROM "
        f"(SELECT {value} AS v FROM {table} WHERE {where} ORDER BY {order}))"
    )


def other_columns_json(dialect: str) -> str:
    """The action's cells that no field takes, as a JSON object text ``{"header as printed": "text"}``
    in column order; a column without a header is ``"column N"``; NULL when there is none (never '')."""
    where = "c.action_id = a.id AND c.field IS NULL"
    # compact, as SQLite's json_group_object writes it, so every database gives the same text
    if dialect == "postgresql":
        key = "COALESCE(NULLIF(c.header, ''), 'column ' || CAST(c.position + 1 AS TEXT))"
        return (f"(SELECT '{{' || string_agg(CAST(to_json({key}) AS TEXT) || ':' || CAST(to_json(c.text) AS TEXT), ',' "
                f"ORDER BY c.position) || '}}' FROM action_cells c WHERE {where})")
    if dialect in ("mysql", "mariadb"):
        key = "COALESCE(NULLIF(c.header, ''), CONCAT('column ', c.position + 1))"
        return (
            f"(SELECT CONCAT('{{', GROUP_CONCAT(CONCAT(JSON_QUOTE({key}), ':', JSON_QUOTE(c.text)) "
            f"ORDER BY c.position SEPARATOR ','), '}}') FROM action_cells c WHERE {where})"
        )
    key = "COALESCE(NULLIF(c.header, ''), 'column ' || (c.position + 1))"
    return (
        f"(SELECT NULLIF(json_group_object(k, v), '{{}}') FROM "
        f"(SELECT {key} AS k, c.text AS v FROM action_cells c WHERE {where} ORDER BY c.position))"
    )


# Canonical leads, each once, in the order their first alias appears; a
# correlated NOT EXISTS (not GROUP BY in a derived table) keeps it per-row
# cheap and portable.
_LEADS_TABLE = "action_leads al JOIN lead_aliases la ON la.id = al.alias_id JOIN leads l ON l.id = la.lead_id"
_FIRST_ALIAS_OF_LEAD = (
    "al.action_id = a.id AND NOT EXISTS (SELECT 1 FROM action_leads al2 "
    "JOIN lead_aliases la2 ON la2.id = al2.alias_id "
    "WHERE al2.action_id = al.action_id AND la2.lead_id = la.lead_id AND al2.position < al.position)"
)


# each role type once, where it first appears among the action's leads
_FIRST_LEAD_OF_ROLE_TYPE = (
    "al.action_id = a.id AND l.role_type IS NOT NULL AND NOT EXISTS (SELECT 1 FROM action_leads al2 "
    "JOIN lead_aliases la2 ON la2.id = al2.alias_id JOIN leads l2 ON l2.id = la2.lead_id "
    "WHERE al2.action_id = al.action_id AND l2.role_type = l.role_type AND al2.position < al.position)"
)


def _leads_list(dialect: str) -> str:
    return ordered_concat(dialect, _LEADS_TABLE, "l.name", "; ", "al.position", _FIRST_ALIAS_OF_LEAD)


def action_overview_sql(dialect: str, *, cells: bool = True) -> str:
    """``cells=False``: without ``status_source`` and ``other_columns`` (the view as migrations
    before 0005, which added ``action_cells`` and ``actions.status_source``, create it)."""
    steps = ordered_concat(dialect, "action_steps s", "s.text", "; ", "s.position", "s.action_id = a.id")
    months = ordered_concat(dialect, "action_months m", "m.month", ",", "m.month", "m.action_id = a.id")
    targets = ordered_concat(dialect, "targets t", "t.raw", "; ", "t.position", "t.action_id = a.id")
    risks = ordered_concat(dialect, "risk_refs r", "r.ref", ",", "r.position", "r.action_id = a.id")
    tail = (",\n    a.status_source AS status_source,\n"
            f"    {other_columns_json(dialect)} AS other_columns") if cells else ""
    return f"""
CREATE VIEW action_overview AS
SELECT
    a.document_id AS document_id,
    d.file_name AS source_file,
    d.organisation AS organisation,
    sec.ref AS section_ref,
    sec.title AS section_title,
    obj.ref AS objective_ref,
    obj.text AS objective_text,
    a.theme AS theme,
    a.ref AS action_ref,
    a.ref_raw AS action_ref_raw,
    a.title AS title,
    {steps} AS action_steps,
    a.lead_raw AS lead_raw,
    {_leads_list(dialect)} AS leads,
    a.timeframe_raw AS timeframe_raw,
    a.start_month AS start_month,
    a.due_month AS due_month,
    {months} AS active_months,
    a.measures AS measures,
    {targets} AS targets,
    a.status_raw AS status_raw,
    a.status AS status,
    a.status_confidence AS status_confidence,
    a.update_text AS update_text,
    a.rag AS rag,
    {risks} AS risk_refs,
    a.page_first AS page_first,
    a.page_last AS page_last,
    d.plan_id AS plan_id,
    d.edition AS edition,
    {_is_latest()} AS is_latest,
    d.missing_since AS missing_since,
    a.id AS action_id,
    {ordered_json_array(dialect, _LEADS_TABLE, "l.name", "al.position", _FIRST_ALIAS_OF_LEAD)} AS leads_json,
    {ordered_json_array(dialect, "action_months m", "m.month", "m.month", "m.action_id = a.id")} AS active_months_json,
    {ordered_json_array(dialect, _LEADS_TABLE, "l.role_type", "al.position", _FIRST_LEAD_OF_ROLE_TYPE)} AS role_types_json{tail}
FROM actions a
JOIN documents d ON d.id = a.document_id
LEFT JOIN sections sec ON sec.id = a.section_id
LEFT JOIN objectives obj ON obj.id = a.objective_id
"""


def _is_latest() -> str:
    # The newest edition of its plan among the files still present (a pruned
    # file is never the latest); 1/0 rather than a boolean so every database
    # (and Datasette) shows and filters it the same way.
    return (
        "CASE WHEN d.missing_since IS NULL AND NOT EXISTS (SELECT 1 FROM documents d2 "
        "WHERE d2.plan_id = d.plan_id AND d2.missing_since IS NULL AND d2.edition > d.edition) "
        "THEN 1 ELSE 0 END"
    )


#: The latest edition of every plan still present: what "the actions" means to
#: an analyst who does not ask about history.
CURRENT_ACTIONS_SQL = """
CREATE VIEW current_actions AS
SELECT * FROM action_overview WHERE is_latest = 1
"""


LEAD_DIRECTORY_SQL = """
CREATE VIEW lead_directory AS
SELECT
    NULLIF(la.organisation, '') AS organisation,
    la.alias AS alias,
    l.name AS lead,
    l.role_type AS role_type,
    la.decision AS decision,
    la.score AS score
FROM lead_aliases la
JOIN leads l ON l.id = la.lead_id
"""

ACTION_HISTORY_SQL = """
CREATE VIEW action_history AS
SELECT
    COALESCE(p.title, p.plan_key) AS plan,
    p.id AS plan_id,
    pa.action_key AS action_key,
    a.ref AS action_ref,
    a.title AS title,
    d.id AS document_id,
    d.edition AS edition,
    d.edition_date AS edition_date,
    a.status AS status,
    a.rag AS rag,
    a.due_month AS due_month,
    a.update_text AS update_text
FROM actions a
JOIN plan_actions pa ON pa.id = a.plan_action_id
JOIN plans p ON p.id = pa.plan_id
JOIN documents d ON d.id = a.document_id
"""


def create_views(execute, dialect: str, *, cells: bool = True) -> None:
    """Create all views with ``execute(sql)`` (Alembic's ``op.execute``); ``cells``: see
    :func:`action_overview_sql` (False in the migrations before 0005)."""
    execute(action_overview_sql(dialect, cells=cells))
    execute(LEAD_DIRECTORY_SQL)
    execute(ACTION_HISTORY_SQL)
    execute(CURRENT_ACTIONS_SQL)


def drop_views(execute) -> None:
    for name in reversed(VIEW_NAMES):  # current_actions reads action_overview
        execute(f"DROP VIEW IF EXISTS {name}")
