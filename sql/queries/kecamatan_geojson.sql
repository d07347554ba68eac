-- %(simplify)s in degrees (0 = full detail); a web map needs ~1e-5.
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(f ORDER BY f.id), '[]'))
FROM (
    SELECT kc.id, 'Feature' AS type,
           ST_AsGeoJSON(ST_Multi(ST_SimplifyPreserveTopology(kc.geom, %(simplify)s)), 6)::json AS geometry,
           json_build_object('id', kc.id, 'code', kc.code, 'name', kc.name,
                             'area_km2', kc.area_km2,
                             'kelurahan_count', (SELECT count(*) FROM kelurahan k WHERE k.kecamatan_id = kc.id AND k.city_id = kc.city_id)
           ) AS properties
    FROM kecamatan kc
    WHERE kc.city_id = %(city_id)s
) f;
