-- A resolved report came back ("belum beres"): its agency's admins and the camat / lurah
-- coordinators of its area hear of it (as of an SLA escalation), except whoever reopened it.
-- Its deadline may still be days ahead, so the queue alone would not bring it up.
INSERT INTO notifications (user_id, report_id, city_id, kind, message_id, message_en)
SELECT DISTINCT u.id, r.id, r.city_id, 'reopened',
       'Laporan #' || r.id || ' dibuka lagi: belum beres.',
       'Report #' || r.id || ' was reopened: not fixed yet.'
FROM reports r
JOIN staff s ON s.city_id = r.city_id
JOIN users u ON u.id = s.user_id AND NOT u.disabled  -- who hears: one rule (migration 0037)
     AND sigap_hears_of_report(s.kecamatan_id, s.kelurahan_id, s.agency_id, u.role,
                               r.kecamatan_id, r.kelurahan_id, r.agency_id)
WHERE r.id = %(report_id)s AND r.city_id = %(city_id)s AND u.id IS DISTINCT FROM %(actor_id)s::bigint;
