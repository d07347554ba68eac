-- An unanswered offer whose time is up (idempotent: only a still-open, overdue offer expires).
UPDATE assignments SET status = 'expired'
WHERE id = %(id)s AND city_id = %(city_id)s AND status = 'offered' AND expires_at <= now()
RETURNING report_id, responder_id,
          -- their offer before it lapsed too: away from the phone, not chained one after another
          -- (the SLA sweep still offers them what waits, every 5 minutes)
          coalesce((SELECT p.status = 'expired' FROM assignments p
                    WHERE p.responder_id = assignments.responder_id AND p.city_id = assignments.city_id
                      AND p.id < assignments.id AND p.status <> 'offered'
                    ORDER BY p.id DESC LIMIT 1), false) AS lapsed_before;
