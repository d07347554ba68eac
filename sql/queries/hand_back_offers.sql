-- A responder who goes off duty or takes a break hands back the offers still open to them: each
-- goes on to the next nearest at once (it stayed theirs until it expired, and could still be
-- accepted off duty: a walk). Closed as declined, so dispatch passes them over for that report.
UPDATE assignments SET status = 'declined', responded_at = now()
WHERE responder_id = %(user_id)s AND city_id = %(city_id)s AND status = 'offered'
RETURNING id, report_id;
