-- The analysis runs there are, with their counts of significant cells (the /ops legend).
SELECT r.kind, r.category, r.period, r.res, r.computed_at, r.months, r.reports, r.cells, r.permutations, r.note,
       coalesce(h.hot, e.hot, 0) AS hot, coalesce(h.cold, e.cold, 0) AS cold
FROM analysis_runs r
LEFT JOIN LATERAL (SELECT count(*) FILTER (WHERE confidence > 0)::int AS hot,
                          count(*) FILTER (WHERE confidence < 0)::int AS cold
                   FROM hotspot_cells WHERE run_id = r.id) h ON r.kind = 'hotspots'
LEFT JOIN LATERAL (SELECT count(*) FILTER (WHERE pattern LIKE '%%\_hot')::int AS hot,
                          count(*) FILTER (WHERE pattern LIKE '%%\_cold')::int AS cold
                   FROM emerging_cells WHERE run_id = r.id) e ON r.kind = 'emerging_hotspots'
WHERE r.city_id = %(city_id)s
ORDER BY r.kind, r.category, r.period, r.res;
