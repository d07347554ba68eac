-- Open311 GeoReport v2 service requests: public fields at the public location.
SELECT r.id, r.status, c.code AS service_code, c.name_id AS service_name, c.confidential,
       (r.withheld_at IS NOT NULL) AS withheld,
       a.name_id AS agency_responsible, r.description, r.reject_reason, r.created_at, r.updated_at, r.due_at,
       k.name AS kelurahan, kc.name AS kecamatan, ST_X(r.public_geom) AS lng, ST_Y(r.public_geom) AS lat,
       r.public_street_name AS street,
       (SELECT p.media_key FROM photos p WHERE p.report_id = r.id AND p.city_id = r.city_id AND p.kind = 'before'
          AND p.published_at IS NOT NULL ORDER BY p.id LIMIT 1) AS photo_key,
       -- of a withheld report, the staff's notes only: its reporter's "belum beres" is their words
       (SELECT e.note FROM report_events e LEFT JOIN users au ON au.id = e.actor_id
        WHERE e.report_id = r.id AND e.city_id = r.city_id AND e.event = 'status'
          AND (r.withheld_at IS NULL OR (au.role IS DISTINCT FROM 'citizen' AND e.actor_id IS DISTINCT FROM r.reporter_id))
        ORDER BY e.created_at DESC, e.id DESC LIMIT 1) AS last_note
FROM reports r
JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id
JOIN agencies a ON a.id = r.agency_id AND a.city_id = r.city_id
JOIN kelurahan k ON k.id = r.public_kelurahan_id AND k.city_id = r.city_id  -- the kelurahan the public is told
JOIN kecamatan kc ON kc.id = k.kecamatan_id AND kc.city_id = k.city_id
WHERE r.city_id = %(city_id)s
  AND (%(ids)s::bigint[] IS NULL OR r.id = ANY(%(ids)s))
  AND (%(codes)s::text[] IS NULL OR c.code = ANY(%(codes)s))
  AND (%(ids)s::bigint[] IS NOT NULL OR (r.created_at >= %(start)s AND r.created_at <= %(end)s))
  AND (%(statuses)s::text[] IS NULL OR
       (CASE WHEN r.status IN ('resolved','closed','rejected','duplicate') THEN 'closed' ELSE 'open' END)
         = ANY(%(statuses)s))
ORDER BY r.created_at DESC, r.id DESC
LIMIT 1000;
