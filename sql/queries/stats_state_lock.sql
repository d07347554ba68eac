-- The rollup's state, locked for the refresh (see migration 0013 for why the lock matters).
SELECT CASE WHEN isfinite(settled_before) THEN settled_before END AS settled_before, refreshed_at,
       now() - refreshed_at AS age, sigap_stats_today() AS today
FROM report_stats_state FOR UPDATE;
