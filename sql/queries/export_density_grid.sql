-- One city's reports per grid cell of %(cell_m)s metres in its UTM zone (%(epsg)s) over the
-- grid's origin (west, north).
SELECT floor((ST_X(p) - %(west)s) / %(cell_m)s)::int AS col,
       floor((%(north)s - ST_Y(p)) / %(cell_m)s)::int AS row, count(*)::int AS n
FROM (SELECT ST_Transform(r.public_geom, %(epsg)s::int) AS p
      FROM reports r JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id
      WHERE r.city_id = %(city_id)s AND (%(categories)s::text[] IS NULL OR c.code = ANY(%(categories)s))
        AND (%(since)s::timestamptz IS NULL OR r.created_at >= %(since)s)
        AND (%(until)s::timestamptz IS NULL OR r.created_at < %(until)s)
        AND r.status NOT IN ('rejected','duplicate')) q
GROUP BY 1, 2;
