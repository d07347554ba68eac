-- Layer kecamatan: the 6 district boundaries.
WITH env AS (
    SELECT ST_TileEnvelope(%(z)s, %(x)s, %(y)s) AS e,
           ST_Transform(ST_ClipByBox2D(ST_TileEnvelope(%(z)s, %(x)s, %(y)s, margin => %(margin)s), ST_TileEnvelope(0, 0, 0)::box2d), 4326) AS e4326
)
SELECT ST_AsMVT(t, 'kecamatan', %(extent)s, 'geom', 'id') FROM (
    SELECT kc.id, kc.name, kc.code,
           ST_AsMVTGeom(ST_Transform(kc.geom, 3857), env.e, %(extent)s, %(buffer)s, true) AS geom
    FROM kecamatan kc, env
    WHERE kc.geom && env.e4326 AND kc.city_id = %(city_id)s
) t;
