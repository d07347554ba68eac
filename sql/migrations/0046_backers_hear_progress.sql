-- Residents who back a report ("Dukung") hear of its progress too: they pressed it because the
-- problem is theirs as well, and heard nothing after (only the reporter was told). They are told
-- the steps they wait for, not every step of the desk's work: work started, resolved, or
-- rejected. A duplicate's backers are moved to the report it joined (merge_reports.sql) and hear
-- of that one. Not echoed to whoever made the change, and not twice to the reporter. One
-- set-based insert, whatever the number of backers, each with its Web Push job.
CREATE OR REPLACE FUNCTION sigap_notify_reporter() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    nid bigint;
    cat record;
    actor text := coalesce(current_setting('sigap.actor_id', true), '');
BEGIN
    SELECT name_id, name_en INTO cat FROM categories WHERE id = NEW.category_id AND city_id = NEW.city_id;
    IF NEW.reporter_id IS NOT NULL AND NEW.reporter_id::text <> actor THEN
        INSERT INTO notifications (user_id, report_id, city_id, kind, message_id, message_en)
        VALUES (NEW.reporter_id, NEW.id, NEW.city_id, 'status_changed',
                format('Laporan #%s (%s): %s', NEW.id, cat.name_id, sigap_status_name(NEW.status, 'id')),
                format('Report #%s (%s): %s', NEW.id, cat.name_en, sigap_status_name(NEW.status, 'en')))
        RETURNING id INTO nid;
        INSERT INTO job_outbox (job, args) VALUES ('push_notification', jsonb_build_array(nid, NEW.city_id));
    END IF;
    IF NEW.status IN ('in_progress', 'resolved', 'rejected') THEN
        WITH told AS (
            INSERT INTO notifications (user_id, report_id, city_id, kind, message_id, message_en)
            SELECT s.user_id, NEW.id, NEW.city_id, 'supported_changed',
                   format('Laporan yang Anda dukung #%s (%s): %s', NEW.id, cat.name_id, sigap_status_name(NEW.status, 'id')),
                   format('A report you support #%s (%s): %s', NEW.id, cat.name_en, sigap_status_name(NEW.status, 'en'))
            FROM report_supporters s
            WHERE s.report_id = NEW.id AND s.city_id = NEW.city_id
              AND s.user_id IS DISTINCT FROM NEW.reporter_id AND s.user_id::text <> actor
            RETURNING id
        )
        INSERT INTO job_outbox (job, args) SELECT 'push_notification', jsonb_build_array(told.id, NEW.city_id) FROM told;
    END IF;
    RETURN NULL;
END $$;

-- "Laporan saya" lists what a resident reported and what they back, in every city, newest
-- first: without these each list walked the whole reports table in time order for one
-- person's few rows.
CREATE INDEX reports_by_reporter ON reports (reporter_id, created_at DESC) WHERE reporter_id IS NOT NULL;
CREATE INDEX report_supporters_by_user ON report_supporters (user_id);
