-- A report's exact point (staff dispatch).
SELECT ST_X(geom) AS lng, ST_Y(geom) AS lat FROM reports WHERE id = %(id)s AND city_id = %(city_id)s;
