-- The GIS hexagon counts (QGIS's "H3 counts", graduated by `reports`) count real problems, as
-- the heatmap, the hot spot analysis and the density GeoTIFF do since 0051: a run of rejected spam
-- drew a hexagon as dark as a real garbage cluster, and the layer disagreed with the heat for the
-- same place (a planner's walk). `received` keeps every report, rejected and duplicates too;
-- `open` is 0, not NULL, where none is open.
CREATE OR REPLACE VIEW gis.report_counts_h3_r8 WITH (security_barrier) AS
SELECT h.cell, to_hex(h.cell) AS h3,
       coalesce(sum(x.n) FILTER (WHERE sigap_report_counted(x.status)), 0)::integer AS reports,
       coalesce(sum(x.n) FILTER (WHERE x.status IN ('submitted','verified','assigned','in_progress')), 0)::integer AS open,
       h.area_km2, h.geom, ci.slug AS city, sum(x.n)::integer AS received
FROM h3_report_counts x JOIN h3_cells h ON h.cell = x.cell JOIN cities ci ON ci.id = x.city_id
WHERE sigap_gis_sees(x.city_id) AND x.res = 8
GROUP BY h.cell, h.area_km2, h.geom, ci.slug;
