-- Jobs recorded but not yet handed to Redis by the relay.
SELECT count(*) AS n FROM job_outbox WHERE enqueued_at IS NULL
