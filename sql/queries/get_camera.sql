SELECT c.id, c.city_id, ci.slug AS city, ci.utm_epsg, c.name, ST_X(c.geom) AS lng, ST_Y(c.geom) AS lat, c.heading_deg, c.source, c.control_points,
       c.homography, c.reprojection_error_m, c.kelurahan_id, k.name AS kelurahan, c.active, c.created_at,
       CASE WHEN NOT c.active THEN 'inactive' WHEN c.failures > 0 THEN 'offline'
            WHEN c.last_seen_at IS NOT NULL THEN 'online' ELSE 'unknown' END AS status,
       c.last_seen_at, c.last_error, c.last_error_at, c.failures, c.next_try_at
FROM cameras c JOIN cities ci ON ci.id = c.city_id
LEFT JOIN kelurahan k ON k.id = c.kelurahan_id AND k.city_id = c.city_id
WHERE (%(id)s::int IS NULL OR c.id = %(id)s) AND (%(city_id)s::int IS NULL OR c.city_id = %(city_id)s)
ORDER BY c.id;
