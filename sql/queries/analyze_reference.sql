-- Planner statistics for the reference tables after a load. A one- or two-row `cities` table
-- never reaches autovacuum's analyze threshold (50 changed rows), and without its statistics
-- the planner took the join of the lookup tables for one row: "Laporan saya" joined them
-- (1.5M rows) before reading a citizen's 4 reports, 10 s a page.
ANALYZE cities, kecamatan, kelurahan, kelurahan_parts, agencies, categories, service_zones, service_zone_parts;
