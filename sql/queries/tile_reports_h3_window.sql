-- Layer reports, low zoom with a time window: the same hexagons aggregated from the
-- reports themselves (the trigger-kept counts have no time dimension). Same shape as
-- tile_reports_h3.sql: one GROUP BY with two grouping sets, one fold per cell, no join
-- between aggregates (a misestimated join of them took 820 ms on one dense z12 tile).
-- Each hexagon the tile draws counts all its reports, also those beyond the tile's edge: counting
-- only the reports inside the tile gave one hexagon a different count in each tile it crosses,
-- and a total that changed with the zoom.
WITH env AS (
    SELECT * FROM sigap_tile_env(%(z)s, %(x)s, %(y)s, %(margin)s)
), cells AS (
    SELECT h.cell, h.geom FROM h3_cells h, env WHERE h.res = %(res)s AND h.geom && env.e4326
), bounds AS (
    -- the hexagons' extent, widened by how far a report may lie outside its stored cell (0039)
    SELECT ST_Expand(ST_SetSRID(ST_Extent(geom)::geometry, 4326), sigap_report_cell_slack(%(res)s)) AS b FROM cells
), base AS (
    SELECT CASE %(res)s WHEN 6 THEN r.h3_r6 WHEN 7 THEN r.h3_r7 WHEN 8 THEN r.h3_r8 ELSE r.h3_r9 END AS cell,
           c.code AS category, r.status
    FROM reports r
    JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id
    JOIN agencies a ON a.id = r.agency_id AND a.city_id = r.city_id, bounds
    WHERE r.public_geom && bounds.b AND r.city_id = %(city_id)s
      AND CASE %(res)s WHEN 6 THEN r.h3_r6 WHEN 7 THEN r.h3_r7 WHEN 8 THEN r.h3_r8 ELSE r.h3_r9 END
          IN (SELECT cell FROM cells)
      AND (%(categories)s::text[] IS NULL OR c.code = ANY(%(categories)s))
      AND (%(statuses)s::text[] IS NULL OR r.status = ANY(%(statuses)s))
      AND (%(agency)s::text IS NULL OR a.code = %(agency)s)
      AND (%(since)s::timestamptz IS NULL OR r.created_at >= %(since)s)
      AND (%(until)s::timestamptz IS NULL OR r.created_at < %(until)s)
), grouped AS (
    SELECT cell, category, status, count(*) AS n, GROUPING(category) AS no_category
    FROM base GROUP BY GROUPING SETS ((cell, category), (cell, status))
), per_cell AS MATERIALIZED (
    SELECT cell, (sum(n) FILTER (WHERE no_category = 0))::int AS count,
           jsonb_object_agg(CASE no_category WHEN 0 THEN 'cat_' || category ELSE 'st_' || status END, n) AS counts
    FROM grouped GROUP BY cell
)
-- Hexagons unclipped (clip_geom false): a hexagon across a tile edge is the same whole shape in
-- both tiles, so the browser places its count at one spot and shows it once (clipped halves each
-- got a label at their own centre: the count appeared twice).
SELECT ST_AsMVT(t, 'reports', %(extent)s, 'geom') FROM (
    SELECT to_hex(p.cell) AS h3, %(res)s::int AS h3_res, p.count, true AS aggregated, p.counts,
           ST_AsMVTGeom(ST_Transform(h.geom, 3857), env.e, %(extent)s, %(buffer)s, false) AS geom
    FROM per_cell p JOIN cells h USING (cell), env
) t;
