-- Other cities that share a real part of their ground with a new city's outline (GeoJSON), with
-- that part's share of the smaller of the two: a second city over the same ground made every
-- point there belong to two cities, and /locate picked one. Measured against the smaller, so a
-- large kabupaten laid over a small kota is caught too. Neighbours only touch (or overlap by
-- slivers between BPS vintages, far under the bar).
WITH n AS (
    SELECT ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(%(outline)s), 4326)) AS g
), hit AS (
    SELECT k.city_id, sum(ST_Area(ST_Intersection(k.geom, n.g)::geography)) AS m2
    FROM n
    JOIN kelurahan k ON k.geom && n.g AND ST_Intersects(k.geom, n.g)
    WHERE k.city_id <> ALL (SELECT id FROM cities WHERE code = %(code)s)
    GROUP BY k.city_id
), sized AS (
    SELECT hit.city_id, hit.m2,
           least(ST_Area(n.g::geography),
                 (SELECT sum(ST_Area(x.geom::geography)) FROM kelurahan x WHERE x.city_id = hit.city_id)) AS smaller
    FROM hit, n
)
SELECT c.slug, s.m2 / s.smaller AS share
FROM sized s JOIN cities c ON c.id = s.city_id
WHERE s.m2 > %(min_share)s * s.smaller;
