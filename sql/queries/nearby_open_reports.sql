-- Possible duplicates: open reports of a category within a radius and time window.
WITH p AS (SELECT ST_SetSRID(ST_MakePoint(%(lng)s, %(lat)s), 4326) AS g)
SELECT r.id, r.status, r.created_at, r.support_count, c.code AS category,
       round(ST_Distance(r.geom::geography, p.g::geography)::numeric, 1)::float8 AS distance_m
FROM reports r JOIN categories c ON c.id = r.category_id, p
WHERE c.code = %(category)s
  AND r.status IN ('submitted','verified','assigned','in_progress')
  AND r.created_at > now() - make_interval(hours => %(window_h)s)
  AND r.id <> %(exclude_id)s
  AND ST_DWithin(r.geom, p.g, %(radius_deg)s)
  AND ST_DWithin(r.geom::geography, p.g::geography, %(radius_m)s)
ORDER BY distance_m, r.id
LIMIT 10;
