-- A report moved to another category (geo/recategorize.py).
-- 1. Its reporter is told in words of their own ("Laporan #2 dipindah ke kategori Lampu Jalan &
--    Rambu Rusak dan diteruskan ke Dinas Perhubungan"): the status step it takes when its officer
--    lets go (back to the queue) read "Laporan #2 (Sampah): Diverifikasi", the old category and a
--    step back with no reason (a walk). `sigap.quiet_report`, set for the transaction while that
--    step is taken, names the one report whose status notice the trigger leaves out. Otherwise as
--    0048.
CREATE OR REPLACE FUNCTION sigap_notify_reporter() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    nid bigint;
    cat record;
    actor text := coalesce(current_setting('sigap.actor_id', true), '');
    quiet text := coalesce(current_setting('sigap.quiet_report', true), '');
BEGIN
    IF quiet = NEW.id::text THEN  -- told in words of its own (geo/recategorize.py)
        RETURN NULL;
    END IF;
    SELECT name_id, name_en INTO cat FROM categories WHERE id = NEW.category_id AND city_id = NEW.city_id;
    IF NEW.reporter_id IS NOT NULL AND NEW.reporter_id::text <> actor THEN
        INSERT INTO notifications (user_id, report_id, city_id, kind, message_id, message_en)
        VALUES (NEW.reporter_id, NEW.id, NEW.city_id, 'status_changed',
                format('Laporan #%s (%s): %s', NEW.id, cat.name_id, sigap_status_name(NEW.status, 'id'))
                || CASE WHEN NEW.status = 'resolved' THEN '. Sudah beres? Beri nilai, atau katakan belum beres.' ELSE '' END,
                format('Report #%s (%s): %s', NEW.id, cat.name_en, sigap_status_name(NEW.status, 'en'))
                || CASE WHEN NEW.status = 'resolved' THEN '. Is it fixed? Rate it, or say it is not.' ELSE '' END)
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

-- 2. The reports merged into one, found by it (a move into a confidential category takes them
--    along): only the few with duplicate_of set are indexed.
CREATE INDEX IF NOT EXISTS reports_duplicate_of ON reports (duplicate_of, city_id) WHERE duplicate_of IS NOT NULL;
