-- The kelurahan the public is told for a coarsened location (a confidential report's H3 r8
-- centre): the one holding the point, else the nearest (a coastal cell's centre can be at sea).
WITH p AS (SELECT ST_SetSRID(ST_MakePoint(%(lng)s, %(lat)s), 4326) AS g)
SELECT kp.kelurahan_id AS id
FROM kelurahan_parts kp, p
WHERE kp.city_id = %(city_id)s
ORDER BY ST_Intersects(kp.geom, p.g) DESC, kp.geom <-> p.g, kp.kelurahan_id
LIMIT 1;
