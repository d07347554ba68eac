-- The cells of one hot spot run, for GeoJSON/GeoPackage export.
SELECT h.cell, h.n, h.gi_z, h.p_value, h.confidence, r.category, r.period, r.res, r.computed_at,
       ST_AsGeoJSON(h.geom)::json AS geometry
FROM analysis_runs r JOIN hotspot_cells h ON h.run_id = r.id AND h.city_id = r.city_id
WHERE r.city_id = %(city_id)s AND r.kind = 'hotspots' AND r.category = %(category)s AND r.period = %(period)s AND r.res = %(res)s
ORDER BY h.cell;
