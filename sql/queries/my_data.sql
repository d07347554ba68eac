-- Everything SIGAP holds about one account, for its owner (UU 27/2022: the right to see one's
-- personal data and take it elsewhere): the account, every report they made with its timeline
-- (exact places: their own), what they supported, their notifications, and how many phones get
-- push messages. Times are exact instants with their offset (UTC). The photos they took: the
-- published copy's path (faces blurred, no EXIF; none until the worker has published it) and the
-- report it is under now (`in_report`: another one once a merge moved it there).
SELECT json_build_object(
    'account', (SELECT json_build_object('id', u.id, 'email', u.email, 'phone', u.phone, 'full_name', u.full_name,
                                         'role', u.role, 'created_at', u.created_at)
                FROM users u WHERE u.id = %(id)s),
    'reports', coalesce((
        SELECT json_agg(json_build_object(
            'id', r.id, 'city', ct.slug, 'category', c.code, 'confidential', c.confidential, 'withheld', r.withheld_at IS NOT NULL, 'status', r.status,
            'description', r.description,
            'lng', ST_X(r.geom), 'lat', ST_Y(r.geom), 'accuracy_m', r.accuracy_m, 'created_at', r.created_at,
            'resolved_at', r.resolved_at, 'rating', r.rating,
            'timeline', (SELECT json_agg(json_build_object('at', e.created_at, 'event', e.event, 'from', e.from_status,
                                                           'to', e.to_status, 'note', e.note) ORDER BY e.created_at, e.id)
                         FROM report_events e WHERE e.report_id = r.id AND e.city_id = r.city_id),
            'photos', coalesce((SELECT json_agg(json_build_object(
                                    'kind', p.kind, 'at', p.created_at, 'in_report', p.report_id, 'width', p.width, 'height', p.height,
                                    'path', CASE WHEN p.published_at IS NOT NULL
                                                 THEN '/media/' || p.media_key || '/public.jpg' END,
                                    'key', CASE WHEN p.published_at IS NOT NULL THEN p.media_key END) ORDER BY p.id)
                                FROM photos p  -- and those a merge moved onto another report
                                WHERE p.city_id = r.city_id  -- each under the report it was sent with, once
                                  AND ((p.report_id = r.id AND p.from_report_id IS NULL) OR p.from_report_id = r.id)
                                  AND p.uploader_id = %(id)s), '[]'::json))
            ORDER BY r.id)
        FROM reports r
        JOIN cities ct ON ct.id = r.city_id
        JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id
        WHERE r.reporter_id = %(id)s), '[]'::json),
    'supported', coalesce((SELECT json_agg(json_build_object('report_id', s.report_id, 'at', s.created_at)
                                           ORDER BY s.created_at)
                           FROM report_supporters s WHERE s.user_id = %(id)s), '[]'::json),
    'notifications', coalesce((SELECT json_agg(json_build_object('at', n.created_at, 'report_id', n.report_id,
                                                                 'message', n.message_id, 'message_en', n.message_en,
                                                                 'read_at', n.read_at) ORDER BY n.id)
                               FROM notifications n WHERE n.user_id = %(id)s), '[]'::json),
    'push_subscriptions', (SELECT count(*) FROM push_subscriptions p WHERE p.user_id = %(id)s)
) AS data;
