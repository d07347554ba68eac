-- How far (degrees) a report's point may lie outside the outline of its stored cell at `res`: a
-- report is stored under the parents of its finest (r11) cell, and a parent's outline does not
-- hold all its children (measured: at most 0.0048° at r6, 0.0018° r7, 0.00067° r8, 0.00023° r9,
-- 0.000086° r10). Tiles that count a hexagon's reports from the reports themselves (a period
-- chosen: tile_reports_h3_window.sql, tile_heatmap.sql) widen the hexagons' extent by it.
CREATE OR REPLACE FUNCTION sigap_report_cell_slack(res integer) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE res WHEN 6 THEN 0.006 WHEN 7 THEN 0.0025 WHEN 8 THEN 0.001 WHEN 9 THEN 0.0004
                    ELSE 0.00015 END::float8
$$;
