-- Reports just moved into a confidential category (a missing person first filed as something
-- else, and the reports merged into it): the notices already on staff's bells named their street
-- and true kelurahan, which the bell kept showing after the move (a review). They now read as one
-- made for a confidential report does: a task notice with its public kelurahan and no street
-- (notify_assignee.sql), an urgent one with no place (notify_urgent_report.sql). The category
-- named stays the one the notice was about. Pushes already shown cannot be recalled; one still
-- queued reads the row as it is when sent (notification_for_push.sql). Migration 0059 ran this
-- once over every confidential report.
UPDATE notifications n
SET message_id = CASE WHEN n.kind = 'urgent_report' THEN replace(n.message_id, ' di Kel. ' || k.name, '')
                      ELSE regexp_replace(n.message_id, '^(.*?#' || r.id || ' [^,]*), .*Kel\. .*\.$',
                                          '\1, Kel. ' || replace(pk.name, '\', '\\') || '.') END,
    message_en = CASE WHEN n.kind = 'urgent_report' THEN replace(n.message_en, ' in Kel. ' || k.name, '')
                      ELSE regexp_replace(n.message_en, '^(.*?#' || r.id || ' [^,]*), .*Kel\. .*\.$',
                                          '\1, Kel. ' || replace(pk.name, '\', '\\') || '.') END
FROM reports r
JOIN kelurahan k ON k.id = r.kelurahan_id AND k.city_id = r.city_id
JOIN kelurahan pk ON pk.id = r.public_kelurahan_id AND pk.city_id = r.city_id
WHERE r.city_id = %(city_id)s AND r.id = ANY(%(ids)s)
  AND n.report_id = r.id AND n.city_id = r.city_id
  AND n.kind IN ('task_assigned', 'task_back', 'task_offered', 'urgent_report');
