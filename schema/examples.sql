-- The README's example queries (tests/unit/schema/test_examples.py keeps the two the same);
-- `plantables serve` offers each as a canned query. A query starts at its first '-- ' title line.

-- Every action still open, by organisation and due month (latest editions)
SELECT organisation, due_month, action_ref, title, leads, status
FROM current_actions
WHERE status IS NULL OR status <> 'complete'
ORDER BY organisation, due_month, action_ref;

-- Status counts per plan (latest editions)
SELECT source_file, status, count(*) AS actions
FROM current_actions
GROUP BY source_file, status
ORDER BY source_file, actions DESC;

-- Actions with a numeric target
SELECT organisation, action_ref, targets, measures
FROM current_actions
WHERE targets IS NOT NULL
ORDER BY organisation, action_ref;

-- Actions active in a given month (month grids)
SELECT organisation, action_ref, title, active_months
FROM current_actions
WHERE active_months LIKE '%2023-10%';

-- Every action by canonical lead, across all plans
SELECT l.organisation, l.name AS lead, l.role_type, d.file_name, a.ref, a.title, a.status
FROM leads l
JOIN lead_aliases la ON la.lead_id = l.id
JOIN action_leads al ON al.alias_id = la.id
JOIN actions a ON a.id = al.action_id
JOIN documents d ON d.id = a.document_id
ORDER BY l.organisation, l.name, d.file_name, a.position;

-- Status counts by role type
SELECT l.role_type, a.status, count(DISTINCT a.id) AS actions
FROM actions a
JOIN action_leads al ON al.action_id = a.id
JOIN lead_aliases la ON la.id = al.alias_id
JOIN leads l ON l.id = la.lead_id
GROUP BY l.role_type, a.status
ORDER BY l.role_type, actions DESC;

-- Overdue: due month passed, not complete
-- (PostgreSQL: to_char(current_date, 'YYYY-MM') instead of strftime)
SELECT organisation, source_file, action_ref, title, due_month, status, leads
FROM current_actions
WHERE due_month < strftime('%Y-%m', 'now') AND (status IS NULL OR status <> 'complete')
ORDER BY organisation, due_month;

-- Every edition of each plan, newest first (is_latest = 1: the one current_actions shows)
SELECT plan_id, edition, source_file, is_latest, missing_since, count(*) AS actions
FROM action_overview
GROUP BY plan_id, edition, source_file, is_latest, missing_since
ORDER BY plan_id, edition DESC;

-- When did an action change status? (one row per edition)
SELECT plan, action_key, edition, edition_date, status, rag
FROM action_history
WHERE action_key = '1.1.1'
ORDER BY plan, edition;
