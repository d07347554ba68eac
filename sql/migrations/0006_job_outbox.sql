-- Transactional outbox: a job is a row written in the same transaction as the change that
-- needs it, then pushed to Redis by a relay. A Redis outage delays jobs; it never loses one.
CREATE TABLE job_outbox (
    id          bigserial PRIMARY KEY,
    job         text NOT NULL,                 -- a name in workers.jobs.POLICY
    args        jsonb NOT NULL DEFAULT '[]',
    run_after   timestamptz NOT NULL DEFAULT now(),
    created_at  timestamptz NOT NULL DEFAULT now(),
    enqueued_at timestamptz,
    attempts    integer NOT NULL DEFAULT 0,
    last_error  text
);
CREATE INDEX job_outbox_pending ON job_outbox (id) WHERE enqueued_at IS NULL;
