-- Layer reports, low zoom: H3 hexagons (resolution matched to zoom) with the total
-- and counts per category (cat_*) and status (st_*), from the trigger-kept
-- h3_report_counts table, so a city-wide tile never scans the reports.
WITH env AS (
    SELECT ST_TileEnvelope(%(z)s, %(x)s, %(y)s) AS e,
           ST_Transform(ST_TileEnvelope(%(z)s, %(x)s, %(y)s, margin => %(margin)s), 4326) AS e4326
), base AS (
    SELECT x.cell, x.category_id, x.status, x.n
    FROM h3_report_counts x
    JOIN categories c ON c.id = x.category_id
    JOIN agencies a ON a.id = c.agency_id
    WHERE x.res = %(res)s
      AND x.cell IN (SELECT h.cell FROM h3_cells h, env WHERE h.res = %(res)s AND h.geom && env.e4326)
      AND (%(categories)s::text[] IS NULL OR c.code = ANY(%(categories)s))
      AND (%(statuses)s::text[] IS NULL OR x.status = ANY(%(statuses)s))
      AND (%(agency)s::text IS NULL OR a.code = %(agency)s)
), by_cat AS (
    SELECT q.cell, jsonb_object_agg('cat_' || c.code, q.s) AS j
    FROM (SELECT cell, category_id, sum(n) AS s FROM base GROUP BY 1, 2) q
    JOIN categories c ON c.id = q.category_id GROUP BY q.cell
), by_status AS (
    SELECT cell, jsonb_object_agg('st_' || status, s) AS j
    FROM (SELECT cell, status, sum(n) AS s FROM base GROUP BY 1, 2) q GROUP BY cell
), tot AS (
    SELECT cell, sum(n)::int AS count FROM base GROUP BY cell
)
SELECT ST_AsMVT(t, 'reports', %(extent)s, 'geom') FROM (
    SELECT to_hex(tot.cell) AS h3, %(res)s::int AS h3_res, tot.count, true AS aggregated,
           by_cat.j || by_status.j AS counts,
           ST_AsMVTGeom(ST_Transform(h.geom, 3857), env.e, %(extent)s, %(buffer)s, true) AS geom
    FROM tot JOIN by_cat USING (cell) JOIN by_status USING (cell)
    JOIN h3_cells h ON h.cell = tot.cell, env
) t;
