-- Geodesic metres between a report and a responder's latest position (NULL without a fix).
SELECT ST_Distance(r.geom::geography, s.geom::geography) AS d
FROM reports r, responders s
WHERE r.id = %(report_id)s AND r.city_id = %(city_id)s
  AND s.user_id = %(responder_id)s AND s.city_id = r.city_id;
