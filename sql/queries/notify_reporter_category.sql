-- A report's reporter hears that it moved to another category (and agency), unless they moved it
-- themselves; with its Web Push job. Only the reporter: backers hear of its progress (0046).
WITH r AS (
    SELECT r.id, r.city_id, r.reporter_id, c.name_id, c.name_en, a.name_id AS agency_id_name, a.name_en AS agency_en_name
    FROM reports r
    JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id
    JOIN agencies a ON a.id = r.agency_id AND a.city_id = r.city_id
    WHERE r.id = %(report_id)s AND r.city_id = %(city_id)s
      AND r.reporter_id IS NOT NULL AND r.reporter_id IS DISTINCT FROM %(actor_id)s::bigint
), note AS (
    INSERT INTO notifications (user_id, report_id, city_id, kind, message_id, message_en)
    SELECT r.reporter_id, r.id, r.city_id, 'category_changed',
           format('Laporan #%%s dipindah ke kategori %%s%%s.', r.id, r.name_id,
                  CASE WHEN %(routed)s THEN ' dan diteruskan ke ' || r.agency_id_name ELSE '' END),
           format('Report #%%s was moved to the category %%s%%s.', r.id, r.name_en,
                  CASE WHEN %(routed)s THEN ' and passed to the ' || r.agency_en_name ELSE '' END)
    FROM r
    RETURNING id, city_id
)
INSERT INTO job_outbox (job, args) SELECT 'push_notification', jsonb_build_array(id, city_id) FROM note
RETURNING 1;
