-- One zone per agency and kecamatan of the city, for agencies that have no zones yet
-- (a city that loaded its own zones for an agency keeps them).
INSERT INTO service_zones (city_id, agency_id, name, kecamatan_id, geom)
SELECT a.city_id, a.id, a.code || ' ' || kc.name, kc.id, kc.geom
FROM agencies a JOIN kecamatan kc ON kc.city_id = a.city_id
WHERE a.city_id = %(city_id)s
  AND NOT EXISTS (SELECT 1 FROM service_zones z WHERE z.agency_id = a.id AND z.city_id = a.city_id)
ON CONFLICT (city_id, agency_id, name) DO NOTHING;
