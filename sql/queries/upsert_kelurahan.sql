INSERT INTO kelurahan (city_id, code, name, kecamatan_id, puskesmas, area_km2, geom)
SELECT %(city_id)s, %(code)s, %(name)s, kc.id, %(puskesmas)s, %(area_km2)s,
       ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(%(geometry)s), 4326))
FROM kecamatan kc WHERE kc.city_id = %(city_id)s AND kc.name = %(kecamatan)s
ON CONFLICT (city_id, code) DO UPDATE
SET name = EXCLUDED.name, kecamatan_id = EXCLUDED.kecamatan_id,
    puskesmas = EXCLUDED.puskesmas, area_km2 = EXCLUDED.area_km2, geom = EXCLUDED.geom
RETURNING id;
