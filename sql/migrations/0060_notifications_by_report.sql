-- Notices found by their report: a move into a confidential category rewrites that report's
-- notices (redact_report_notices.sql), and a closed offer marks its notice read (0052); each read
-- the whole table (a review). Partial: notices of no report (a city-wide message) are never asked.
CREATE INDEX notifications_report ON notifications (report_id, city_id) WHERE report_id IS NOT NULL;
