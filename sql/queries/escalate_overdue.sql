-- Mark open reports past their due time as escalated (once), log it, and notify the
-- camat / lurah coordinators of the report's kecamatan / kelurahan and the agency's admins.
WITH due AS (
    UPDATE reports SET escalated_at = now(), updated_at = now()
    WHERE status IN ('submitted','verified','assigned','in_progress')
      AND escalated_at IS NULL AND due_at < now()
    RETURNING id, city_id, kecamatan_id, kelurahan_id, agency_id, status
), logged AS (
    INSERT INTO report_events (report_id, city_id, event, from_status, to_status, note)
    SELECT id, city_id, 'escalated', status, status, 'Batas waktu (SLA) terlewati / SLA deadline missed' FROM due
    RETURNING report_id
), notified AS (
    INSERT INTO notifications (user_id, report_id, city_id, kind, message_id, message_en)
    SELECT DISTINCT u.id, d.id, d.city_id, 'sla_overdue',
           'Laporan #' || d.id || ' melewati batas waktu penanganan (SLA).',
           'Report #' || d.id || ' has missed its handling deadline (SLA).'
    FROM due d
    JOIN staff s ON s.city_id = d.city_id
    JOIN users u ON u.id = s.user_id AND NOT u.disabled  -- who hears: one rule (migration 0037)
         AND sigap_hears_of_report(s.kecamatan_id, s.kelurahan_id, s.agency_id, u.role,
                                   d.kecamatan_id, d.kelurahan_id, d.agency_id)
    ON CONFLICT DO NOTHING
    RETURNING id
)
SELECT (SELECT count(*) FROM due) AS escalated, (SELECT count(*) FROM logged) AS logged,
       (SELECT count(*) FROM notified) AS notified;
