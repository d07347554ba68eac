-- A zone drawn wrong, with its rules (ON DELETE CASCADE); no row when the camera has no such zone.
DELETE FROM camera_zones WHERE id = %(zone_id)s AND camera_id = %(camera_id)s AND city_id = %(city_id)s
RETURNING id;
