-- The same citizen resubmitting the same problem: their open report of this category
-- within the duplicate radius and window, nearest first.
SELECT r.id
FROM reports r
WHERE r.reporter_id = %(reporter_id)s AND r.category_id = %(category_id)s
  AND r.status IN ('submitted','verified','assigned','in_progress')
  AND r.created_at > now() - make_interval(hours => %(window_h)s)
  AND ST_DWithin(r.geom, ST_SetSRID(ST_MakePoint(%(lng)s, %(lat)s), 4326), %(radius_deg)s)
  AND ST_DWithin(r.geom::geography, ST_SetSRID(ST_MakePoint(%(lng)s, %(lat)s), 4326)::geography, %(radius_m)s)
ORDER BY r.geom <-> ST_SetSRID(ST_MakePoint(%(lng)s, %(lat)s), 4326)
LIMIT 1;
