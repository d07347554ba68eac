-- Wake the outbox relays when jobs are written: one notification per inserting statement,
-- delivered when its transaction commits (several in one transaction fold into one).
-- Relays LISTEN on 'sigap_outbox' and push pending rows to Redis within milliseconds, so
-- the request that wrote them never talks to Redis for jobs.
CREATE FUNCTION sigap_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('sigap_outbox', '');
    RETURN NULL;
END $$;

CREATE TRIGGER job_outbox_notify AFTER INSERT ON job_outbox
    FOR EACH STATEMENT EXECUTE FUNCTION sigap_outbox_notify();
