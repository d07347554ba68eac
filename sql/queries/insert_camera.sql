INSERT INTO cameras (city_id, name, geom, heading_deg, source, control_points, homography, reprojection_error_m,
                     kelurahan_id)
VALUES (%(city_id)s, %(name)s, ST_SetSRID(ST_MakePoint(%(lng)s, %(lat)s), 4326), %(heading_deg)s, %(source)s,
        %(control_points)s, %(homography)s, %(reprojection_error_m)s, %(kelurahan_id)s)
ON CONFLICT (city_id, name) DO NOTHING
RETURNING id;
