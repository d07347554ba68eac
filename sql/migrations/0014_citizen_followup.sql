-- Follow-up for the citizen (issue 15): every status change of a report tells its reporter, in
-- the app (notifications) and by Web Push (push_subscriptions, job push_notification), whatever
-- path changed it (operator, responder, dispatch, SLA sweep, merge). A trigger sees them all;
-- the reporter's own actions (closing, "not fixed yet") are not echoed back: services put the
-- acting user in the transaction-local setting sigap.actor_id.

CREATE FUNCTION sigap_status_name(status text, lang text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN lang = 'id' THEN
        CASE status WHEN 'submitted' THEN 'Diterima' WHEN 'verified' THEN 'Diverifikasi'
                    WHEN 'assigned' THEN 'Ditugaskan' WHEN 'in_progress' THEN 'Dikerjakan'
                    WHEN 'resolved' THEN 'Selesai' WHEN 'closed' THEN 'Ditutup'
                    WHEN 'rejected' THEN 'Ditolak' WHEN 'duplicate' THEN 'Duplikat' ELSE status END
    ELSE
        CASE status WHEN 'submitted' THEN 'Submitted' WHEN 'verified' THEN 'Verified'
                    WHEN 'assigned' THEN 'Assigned' WHEN 'in_progress' THEN 'In progress'
                    WHEN 'resolved' THEN 'Resolved' WHEN 'closed' THEN 'Closed'
                    WHEN 'rejected' THEN 'Rejected' WHEN 'duplicate' THEN 'Duplicate' ELSE status END
    END
$$;

CREATE TABLE push_subscriptions (
    id          bigserial PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    endpoint    text NOT NULL UNIQUE,
    p256dh      text NOT NULL,
    auth        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    last_sent_at timestamptz
);
CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id);

CREATE FUNCTION sigap_notify_reporter() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    nid bigint;
    cat record;
BEGIN
    IF NEW.reporter_id IS NULL
       OR NEW.reporter_id::text = coalesce(current_setting('sigap.actor_id', true), '') THEN
        RETURN NULL;
    END IF;
    SELECT name_id, name_en INTO cat FROM categories WHERE id = NEW.category_id;
    INSERT INTO notifications (user_id, report_id, kind, message_id, message_en)
    VALUES (NEW.reporter_id, NEW.id, 'status_changed',
            format('Laporan #%s (%s): %s', NEW.id, cat.name_id, sigap_status_name(NEW.status, 'id')),
            format('Report #%s (%s): %s', NEW.id, cat.name_en, sigap_status_name(NEW.status, 'en')))
    RETURNING id INTO nid;
    INSERT INTO job_outbox (job, args) VALUES ('push_notification', jsonb_build_array(nid));
    RETURN NULL;
END $$;

CREATE TRIGGER reports_notify_reporter
    AFTER UPDATE OF status ON reports
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION sigap_notify_reporter();
