-- The city of a job's row, for a job queued before jobs named their city (migration 0027
-- rewrites the outbox; this covers jobs already in Redis at the upgrade). Dispatch and camera
-- frames need none: their first statement reads the row with the city optional.
SELECT CASE %(kind)s
    WHEN 'photo' THEN (SELECT city_id FROM photos WHERE id = %(id)s)
    WHEN 'assignment' THEN (SELECT city_id FROM assignments WHERE id = %(id)s)
    WHEN 'notification' THEN (SELECT city_id FROM notifications WHERE id = %(id)s)
END AS city_id;
