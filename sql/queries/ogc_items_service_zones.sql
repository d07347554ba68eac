SELECT z.id, ST_AsGeoJSON(z.geom, 7)::json AS geometry,
       json_build_object('name', z.name, 'agency', a.code, 'agency_name', a.name_id) AS properties,
       count(*) OVER () AS matched
FROM service_zones z JOIN agencies a ON a.id = z.agency_id AND a.city_id = z.city_id
WHERE z.city_id = %(city_id)s AND (%(fid)s::bigint IS NULL OR z.id = %(fid)s)
  AND (%(minx)s::float8 IS NULL OR z.geom && ST_MakeEnvelope(%(minx)s, %(miny)s, %(maxx)s, %(maxy)s, 4326))
ORDER BY z.id
LIMIT %(limit)s OFFSET %(offset)s;
