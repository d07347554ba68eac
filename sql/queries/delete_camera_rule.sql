-- A rule on one of the camera's zones (one with absurd parameters filed report after report);
-- no row when the camera has no such rule.
DELETE FROM camera_rules r
USING camera_zones z
WHERE r.id = %(rule_id)s AND r.city_id = %(city_id)s
  AND z.id = r.zone_id AND z.city_id = r.city_id AND z.camera_id = %(camera_id)s
RETURNING r.id;
