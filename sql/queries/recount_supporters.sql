UPDATE reports r
SET support_count = (SELECT count(*) FROM report_supporters s
                     WHERE s.report_id = r.id AND s.city_id = r.city_id AND s.user_id IS DISTINCT FROM r.reporter_id),
    updated_at = now()
WHERE r.id = %(id)s AND r.city_id = %(city_id)s
RETURNING support_count;
