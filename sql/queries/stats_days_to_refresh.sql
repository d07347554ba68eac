-- What a full refresh recomputes besides the days with deltas: today's date (days before it get
-- settled: sigap_stats_today(), the westernmost city's date), the first day with reports (each
-- city's first report, in its own days), and the past days with open reports that were not yet
-- due at the last refresh (%(since)s): their SLA verdicts may have changed since.
WITH t AS (SELECT sigap_stats_today() AS today)
SELECT t.today, now() AS as_of,
       (SELECT min(sigap_city_day(c.id, (SELECT min(r.created_at) FROM reports r WHERE r.city_id = c.id)))
        FROM cities c) AS first_day,
       ARRAY(SELECT DISTINCT sigap_city_day(r.city_id, r.created_at) FROM reports r
             WHERE r.status IN ('submitted','verified','assigned','in_progress') AND r.due_at > %(since)s
               AND r.created_at < sigap_city_day_start(r.city_id, t.today)) AS pending
FROM t;
