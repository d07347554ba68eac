SELECT r.id, r.city_id, ct.slug AS city, r.status, r.priority, r.source, r.description, r.support_count, r.rating,
       r.created_at, r.updated_at, r.due_at, r.first_response_at, r.resolved_at, r.closed_at,
       r.reporter_id, r.assignee_id, r.duplicate_of, r.reject_reason, r.escalated_at,
       ST_X(r.geom) AS lng, ST_Y(r.geom) AS lat, ST_X(r.public_geom) AS public_lng,
       ST_Y(r.public_geom) AS public_lat, r.accuracy_m, r.h3_r8, r.agency_id, r.kecamatan_id, r.kelurahan_id,
       r.street_name, r.street_distance_m, r.place_name, r.public_street_name,
       c.code AS category, c.name_id AS category_name_id, c.name_en AS category_name_en, c.confidential,
       (r.withheld_at IS NOT NULL) AS withheld,
       a.code AS agency, k.name AS kelurahan, kc.name AS kecamatan,
       pk.name AS public_kelurahan, pkc.name AS public_kecamatan, z.name AS zone,
       (r.due_at < now() AND r.status IN ('submitted','verified','assigned','in_progress')) AS overdue,
       -- as in list_reports.sql: reopened after a resolution and not resolved again since
       (r.status IN ('assigned','in_progress') AND EXISTS (
          SELECT 1 FROM report_events e WHERE e.report_id = r.id AND e.city_id = r.city_id
            AND e.from_status = 'resolved' AND e.to_status = 'in_progress')) AS reopened,
       NULL::text AS photo_key,
       u.full_name AS reporter_name, u.email AS reporter_email, u.phone AS reporter_phone,
       asg.full_name AS assignee_name, rs.status AS assignee_shift,
       coalesce((SELECT json_agg(json_build_object('id', p.id, 'kind', p.kind, 'media_key', p.media_key,
                                                   'from_report', p.from_report_id,
                                                   'from_reporter', (SELECT d.reporter_id FROM reports d
                                                                     WHERE d.id = p.from_report_id AND d.city_id = p.city_id),
                                                   'published', p.published_at IS NOT NULL) ORDER BY p.id)
                 FROM photos p WHERE p.report_id = r.id AND p.city_id = r.city_id), '[]') AS photos,
       coalesce((SELECT json_agg(json_build_object(
                            'event', e.event, 'from_status', e.from_status, 'to_status', e.to_status,
                            'note', e.note, 'created_at', e.created_at, 'actor_id', e.actor_id,
                            'actor_role', au.role, 'actor_name', au.full_name, 'photo_key', ep.media_key,
                            -- who an assignment went to (an accepted offer: the officer who took it)
                            'assignee_name', CASE WHEN e.to_status = 'assigned' THEN (
                              SELECT ou.full_name FROM assignments x JOIN users ou ON ou.id = x.responder_id
                              WHERE x.report_id = e.report_id AND x.city_id = e.city_id
                                AND x.status NOT IN ('offered', 'declined', 'expired') AND x.responded_at <= e.created_at
                              ORDER BY x.responded_at DESC, x.id DESC LIMIT 1) END)
                          ORDER BY e.created_at, e.id)
                 FROM report_events e
                 LEFT JOIN users au ON au.id = e.actor_id
                 LEFT JOIN photos ep ON ep.id = e.photo_id AND ep.city_id = e.city_id AND ep.published_at IS NOT NULL
                                   -- its own, or its own that a merge moved to the report kept (the
                                   -- same promise: duplicates follow it, 0057); never another's
                                   AND (ep.report_id = e.report_id OR ep.from_report_id = e.report_id)
                 WHERE e.report_id = r.id AND e.city_id = r.city_id), '[]') AS timeline
FROM reports r
JOIN cities ct ON ct.id = r.city_id
JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id
JOIN agencies a ON a.id = r.agency_id AND a.city_id = r.city_id
JOIN kelurahan k ON k.id = r.kelurahan_id AND k.city_id = r.city_id
JOIN kecamatan kc ON kc.id = r.kecamatan_id AND kc.city_id = r.city_id
JOIN kelurahan pk ON pk.id = r.public_kelurahan_id AND pk.city_id = r.city_id
JOIN kecamatan pkc ON pkc.id = pk.kecamatan_id AND pkc.city_id = pk.city_id
LEFT JOIN service_zones z ON z.id = r.zone_id AND z.city_id = r.city_id
LEFT JOIN users u ON u.id = r.reporter_id
LEFT JOIN users asg ON asg.id = r.assignee_id
LEFT JOIN responders rs ON rs.user_id = r.assignee_id AND rs.city_id = r.city_id  -- their shift: off duty with the task?
WHERE r.id = %(id)s AND r.city_id = %(city_id)s;
