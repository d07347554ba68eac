-- After an agency's zones are replaced, route its reports to the new zone that holds them.
UPDATE reports r
SET zone_id = (
    SELECT z.id FROM service_zones z
    WHERE z.agency_id = r.agency_id AND z.city_id = r.city_id
    ORDER BY ST_Intersects(z.geom, r.geom) DESC, z.geom <-> r.geom, z.id
    LIMIT 1)
WHERE r.agency_id = %(agency_id)s AND r.city_id = %(city_id)s;
