-- Layer kelurahan: the 51 boundaries with names (one statement per tile).
WITH env AS (
    SELECT * FROM sigap_tile_env(%(z)s, %(x)s, %(y)s, %(margin)s)
)
SELECT ST_AsMVT(t, 'kelurahan', %(extent)s, 'geom', 'id') FROM (
    SELECT k.id, k.name, k.code, kc.name AS kecamatan, k.puskesmas,
           ST_AsMVTGeom(ST_Transform(k.geom, 3857), env.e, %(extent)s, %(buffer)s, true) AS geom
    FROM kelurahan k JOIN kecamatan kc ON kc.id = k.kecamatan_id AND kc.city_id = k.city_id, env
    WHERE k.geom && env.e4326 AND k.city_id = %(city_id)s
) t;
