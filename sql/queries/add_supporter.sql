WITH ins AS (
    INSERT INTO report_supporters (report_id, user_id) VALUES (%(report_id)s, %(user_id)s)
    ON CONFLICT DO NOTHING RETURNING report_id
)
UPDATE reports SET support_count = support_count + 1, updated_at = now()
WHERE id IN (SELECT report_id FROM ins)
RETURNING support_count;
