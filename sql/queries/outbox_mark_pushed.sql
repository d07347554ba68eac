-- Claimed rows that reached Redis (one statement for the whole relay pass).
UPDATE job_outbox SET enqueued_at = now(), attempts = attempts + 1 WHERE id = ANY(%(ids)s);
