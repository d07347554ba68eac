-- After a city's default zones changed shape, each of those agencies' reports in the city goes to
-- the zone that now holds it (nearest when none does, as at intake).
UPDATE reports r
SET zone_id = (
    SELECT z.id FROM service_zones z
    WHERE z.agency_id = r.agency_id AND z.city_id = r.city_id
    ORDER BY ST_Intersects(z.geom, r.geom) DESC, z.geom <-> r.geom, z.id
    LIMIT 1)
WHERE r.city_id = %(city_id)s AND r.agency_id = ANY(%(agency_ids)s);
