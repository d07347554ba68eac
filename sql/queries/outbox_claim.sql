-- Pending jobs for one relay pass; SKIP LOCKED lets several relays run side by side.
SELECT id, job, args, run_after
FROM job_outbox
WHERE enqueued_at IS NULL AND (%(ids)s::bigint[] IS NULL OR id = ANY(%(ids)s))
ORDER BY id
LIMIT %(limit)s
FOR UPDATE SKIP LOCKED;
