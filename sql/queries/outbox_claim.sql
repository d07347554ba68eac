-- One relay pass claims pending jobs and marks them pushed in a single statement, inside the
-- relay's transaction: the row locks keep other relays off them (SKIP LOCKED lets several
-- relays run side by side), and if the push to Redis fails the transaction rolls back and
-- they are pending again.
UPDATE job_outbox o
SET enqueued_at = now(), attempts = o.attempts + 1
WHERE o.id IN (
    SELECT id FROM job_outbox
    WHERE enqueued_at IS NULL
    ORDER BY id
    LIMIT %(limit)s
    FOR UPDATE SKIP LOCKED)
RETURNING o.id, o.job, o.args, o.run_after;
