-- Road distance and driving time from each point of (from_lng, from_lat) to each point of
-- (to_lng, to_lat), respecting one-way streets: pgRouting's pgr_withPoints on osm_road_edges
-- (directed, costs in seconds), each point joined to its nearest edge at its own place along it
-- (within 1 km; that last stretch counts at walking pace). The graph is cut to the points' box
-- plus ~3 km. Pairs without a path are absent: the caller keeps the straight line for them.
WITH pts AS (
    SELECT t.i::int AS pid, ST_SetSRID(ST_MakePoint(t.lng, t.lat), 4326) AS p, true AS is_source
    FROM unnest(%(from_lng)s::float8[], %(from_lat)s::float8[]) WITH ORDINALITY AS t(lng, lat, i)
    UNION ALL
    SELECT 100000 + t.i::int, ST_SetSRID(ST_MakePoint(t.lng, t.lat), 4326), false
    FROM unnest(%(to_lng)s::float8[], %(to_lat)s::float8[]) WITH ORDINALITY AS t(lng, lat, i)
), snap AS (
    -- a fraction of exactly 0 or 1 makes pgRouting drop the point: keep it just inside the edge
    SELECT x.pid, x.is_source, e.id AS edge_id,
           least(0.9999, greatest(0.0001, ST_LineLocatePoint(e.geom, x.p))) AS fraction,
           ST_Distance(e.geom::geography, x.p::geography) AS d
    FROM pts x CROSS JOIN LATERAL (SELECT id, geom FROM osm_road_edges ORDER BY geom <-> x.p LIMIT 1) e
), ok AS (
    SELECT * FROM snap WHERE d < 1000
), box AS (
    SELECT ST_AsText(ST_Expand(ST_Extent(p)::geometry, 0.03)) AS wkt FROM pts
), paths AS (
    SELECT abs(r.start_pid) AS start_pid, abs(r.end_pid) AS end_pid, r.edge, r.cost, r.agg_cost
    FROM pgr_withPoints(
        format('SELECT id, source, target, cost_s AS cost, reverse_cost_s AS reverse_cost FROM osm_road_edges'
               ' WHERE geom && ST_GeomFromText(%%L, 4326)', (SELECT wkt FROM box)),
        (SELECT format('SELECT * FROM (VALUES %%s) t(pid, edge_id, fraction)',
                       string_agg(format('(%%s, %%s, %%s::float8)', pid, edge_id, fraction), ', ')) FROM ok),
        (SELECT array_agg(-pid::bigint) FROM ok WHERE is_source),
        (SELECT array_agg(-pid::bigint) FROM ok WHERE NOT is_source), directed => true) r
), agg AS (
    SELECT p.start_pid, p.end_pid, max(p.agg_cost) AS drive_s,
           -- metres: each (possibly partial) edge's share of its driving time, times its length
           coalesce(sum(e.length_m * p.cost / nullif(greatest(e.cost_s, e.reverse_cost_s), 0))
                    FILTER (WHERE p.edge > 0), 0) AS drive_m
    FROM paths p LEFT JOIN osm_road_edges e ON e.id = p.edge
    GROUP BY 1, 2
)
SELECT s.pid AS from_idx, t.pid - 100000 AS to_idx, a.drive_m + s.d + t.d AS road_m,
       a.drive_s + (s.d + t.d) / 1.4 AS eta_s
FROM ok s JOIN ok t ON s.is_source AND NOT t.is_source
JOIN agg a ON a.start_pid = s.pid AND a.end_pid = t.pid;
