-- Assign a point to kelurahan, kecamatan and (optionally) an agency's service zone.
-- Containment first; otherwise the nearest kelurahan within %(tolerance_m)s metres
-- (GPS near the shore, generalised 2013 boundaries). No row = outside the city.
-- The degree prefilter (%(tolerance_deg)s >= tolerance_m at this latitude) uses the
-- GiST index; the exact geodesic distance is computed only for points outside.
WITH p AS (
    SELECT ST_SetSRID(ST_MakePoint(%(lng)s, %(lat)s), 4326) AS g
), cand AS (
    SELECT k.id, k.name, k.code, k.kecamatan_id,
           CASE WHEN ST_Intersects(k.geom, p.g) THEN 0.0
                ELSE ST_Distance(k.geom::geography, p.g::geography) END AS distance_m
    FROM kelurahan k, p
    WHERE ST_DWithin(k.geom, p.g, %(tolerance_deg)s)
), hit AS (
    SELECT * FROM cand WHERE distance_m <= %(tolerance_m)s
    ORDER BY distance_m, id LIMIT 1
)
SELECT hit.id AS kelurahan_id, hit.name AS kelurahan, hit.code AS kelurahan_code,
       kc.id AS kecamatan_id, kc.name AS kecamatan,
       hit.distance_m,
       z.id AS zone_id, z.name AS zone
FROM hit
JOIN kecamatan kc ON kc.id = hit.kecamatan_id
LEFT JOIN LATERAL (
    SELECT sz.id, sz.name
    FROM service_zones sz, p
    WHERE sz.agency_id = %(agency_id)s
      AND ST_DWithin(sz.geom, p.g, %(tolerance_deg)s)
    ORDER BY ST_Intersects(sz.geom, p.g) DESC, sz.geom <-> p.g, sz.id
    LIMIT 1
) z ON true;
