-- A rule on one zone of one camera; no row when the zone is not on that camera.
INSERT INTO camera_rules (zone_id, city_id, rule, params, category_id)
SELECT z.id, z.city_id, %(rule)s, %(params)s, %(category_id)s
FROM camera_zones z
WHERE z.id = %(zone_id)s AND z.camera_id = %(camera_id)s AND z.city_id = %(city_id)s
RETURNING id
