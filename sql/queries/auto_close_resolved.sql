-- Resolved reports the citizen never closed are closed after %(days)s days.
WITH closed AS (
    UPDATE reports SET status = 'closed', closed_at = now(), updated_at = now()
    WHERE status = 'resolved' AND resolved_at < now() - make_interval(days => %(days)s)
    RETURNING id, city_id
)
INSERT INTO report_events (report_id, city_id, event, from_status, to_status, note)
SELECT id, city_id, 'status', 'resolved', 'closed', 'Ditutup otomatis / closed automatically' FROM closed
RETURNING report_id;
