-- The cells of one emerging hot spot run, for GeoJSON/GeoPackage export.
SELECT e.cell, e.n, e.pattern, e.hot_months, e.cold_months, e.trend_tau, e.trend_p, e.count_tau,
       r.category, r.period, r.res, r.computed_at, ST_AsGeoJSON(e.geom)::json AS geometry
FROM analysis_runs r JOIN emerging_cells e ON e.run_id = r.id AND e.city_id = r.city_id
WHERE r.city_id = %(city_id)s AND r.kind = 'emerging_hotspots' AND r.category = %(category)s AND r.period = %(period)s AND r.res = %(res)s
ORDER BY e.cell;
