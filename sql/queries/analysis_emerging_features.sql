-- The cells of one emerging hot spot run, for GeoJSON/GeoPackage export, with the kelurahan and
-- kecamatan a cell lies in and the months the run counted.
SELECT e.cell, k.name AS kelurahan, kc.name AS kecamatan, e.n AS count, e.pattern, e.hot_months, e.cold_months,
       e.trend_tau, e.trend_p, e.count_tau, r.category, r.period,
       r.months[1] AS first_month, r.months[array_length(r.months, 1)] AS last_month,
       r.res, r.computed_at, r.note = '' AS tested, r.note, ST_AsGeoJSON(e.geom)::json AS geometry
FROM analysis_runs r JOIN emerging_cells e ON e.run_id = r.id AND e.city_id = r.city_id
-- the kelurahan holding the cell's centre, else the nearest within ~1 km: a coastal cell's
-- centre at sea left a hot spot with no kelurahan (its reports had one: a walk)
LEFT JOIN LATERAL (SELECT k.name, k.kecamatan_id FROM kelurahan k
                   WHERE k.city_id = r.city_id AND ST_DWithin(k.geom, e.geom, 0.01)
                   ORDER BY k.geom <-> ST_Centroid(e.geom), k.id LIMIT 1) k ON true
LEFT JOIN kecamatan kc ON kc.id = k.kecamatan_id AND kc.city_id = r.city_id
WHERE r.city_id = %(city_id)s AND r.kind = 'emerging_hotspots' AND r.category = %(category)s AND r.period = %(period)s AND r.res = %(res)s
ORDER BY e.cell;
