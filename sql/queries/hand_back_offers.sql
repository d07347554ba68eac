-- A responder who goes off duty or takes a break hands back the offers still open to them: each
-- goes on to the next nearest at once (it stayed theirs until it expired, and could still be
-- accepted off duty: a walk). Closed as cancelled, not declined: the officer refused nothing (/ops
-- said "menolak tawaran laporan ini"), and back on duty they may be offered it again.
UPDATE assignments SET status = 'cancelled', responded_at = now()
WHERE responder_id = %(user_id)s AND city_id = %(city_id)s AND status = 'offered'
RETURNING id, report_id;
