-- Day rows of every dimension, recomputed from reports, SLA verdicts as of %(as_of)s.
INSERT INTO report_stats SELECT * FROM sigap_report_stats_days(%(days)s::date[], %(as_of)s);
