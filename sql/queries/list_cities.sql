-- Every city (tenant), oldest first: the first is the default when a request names none.
SELECT id, code, slug, name, time_zone, utm_epsg, center_lng, center_lat, zoom, bbox, attribution
FROM cities ORDER BY id;
