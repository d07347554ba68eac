-- Layer heatmap with a window that is not whole months ("the last 7 days"): counted from the
-- reports themselves, exactly, as tile_reports_h3_window.sql counts the reports layer. The
-- month tables (tile_heatmap.sql) would round the window out to whole months: a planner asking
-- for 7 days was shown November and December.
WITH env AS (
    SELECT * FROM sigap_tile_env(%(z)s, %(x)s, %(y)s, %(margin)s)
), counts AS (
    SELECT CASE %(res)s WHEN 6 THEN r.h3_r6 WHEN 7 THEN r.h3_r7 WHEN 8 THEN r.h3_r8 WHEN 9 THEN r.h3_r9
                        ELSE r.h3_r10 END AS cell, count(*)::int AS count
    FROM reports r
    JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id
    JOIN agencies a ON a.id = r.agency_id AND a.city_id = r.city_id, env
    WHERE r.public_geom && env.e4326 AND r.city_id = %(city_id)s
      AND (%(categories)s::text[] IS NULL OR c.code = ANY(%(categories)s))
      AND (%(agency)s::text IS NULL OR a.code = %(agency)s)
      AND (%(since)s::timestamptz IS NULL OR r.created_at >= %(since)s)
      AND (%(until)s::timestamptz IS NULL OR r.created_at < %(until)s)
    GROUP BY 1
)
SELECT ST_AsMVT(t, 'heatmap', %(extent)s, 'geom') FROM (
    SELECT to_hex(k.cell) AS h3, %(res)s::int AS h3_res, k.count,
           round((k.count / h.area_km2)::numeric, 2)::float8 AS per_km2,
           ST_AsMVTGeom(ST_Transform(h.geom, 3857), env.e, %(extent)s, %(buffer)s, true) AS geom
    FROM counts k JOIN h3_cells h ON h.cell = k.cell, env
) t;
