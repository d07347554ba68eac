-- One frame's detections; the kelurahan of each ground point is looked up in the subdivided
-- boundaries (NULL when the camera looks outside the city).
INSERT INTO detections (camera_id, city_id, class_name, confidence, bbox, frame_at, geom, georef,
                        h3_r6, h3_r7, h3_r8, h3_r9, h3_r10, h3_r11, kelurahan_id)
SELECT %(camera_id)s, c.city_id, d.cls, d.conf, d.bbox, %(frame_at)s, ST_SetSRID(ST_MakePoint(d.lng, d.lat), 4326),
       %(georef)s, d.r6, d.r7, d.r8, d.r9, d.r10, d.r11,
       (SELECT kp.kelurahan_id FROM kelurahan_parts kp
        WHERE kp.city_id = c.city_id AND ST_Intersects(kp.geom, ST_SetSRID(ST_MakePoint(d.lng, d.lat), 4326)) LIMIT 1)
FROM cameras c, jsonb_to_recordset(%(rows)s) AS d(cls text, conf real, bbox real[], lng float8, lat float8,
                                       r6 bigint, r7 bigint, r8 bigint, r9 bigint, r10 bigint, r11 bigint)
WHERE c.id = %(camera_id)s AND c.city_id = %(city_id)s
RETURNING id;
