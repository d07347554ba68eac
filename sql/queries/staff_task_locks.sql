-- A switched-off field officer's live assignments, in every city they work for, locked all in one
-- order before any is handed back: handing back one frees the officer's row, and an operator
-- changing a second held that second while waiting for the row. Then staff_tasks_held.sql reads
-- their reports in a statement of its own, so it sees what an operator or the officer committed
-- while this one waited (a reassignment, a resolution).
SELECT a.id FROM assignments a
WHERE a.responder_id = %(id)s AND a.status IN ('accepted', 'arrived')
ORDER BY a.id
FOR UPDATE;
