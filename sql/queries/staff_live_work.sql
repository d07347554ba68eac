-- What a switched-off field officer still holds, in every city they work for, to hand back to
-- the dispatcher: reports assigned to them (status assigned or in progress) and offers not yet
-- -- answered. Each is locked and looked at again as it is handed back (geo.account_changes).
SELECT r.id AS report_id, r.city_id, 'task' AS kind, NULL::bigint AS assignment_id
FROM reports r
WHERE r.assignee_id = %(id)s AND r.status IN ('assigned', 'in_progress')
UNION ALL
SELECT a.report_id, a.city_id, 'offer', a.id
FROM assignments a
WHERE a.responder_id = %(id)s AND a.status = 'offered'
ORDER BY 1;
