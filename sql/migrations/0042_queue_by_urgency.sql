-- The operators' queue (`order=due`) is the most urgent first: priority (Darurat, Tinggi, Normal,
-- Rendah), then deadline. Ordered by deadline alone, a fire due within the hour sat behind every
-- late report of the city. This index hands the queue its first page of one city's open reports
-- in that order without sorting them all (list_reports.sql names the same expression).
CREATE INDEX reports_queue_urgency ON reports
    (city_id, array_position(ARRAY['urgent','high','normal','low'], priority), due_at, id)
    WHERE status IN ('submitted','verified','assigned','in_progress');
