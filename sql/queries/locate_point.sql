-- Assign a point to kelurahan, kecamatan and (optionally) an agency's service zone,
-- using the subdivided boundaries (kelurahan_parts, service_zone_parts).
-- Containment first; otherwise the nearest kelurahan within %(tolerance_m)s metres
-- (GPS near the shore, generalised 2013 boundaries). No row = outside every city.
-- The zone is one of %(agency_ids)s (a category's agency in each city; ids are unique).
-- %(tolerance_deg)s >= tolerance_m at this latitude, so the GiST prefilter is safe;
-- exact geodesic distances are computed only for points outside every kelurahan.
WITH p AS (
    SELECT ST_SetSRID(ST_MakePoint(%(lng)s, %(lat)s), 4326) AS g
), inside AS (
    SELECT kp.kelurahan_id AS id, kp.city_id, 0.0::float8 AS distance_m
    FROM kelurahan_parts kp, p
    WHERE ST_Intersects(kp.geom, p.g)
    ORDER BY kp.kelurahan_id LIMIT 1
), near AS (
    SELECT kp.kelurahan_id AS id, kp.city_id, ST_Distance(kp.geom::geography, p.g::geography) AS distance_m
    FROM kelurahan_parts kp, p
    WHERE NOT EXISTS (SELECT 1 FROM inside) AND ST_DWithin(kp.geom, p.g, %(tolerance_deg)s)
    ORDER BY 3, 1 LIMIT 1
), hit AS (
    SELECT * FROM inside
    UNION ALL
    SELECT * FROM near WHERE distance_m <= %(tolerance_m)s
)
SELECT k.city_id, k.id AS kelurahan_id, k.name AS kelurahan, k.code AS kelurahan_code,
       kc.id AS kecamatan_id, kc.name AS kecamatan, hit.distance_m,
       z.id AS zone_id, z.name AS zone
FROM hit
JOIN kelurahan k ON k.id = hit.id AND k.city_id = hit.city_id
JOIN kecamatan kc ON kc.id = k.kecamatan_id AND kc.city_id = k.city_id
LEFT JOIN LATERAL (
    SELECT zp.zone_id
    FROM service_zone_parts zp, p
    WHERE zp.agency_id = ANY(%(agency_ids)s::int[]) AND zp.city_id = k.city_id AND ST_DWithin(zp.geom, p.g, %(tolerance_deg)s)
    ORDER BY ST_Intersects(zp.geom, p.g) DESC, zp.geom <-> p.g, zp.zone_id
    LIMIT 1
) zpart ON true
LEFT JOIN service_zones z ON z.id = zpart.zone_id AND z.city_id = k.city_id;
