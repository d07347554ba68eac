-- Layer reports, low zoom with a time window: the same hexagons aggregated from the
-- reports themselves (the trigger-kept counts have no time dimension).
WITH env AS (
    SELECT ST_TileEnvelope(%(z)s, %(x)s, %(y)s) AS e,
           ST_Transform(ST_TileEnvelope(%(z)s, %(x)s, %(y)s, margin => %(margin)s), 4326) AS e4326
), base AS (
    SELECT CASE %(res)s WHEN 6 THEN r.h3_r6 WHEN 7 THEN r.h3_r7 WHEN 8 THEN r.h3_r8 ELSE r.h3_r9 END AS cell,
           c.code AS category, r.status
    FROM reports r
    JOIN categories c ON c.id = r.category_id
    JOIN agencies a ON a.id = r.agency_id, env
    WHERE r.public_geom && env.e4326
      AND (%(categories)s::text[] IS NULL OR c.code = ANY(%(categories)s))
      AND (%(statuses)s::text[] IS NULL OR r.status = ANY(%(statuses)s))
      AND (%(agency)s::text IS NULL OR a.code = %(agency)s)
      AND (%(since)s::timestamptz IS NULL OR r.created_at >= %(since)s)
      AND (%(until)s::timestamptz IS NULL OR r.created_at < %(until)s)
), by_cat AS (
    SELECT cell, jsonb_object_agg('cat_' || category, s) AS j
    FROM (SELECT cell, category, count(*) AS s FROM base GROUP BY 1, 2) q GROUP BY cell
), by_status AS (
    SELECT cell, jsonb_object_agg('st_' || status, s) AS j
    FROM (SELECT cell, status, count(*) AS s FROM base GROUP BY 1, 2) q GROUP BY cell
), tot AS (
    SELECT cell, count(*)::int AS count FROM base GROUP BY cell
)
SELECT ST_AsMVT(t, 'reports', %(extent)s, 'geom') FROM (
    SELECT to_hex(tot.cell) AS h3, %(res)s::int AS h3_res, tot.count, true AS aggregated,
           by_cat.j || by_status.j AS counts,
           ST_AsMVTGeom(ST_Transform(h.geom, 3857), env.e, %(extent)s, %(buffer)s, true) AS geom
    FROM tot JOIN by_cat USING (cell) JOIN by_status USING (cell)
    JOIN h3_cells h ON h.cell = tot.cell, env
) t;
