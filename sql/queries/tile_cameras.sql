-- Layer cameras: CCTV sensors.
WITH env AS (
    SELECT * FROM sigap_tile_env(%(z)s, %(x)s, %(y)s, %(margin)s)
)
SELECT ST_AsMVT(t, 'cameras', %(extent)s, 'geom', 'id') FROM (
    SELECT c.id, c.name, c.heading_deg, c.active, (c.homography IS NOT NULL) AS calibrated,
           ST_AsMVTGeom(ST_Transform(c.geom, 3857), env.e, %(extent)s, %(buffer)s, true) AS geom
    FROM cameras c, env
    WHERE c.geom && env.e4326 AND c.city_id = %(city_id)s
) t;
