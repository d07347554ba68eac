-- Jobs name their row's city: (id, city_id) in every report-bound job's payload, so a worker's
-- statements name the distribution column and each runs on one shard on Citus
-- (docs/scaling.md). The reporter's notification trigger queues its push that way, and the
-- jobs still waiting in the outbox are rewritten; jobs already in Redis look their city up
-- once (workers/jobs.py).
CREATE OR REPLACE FUNCTION sigap_notify_reporter() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    nid bigint;
    cat record;
BEGIN
    IF NEW.reporter_id IS NULL
       OR NEW.reporter_id::text = coalesce(current_setting('sigap.actor_id', true), '') THEN
        RETURN NULL;
    END IF;
    SELECT name_id, name_en INTO cat FROM categories WHERE id = NEW.category_id AND city_id = NEW.city_id;
    INSERT INTO notifications (user_id, report_id, city_id, kind, message_id, message_en)
    VALUES (NEW.reporter_id, NEW.id, NEW.city_id, 'status_changed',
            format('Laporan #%s (%s): %s', NEW.id, cat.name_id, sigap_status_name(NEW.status, 'id')),
            format('Report #%s (%s): %s', NEW.id, cat.name_en, sigap_status_name(NEW.status, 'en')))
    RETURNING id INTO nid;
    INSERT INTO job_outbox (job, args) VALUES ('push_notification', jsonb_build_array(nid, NEW.city_id));
    RETURN NULL;
END $$;

UPDATE job_outbox o SET args = o.args || to_jsonb(c.city_id)
FROM (
    SELECT j.id, CASE j.job
        WHEN 'publish_photo' THEN (SELECT city_id FROM photos WHERE id = (j.args->>0)::bigint)
        WHEN 'dispatch_report' THEN (SELECT city_id FROM reports WHERE id = (j.args->>0)::bigint)
        WHEN 'expire_offer' THEN (SELECT city_id FROM assignments WHERE id = (j.args->>0)::bigint)
        WHEN 'push_notification' THEN (SELECT city_id FROM notifications WHERE id = (j.args->>0)::bigint)
    END AS city_id
    FROM job_outbox j
    WHERE j.job IN ('publish_photo', 'dispatch_report', 'expire_offer', 'push_notification')
      AND jsonb_array_length(j.args) = 1 AND j.enqueued_at IS NULL  -- the relay reads only these
) c
WHERE o.id = c.id AND c.city_id IS NOT NULL;
