-- What an answer from the rollup needs to know first (geo.stats.plan_parts): the settled
-- days, the instant the rows' SLA verdicts hold for, and the first rolled-up day.
SELECT CASE WHEN isfinite(st.settled_before) THEN st.settled_before END AS settled_before, st.refreshed_at,
       (SELECT min(f.start) FROM report_stats f WHERE f.dim = 'a' AND f.period = 'd') AS first_day
FROM report_stats_state st;
