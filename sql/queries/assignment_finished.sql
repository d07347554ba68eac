-- The report left the field (resolved, rejected, merged, closed): offers are cancelled, work is done.
UPDATE assignments SET status = CASE WHEN status = 'offered' THEN 'cancelled' ELSE 'done' END, done_at = now()
WHERE report_id = %(report_id)s AND city_id = %(city_id)s AND status IN ('offered','accepted','arrived')
RETURNING responder_id;
