-- Layer heatmap (planners): reports created per H3 hexagon in [since, until), optionally per
-- category or agency; neither rejected reports nor duplicates (0051: one problem counts once).
-- The whole months of the city's calendar inside the window come from the trigger-kept month
-- tables (h3_report_heat by category, h3_report_heat_total without a category
-- or agency filter); the part-months at its ends ("the last 7 days", the first weeks of "the last
-- year") are counted from the reports themselves. Rounding the window out to whole months showed
-- a planner November and December for "the last 7 days"; counting a year from the reports would
-- scan a year of them per tile.
WITH env AS (
    SELECT * FROM sigap_tile_env(%(z)s, %(x)s, %(y)s, %(margin)s)
), cells AS (
    SELECT h.cell, h.geom, h.area_km2 AS km2
    FROM h3_cells h, env WHERE h.res = %(res)s AND h.geom && env.e4326
), bounds AS (
    -- the part-months count each drawn hexagon's reports beyond the tile's edge too (else one
    -- hexagon had another count in each tile it crosses), widened by how far a report may lie
    -- outside its stored cell (0039)
    SELECT ST_Expand(ST_SetSRID(ST_Extent(geom)::geometry, 4326), sigap_report_cell_slack(%(res)s)) AS b FROM cells
), chosen AS (
    SELECT c.id FROM categories c JOIN agencies a ON a.id = c.agency_id AND a.city_id = c.city_id
    WHERE c.city_id = %(city_id)s AND (%(categories)s::text[] IS NULL OR c.code = ANY(%(categories)s))
      AND (%(agency)s::text IS NULL OR a.code = %(agency)s)
), local AS (  -- the window's ends on the city's wall clock
    SELECT ct.time_zone AS tz, %(since)s::timestamptz AT TIME ZONE ct.time_zone AS s,
           %(until)s::timestamptz AT TIME ZONE ct.time_zone AS u
    FROM cities ct WHERE ct.id = %(city_id)s
), months AS (  -- [m0, m1): the whole local months inside the window (NULL: open)
    SELECT tz, CASE WHEN date_trunc('month', s) = s THEN s ELSE date_trunc('month', s) + interval '1 month' END AS m0,
           date_trunc('month', u) AS m1
    FROM local
), ends AS (  -- the part-months, as instants: [since, m0) and [m1, until) when m1 is not before m0
    SELECT m0::date AS m0, m1::date AS m1, m0 AT TIME ZONE tz AS m0_at, m1 AT TIME ZONE tz AS m1_at,
           m0 IS NOT NULL AND m1 IS NOT NULL AND m1 < m0 AS one_part  -- since and until in one month
    FROM months
), counts AS (
    SELECT x.cell, x.n
    FROM h3_report_heat_total x, ends
    WHERE %(categories)s::text[] IS NULL AND %(agency)s::text IS NULL
      AND x.res = %(res)s AND x.cell IN (SELECT cell FROM cells) AND x.city_id = %(city_id)s
      AND NOT ends.one_part
      AND (ends.m0 IS NULL OR x.month >= ends.m0) AND (ends.m1 IS NULL OR x.month < ends.m1)
    UNION ALL
    SELECT x.cell, x.n
    FROM h3_report_heat x, ends
    WHERE (%(categories)s::text[] IS NOT NULL OR %(agency)s::text IS NOT NULL)
      AND x.res = %(res)s AND x.cell IN (SELECT cell FROM cells) AND x.city_id = %(city_id)s
      AND x.category_id IN (SELECT id FROM chosen)
      AND NOT ends.one_part
      AND (ends.m0 IS NULL OR x.month >= ends.m0) AND (ends.m1 IS NULL OR x.month < ends.m1)
    UNION ALL
    SELECT CASE %(res)s WHEN 6 THEN r.h3_r6 WHEN 7 THEN r.h3_r7 WHEN 8 THEN r.h3_r8 WHEN 9 THEN r.h3_r9
                        ELSE r.h3_r10 END, 1
    FROM reports r, ends, bounds
    WHERE r.city_id = %(city_id)s AND r.public_geom && bounds.b AND r.category_id IN (SELECT id FROM chosen)
      AND sigap_report_counted(r.status)
      AND (  -- the head [since, m0) (all of [since, until) when both ends lie in one month)
             (%(since)s::timestamptz IS NOT NULL AND r.created_at >= %(since)s
              AND r.created_at < CASE WHEN ends.one_part THEN %(until)s ELSE ends.m0_at END)
             -- the tail [m1, until)
          OR (%(until)s::timestamptz IS NOT NULL AND NOT ends.one_part AND r.created_at < %(until)s
              AND r.created_at >= ends.m1_at
              AND (%(since)s::timestamptz IS NULL OR r.created_at >= %(since)s)))
), per_cell AS (
    SELECT cell, sum(n)::int AS count FROM counts GROUP BY cell
)
SELECT ST_AsMVT(t, 'heatmap', %(extent)s, 'geom') FROM (
    SELECT to_hex(cells.cell) AS h3, %(res)s::int AS h3_res, p.count,
           round((p.count / cells.km2)::numeric, 2)::float8 AS per_km2,
           ST_AsMVTGeom(ST_Transform(cells.geom, 3857), env.e, %(extent)s, %(buffer)s, true) AS geom
    FROM per_cell p JOIN cells USING (cell), env
) t;
