INSERT INTO kecamatan (code, name, area_km2, geom)
VALUES (%(code)s, %(name)s, %(area_km2)s,
        ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(%(geometry)s), 4326)))
ON CONFLICT (code) DO UPDATE
SET name = EXCLUDED.name, area_km2 = EXCLUDED.area_km2, geom = EXCLUDED.geom
RETURNING id;
