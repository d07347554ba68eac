-- Traffic per camera over the last 5, 15 and 60 minutes: frames analysed, mean and max vehicles
-- per frame, and the road zones' capacity (a jammed lane holds a vehicle per ~20 m²). Public:
-- no people, no frames, no error texts.
WITH cams AS (
    SELECT c.id, c.city_id, c.name, ST_X(c.geom) AS lng, ST_Y(c.geom) AS lat, c.geom,
           CASE WHEN c.failures > 0 THEN 'offline' WHEN c.last_seen_at IS NOT NULL THEN 'online' ELSE 'unknown' END AS status,
           c.last_seen_at,
           (SELECT sum(ST_Area(z.geom::geography)) FROM camera_zones z WHERE z.camera_id = c.id AND z.city_id = c.city_id AND z.kind = 'road')
             / 20.0 AS capacity
    FROM cameras c WHERE c.active AND (%(id)s::int IS NULL OR c.id = %(id)s)
      AND c.city_id = %(city_id)s
)
SELECT cams.id, cams.name, cams.lng, cams.lat, cams.geom, cams.status, cams.last_seen_at, cams.capacity,
       w.minutes, count(f.frame_at)::int AS frames,
       avg(coalesce(f.vehicles_on_road, f.vehicles))::float8 AS mean, max(coalesce(f.vehicles_on_road, f.vehicles)) AS max,
       public.sigap_traffic_level(avg(f.vehicles_on_road), cams.capacity) AS level
FROM cams
CROSS JOIN (VALUES (5), (15), (60)) AS w(minutes)
LEFT JOIN camera_frames f ON f.camera_id = cams.id AND f.city_id = cams.city_id AND f.frame_at > now() - make_interval(mins => w.minutes)
GROUP BY cams.id, cams.name, cams.lng, cams.lat, cams.geom, cams.status, cams.last_seen_at, cams.capacity, w.minutes
ORDER BY cams.id, w.minutes;
