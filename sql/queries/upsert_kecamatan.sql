INSERT INTO kecamatan (city_id, code, name, area_km2, geom)
VALUES (%(city_id)s, %(code)s, %(name)s, %(area_km2)s,
        ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(%(geometry)s), 4326)))
ON CONFLICT (city_id, code) DO UPDATE
SET name = EXCLUDED.name, area_km2 = EXCLUDED.area_km2, geom = EXCLUDED.geom
RETURNING id;
