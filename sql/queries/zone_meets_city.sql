-- Whether a zone (GeoJSON) covers any of its city's ground: a zone file of another city was
-- loaded into Jakarta and its reports re-routed to zones in Kupang (a deployer's walk).
SELECT EXISTS (
    SELECT 1 FROM kelurahan k
    WHERE k.city_id = %(city_id)s
      AND ST_Intersects(k.geom, ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(%(geometry)s), 4326)))
) AS meets;
