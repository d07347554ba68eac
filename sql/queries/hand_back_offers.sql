-- An officer's open offers go on to the next nearest at once: going off duty or on a break (an
-- offer stayed theirs until it expired, and could still be accepted off duty: a walk), or given a
-- task by hand or by accepting an offer (busy with it, an offer stayed on their phone beside the
-- task: a walk). Closed as cancelled, not declined: the officer refused nothing (/ops said
-- "menolak tawaran laporan ini"), and ready again they may be offered it again.
-- Only those nobody else holds: one being answered, expired or handed on at this moment is theirs
-- to settle (waiting for it deadlocked with the officer's own second "Terima", going off duty, or
-- an operator). After a task, run with the officer's row held (responder_busy): an offer a dispatch
-- committed a moment before is seen and goes on too.
UPDATE assignments SET status = 'cancelled', responded_at = now()
WHERE city_id = %(city_id)s AND status = 'offered'
  AND id IN (SELECT o.id FROM assignments o
             WHERE o.responder_id = %(user_id)s AND o.city_id = %(city_id)s AND o.status = 'offered'
             FOR UPDATE SKIP LOCKED)
RETURNING id, report_id;
