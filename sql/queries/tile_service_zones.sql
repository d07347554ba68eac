-- Layer service_zones: where each agency's teams work.
WITH env AS (
    SELECT * FROM sigap_tile_env(%(z)s, %(x)s, %(y)s, %(margin)s)
)
SELECT ST_AsMVT(t, 'service_zones', %(extent)s, 'geom', 'id') FROM (
    SELECT z.id, z.name, a.code AS agency,
           ST_AsMVTGeom(ST_Transform(z.geom, 3857), env.e, %(extent)s, %(buffer)s, true) AS geom
    FROM service_zones z JOIN agencies a ON a.id = z.agency_id AND a.city_id = z.city_id, env
    WHERE z.geom && env.e4326 AND z.city_id = %(city_id)s AND (%(agency)s::text IS NULL OR a.code = %(agency)s)
) t;
