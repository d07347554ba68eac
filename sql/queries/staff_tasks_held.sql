-- The reports a switched-off field officer still holds (assigned or in progress), in every city they
-- work for, read after their offers are withdrawn (a task an accept made a moment before is here)
-- and their assignments locked (staff_task_locks.sql).
SELECT r.id AS report_id, r.city_id
FROM reports r
WHERE r.assignee_id = %(id)s AND r.status IN ('assigned', 'in_progress')
ORDER BY r.id;
