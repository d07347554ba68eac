-- A zone drawn on a camera's view, in (lng, lat); no row when the camera does not exist.
INSERT INTO camera_zones (camera_id, city_id, name, kind, geom)
SELECT c.id, c.city_id, %(name)s, %(kind)s, ST_SetSRID(ST_GeomFromGeoJSON(%(geometry)s), 4326)
FROM cameras c
WHERE c.id = %(camera_id)s AND c.city_id = %(city_id)s
RETURNING id
