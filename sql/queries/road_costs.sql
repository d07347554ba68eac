-- Road distance and driving time from each point of (from_lng, from_lat) to each point of
-- (to_lng, to_lat), respecting one-way streets (pgRouting's Dijkstra on osm_road_edges, directed,
-- costs in seconds). Points join the graph at their nearest vertex within 1 km (that stretch
-- counts at walking pace); the graph is cut to the points' box plus ~3 km. Pairs without a path
-- are absent: the caller falls back to the straight line for them.
WITH src AS (
    SELECT t.i::int AS i, ST_SetSRID(ST_MakePoint(t.lng, t.lat), 4326) AS p
    FROM unnest(%(from_lng)s::float8[], %(from_lat)s::float8[]) WITH ORDINALITY AS t(lng, lat, i)
), dst AS (
    SELECT t.i::int AS i, ST_SetSRID(ST_MakePoint(t.lng, t.lat), 4326) AS p
    FROM unnest(%(to_lng)s::float8[], %(to_lat)s::float8[]) WITH ORDINALITY AS t(lng, lat, i)
), snap_src AS (
    SELECT s.i, v.id AS vid, ST_Distance(v.geom::geography, s.p::geography) AS d
    FROM src s CROSS JOIN LATERAL (SELECT id, geom FROM osm_road_vertices ORDER BY geom <-> s.p LIMIT 1) v
), snap_dst AS (
    SELECT s.i, v.id AS vid, ST_Distance(v.geom::geography, s.p::geography) AS d
    FROM dst s CROSS JOIN LATERAL (SELECT id, geom FROM osm_road_vertices ORDER BY geom <-> s.p LIMIT 1) v
), box AS (
    SELECT ST_AsText(ST_Expand(ST_Extent(x.p)::geometry, 0.03)) AS wkt
    FROM (SELECT p FROM src UNION ALL SELECT p FROM dst) x
), paths AS (
    SELECT r.start_vid, r.end_vid, r.edge, r.agg_cost
    FROM pgr_dijkstra(
        format('SELECT id, source, target, cost_s AS cost, reverse_cost_s AS reverse_cost FROM osm_road_edges'
               ' WHERE geom && ST_GeomFromText(%%L, 4326)', (SELECT wkt FROM box)),
        (SELECT array_agg(DISTINCT vid) FROM snap_src WHERE d < 1000),
        (SELECT array_agg(DISTINCT vid) FROM snap_dst WHERE d < 1000), directed => true) r
), agg AS (
    SELECT p.start_vid, p.end_vid, max(p.agg_cost) AS drive_s, coalesce(sum(e.length_m), 0) AS drive_m
    FROM paths p LEFT JOIN osm_road_edges e ON e.id = p.edge
    GROUP BY 1, 2
)
SELECT s.i AS from_idx, d.i AS to_idx,
       coalesce(a.drive_m, 0) + s.d + d.d AS road_m,
       coalesce(a.drive_s, 0) + (s.d + d.d) / 1.4 AS eta_s
FROM snap_src s CROSS JOIN snap_dst d
LEFT JOIN agg a ON a.start_vid = s.vid AND a.end_vid = d.vid
WHERE s.d < 1000 AND d.d < 1000 AND (a.start_vid IS NOT NULL OR s.vid = d.vid);
