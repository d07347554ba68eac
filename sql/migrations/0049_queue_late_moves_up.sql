-- The operators' queue (`order=due`) ranked a Normal report two days late below every Tinggi one
-- with time left (a staff walk). A report past its deadline and escalated (the SLA sweep, every
-- 5 minutes, sets escalated_at and tells its coordinators) now ranks one level up: a late Normal
-- with the Tinggi ones, a late Rendah with the Normal ones, and, being due earlier, before them.
-- Never into Darurat's level: a fire due within the hour stays first. The index hands the queue
-- its first page in that order (list_reports.sql names the same expression).
DROP INDEX IF EXISTS reports_queue_urgency;
CREATE INDEX reports_queue_urgency ON reports
    (city_id,
     (array_position(ARRAY['urgent','high','normal','low'], priority)
       - (escalated_at IS NOT NULL AND priority IN ('normal','low'))::int),
     due_at, id)
    WHERE status IN ('submitted','verified','assigned','in_progress');
