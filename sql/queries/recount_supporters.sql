UPDATE reports r
SET support_count = (SELECT count(*) FROM report_supporters s
                     WHERE s.report_id = r.id AND s.user_id IS DISTINCT FROM r.reporter_id),
    updated_at = now()
WHERE r.id = %(id)s
RETURNING support_count;
