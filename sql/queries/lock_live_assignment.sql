-- The report's live offer or assignment, locked while it is replaced or accepted.
SELECT id, responder_id, status FROM assignments
WHERE report_id = %(report_id)s AND city_id = %(city_id)s AND status IN ('offered','accepted','arrived')
FOR UPDATE;
