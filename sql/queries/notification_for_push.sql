-- One notification with every push subscription of its user, and what and where its report is
-- (a notice's title on a lock screen, where "SIGAP" alone said nothing; a confidential report's
-- place is not named there).
SELECT n.id, n.report_id, n.kind, n.message_id, n.message_en, n.read_at,
       -- an offer's push lives as long as the offer (its job may run late, or be retried)
       (SELECT extract(epoch FROM a.expires_at - now()) FROM assignments a
        WHERE n.kind = 'task_offered' AND a.report_id = n.report_id AND a.city_id = n.city_id
          AND a.responder_id = n.user_id AND a.status = 'offered'
        ORDER BY a.id DESC LIMIT 1) AS offer_left_s,
       (SELECT c.slug FROM cities c WHERE c.id = n.city_id) AS city,
       cat.name_id AS category_name_id, CASE WHEN NOT cat.confidential THEN k.name END AS kelurahan,
       (SELECT jsonb_agg(jsonb_build_object('id', s.id, 'endpoint', s.endpoint, 'p256dh', s.p256dh, 'auth', s.auth)
                         ORDER BY s.id)
        FROM push_subscriptions s WHERE s.user_id = n.user_id) AS subscriptions
FROM notifications n
LEFT JOIN reports r ON r.id = n.report_id AND r.city_id = n.city_id
LEFT JOIN categories cat ON cat.id = r.category_id AND cat.city_id = r.city_id
LEFT JOIN kelurahan k ON k.id = r.kelurahan_id AND k.city_id = r.city_id
WHERE n.id = %(id)s AND n.city_id = %(city_id)s;
