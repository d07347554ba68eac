-- The report an automatic merge with this reporter's Idempotency-Key went into (a retry).
SELECT report_id FROM report_events WHERE actor_id = %(actor_id)s AND idempotency_key = %(key)s;
