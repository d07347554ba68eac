-- Layer hotspots (staff): the cells of the Gi* run for one category ('' = all) and period,
-- r8 below z13 and r9 from it on; every study cell, significant or not (confidence 0).
WITH env AS (
    SELECT ST_TileEnvelope(%(z)s, %(x)s, %(y)s) AS e,
           ST_Transform(ST_ClipByBox2D(ST_TileEnvelope(%(z)s, %(x)s, %(y)s, margin => %(margin)s), ST_TileEnvelope(0, 0, 0)::box2d), 4326) AS e4326
), run AS (
    SELECT id, res FROM analysis_runs
    WHERE city_id = %(city_id)s AND kind = 'hotspots' AND category = coalesce((%(categories)s::text[])[1], '')
      AND period = coalesce(%(period)s::text, '12m') AND res = CASE WHEN %(z)s >= 13 THEN 9 ELSE 8 END
)
SELECT ST_AsMVT(t, 'hotspots', %(extent)s, 'geom') FROM (
    SELECT to_hex(h.cell) AS h3, run.res AS h3_res, h.n AS count, round(h.gi_z::numeric, 2)::float8 AS gi_z,
           round(h.p_value::numeric, 4)::float8 AS p_value, h.confidence,
           ST_AsMVTGeom(ST_Transform(h.geom, 3857), env.e, %(extent)s, %(buffer)s, true) AS geom
    FROM run JOIN hotspot_cells h ON h.run_id = run.id, env
    WHERE h.geom && env.e4326
) t;
