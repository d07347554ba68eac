-- The HTTP request this connection now serves (job_outbox.request_id's default, 0016).
SELECT set_config('sigap.request_id', %(request_id)s, false);
