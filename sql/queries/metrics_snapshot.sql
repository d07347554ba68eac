-- What /metrics reports from the database, cheap at any size: the outbox backlog (jobs not
-- yet handed to Redis and the age of the oldest, from the partial index on pending rows) and
-- reports per status from the trigger-kept H3 counts at the coarsest resolution (not a scan
-- of the reports).
SELECT (SELECT count(*) FROM job_outbox WHERE enqueued_at IS NULL) AS outbox_pending,
       (SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8
          FROM job_outbox WHERE enqueued_at IS NULL) AS outbox_oldest_s,
       (SELECT coalesce(jsonb_object_agg(status, n), '{}'::jsonb)
          FROM (SELECT status, sum(n)::bigint AS n FROM h3_report_counts WHERE res = 6 GROUP BY status) s)
         AS reports_by_status;
