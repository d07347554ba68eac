-- A responder's offers and live assignments, oldest first.
SELECT a.id AS assignment_id, a.report_id, a.status, a.distance_m, a.offered_at, a.expires_at,
       c.code AS category, r.priority
FROM assignments a JOIN reports r ON r.id = a.report_id JOIN categories c ON c.id = r.category_id
WHERE a.responder_id = %(user_id)s AND a.status IN ('offered','accepted','arrived')
ORDER BY a.offered_at;
