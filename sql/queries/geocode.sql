-- Address search over OSM streets, places and POIs (osm_search) and the kelurahan, by trigram
-- word similarity of the normalised text (sigap_search_text): typo-tolerant, "Jl." = "Jalan".
-- The caller sets pg_trgm.word_similarity_threshold for the indexed word-similarity operator.
WITH q AS (SELECT sigap_search_text(%(q)s) AS s),
hits AS (
    SELECT e.kind, e.name, e.detail, e.kelurahan, e.kecamatan, e.geom,
           word_similarity(q.s, e.search) AS score, e.search = q.s AS exact
    FROM osm_search e, q WHERE q.s <%% e.search
    UNION ALL
    SELECT 'kelurahan', k.name, kc.name, k.name, kc.name, ST_PointOnSurface(k.geom),
           word_similarity(q.s, sigap_search_text('kelurahan ' || k.name)), false
    FROM kelurahan k JOIN kecamatan kc ON kc.id = k.kecamatan_id, q
    WHERE q.s <%% sigap_search_text('kelurahan ' || k.name)
)
SELECT kind, name, detail, kelurahan, kecamatan, ST_X(geom) AS lng, ST_Y(geom) AS lat, round(score::numeric, 3) AS score
FROM hits
ORDER BY exact DESC, score DESC, CASE kind WHEN 'street' THEN 0 WHEN 'kelurahan' THEN 1 WHEN 'place' THEN 2 ELSE 3 END,
         length(name), name
LIMIT %(limit)s;
