-- Layer cameras: CCTV sensors.
WITH env AS (
    SELECT ST_TileEnvelope(%(z)s, %(x)s, %(y)s) AS e,
           ST_Transform(ST_ClipByBox2D(ST_TileEnvelope(%(z)s, %(x)s, %(y)s, margin => %(margin)s), ST_TileEnvelope(0, 0, 0)::box2d), 4326) AS e4326
)
SELECT ST_AsMVT(t, 'cameras', %(extent)s, 'geom', 'id') FROM (
    SELECT c.id, c.name, c.heading_deg, c.active, (c.homography IS NOT NULL) AS calibrated,
           ST_AsMVTGeom(ST_Transform(c.geom, 3857), env.e, %(extent)s, %(buffer)s, true) AS geom
    FROM cameras c, env
    WHERE c.geom && env.e4326 AND c.city_id = %(city_id)s
) t;
