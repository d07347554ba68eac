-- Vehicles of this frame inside a no-parking zone that have been there, within radius_m,
-- in every frame of the camera since at least `seconds` ago (nothing in between moved away).
WITH frames AS (
    SELECT DISTINCT frame_at FROM detections
    WHERE camera_id = %(camera_id)s AND city_id = %(city_id)s AND frame_at >= %(frame_at)s - make_interval(secs => %(seconds)s * 3)
), now_v AS (
    SELECT d.id, d.geom FROM detections d JOIN camera_zones z ON z.id = %(zone_id)s AND z.city_id = d.city_id
    WHERE d.camera_id = %(camera_id)s AND d.city_id = %(city_id)s AND d.frame_at = %(frame_at)s
      AND d.class_name IN ('car','bus','truck','motorcycle') AND ST_Intersects(z.geom, d.geom)
)
SELECT v.id, ST_X(v.geom) AS lng, ST_Y(v.geom) AS lat,
       (SELECT min(f.frame_at) FROM frames f
        WHERE NOT EXISTS (
            SELECT 1 FROM frames g
            WHERE g.frame_at >= f.frame_at AND g.frame_at <= %(frame_at)s
              AND NOT EXISTS (SELECT 1 FROM detections o
                              WHERE o.camera_id = %(camera_id)s AND o.city_id = %(city_id)s AND o.frame_at = g.frame_at
                                AND o.class_name IN ('car','bus','truck','motorcycle')
                                AND ST_DWithin(o.geom::geography, v.geom::geography, %(radius_m)s)))
       ) AS since
FROM now_v v;
