-- Replace the previous OSM import with the staged one, clipped to the city (the union of its
-- kecamatan), in the caller's transaction: readers see the old data until it commits. Then the
-- search entries and every report's street (several statements, no parameters).
TRUNCATE osm_roads, osm_areas, osm_waterways, osm_places, osm_search, osm_road_edges, osm_road_vertices;
CREATE TEMP TABLE osm_city ON COMMIT DROP AS SELECT ST_Union(geom) AS geom FROM kecamatan;

INSERT INTO osm_roads (osm_id, highway, name, ref, oneway, maxspeed, geom)
SELECT r.osm_id, r.highway, nullif(trim(r.name), ''), r.ref, r.oneway, r.maxspeed, d.geom
FROM osm_in_roads r CROSS JOIN osm_city c,
     LATERAL (SELECT ST_SetSRID(r.wkb::geometry, 4326) AS g) x,
     LATERAL ST_Dump(CASE WHEN ST_CoveredBy(x.g, c.geom) THEN x.g ELSE ST_Intersection(x.g, c.geom) END) d
WHERE ST_Intersects(x.g, c.geom) AND GeometryType(d.geom) = 'LINESTRING' AND NOT ST_IsEmpty(d.geom);

INSERT INTO osm_waterways (osm_id, kind, name, geom)
SELECT w.osm_id, w.kind, nullif(trim(w.name), ''), d.geom
FROM osm_in_waterways w CROSS JOIN osm_city c,
     LATERAL (SELECT ST_SetSRID(w.wkb::geometry, 4326) AS g) x,
     LATERAL ST_Dump(CASE WHEN ST_CoveredBy(x.g, c.geom) THEN x.g ELSE ST_Intersection(x.g, c.geom) END) d
WHERE ST_Intersects(x.g, c.geom) AND GeometryType(d.geom) = 'LINESTRING';

INSERT INTO osm_areas (osm_id, layer, kind, name, geom)
SELECT a.osm_id, a.layer, a.kind, nullif(trim(a.name), ''),
       ST_Multi(ST_CollectionExtract(CASE WHEN ST_CoveredBy(x.g, c.geom) THEN x.g
                                          ELSE ST_Intersection(x.g, c.geom) END, 3))
FROM osm_in_areas a CROSS JOIN osm_city c,
     LATERAL (SELECT ST_MakeValid(ST_SetSRID(a.wkb::geometry, 4326)) AS g) x
WHERE ST_Intersects(x.g, c.geom);
DELETE FROM osm_areas WHERE ST_IsEmpty(geom);

INSERT INTO osm_places (osm_id, osm_type, class, kind, name, geom)
SELECT p.osm_id, p.osm_type, p.class, p.kind, trim(p.name), x.pt
FROM osm_in_places p CROSS JOIN osm_city c,
     LATERAL (SELECT ST_PointOnSurface(ST_MakeValid(ST_SetSRID(p.wkb::geometry, 4326))) AS pt) x
WHERE ST_Intersects(x.pt, c.geom) AND trim(p.name) <> '';

-- The road graph: whole edges that touch the city (cutting them would cut the network), with
-- their length and the seconds to drive them each way (-1: one-way against the direction).
INSERT INTO osm_road_edges (osm_id, source, target, highway, name, length_m, cost_s, reverse_cost_s, geom)
SELECT e.osm_id, e.source, e.target, e.highway, nullif(trim(e.name), ''), x.len,
       CASE WHEN e.oneway = -1 THEN -1 ELSE x.len / (e.speed_kmh / 3.6) END,
       CASE WHEN e.oneway = 1 THEN -1 ELSE x.len / (e.speed_kmh / 3.6) END, x.g
FROM osm_in_edges e CROSS JOIN osm_city c,
     LATERAL (SELECT ST_SetSRID(e.wkt::geometry, 4326) AS g) g0,
     LATERAL (SELECT g0.g, ST_Length(g0.g::geography) AS len) x
WHERE ST_Intersects(x.g, c.geom);
INSERT INTO osm_road_vertices (id, geom)
SELECT DISTINCT ON (v.id) v.id, v.geom FROM (
    SELECT source AS id, ST_StartPoint(geom) AS geom FROM osm_road_edges
    UNION ALL SELECT target, ST_EndPoint(geom) FROM osm_road_edges) v
ORDER BY v.id;

-- Search: a street once per kelurahan it runs through (a point on it there), every place.
INSERT INTO osm_search (kind, name, detail, kelurahan, kecamatan, geom, search)
SELECT 'street', s.name, k.name, k.name, kc.name, ST_ClosestPoint(s.geom, ST_Centroid(s.geom)),
       sigap_search_key(s.name)
FROM (SELECT r.name, kp.kelurahan_id, kp.city_id, ST_Collect(ST_Intersection(r.geom, kp.geom)) AS geom
      FROM osm_roads r JOIN kelurahan_parts kp ON ST_Intersects(r.geom, kp.geom)
      WHERE r.name IS NOT NULL GROUP BY r.name, kp.kelurahan_id, kp.city_id) s
JOIN kelurahan k ON k.id = s.kelurahan_id AND k.city_id = s.city_id JOIN kecamatan kc ON kc.id = k.kecamatan_id AND kc.city_id = k.city_id
WHERE NOT ST_IsEmpty(s.geom);
INSERT INTO osm_search (kind, name, detail, kelurahan, kecamatan, geom, search)
SELECT CASE WHEN p.class = 'place' THEN 'place' ELSE 'poi' END, p.name, p.class || '=' || p.kind,
       k.name, kc.name, p.geom, sigap_search_key(p.name)
FROM osm_places p
LEFT JOIN kelurahan_parts kp ON ST_Intersects(p.geom, kp.geom)
LEFT JOIN kelurahan k ON k.id = kp.kelurahan_id AND k.city_id = kp.city_id LEFT JOIN kecamatan kc ON kc.id = k.kecamatan_id AND kc.city_id = k.city_id;

-- Every report's street and place, from the new data (the public ones from the public point).
UPDATE reports r SET street_name = s.name, street_distance_m = s.distance_m, place_name = s.place,
                     public_street_name = s.public_name
FROM (SELECT x.id, n.name, n.distance_m, sigap_nearest_place(x.geom) AS place,
             CASE WHEN x.public_geom ~= x.geom THEN n.name
                  ELSE (SELECT name FROM sigap_nearest_street(x.public_geom)) END AS public_name
      FROM reports x LEFT JOIN LATERAL sigap_nearest_street(x.geom) n ON true) s
WHERE s.id = r.id;

ANALYZE osm_roads; ANALYZE osm_areas; ANALYZE osm_waterways; ANALYZE osm_places; ANALYZE osm_search;
ANALYZE osm_road_edges; ANALYZE osm_road_vertices;
