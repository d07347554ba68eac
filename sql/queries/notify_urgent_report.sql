-- An urgent report (a fire, a missing person: the category's default, or raised by an operator)
-- is told at once to the coordinators of its area (its camat and lurah) and its agency's admins:
-- the same people who hear of a late one (sigap_hears_of_report, 0037). They heard of such a report
-- only once it was late, though they coordinate there (a staff walk). Once per person and report:
-- an urgent report lowered and raised again is not told twice. A confidential one (a missing
-- person) names no kelurahan: the notice shows on a lock screen (as notify_assignee.sql), and
-- those told open it in /ops, where they see it in full. Each
-- notice is pushed too (workers push_notification), to the phones and computers where its reader
-- turned that on in /ops: a fire must not wait for someone to look at a dashboard.
-- `actor_id`: who filed it or raised it, never told of their own doing (a lurah who raised a report
-- had it on their own bell a minute later: a walk); `raised`: an operator raised it, and the others
-- read who did (a garbage report told as "urgent" left the camat guessing why).
WITH told AS (
    INSERT INTO notifications (user_id, report_id, city_id, kind, message_id, message_en)
    SELECT DISTINCT u.id, r.id, r.city_id, 'urgent_report',
           CASE WHEN %(raised)s
                THEN format('Laporan #%%s (%%s)%%s dinaikkan ke Darurat oleh %%s.', r.id, c.name_id, place.id, a.who)
                ELSE format('Laporan darurat #%%s (%%s)%%s.', r.id, c.name_id, place.id) END,
           CASE WHEN %(raised)s
                THEN format('Report #%%s (%%s)%%s raised to Urgent by %%s.', r.id, c.name_en, place.en, a.who)
                ELSE format('Urgent report #%%s (%%s)%%s.', r.id, c.name_en, place.en) END
    FROM reports r
    JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id
    JOIN kelurahan k ON k.id = r.kelurahan_id AND k.city_id = r.city_id
    CROSS JOIN LATERAL (SELECT CASE WHEN c.confidential THEN '' ELSE ' di Kel. ' || k.name END AS id,
                               CASE WHEN c.confidential THEN '' ELSE ' in Kel. ' || k.name END AS en) place
    JOIN staff s ON s.city_id = r.city_id
    JOIN users u ON u.id = s.user_id AND NOT u.disabled AND u.id IS DISTINCT FROM %(actor_id)s::bigint
         AND sigap_hears_of_report(s.kecamatan_id, s.kelurahan_id, s.agency_id, u.role,
                                   r.kecamatan_id, r.kelurahan_id, r.agency_id)
    LEFT JOIN (SELECT coalesce(nullif(full_name, ''), email, phone) AS who FROM users
               WHERE id = %(actor_id)s::bigint) a ON true
    WHERE r.id = %(report_id)s AND r.city_id = %(city_id)s AND r.priority = 'urgent'
      AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = u.id AND n.report_id = r.id
                        AND n.city_id = r.city_id AND n.kind = 'urgent_report')
    RETURNING id, city_id
)
INSERT INTO job_outbox (job, args) SELECT 'push_notification', jsonb_build_array(told.id, told.city_id) FROM told;
