-- The city as one GeoJSON (Multi)Polygon: the study area of the hot spot analysis.
SELECT ST_AsGeoJSON(ST_Union(geom)) AS geojson FROM kelurahan WHERE city_id = %(city_id)s;
