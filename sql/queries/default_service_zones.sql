-- The default zones, one per agency and kecamatan, follow the city's kecamatan: on a re-run of
-- `sigap city add` a zone takes its kecamatan's new shape and name, and a new kecamatan gets one
-- per agency. An agency whose zones were loaded from a file (kecamatan_id NULL) keeps them.
-- Returns the agencies whose zones changed, whose reports the caller re-routes.
WITH refreshed AS (
    UPDATE service_zones z SET geom = kc.geom, name = a.code || ' ' || kc.name
    FROM kecamatan kc, agencies a
    WHERE z.city_id = %(city_id)s AND kc.id = z.kecamatan_id AND kc.city_id = z.city_id
      AND a.id = z.agency_id AND a.city_id = z.city_id
      AND (z.geom IS DISTINCT FROM kc.geom OR z.name IS DISTINCT FROM a.code || ' ' || kc.name)
    RETURNING z.agency_id
), added AS (
    INSERT INTO service_zones (city_id, agency_id, name, kecamatan_id, geom)
    SELECT a.city_id, a.id, a.code || ' ' || kc.name, kc.id, kc.geom
    FROM agencies a JOIN kecamatan kc ON kc.city_id = a.city_id
    WHERE a.city_id = %(city_id)s
      AND NOT EXISTS (SELECT 1 FROM service_zones z WHERE z.city_id = a.city_id AND z.agency_id = a.id
                      AND (z.kecamatan_id IS NULL OR z.kecamatan_id = kc.id))
    ON CONFLICT (city_id, agency_id, name) DO NOTHING
    RETURNING agency_id
)
SELECT coalesce(array_agg(DISTINCT agency_id), '{}') AS agency_ids
FROM (SELECT agency_id FROM refreshed UNION ALL SELECT agency_id FROM added) changed;
