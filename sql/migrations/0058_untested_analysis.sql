-- A run with too few reports to test (analysis_runs.note) stored z 0, p 1 and trend 0, 1 for
-- every cell: in QGIS or a spreadsheet "not tested" read as "tested, nothing significant" (a GIS
-- analyst's walk). Its statistics are now NULL (geo/analytics.py), and the views say `tested` and
-- why not (`note`), as the downloads do. Columns at the end: CREATE OR REPLACE keeps the others.
UPDATE hotspot_cells h SET gi_z = NULL, p_value = NULL
FROM analysis_runs r WHERE r.id = h.run_id AND r.city_id = h.city_id AND r.note <> '';
UPDATE emerging_cells e SET trend_tau = NULL, trend_p = NULL
FROM analysis_runs r WHERE r.id = e.run_id AND r.city_id = e.city_id AND r.note <> '';

CREATE OR REPLACE VIEW gis.hotspots WITH (security_barrier) AS
SELECT h.id, r.category, r.period, r.res, r.computed_at, h.cell, to_hex(h.cell) AS h3, h.n AS reports, h.gi_z,
       h.p_value, h.confidence, h.geom, ci.slug AS city, r.note = '' AS tested, r.note
FROM hotspot_cells h JOIN analysis_runs r ON r.id = h.run_id AND r.city_id = h.city_id
JOIN cities ci ON ci.id = h.city_id
WHERE sigap_gis_sees(h.city_id);
CREATE OR REPLACE VIEW gis.emerging_hotspots WITH (security_barrier) AS
SELECT e.id, r.category, r.period, r.res, r.computed_at, e.cell, to_hex(e.cell) AS h3, e.n AS reports, e.pattern,
       e.hot_months, e.cold_months, e.trend_tau, e.trend_p, e.count_tau, e.geom, ci.slug AS city,
       r.note = '' AS tested, r.note
FROM emerging_cells e JOIN analysis_runs r ON r.id = e.run_id AND r.city_id = e.city_id
JOIN cities ci ON ci.id = e.city_id
WHERE sigap_gis_sees(e.city_id);
