-- Other cities whose kelurahan cover a real share of a new city's outline (GeoJSON), with that
-- share: a second city over the same ground made every point there belong to two cities, and
-- /locate picked one. Neighbours only touch (or overlap by slivers between BPS vintages).
WITH n AS (SELECT ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(%(outline)s), 4326)) AS g)
SELECT c.slug, sum(ST_Area(ST_Intersection(k.geom, n.g)::geography)) / ST_Area(n.g::geography) AS share
FROM n
JOIN kelurahan k ON k.geom && n.g AND ST_Intersects(k.geom, n.g)
JOIN cities c ON c.id = k.city_id
WHERE c.code <> %(code)s
GROUP BY c.slug, n.g
HAVING sum(ST_Area(ST_Intersection(k.geom, n.g)::geography)) > %(min_share)s * ST_Area(n.g::geography);
