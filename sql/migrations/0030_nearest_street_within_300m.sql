-- A report's street is a street it is on: the nearest named road within 300 m (what the report
-- form's street_at already asked), not the nearest anywhere. Uncapped, a city without an OSM
-- import (or a report in a field far from any road) got a street of another city: Jakarta's
-- reports were filed at Kupang's "Jalan Diponegoro", 1,890 km away, in Open311 addresses,
-- OGC items, exports and tiles. The nearest road is still found by the index (KNN), then kept
-- only if it is close enough.
CREATE OR REPLACE FUNCTION sigap_nearest_street(p geometry) RETURNS TABLE (name text, distance_m real)
LANGUAGE sql STABLE AS $$
    SELECT n.name, n.distance_m
    FROM (SELECT r.name, ST_Distance(r.geom::geography, p::geography)::real AS distance_m
          FROM osm_roads r WHERE r.name IS NOT NULL
          ORDER BY r.geom <-> p LIMIT 1) n
    WHERE n.distance_m <= 300
$$;

-- The streets already given from too far away are taken back (the public one of a confidential
-- report is looked up again from its public point).
UPDATE reports SET street_name = NULL, street_distance_m = NULL
WHERE street_distance_m > 300;
UPDATE reports SET public_street_name = CASE WHEN public_geom ~= geom THEN street_name
                                             ELSE (SELECT name FROM sigap_nearest_street(public_geom)) END
WHERE public_street_name IS NOT NULL
  AND (NOT public_geom ~= geom OR street_name IS NULL);  -- confidential ones, and those just taken back
