-- Offer a report to a responder unless it already has a live assignment (the partial
-- unique index decides races: a concurrent second offer inserts nothing).
INSERT INTO assignments (report_id, city_id, responder_id, status, distance_m, assigned_by, expires_at,
                         responded_at)
SELECT r.id, r.city_id, %(responder_id)s, %(status)s, %(distance_m)s, %(assigned_by)s,
       CASE WHEN %(status)s = 'offered' THEN now() + make_interval(secs => %(timeout_s)s) END,
       CASE WHEN %(status)s = 'accepted' THEN now() END
FROM reports r WHERE r.id = %(report_id)s AND r.city_id = %(city_id)s
ON CONFLICT (report_id, city_id) WHERE status IN ('offered','accepted','arrived') DO NOTHING
RETURNING id;
