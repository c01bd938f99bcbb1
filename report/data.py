"""The numbers behind the report's charts: one SQL query per chart, on any of the databases.

Every query reads ``current_actions`` (the latest edition of every plan still
present) except the edition comparison, which reads ``action_history``.
"Overdue" is relative to ``as_of`` (``YYYY-MM``, the current month by default):
due before that month and not complete.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Connection, text

NO_STATUS = "(none)"
NEW = "(new)"

STATUS_BY_PLAN = f"""
SELECT o.organisation AS organisation, COALESCE(d.title, o.source_file) AS plan,
       COALESCE(o.status, '{NO_STATUS}') AS status, count(*) AS actions
FROM current_actions o JOIN documents d ON d.id = o.document_id
GROUP BY o.organisation, COALESCE(d.title, o.source_file), COALESCE(o.status, '{NO_STATUS}')
ORDER BY o.organisation, plan, status
"""

_OVERDUE = "o.due_month < :as_of AND (o.status IS NULL OR o.status <> 'complete')"
OVERDUE_BY_ROLE = f"""
SELECT role_type, overdue FROM (
  SELECT COALESCE(l.role_type, '(no role type)') AS role_type, count(DISTINCT o.action_id) AS overdue
  FROM current_actions o
  JOIN action_leads al ON al.action_id = o.action_id
  JOIN lead_aliases la ON la.id = al.alias_id
  JOIN leads l ON l.id = la.lead_id
  WHERE {_OVERDUE}
  GROUP BY COALESCE(l.role_type, '(no role type)')
  UNION ALL
  SELECT '(no lead)' AS role_type, count(*) AS overdue FROM current_actions o
  WHERE {_OVERDUE} AND NOT EXISTS (SELECT 1 FROM action_leads al WHERE al.action_id = o.action_id)
) t WHERE overdue > 0
ORDER BY overdue DESC, role_type
"""

BY_DUE_MONTH = """
SELECT due_month, count(*) AS actions,
       sum(CASE WHEN status = 'complete' THEN 1 ELSE 0 END) AS complete
FROM current_actions WHERE due_month IS NOT NULL
GROUP BY due_month ORDER BY due_month
"""

# the latest and the one before it, among the editions still present, of every plan with two
STATUS_CHANGES = f"""
SELECT h1.plan AS plan, e.previous AS from_edition, e.latest AS to_edition,
       CASE WHEN h0.action_key IS NULL THEN '{NEW}' ELSE COALESCE(h0.status, '{NO_STATUS}') END AS from_status,
       COALESCE(h1.status, '{NO_STATUS}') AS to_status, count(*) AS actions
FROM (
  SELECT l.plan_id AS plan_id, l.latest AS latest,
         (SELECT max(d2.edition) FROM documents d2 WHERE d2.plan_id = l.plan_id AND d2.missing_since IS NULL
          AND d2.edition < l.latest) AS previous
  FROM (SELECT plan_id, max(edition) AS latest FROM documents WHERE missing_since IS NULL GROUP BY plan_id) l
) e
JOIN action_history h1 ON h1.plan_id = e.plan_id AND h1.edition = e.latest
LEFT JOIN action_history h0 ON h0.plan_id = e.plan_id AND h0.action_key = h1.action_key AND h0.edition = e.previous
WHERE e.previous IS NOT NULL
  AND (h0.action_key IS NULL OR COALESCE(h0.status, '') <> COALESCE(h1.status, ''))
GROUP BY h1.plan, e.previous, e.latest,
         CASE WHEN h0.action_key IS NULL THEN '{NEW}' ELSE COALESCE(h0.status, '{NO_STATUS}') END,
         COALESCE(h1.status, '{NO_STATUS}')
ORDER BY plan, actions DESC, from_status, to_status
"""


@dataclass(frozen=True)
class Table:
    """A query's result: what a chart draws and the report prints under it."""

    columns: list[str]
    rows: list[tuple]


@dataclass(frozen=True)
class ReportData:
    as_of: str
    status_by_plan: Table
    overdue_by_role: Table
    by_due_month: Table
    status_changes: Table


def current_month() -> str:
    return date.today().strftime("%Y-%m")


def _table(conn: Connection, sql: str, **params) -> Table:
    result = conn.execute(text(sql), params)
    # counts and sums come back as Decimal from some drivers: plain ints for the charts
    return Table(list(result.keys()), [tuple(int(v) if isinstance(v, Decimal) else v for v in r) for r in result])


def collect(conn: Connection, as_of: str | None = None) -> ReportData:
    """Run the four queries on ``conn``."""
    as_of = as_of or current_month()
    return ReportData(
        as_of=as_of,
        status_by_plan=_table(conn, STATUS_BY_PLAN),
        overdue_by_role=_table(conn, OVERDUE_BY_ROLE, as_of=as_of),
        by_due_month=_table(conn, BY_DUE_MONTH),
        status_changes=_table(conn, STATUS_CHANGES),
    )
