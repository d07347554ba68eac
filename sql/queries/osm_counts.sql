-- What the import holds (after osm_replace, in its transaction).
SELECT (SELECT count(*) FROM osm_roads) AS roads, (SELECT count(*) FROM osm_areas WHERE layer = 'building') AS buildings,
       (SELECT count(*) FROM osm_areas WHERE layer = 'water') AS water,
       (SELECT count(*) FROM osm_areas WHERE layer = 'landuse') AS landuse,
       (SELECT count(*) FROM osm_waterways) AS waterways, (SELECT count(*) FROM osm_places) AS places,
       (SELECT count(*) FROM osm_search) AS search_entries,
       (SELECT count(*) FROM osm_road_edges) AS road_edges,
       (SELECT count(*) FROM osm_in_roads) + (SELECT count(*) FROM osm_in_areas)
       + (SELECT count(*) FROM osm_in_waterways) + (SELECT count(*) FROM osm_in_places) AS staged;
