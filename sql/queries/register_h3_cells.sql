-- Hexagons of cells seen for the first time (WKT polygons computed by h3 in Python).
INSERT INTO h3_cells (cell, res, geom)
SELECT c, r, ST_GeomFromText(w, 4326)
FROM unnest(%(cells)s::bigint[], %(res)s::smallint[], %(wkt)s::text[]) AS t(c, r, w)
ON CONFLICT (cell) DO NOTHING;
