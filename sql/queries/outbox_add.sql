INSERT INTO job_outbox (job, args, run_after)
VALUES (%(job)s, %(args)s, now() + make_interval(secs => %(delay_s)s))
RETURNING id;
