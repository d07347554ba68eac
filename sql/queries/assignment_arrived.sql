-- Work started: the accepted assignment is marked arrived (first time only).
UPDATE assignments SET status = 'arrived', arrived_at = coalesce(arrived_at, now())
WHERE report_id = %(report_id)s AND city_id = %(city_id)s AND status = 'accepted';
