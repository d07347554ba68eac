-- Planner statistics for the reference tables of a database loaded before `load-reference`
-- analysed them (geo/reference.py, sql/queries/analyze_reference.sql): a one-row `cities`
-- never reaches autovacuum's threshold, and without its statistics "Laporan saya" took 10 s.
ANALYZE cities, kecamatan, kelurahan, kelurahan_parts, agencies, categories, service_zones, service_zone_parts;
