-- One page of reports, keyset-paged on (keys, id): newest first (created_at DESC), or the most
-- urgent first (urgency, then due_at ASC: the operators' queue). The key columns, their direction
-- and comparison are filled in from the whitelist in geo/report_views.py (ORDERS); every filter
-- is optional (NULL = no filter) and every value is bound.
SELECT r.id, r.city_id, r.agency_id, r.kecamatan_id, r.kelurahan_id, ct.slug AS city, r.status, r.priority, r.source, r.description, r.support_count,
       r.created_at, r.updated_at, r.due_at, u.urgency, r.resolved_at, r.reporter_id, r.assignee_id,
       ST_X(r.geom) AS lng, ST_Y(r.geom) AS lat, ST_X(r.public_geom) AS public_lng,
       ST_Y(r.public_geom) AS public_lat, r.accuracy_m, r.h3_r8,
       r.street_name, r.street_distance_m, r.place_name, r.public_street_name,
       c.code AS category, c.name_id AS category_name_id, c.name_en AS category_name_en, c.confidential,
       (r.withheld_at IS NOT NULL) AS withheld,
       a.code AS agency, k.name AS kelurahan, kc.name AS kecamatan,
       pk.name AS public_kelurahan, pkc.name AS public_kecamatan,
       (r.due_at < now() AND r.status IN ('submitted','verified','assigned','in_progress')) AS overdue,
       -- reopened after a resolution (the reporter's "belum beres", or an operator) and not resolved
       -- again since: the queue marks it
       (r.status IN ('assigned','in_progress') AND EXISTS (
          SELECT 1 FROM report_events e WHERE e.report_id = r.id AND e.city_id = r.city_id
            AND e.from_status = 'resolved' AND e.to_status = 'in_progress')) AS reopened,
       -- its own photo first; of a confidential or withheld report, one a merge brought in from
       -- another resident's report only for the staff handling it (its reporter saw a stranger's) and
       -- for that report's reporter: the detail's rule (geo/report_views.get_report)
       (SELECT p.media_key FROM photos p WHERE p.report_id = r.id AND p.city_id = r.city_id AND p.kind = 'before'
          AND p.published_at IS NOT NULL
          AND (p.from_report_id IS NULL OR NOT (c.confidential OR r.withheld_at IS NOT NULL) OR h.handled
               OR EXISTS (SELECT 1 FROM reports d WHERE d.id = p.from_report_id AND d.city_id = p.city_id
                            AND d.reporter_id = %(viewer_id)s))
        ORDER BY p.from_report_id IS NOT NULL, p.id LIMIT 1) AS photo_key,
       -- the holder's shift (staff see "tidak bertugas" in the queue, not only in the detail)
       (SELECT s.status FROM responders s WHERE s.user_id = r.assignee_id AND s.city_id = r.city_id) AS assignee_shift
FROM reports r
-- the queue's first key: Darurat 1, Tinggi 2, Normal 3, Rendah 4, a late (escalated) Normal or
-- Rendah one level up (reports_queue_urgency, 0049)
CROSS JOIN LATERAL (SELECT array_position(ARRAY['urgent','high','normal','low'], r.priority)
                           - (r.escalated_at IS NOT NULL AND r.priority IN ('normal','low'))::int AS urgency) u
-- whether the viewer handles it (geo/report_views.handles): staff of its agency, within their area
CROSS JOIN LATERAL (SELECT %(staff)s AND (%(staff_agency)s::int IS NULL OR r.agency_id = %(staff_agency)s)
                           AND (%(staff_kecamatan)s::int IS NULL OR r.kecamatan_id = %(staff_kecamatan)s)
                           AND (%(staff_kelurahan)s::int IS NULL OR r.kelurahan_id = %(staff_kelurahan)s) AS handled) h
JOIN cities ct ON ct.id = r.city_id
JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id
JOIN agencies a ON a.id = r.agency_id AND a.city_id = r.city_id
JOIN kelurahan k ON k.id = r.kelurahan_id AND k.city_id = r.city_id
JOIN kecamatan kc ON kc.id = r.kecamatan_id AND kc.city_id = r.city_id
JOIN kelurahan pk ON pk.id = r.public_kelurahan_id AND pk.city_id = r.city_id
JOIN kecamatan pkc ON pkc.id = pk.kecamatan_id AND pkc.city_id = pk.city_id
-- "my reports" and those the resident backs: every city's
WHERE (r.city_id = %(city_id)s OR %(reporter_id)s::bigint IS NOT NULL OR %(supporter_id)s::bigint IS NOT NULL)
  AND (%(categories)s::text[] IS NULL OR c.code = ANY(%(categories)s))
  AND (%(statuses)s::text[] IS NULL OR r.status = ANY(%(statuses)s))
  AND (%(agency)s::text IS NULL OR a.code = %(agency)s)
  -- the public filters by the kelurahan it is shown (a confidential report's public one), and
  -- so do staff for another agency's or another area's reports (geo/report_views.handles)
  AND (%(kelurahan)s::text IS NULL OR (CASE WHEN h.handled THEN lower(k.name) = lower(%(kelurahan)s)
                                            OR k.id::text = %(kelurahan)s
                                       ELSE lower(pk.name) = lower(%(kelurahan)s)
                                            OR pk.id::text = %(kelurahan)s END))
  AND (%(kecamatan)s::text IS NULL OR (CASE WHEN h.handled THEN lower(kc.name) = lower(%(kecamatan)s)
                                            OR kc.id::text = %(kecamatan)s
                                       ELSE lower(pkc.name) = lower(%(kecamatan)s)
                                            OR pkc.id::text = %(kecamatan)s END))
  AND (%(since)s::timestamptz IS NULL OR r.created_at >= %(since)s)
  AND (%(until)s::timestamptz IS NULL OR r.created_at < %(until)s)
  AND (%(reporter_id)s::bigint IS NULL OR r.reporter_id = %(reporter_id)s)
  AND (%(supporter_id)s::bigint IS NULL OR EXISTS (
         SELECT 1 FROM report_supporters s
         WHERE s.city_id = r.city_id AND s.report_id = r.id AND s.user_id = %(supporter_id)s))
  AND (%(minx)s::float8 IS NULL OR r.public_geom && ST_MakeEnvelope(%(minx)s, %(miny)s, %(maxx)s, %(maxy)s, 4326))
  AND (%(cursor_id)s::bigint IS NULL OR ({keys}, r.id) {after} ({cursor}, %(cursor_id)s))
ORDER BY {order}, r.id {direction}
LIMIT %(limit)s;
