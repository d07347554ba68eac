-- The city a camera belongs to (no row: no such camera).
SELECT city_id FROM cameras WHERE id = %(camera_id)s;
