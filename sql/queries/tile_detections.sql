-- Layer detections (staff only): CCTV detections as ground points, the last 24 hours unless
-- asked otherwise (tiles/filters.py caps `since` at 7 days), the newest 10,000 per tile.
WITH env AS (
    SELECT * FROM sigap_tile_env(%(z)s, %(x)s, %(y)s, %(margin)s)
)
SELECT ST_AsMVT(t, 'detections', %(extent)s, 'geom', 'id') FROM (
    SELECT d.id, d.class_name, round(d.confidence::numeric, 3)::float8 AS confidence, d.camera_id,
           d.georef, extract(epoch FROM d.frame_at)::bigint AS frame_at,
           ST_AsMVTGeom(ST_Transform(d.geom, 3857), env.e, %(extent)s, %(buffer)s, true) AS geom
    FROM detections d, env
    WHERE d.geom && env.e4326 AND d.city_id = %(city_id)s
      AND d.frame_at >= coalesce(%(since)s::timestamptz, now() - interval '24 hours')
      AND (%(until)s::timestamptz IS NULL OR d.frame_at < %(until)s)
    ORDER BY d.frame_at DESC
    LIMIT 10000
) t;
