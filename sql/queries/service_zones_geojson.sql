SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(f ORDER BY f.id), '[]'))
FROM (
    SELECT z.id, 'Feature' AS type,
           ST_AsGeoJSON(ST_Multi(ST_SimplifyPreserveTopology(z.geom, %(simplify)s)), 6)::json AS geometry,
           json_build_object('id', z.id, 'name', z.name, 'agency', a.code) AS properties
    FROM service_zones z JOIN agencies a ON a.id = z.agency_id AND a.city_id = z.city_id
    WHERE z.city_id = %(city_id)s AND (%(agency)s::text IS NULL OR a.code = %(agency)s)
) f;
