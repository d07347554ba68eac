-- Layer reports, high zoom: one point per report at its public location
-- (confidential categories coarsened to an H3 r8 centre). Public fields only.
-- A tile over more than %(max_points)s reports (a dense centre at 1M+ reports reached ~9 MB
-- at z14) carries H3 hexagons with counts instead, exactly like the low zooms, so every report
-- is still counted and no tile outgrows a phone; sparse tiles keep their points. Without a
-- time window the hexagons and the decision come from the trigger-kept h3_report_counts (no
-- scan of a dense centre's reports); with one, from the reports themselves.
-- Only one branch runs: the CASE's scalar subqueries are evaluated on demand.
WITH env AS (
    SELECT * FROM sigap_tile_env(%(z)s, %(x)s, %(y)s, %(margin)s)
), matching AS NOT MATERIALIZED (
    SELECT r.id, r.category_id, c.code AS category, r.status, r.priority, a.code AS agency, r.support_count,
           r.created_at, c.confidential, r.public_geom,
           CASE %(res)s WHEN 8 THEN r.h3_r8 WHEN 9 THEN r.h3_r9 WHEN 10 THEN r.h3_r10 ELSE r.h3_r7 END AS cell
    FROM reports r
    JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id
    JOIN agencies a ON a.id = r.agency_id AND a.city_id = r.city_id, env
    WHERE r.public_geom && env.e4326 AND r.city_id = %(city_id)s
      AND (%(categories)s::text[] IS NULL OR c.code = ANY(%(categories)s))
      AND (%(statuses)s::text[] IS NULL OR r.status = ANY(%(statuses)s))
      AND (%(agency)s::text IS NULL OR a.code = %(agency)s)
      AND (%(since)s::timestamptz IS NULL OR r.created_at >= %(since)s)
      AND (%(until)s::timestamptz IS NULL OR r.created_at < %(until)s)
), wanted AS (
    SELECT c.id FROM categories c JOIN agencies a ON a.id = c.agency_id AND a.city_id = c.city_id
    WHERE c.city_id = %(city_id)s AND (%(categories)s::text[] IS NULL OR c.code = ANY(%(categories)s))
      AND (%(agency)s::text IS NULL OR a.code = %(agency)s)
), counted AS MATERIALIZED (
    SELECT x.cell, x.category_id, x.status, x.n
    FROM h3_report_counts x
    WHERE x.res = %(res)s
      AND x.cell IN (SELECT h.cell FROM h3_cells h, env WHERE h.res = %(res)s AND h.geom && env.e4326)
      AND x.category_id IN (SELECT id FROM wanted)
      AND (%(statuses)s::text[] IS NULL OR x.status = ANY(%(statuses)s))
), hexagons AS NOT MATERIALIZED (
    -- whichever source the branch below names: counted (no window) or matching (a window)
    SELECT cell, category_id, status, n FROM counted
    WHERE %(since)s::timestamptz IS NULL AND %(until)s::timestamptz IS NULL
    UNION ALL
    SELECT cell, category_id, status, 1 FROM matching
    WHERE %(since)s::timestamptz IS NOT NULL OR %(until)s::timestamptz IS NOT NULL
)
SELECT CASE
    WHEN (%(since)s::timestamptz IS NULL AND %(until)s::timestamptz IS NULL
          AND (SELECT coalesce(sum(n), 0) FROM counted) > %(max_points)s)
      OR ((%(since)s::timestamptz IS NOT NULL OR %(until)s::timestamptz IS NOT NULL)
          AND (SELECT count(*) FROM (SELECT 1 FROM matching LIMIT %(max_points)s + 1) q) > %(max_points)s) THEN (
        WITH grouped AS (
            SELECT cell, category_id, status, sum(n) AS n, GROUPING(category_id) AS no_category
            FROM hexagons GROUP BY GROUPING SETS ((cell, category_id), (cell, status))
        ), per_cell AS MATERIALIZED (
            SELECT g.cell, (sum(g.n) FILTER (WHERE g.no_category = 0))::int AS count,
                   jsonb_object_agg(CASE g.no_category WHEN 0 THEN 'cat_' || c.code ELSE 'st_' || g.status END, g.n) AS counts
            FROM grouped g LEFT JOIN categories c ON c.id = g.category_id AND c.city_id = %(city_id)s AND g.no_category = 0
            GROUP BY g.cell
        )
        SELECT ST_AsMVT(t, 'reports', %(extent)s, 'geom') FROM (
            SELECT to_hex(p.cell) AS h3, %(res)s::int AS h3_res, p.count, true AS aggregated, p.counts,
                   ST_AsMVTGeom(ST_Transform(h.geom, 3857), env.e, %(extent)s, %(buffer)s, true) AS geom
            FROM per_cell p JOIN h3_cells h ON h.cell = p.cell, env
        ) t)
    ELSE (
        SELECT ST_AsMVT(t, 'reports', %(extent)s, 'geom', 'id') FROM (
            SELECT m.id, m.category, m.status, m.priority, m.agency, m.support_count,
                   extract(epoch FROM m.created_at)::bigint AS created_at, m.confidential AS location_coarsened,
                   ST_AsMVTGeom(ST_Transform(m.public_geom, 3857), env.e, %(extent)s, %(buffer)s, true) AS geom
            FROM matching m, env
        ) t)
END;
