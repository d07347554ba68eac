-- What a full refresh recomputes besides the days with deltas: today's date (days before it get
-- settled), the first day with reports, and the past days with open reports that were not
-- yet due at the last refresh (%(since)s): their SLA verdicts may have changed since.
SELECT sigap_stats_day(now()) AS today, now() AS as_of,
       (SELECT sigap_stats_day(min(created_at)) FROM reports) AS first_day,
       ARRAY(SELECT DISTINCT sigap_stats_day(created_at) FROM reports
             WHERE status IN ('submitted','verified','assigned','in_progress') AND due_at > %(since)s
               AND created_at < sigap_stats_day_start(sigap_stats_day(now()))) AS pending;
