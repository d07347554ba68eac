-- An unanswered offer whose time is up (idempotent: only a still-open, overdue offer expires).
UPDATE assignments SET status = 'expired'
WHERE id = %(id)s AND city_id = %(city_id)s AND status = 'offered' AND expires_at <= now()
RETURNING report_id, responder_id;
