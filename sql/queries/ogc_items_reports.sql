-- OGC API Features items of collection "reports": public fields at the public location. The number
-- is a property too (report_id, not id: GDAL would list a second "id" beside the feature id), so
-- QGIS can label by it and join it to the exports' id.
-- Pages follow the report number (`after`, what the "next" link carries): a deep OFFSET walked
-- and dropped every row before the page, so offsets are bounded, and a GIS client reading a
-- whole city of more than 10,000 reports stopped there. A page is an index walk in number order
-- from `after`; numberMatched (optional in OGC API Features) is counted on a first page only
-- (no `after`): the CASE leaves the count's subquery unrun on the pages after it, so reading a
-- city is not one count of the whole city per page.
WITH hits AS NOT MATERIALIZED (
    SELECT r.id
    FROM reports r JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id
    WHERE r.city_id = %(city_id)s AND (%(fid)s::bigint IS NULL OR r.id = %(fid)s)
      AND (%(after)s::bigint IS NULL OR r.id > %(after)s)
      AND (%(minx)s::float8 IS NULL OR r.public_geom && ST_MakeEnvelope(%(minx)s, %(miny)s, %(maxx)s, %(maxy)s, 4326))
      AND (%(since)s::timestamptz IS NULL OR r.created_at >= %(since)s)
      AND (%(until)s::timestamptz IS NULL OR r.created_at <= %(until)s)
      AND (%(categories)s::text[] IS NULL OR c.code = ANY(%(categories)s))
      AND (%(statuses)s::text[] IS NULL OR r.status = ANY(%(statuses)s))
), page AS (
    SELECT id FROM hits ORDER BY id LIMIT %(limit)s OFFSET %(offset)s
)
SELECT r.id, ST_AsGeoJSON(r.public_geom, 7)::json AS geometry,
       json_build_object('report_id', r.id, 'category', c.code, 'category_name_id', c.name_id, 'category_name_en', c.name_en,
                         'status', r.status, 'priority', r.priority, 'agency', a.code,
                         'kelurahan', k.name, 'kecamatan', kc.name, 'street', r.public_street_name,
                         'support_count', r.support_count, 'source', r.source,
                         'created_at', r.created_at, 'updated_at', r.updated_at, 'due_at', r.due_at,
                         'resolved_at', r.resolved_at, 'location_coarsened', c.confidential,
                         'description', CASE WHEN c.confidential OR r.withheld_at IS NOT NULL THEN NULL ELSE r.description END) AS properties,
       CASE WHEN %(after)s::bigint IS NULL THEN (SELECT count(*) FROM hits) END AS matched
FROM page p
JOIN reports r ON r.id = p.id AND r.city_id = %(city_id)s
JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id
JOIN agencies a ON a.id = r.agency_id AND a.city_id = r.city_id
JOIN kelurahan k ON k.id = r.public_kelurahan_id AND k.city_id = r.city_id  -- the kelurahan the public is told
JOIN kecamatan kc ON kc.id = k.kecamatan_id AND kc.city_id = k.city_id
ORDER BY r.id;
