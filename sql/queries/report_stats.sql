-- Statistics per agency or per kelurahan (%(group)s, checked by geo.report_views.stats) over
-- reports created in [since, until): counts by status, median hours to first response and
-- to resolution, SLA breach rate.
SELECT CASE WHEN %(group)s = 'agency' THEN a.code ELSE k.id::text END AS key,
       CASE WHEN %(group)s = 'agency' THEN a.name_id ELSE k.name END AS name, count(*) AS total,
       count(*) FILTER (WHERE r.status = 'submitted')   AS submitted,
       count(*) FILTER (WHERE r.status = 'verified')    AS verified,
       count(*) FILTER (WHERE r.status = 'assigned')    AS assigned,
       count(*) FILTER (WHERE r.status = 'in_progress') AS in_progress,
       count(*) FILTER (WHERE r.status = 'resolved')    AS resolved,
       count(*) FILTER (WHERE r.status = 'closed')      AS closed,
       count(*) FILTER (WHERE r.status = 'rejected')    AS rejected,
       count(*) FILTER (WHERE r.status = 'duplicate')   AS duplicate,
       percentile_cont(0.5) WITHIN GROUP (
           ORDER BY extract(epoch FROM r.first_response_at - r.created_at) / 3600.0) AS median_first_response_h,
       percentile_cont(0.5) WITHIN GROUP (
           ORDER BY extract(epoch FROM r.resolved_at - r.created_at) / 3600.0) AS median_resolution_h,
       (count(*) FILTER (WHERE r.status NOT IN ('rejected','duplicate')
                           AND coalesce(r.resolved_at, now()) > r.due_at))::float8
         / nullif(count(*) FILTER (WHERE r.status NOT IN ('rejected','duplicate')), 0) AS sla_breach_rate
FROM reports r JOIN agencies a ON a.id = r.agency_id JOIN kelurahan k ON k.id = r.public_kelurahan_id
WHERE (%(since)s::timestamptz IS NULL OR r.created_at >= %(since)s)
  AND (%(until)s::timestamptz IS NULL OR r.created_at < %(until)s)
GROUP BY 1, 2
ORDER BY 1;
