-- Before the default zones take their kecamatan's new names: every zone whose name changes gets
-- a provisional one first, so two kecamatan that swap or shift names (A -> B while B -> C) never
-- collide on (city_id, agency_id, name) halfway through (a unique key is checked row by row).
UPDATE service_zones z SET name = z.name || ' #' || z.id
FROM kecamatan kc, agencies a
WHERE z.city_id = %(city_id)s AND kc.id = z.kecamatan_id AND kc.city_id = z.city_id
  AND a.id = z.agency_id AND a.city_id = z.city_id
  AND z.name IS DISTINCT FROM a.code || ' ' || kc.name;
