-- Layer heatmap (planners): reports created per H3 hexagon over whole months
-- [since_month, until_month), optionally per category or agency, from the trigger-kept
-- h3_report_heat (by category) or h3_report_heat_total (no category filter).
WITH env AS (
    SELECT * FROM sigap_tile_env(%(z)s, %(x)s, %(y)s, %(margin)s)
), cells AS (
    SELECT h.cell, h.geom, h.area_km2 AS km2
    FROM h3_cells h, env WHERE h.res = %(res)s AND h.geom && env.e4326
), chosen AS (
    SELECT c.id FROM categories c JOIN agencies a ON a.id = c.agency_id AND a.city_id = c.city_id
    WHERE c.city_id = %(city_id)s AND (%(categories)s::text[] IS NULL OR c.code = ANY(%(categories)s))
      AND (%(agency)s::text IS NULL OR a.code = %(agency)s)
), counts AS (
    SELECT x.cell, sum(x.n)::int AS count
    FROM h3_report_heat_total x
    WHERE %(categories)s::text[] IS NULL AND %(agency)s::text IS NULL
      AND x.res = %(res)s AND x.cell IN (SELECT cell FROM cells) AND x.city_id = %(city_id)s
      AND (%(since_month)s::date IS NULL OR x.month >= %(since_month)s)
      AND (%(until_month)s::date IS NULL OR x.month < %(until_month)s)
    GROUP BY x.cell
    UNION ALL
    SELECT x.cell, sum(x.n)::int AS count
    FROM h3_report_heat x
    WHERE (%(categories)s::text[] IS NOT NULL OR %(agency)s::text IS NOT NULL)
      AND x.res = %(res)s AND x.cell IN (SELECT cell FROM cells)
      AND x.category_id IN (SELECT id FROM chosen)
      AND (%(since_month)s::date IS NULL OR x.month >= %(since_month)s)
      AND (%(until_month)s::date IS NULL OR x.month < %(until_month)s)
    GROUP BY x.cell
)
SELECT ST_AsMVT(t, 'heatmap', %(extent)s, 'geom') FROM (
    SELECT to_hex(cells.cell) AS h3, %(res)s::int AS h3_res, counts.count,
           round((counts.count / cells.km2)::numeric, 2)::float8 AS per_km2,
           ST_AsMVTGeom(ST_Transform(cells.geom, 3857), env.e, %(extent)s, %(buffer)s, true) AS geom
    FROM counts JOIN cells USING (cell), env
) t;
