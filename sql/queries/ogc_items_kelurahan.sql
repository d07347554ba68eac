SELECT k.id, ST_AsGeoJSON(k.geom, 7)::json AS geometry,
       json_build_object('name', k.name, 'code', k.code, 'kecamatan', kc.name, 'puskesmas', k.puskesmas,
                         'area_km2', k.area_km2) AS properties,
       count(*) OVER () AS matched
FROM kelurahan k JOIN kecamatan kc ON kc.id = k.kecamatan_id AND kc.city_id = k.city_id
WHERE k.city_id = %(city_id)s AND (%(fid)s::bigint IS NULL OR k.id = %(fid)s)
  AND (%(minx)s::float8 IS NULL OR k.geom && ST_MakeEnvelope(%(minx)s, %(miny)s, %(maxx)s, %(maxy)s, 4326))
ORDER BY k.id
LIMIT %(limit)s OFFSET %(offset)s;
