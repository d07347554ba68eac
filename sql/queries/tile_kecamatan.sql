-- Layer kecamatan: the 6 district boundaries.
WITH env AS (
    SELECT * FROM sigap_tile_env(%(z)s, %(x)s, %(y)s, %(margin)s)
)
SELECT ST_AsMVT(t, 'kecamatan', %(extent)s, 'geom', 'id') FROM (
    SELECT kc.id, kc.name, kc.code,
           ST_AsMVTGeom(ST_Transform(kc.geom, 3857), env.e, %(extent)s, %(buffer)s, true) AS geom
    FROM kecamatan kc, env
    WHERE kc.geom && env.e4326 AND kc.city_id = %(city_id)s
) t;
