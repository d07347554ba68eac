-- One zone per agency and kecamatan, for agencies that have no zones yet
-- (a city that loaded its own zones for an agency keeps them).
INSERT INTO service_zones (agency_id, name, kecamatan_id, geom)
SELECT a.id, a.code || ' ' || kc.name, kc.id, kc.geom
FROM agencies a CROSS JOIN kecamatan kc
WHERE NOT EXISTS (SELECT 1 FROM service_zones z WHERE z.agency_id = a.id)
ON CONFLICT (agency_id, name) DO NOTHING;
