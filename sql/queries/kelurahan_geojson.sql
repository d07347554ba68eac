SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(f ORDER BY f.id), '[]'))
FROM (
    SELECT k.id, 'Feature' AS type,
           ST_AsGeoJSON(ST_Multi(ST_SimplifyPreserveTopology(k.geom, %(simplify)s)), 6)::json AS geometry,
           json_build_object('id', k.id, 'code', k.code, 'name', k.name,
                             'kecamatan', kc.name, 'kecamatan_id', kc.id,
                             'puskesmas', k.puskesmas, 'area_km2', k.area_km2) AS properties
    FROM kelurahan k JOIN kecamatan kc ON kc.id = k.kecamatan_id AND kc.city_id = k.city_id
    WHERE k.city_id = %(city_id)s AND (%(kecamatan)s::text IS NULL OR kc.name = %(kecamatan)s)
) f;
