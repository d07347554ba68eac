SELECT kc.id, ST_AsGeoJSON(kc.geom, 7)::json AS geometry,
       json_build_object('name', kc.name, 'code', kc.code, 'area_km2', kc.area_km2) AS properties,
       count(*) OVER () AS matched
FROM kecamatan kc
WHERE kc.city_id = %(city_id)s AND (%(fid)s::bigint IS NULL OR kc.id = %(fid)s)
  AND (%(minx)s::float8 IS NULL OR kc.geom && ST_MakeEnvelope(%(minx)s, %(miny)s, %(maxx)s, %(maxy)s, 4326))
ORDER BY kc.id
LIMIT %(limit)s OFFSET %(offset)s;
