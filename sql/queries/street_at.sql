-- The nearest named street of a point (reverse geocoding for the report form).
SELECT name, round(distance_m) AS distance_m
FROM sigap_nearest_street(ST_SetSRID(ST_MakePoint(%(lng)s, %(lat)s), 4326));  -- within 300 m (0030)
