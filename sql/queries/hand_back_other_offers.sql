-- An officer given a task (by hand, or by accepting an offer) lets their other open offers go on:
-- busy with it, an offer stayed on their phone beside the task (a walk). Only those nobody else
-- holds: one being answered, expired or handed on at this moment is theirs to settle (waiting for
-- it deadlocked with the officer's own second "Terima", going off duty, or an operator).
-- Run with the officer's row held (after responder_busy): an offer a dispatch committed a moment
-- before is seen and goes on too.
UPDATE assignments SET status = 'cancelled', responded_at = now()
WHERE city_id = %(city_id)s AND status = 'offered'
  AND id IN (SELECT o.id FROM assignments o
             WHERE o.responder_id = %(user_id)s AND o.city_id = %(city_id)s AND o.status = 'offered'
             FOR UPDATE SKIP LOCKED)
RETURNING id, report_id;
