-- Dispatch by road needs pgRouting and an imported road graph.
SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pgrouting')
       AND EXISTS (SELECT 1 FROM osm_road_edges) AS ready;
