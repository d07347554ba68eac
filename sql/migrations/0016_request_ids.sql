-- Each job row remembers the HTTP request that caused it (the X-Request-Id the caller saw and
-- the JSON access log carries), so an operator can follow one report from request to job.
-- The API sets `sigap.request_id` on its connection per request; jobs made by jobs have none.
ALTER TABLE job_outbox ADD COLUMN request_id text;
ALTER TABLE job_outbox ALTER COLUMN request_id SET DEFAULT nullif(current_setting('sigap.request_id', true), '');
