-- A city's bounding box from its kelurahan, after its boundaries are loaded.
UPDATE cities c SET bbox = ARRAY[ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)]
FROM (SELECT ST_Extent(geom)::geometry AS e FROM kelurahan WHERE city_id = %(city_id)s) x
WHERE c.id = %(city_id)s AND x.e IS NOT NULL;
