WITH ins AS (
    INSERT INTO report_supporters (report_id, city_id, user_id)
    SELECT r.id, r.city_id, %(user_id)s FROM reports r WHERE r.id = %(report_id)s AND r.city_id = %(city_id)s
    ON CONFLICT DO NOTHING RETURNING report_id
)
UPDATE reports SET support_count = support_count + 1, updated_at = now()
WHERE id IN (SELECT report_id FROM ins) AND city_id = %(city_id)s
RETURNING support_count;
