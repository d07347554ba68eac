-- Month rows summed from the day rows of the given months that are wholly settled.
INSERT INTO report_stats
SELECT 'm', date_trunc('month', d.start)::date AS month, d.dim, d.key, sum(d.total), sum(d.submitted),
       sum(d.verified), sum(d.assigned), sum(d.in_progress), sum(d.resolved), sum(d.closed),
       sum(d.rejected), sum(d.duplicate), sum(d.eligible), sum(d.breached),
       sigap_histogram_sum(d.first_response), sigap_histogram_sum(d.resolution), d.city_id, d.sub, d.cat
FROM report_stats d
WHERE d.period = 'd' AND date_trunc('month', d.start)::date = ANY(%(months)s::date[])
  AND (date_trunc('month', d.start) + interval '1 month')::date <= %(s)s
GROUP BY 2, 3, 4, d.city_id, d.sub, d.cat;
