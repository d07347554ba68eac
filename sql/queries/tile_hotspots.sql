-- Layer hotspots (staff): the cells of the Gi* run for one category ('' = all) and period,
-- r8 below z13 and r9 from it on; every study cell, significant or not (confidence 0).
WITH env AS (
    SELECT * FROM sigap_tile_env(%(z)s, %(x)s, %(y)s, %(margin)s)
), run AS (
    SELECT id, city_id, res FROM analysis_runs
    WHERE city_id = %(city_id)s AND kind = 'hotspots' AND category = coalesce((%(categories)s::text[])[1], '')
      AND period = coalesce(%(period)s::text, '12m') AND res = CASE WHEN %(z)s >= 13 THEN 9 ELSE 8 END
)
SELECT ST_AsMVT(t, 'hotspots', %(extent)s, 'geom') FROM (
    SELECT to_hex(h.cell) AS h3, run.res AS h3_res, h.n AS count, round(h.gi_z::numeric, 2)::float8 AS gi_z,
           round(h.p_value::numeric, 4)::float8 AS p_value, h.confidence,
           ST_AsMVTGeom(ST_Transform(h.geom, 3857), env.e, %(extent)s, %(buffer)s, true) AS geom
    FROM run JOIN hotspot_cells h ON h.run_id = run.id AND h.city_id = run.city_id, env
    WHERE h.geom && env.e4326
) t;
