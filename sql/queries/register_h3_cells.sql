-- Hexagons of cells seen for the first time (WKT polygons computed by h3 in Python).
INSERT INTO h3_cells (cell, res, area_km2, geom)
SELECT c, r, a, ST_GeomFromText(w, 4326)
FROM unnest(%(cells)s::bigint[], %(res)s::smallint[], %(area)s::float8[], %(wkt)s::text[]) AS t(c, r, a, w)
ON CONFLICT (cell) DO NOTHING;
