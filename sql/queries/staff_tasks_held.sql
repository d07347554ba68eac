-- The reports a switched-off field officer still holds (assigned or in progress), in every city they
-- work for. Their live assignments are locked first, all in one order, before any is handed back:
-- handing back one frees the officer's row, and an operator changing a second held that second
-- while waiting for the row. Run after their offers are withdrawn, so a task an accept made a moment
-- before is here.
WITH held AS (
    SELECT a.id FROM assignments a
    WHERE a.responder_id = %(id)s AND a.status IN ('accepted', 'arrived')
    ORDER BY a.id
    FOR UPDATE
)
SELECT r.id AS report_id, r.city_id
FROM reports r
WHERE r.assignee_id = %(id)s AND r.status IN ('assigned', 'in_progress')
  AND (SELECT count(*) FROM held) >= 0  -- the locks are taken before the reports are read
ORDER BY r.id;
