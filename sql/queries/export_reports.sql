-- Reports for export (open data): public fields at the public location, with the same
-- filters as the list API, oldest first.
SELECT r.id, c.code AS category, c.name_id AS category_name_id, c.name_en AS category_name_en, r.status, r.priority, a.code AS agency,
       k.name AS kelurahan, kc.name AS kecamatan, r.public_street_name AS street, r.support_count, r.source,
       r.created_at, r.due_at, r.resolved_at, c.confidential AS location_coarsened,
       ST_X(r.public_geom) AS lng, ST_Y(r.public_geom) AS lat
FROM reports r
JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id
JOIN agencies a ON a.id = r.agency_id AND a.city_id = r.city_id
JOIN kelurahan k ON k.id = r.public_kelurahan_id AND k.city_id = r.city_id  -- the kelurahan the public is told
JOIN kecamatan kc ON kc.id = k.kecamatan_id AND kc.city_id = k.city_id
WHERE r.city_id = %(city_id)s
  AND (%(categories)s::text[] IS NULL OR c.code = ANY(%(categories)s))
  AND (%(statuses)s::text[] IS NULL OR r.status = ANY(%(statuses)s))
  AND (%(agency)s::text IS NULL OR a.code = %(agency)s)
  AND (%(since)s::timestamptz IS NULL OR r.created_at >= %(since)s)
  AND (%(until)s::timestamptz IS NULL OR r.created_at < %(until)s)
  -- where the public is told the report is (a confidential report's public kelurahan and point)
  AND (%(kelurahan)s::text IS NULL OR lower(k.name) = lower(%(kelurahan)s) OR k.id::text = %(kelurahan)s)
  AND (%(kecamatan)s::text IS NULL OR lower(kc.name) = lower(%(kecamatan)s) OR kc.id::text = %(kecamatan)s)
  AND (%(minx)s::float8 IS NULL OR r.public_geom && ST_MakeEnvelope(%(minx)s, %(miny)s, %(maxx)s, %(maxy)s, 4326))
ORDER BY r.id
LIMIT %(limit)s;
