-- Address search over OSM streets, places and POIs (osm_search) and the kelurahan, by trigram
-- word similarity of the normalised text without the shared words (sigap_search_key):
-- typo-tolerant, "Jl." = "Jalan". Within one city: its kelurahan, and OSM entries in its bbox.
-- The caller sets pg_trgm.word_similarity_threshold for the indexed word-similarity operator.
-- The normalised query is written inline (an immutable function of a constant, folded at
-- planning) so that the trigram index can drive the search; through a CTE it scanned every row.
WITH hits AS (
    SELECT e.kind, e.name, e.detail, e.kelurahan, e.kecamatan, e.geom,
           word_similarity(sigap_search_key(%(q)s), e.search) AS score, e.search = sigap_search_key(%(q)s) AS exact
    FROM osm_search e WHERE sigap_search_key(%(q)s) <%% e.search
      AND (%(minx)s::float8 IS NULL OR e.geom && ST_MakeEnvelope(%(minx)s, %(miny)s, %(maxx)s, %(maxy)s, 4326))
    UNION ALL
    SELECT 'kelurahan', k.name, kc.name, k.name, kc.name, ST_PointOnSurface(k.geom),
           word_similarity(sigap_search_key(%(q)s), k.search), false
    FROM kelurahan k JOIN kecamatan kc ON kc.id = k.kecamatan_id AND kc.city_id = k.city_id
    WHERE sigap_search_key(%(q)s) <%% k.search AND (%(city_id)s::int IS NULL OR k.city_id = %(city_id)s)
)
SELECT kind, name, detail, kelurahan, kecamatan, ST_X(geom) AS lng, ST_Y(geom) AS lat, round(score::numeric, 3) AS score
FROM hits
ORDER BY exact DESC, score DESC,
         -- "Kel. …" asks for a kelurahan, "Jl./Gg. …" for a street
         CASE WHEN sigap_search_text(%(q)s) ~ '\mkelurahan\M' THEN kind <> 'kelurahan'
              WHEN sigap_search_text(%(q)s) ~ '\m(jalan|gang)\M' THEN kind <> 'street' ELSE false END, CASE kind WHEN 'street' THEN 0 WHEN 'kelurahan' THEN 1 WHEN 'place' THEN 2 ELSE 3 END,
         length(name), name
LIMIT %(limit)s;
