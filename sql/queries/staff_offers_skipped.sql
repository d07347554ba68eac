-- After a switched-off officer is off shift (their row held): an offer a dispatch committed while
-- their work was being handed back goes on too. Offers held elsewhere are skipped, not waited for
-- (an accept holding one waits for the officer's row, which this transaction holds): that accept
-- is then refused (account_disabled, geo/assignments.record_assignment).
UPDATE assignments SET status = 'cancelled'
WHERE status = 'offered'
  AND id IN (SELECT o.id FROM assignments o WHERE o.responder_id = %(id)s AND o.status = 'offered'
             FOR UPDATE SKIP LOCKED)
RETURNING report_id, city_id;
