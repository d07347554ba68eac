-- Layer reports, low zoom: H3 hexagons (resolution matched to zoom) with the total
-- and counts per category (cat_*) and status (st_*), from the trigger-kept
-- h3_report_counts table, so a city-wide tile never scans the reports.
-- One GROUP BY with two grouping sets (cell+category, cell+status) and one fold per cell:
-- no join between per-cell aggregates, whose row estimates (1 instead of thousands over a
-- dense centre) once turned the plan into a nested loop re-running an aggregate per row.
WITH env AS (
    SELECT * FROM sigap_tile_env(%(z)s, %(x)s, %(y)s, %(margin)s)
), cells AS (
    SELECT h.cell, h.geom FROM h3_cells h, env WHERE h.res = %(res)s AND h.geom && env.e4326
), wanted AS (
    -- the categories the filters allow: a semi-join on ~14 rows instead of a join per count row
    SELECT c.id, c.code FROM categories c JOIN agencies a ON a.id = c.agency_id AND a.city_id = c.city_id
    WHERE c.city_id = %(city_id)s AND (%(categories)s::text[] IS NULL OR c.code = ANY(%(categories)s))
      AND (%(agency)s::text IS NULL OR a.code = %(agency)s)
), grouped AS (
    SELECT x.cell, x.category_id, x.status, sum(x.n) AS n, GROUPING(x.category_id) AS no_category
    FROM h3_report_counts x
    WHERE x.res = %(res)s
      AND x.cell IN (SELECT cell FROM cells)
      AND x.category_id IN (SELECT id FROM wanted)
      AND (%(statuses)s::text[] IS NULL OR x.status = ANY(%(statuses)s))
    GROUP BY GROUPING SETS ((x.cell, x.category_id), (x.cell, x.status))
), per_cell AS MATERIALIZED (
    SELECT g.cell, (sum(g.n) FILTER (WHERE g.no_category = 0))::int AS count,
           jsonb_object_agg(CASE g.no_category WHEN 0 THEN 'cat_' || w.code ELSE 'st_' || g.status END, g.n) AS counts
    FROM grouped g LEFT JOIN wanted w ON w.id = g.category_id AND g.no_category = 0
    GROUP BY g.cell
)
-- Hexagons unclipped (clip_geom false): a hexagon across a tile edge is the same whole shape in
-- both tiles, so the browser places its count at one spot and shows it once (clipped halves each
-- got a label at their own centre: the count appeared twice).
SELECT ST_AsMVT(t, 'reports', %(extent)s, 'geom') FROM (
    SELECT to_hex(p.cell) AS h3, %(res)s::int AS h3_res, p.count, true AS aggregated, p.counts,
           ST_AsMVTGeom(ST_Transform(h.geom, 3857), env.e, %(extent)s, %(buffer)s, false) AS geom
    FROM per_cell p JOIN cells h USING (cell), env
) t;
