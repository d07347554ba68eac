SELECT c.id, ST_AsGeoJSON(c.geom, 7)::json AS geometry,
       json_build_object('name', c.name, 'heading_deg', c.heading_deg, 'active', c.active,
                         'calibrated', c.homography IS NOT NULL, 'created_at', c.created_at) AS properties,
       count(*) OVER () AS matched
FROM cameras c
WHERE c.city_id = %(city_id)s AND (%(fid)s::bigint IS NULL OR c.id = %(fid)s)
  AND (%(minx)s::float8 IS NULL OR c.geom && ST_MakeEnvelope(%(minx)s, %(miny)s, %(maxx)s, %(maxy)s, 4326))
ORDER BY c.id
LIMIT %(limit)s OFFSET %(offset)s;
