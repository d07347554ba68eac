-- Every city (tenant), oldest first; the default (`is_default`, else the first) answers a request
-- that names none. is_default is read through to_jsonb: a database not yet at 0044 still lists its
-- cities (`sigap load-reference` before `sigap db upgrade`; the migration tests load old schemas).
SELECT id, code, slug, name, time_zone, utm_epsg, center_lng, center_lat, zoom, bbox, attribution,
       coalesce((to_jsonb(c) ->> 'is_default')::boolean, false) AS is_default
FROM cities c ORDER BY id;
