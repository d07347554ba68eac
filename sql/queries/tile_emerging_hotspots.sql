-- Layer emerging_hotspots (staff): the cells of the newest emerging hot spot run for one
-- category ('' = all), with their ArcGIS Pro pattern (geo/hotstats.py).
WITH env AS (
    SELECT * FROM sigap_tile_env(%(z)s, %(x)s, %(y)s, %(margin)s)
), run AS (
    SELECT id, city_id FROM analysis_runs
    WHERE city_id = %(city_id)s AND kind = 'emerging_hotspots' AND category = coalesce((%(categories)s::text[])[1], '')
    ORDER BY computed_at DESC LIMIT 1
)
SELECT ST_AsMVT(t, 'emerging_hotspots', %(extent)s, 'geom') FROM (
    SELECT to_hex(e.cell) AS h3, e.n AS count, e.pattern, e.hot_months, e.cold_months,
           round(e.trend_tau::numeric, 3)::float8 AS trend_tau,
           ST_AsMVTGeom(ST_Transform(e.geom, 3857), env.e, %(extent)s, %(buffer)s, true) AS geom
    FROM run JOIN emerging_cells e ON e.run_id = run.id AND e.city_id = run.city_id, env
    WHERE e.geom && env.e4326
) t;
