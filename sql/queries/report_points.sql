-- Where the public sees reports (never their exact point): the tiles a change makes stale.
SELECT ST_X(public_geom) AS public_lng, ST_Y(public_geom) AS public_lat
FROM reports WHERE id = ANY(%(ids)s::bigint[]) AND (%(city_id)s::int IS NULL OR city_id = %(city_id)s);
