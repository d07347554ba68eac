-- After an OSM import: how many roads fall in each city's bounding box. A city with none was not
-- in the extract (one import serves every city: a deployer merges the cities' extracts).
SELECT c.id, c.name,
       (SELECT count(*) FROM osm_roads r
        WHERE r.geom && ST_MakeEnvelope(c.bbox[1], c.bbox[2], c.bbox[3], c.bbox[4], 4326))::int AS roads
FROM cities c WHERE c.bbox IS NOT NULL ORDER BY c.id;
