-- Each active rule of a camera with what the current frame shows inside its zone.
SELECT cr.id, cr.rule, cr.params, cr.streak, c.code AS category, z.id AS zone_id, z.name AS zone,
       ST_X(ST_PointOnSurface(z.geom)) AS lng, ST_Y(ST_PointOnSurface(z.geom)) AS lat,
       (SELECT count(*) FROM detections d
        WHERE d.camera_id = z.camera_id AND d.city_id = z.city_id AND d.frame_at = %(frame_at)s AND ST_Intersects(z.geom, d.geom)
          AND d.class_name = ANY(CASE cr.rule WHEN 'crowd' THEN ARRAY['person']
                                   ELSE ARRAY['car','bus','truck','motorcycle'] END))::int AS inside
FROM camera_rules cr
JOIN camera_zones z ON z.id = cr.zone_id AND z.city_id = cr.city_id
JOIN categories c ON c.id = cr.category_id AND c.city_id = cr.city_id
WHERE z.camera_id = %(camera_id)s AND z.city_id = %(city_id)s AND cr.active
ORDER BY cr.id
FOR UPDATE OF cr;
