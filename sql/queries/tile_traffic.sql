-- Layer traffic: each active camera with its congestion level and mean vehicles per frame over
-- the last 15 minutes (public: no people, no frames).
WITH env AS (
    SELECT * FROM sigap_tile_env(%(z)s, %(x)s, %(y)s, %(margin)s)
)
SELECT ST_AsMVT(t, 'traffic', %(extent)s, 'geom', 'id') FROM (
    SELECT c.id, c.name,
           CASE WHEN c.failures > 0 THEN 'offline' WHEN c.last_seen_at IS NOT NULL THEN 'online' ELSE 'unknown' END AS status,
           public.sigap_traffic_level(w.mean_on_road,
               (SELECT sum(ST_Area(z.geom::geography)) FROM camera_zones z WHERE z.camera_id = c.id AND z.city_id = c.city_id AND z.kind = 'road') / 20.0)
             AS level,
           round(w.mean::numeric, 1)::float8 AS vehicles_15m, w.frames AS frames_15m,
           ST_AsMVTGeom(ST_Transform(c.geom, 3857), env.e, %(extent)s, %(buffer)s, true) AS geom
    FROM cameras c, env,
    LATERAL (SELECT count(*)::int AS frames, avg(coalesce(f.vehicles_on_road, f.vehicles)) AS mean,
                    avg(f.vehicles_on_road) AS mean_on_road
             FROM camera_frames f WHERE f.camera_id = c.id AND f.city_id = c.city_id AND f.frame_at > now() - interval '15 minutes') w
    WHERE c.active AND c.geom && env.e4326 AND c.city_id = %(city_id)s
) t;
