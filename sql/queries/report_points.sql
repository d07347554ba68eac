SELECT ST_X(geom) AS lng, ST_Y(geom) AS lat, ST_X(public_geom) AS public_lng, ST_Y(public_geom) AS public_lat
FROM reports WHERE id = ANY(%(ids)s::bigint[]) AND (%(city_id)s::int IS NULL OR city_id = %(city_id)s);
