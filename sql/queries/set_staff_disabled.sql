-- A staff member switched off (they left the job) or on again. Off: every session ends at once,
-- and their phones get no more pushes (a notice of a task is not for someone who left). What they
-- still held is handed back and they go off shift after this (geo.account_changes: their offers,
-- tasks, then their officer row, in that order).
WITH who AS (
    UPDATE users SET disabled = %(disabled)s WHERE id = %(id)s AND role <> 'citizen' RETURNING id, disabled
), sessions AS (
    DELETE FROM api_tokens WHERE %(disabled)s AND user_id IN (SELECT id FROM who) RETURNING 1
), pushes AS (
    DELETE FROM push_subscriptions WHERE %(disabled)s AND user_id IN (SELECT id FROM who) RETURNING 1
)
SELECT (SELECT count(*) FROM who) AS changed, (SELECT count(*) FROM sessions) AS sessions_ended;
