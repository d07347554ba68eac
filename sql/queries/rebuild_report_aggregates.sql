-- Recompute the tile/heatmap aggregates from the reports in one pass: for bulk imports,
-- which load with the row trigger disabled (ALTER TABLE reports DISABLE TRIGGER reports_aggregates).
-- The month tables count neither rejected reports nor duplicates (0051); the status counts do.
TRUNCATE h3_report_counts, h3_report_heat, h3_report_heat_total;
INSERT INTO h3_report_counts (res, cell, category_id, status, city_id, n)
SELECT x.res, x.cell, r.category_id, r.status, r.city_id, count(*)
FROM reports r, sigap_report_cells(r) x GROUP BY 1, 2, 3, 4, 5;
INSERT INTO h3_report_heat (res, cell, month, category_id, city_id, n)
SELECT x.res, x.cell, date_trunc('month', r.created_at AT TIME ZONE c.time_zone)::date, r.category_id, r.city_id, count(*)
FROM reports r JOIN cities c ON c.id = r.city_id, sigap_report_cells(r) x
WHERE sigap_report_counted(r.status) GROUP BY 1, 2, 3, 4, 5;
INSERT INTO h3_report_heat_total (res, cell, month, city_id, n)
SELECT x.res, x.cell, date_trunc('month', r.created_at AT TIME ZONE c.time_zone)::date, r.city_id, count(*)
FROM reports r JOIN cities c ON c.id = r.city_id, sigap_report_cells(r) x
WHERE sigap_report_counted(r.status) GROUP BY 1, 2, 3, 4;
