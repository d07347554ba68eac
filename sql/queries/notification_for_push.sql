-- One notification with every push subscription of its user.
SELECT n.id, n.report_id, n.kind, n.message_id, n.message_en,
       (SELECT c.slug FROM cities c WHERE c.id = n.city_id) AS city,
       (SELECT jsonb_agg(jsonb_build_object('id', s.id, 'endpoint', s.endpoint, 'p256dh', s.p256dh, 'auth', s.auth)
                         ORDER BY s.id)
        FROM push_subscriptions s WHERE s.user_id = n.user_id) AS subscriptions
FROM notifications n WHERE n.id = %(id)s AND n.city_id = %(city_id)s;
