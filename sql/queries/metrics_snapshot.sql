-- What /metrics reports from the database, cheap at any size: the outbox backlog (jobs not
-- yet handed to Redis and the age of the oldest, from the partial index on pending rows) and
-- reports per city and status from the trigger-kept H3 counts at the coarsest resolution (not a
-- scan of the reports; per city: one city's backlog was lost in the platform's sum).
SELECT (SELECT count(*) FROM job_outbox WHERE enqueued_at IS NULL) AS outbox_pending,
       (SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8
          FROM job_outbox WHERE enqueued_at IS NULL) AS outbox_oldest_s,
       (SELECT coalesce(jsonb_object_agg(slug, by_status), '{}'::jsonb)
          FROM (SELECT ct.slug, jsonb_object_agg(s.status, s.n) AS by_status
                FROM (SELECT city_id, status, sum(n)::bigint AS n FROM h3_report_counts WHERE res = 6
                      GROUP BY city_id, status) s
                JOIN cities ct ON ct.id = s.city_id
                GROUP BY ct.slug) x)
         AS reports_by_city;
