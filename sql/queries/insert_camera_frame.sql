-- One analysed frame's vehicle counts (after its detections are stored): in view, and inside
-- the camera's road zones (NULL when it has none or is not calibrated).
INSERT INTO camera_frames (camera_id, city_id, frame_at, vehicles, vehicles_on_road)
SELECT %(camera_id)s, c.city_id, %(frame_at)s,
       (SELECT count(*) FROM detections d WHERE d.camera_id = %(camera_id)s AND d.city_id = c.city_id AND d.frame_at = %(frame_at)s
          AND d.class_name IN ('car', 'bus', 'truck', 'motorcycle')),
       CASE WHEN c.homography IS NULL OR NOT EXISTS (SELECT 1 FROM camera_zones z WHERE z.camera_id = c.id AND z.city_id = c.city_id AND z.kind = 'road')
            THEN NULL
            ELSE (SELECT count(*) FROM detections d
                  WHERE d.camera_id = c.id AND d.city_id = c.city_id AND d.frame_at = %(frame_at)s
                    AND d.class_name IN ('car', 'bus', 'truck', 'motorcycle')
                    AND EXISTS (SELECT 1 FROM camera_zones z
                                WHERE z.camera_id = c.id AND z.city_id = c.city_id AND z.kind = 'road' AND ST_Intersects(z.geom, d.geom))) END
FROM cameras c WHERE c.id = %(camera_id)s AND c.city_id = %(city_id)s
ON CONFLICT (camera_id, frame_at, city_id) DO NOTHING;
