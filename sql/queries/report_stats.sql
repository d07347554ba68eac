-- One city's (%(city_id)s) statistics per agency (%(dim)s = 'a'), public kelurahan ('k') or
-- category ('c'), from the parts that geo.stats.plan_parts chose: month rows (%(months)s), day rows
-- (%(days)s), the deltas of the rolled-up days [%(late_from)s, %(late_to)s) and their open reports
-- that fell due after the rows' SLA verdicts (%(as_of)s), and the reports created in
-- [%(raw_from)s, %(raw_to)s) (today) counted directly. Part of the city (%(kelurahan_ids)s: public
-- kelurahan; %(agency_id)s; %(category_ids)s) reads the (kelurahan, agency, category) rows,
-- %(src)s = 'x', whose key is the kelurahan, sub the agency and cat the category; the whole city
-- reads the rows of its own dimension, %(src)s = %(dim)s. Histograms are summed element by element
-- with subscripts (30x faster than unnest here); geo/stats.py reads the medians from them.
WITH parts AS (
    SELECT CASE WHEN r.dim <> 'x' THEN r.key WHEN %(dim)s = 'a' THEN r.sub WHEN %(dim)s = 'c' THEN r.cat ELSE r.key END AS key, total, submitted, verified, assigned,
           in_progress, resolved, closed, rejected, duplicate, eligible, breached, first_response, resolution
    FROM unnest(%(months)s::date[]) u(start) JOIN report_stats r USING (start)
    WHERE r.dim = %(src)s AND r.period = 'm' AND r.city_id = %(city_id)s
      AND (%(kelurahan_ids)s::int[] IS NULL OR r.key = ANY(%(kelurahan_ids)s)) AND (%(agency_id)s::int IS NULL OR r.sub = %(agency_id)s)
      AND (%(category_ids)s::int[] IS NULL OR r.cat = ANY(%(category_ids)s))
    UNION ALL
    SELECT CASE WHEN r.dim <> 'x' THEN r.key WHEN %(dim)s = 'a' THEN r.sub WHEN %(dim)s = 'c' THEN r.cat ELSE r.key END, total, submitted, verified, assigned,
           in_progress, resolved, closed, rejected, duplicate, eligible, breached, first_response, resolution
    FROM unnest(%(days)s::date[]) u(start) JOIN report_stats r USING (start)
    WHERE r.dim = %(src)s AND r.period = 'd' AND r.city_id = %(city_id)s
      AND (%(kelurahan_ids)s::int[] IS NULL OR r.key = ANY(%(kelurahan_ids)s)) AND (%(agency_id)s::int IS NULL OR r.sub = %(agency_id)s)
      AND (%(category_ids)s::int[] IS NULL OR r.cat = ANY(%(category_ids)s))
    UNION ALL
    SELECT CASE %(dim)s WHEN 'a' THEN r.agency_id WHEN 'c' THEN r.category_id ELSE r.public_kelurahan_id END, count(*),
           count(*) FILTER (WHERE r.status = 'submitted'), count(*) FILTER (WHERE r.status = 'verified'),
           count(*) FILTER (WHERE r.status = 'assigned'), count(*) FILTER (WHERE r.status = 'in_progress'),
           count(*) FILTER (WHERE r.status = 'resolved'), count(*) FILTER (WHERE r.status = 'closed'),
           count(*) FILTER (WHERE r.status = 'rejected'), count(*) FILTER (WHERE r.status = 'duplicate'),
           count(*) FILTER (WHERE sigap_report_counted(r.status)),
           count(*) FILTER (WHERE sigap_report_counted(r.status) AND coalesce(r.resolved_at, now()) > r.due_at),
           sigap_histogram(array_agg(sigap_duration_bucket(
               extract(epoch FROM r.first_response_at - r.created_at)::float8 / 3600))),
           sigap_histogram(array_agg(sigap_duration_bucket(
               extract(epoch FROM r.resolved_at - r.created_at)::float8 / 3600)))
    FROM reports r
    WHERE r.city_id = %(city_id)s AND r.created_at >= coalesce(%(raw_from)s::timestamptz, '-infinity')
      AND r.created_at < coalesce(%(raw_to)s::timestamptz, 'infinity')
      AND (%(kelurahan_ids)s::int[] IS NULL OR r.public_kelurahan_id = ANY(%(kelurahan_ids)s))
      AND (%(agency_id)s::int IS NULL OR r.agency_id = %(agency_id)s)
      AND (%(category_ids)s::int[] IS NULL OR r.category_id = ANY(%(category_ids)s))
    GROUP BY 1
    UNION ALL
    SELECT CASE %(dim)s WHEN 'a' THEN d.agency_id WHEN 'c' THEN d.category_id ELSE d.kelurahan_id END, sum(d.sign),
           sum(d.sign) FILTER (WHERE d.status = 'submitted'), sum(d.sign) FILTER (WHERE d.status = 'verified'),
           sum(d.sign) FILTER (WHERE d.status = 'assigned'), sum(d.sign) FILTER (WHERE d.status = 'in_progress'),
           sum(d.sign) FILTER (WHERE d.status = 'resolved'), sum(d.sign) FILTER (WHERE d.status = 'closed'),
           sum(d.sign) FILTER (WHERE d.status = 'rejected'), sum(d.sign) FILTER (WHERE d.status = 'duplicate'),
           sum(d.sign * d.eligible), sum(d.sign * d.breached),
           sigap_histogram_signed(array_agg(d.first_response), array_agg(d.sign)),
           sigap_histogram_signed(array_agg(d.resolution), array_agg(d.sign))
    FROM report_stats_delta d
    WHERE d.city_id = %(city_id)s AND d.day >= coalesce(%(late_from)s::date, '-infinity') AND d.day < coalesce(%(late_to)s::date, '-infinity')
      AND (%(kelurahan_ids)s::int[] IS NULL OR d.kelurahan_id = ANY(%(kelurahan_ids)s))
      AND (%(agency_id)s::int IS NULL OR d.agency_id = %(agency_id)s)
      AND (%(category_ids)s::int[] IS NULL OR d.category_id = ANY(%(category_ids)s))
    GROUP BY 1
    UNION ALL
    SELECT CASE %(dim)s WHEN 'a' THEN r.agency_id WHEN 'c' THEN r.category_id ELSE r.public_kelurahan_id END, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, count(*), NULL, NULL
    FROM reports r
    WHERE r.city_id = %(city_id)s AND r.status IN ('submitted','verified','assigned','in_progress')
      AND r.due_at > %(as_of)s AND r.due_at <= now()
      AND r.created_at >= sigap_city_day_start(%(city_id)s, coalesce(%(late_from)s::date, '-infinity'))
      AND r.created_at < sigap_city_day_start(%(city_id)s, coalesce(%(late_to)s::date, '-infinity'))
      AND (%(kelurahan_ids)s::int[] IS NULL OR r.public_kelurahan_id = ANY(%(kelurahan_ids)s))
      AND (%(agency_id)s::int IS NULL OR r.agency_id = %(agency_id)s)
      AND (%(category_ids)s::int[] IS NULL OR r.category_id = ANY(%(category_ids)s))
    GROUP BY 1
), totals AS (
    SELECT key, sum(total) AS total, sum(submitted) AS submitted, sum(verified) AS verified,
           sum(assigned) AS assigned, sum(in_progress) AS in_progress, sum(resolved) AS resolved,
           sum(closed) AS closed, sum(rejected) AS rejected, sum(duplicate) AS duplicate,
           sum(eligible) AS eligible, sum(breached) AS breached,
          ARRAY[
          sum(first_response[1]), sum(first_response[2]), sum(first_response[3]), sum(first_response[4]), sum(first_response[5]), sum(first_response[6]),
          sum(first_response[7]), sum(first_response[8]), sum(first_response[9]), sum(first_response[10]), sum(first_response[11]), sum(first_response[12]),
          sum(first_response[13]), sum(first_response[14]), sum(first_response[15]), sum(first_response[16]), sum(first_response[17]), sum(first_response[18]),
          sum(first_response[19]), sum(first_response[20]), sum(first_response[21]), sum(first_response[22]), sum(first_response[23]), sum(first_response[24]),
          sum(first_response[25]), sum(first_response[26]), sum(first_response[27]), sum(first_response[28]), sum(first_response[29]), sum(first_response[30]),
          sum(first_response[31]), sum(first_response[32]), sum(first_response[33]), sum(first_response[34]), sum(first_response[35]), sum(first_response[36]),
          sum(first_response[37]), sum(first_response[38]), sum(first_response[39]), sum(first_response[40]), sum(first_response[41]), sum(first_response[42]),
          sum(first_response[43]), sum(first_response[44]), sum(first_response[45]), sum(first_response[46]), sum(first_response[47]), sum(first_response[48]),
          sum(first_response[49]), sum(first_response[50]), sum(first_response[51]), sum(first_response[52]), sum(first_response[53]), sum(first_response[54]),
          sum(first_response[55]), sum(first_response[56]), sum(first_response[57]), sum(first_response[58]), sum(first_response[59]), sum(first_response[60]),
          sum(first_response[61]), sum(first_response[62]), sum(first_response[63]), sum(first_response[64]), sum(first_response[65]), sum(first_response[66]),
          sum(first_response[67]), sum(first_response[68]), sum(first_response[69]), sum(first_response[70]), sum(first_response[71]), sum(first_response[72]),
          sum(first_response[73]), sum(first_response[74]), sum(first_response[75]), sum(first_response[76]), sum(first_response[77]), sum(first_response[78]),
          sum(first_response[79]), sum(first_response[80])] AS first_response,
          ARRAY[
          sum(resolution[1]), sum(resolution[2]), sum(resolution[3]), sum(resolution[4]), sum(resolution[5]), sum(resolution[6]),
          sum(resolution[7]), sum(resolution[8]), sum(resolution[9]), sum(resolution[10]), sum(resolution[11]), sum(resolution[12]),
          sum(resolution[13]), sum(resolution[14]), sum(resolution[15]), sum(resolution[16]), sum(resolution[17]), sum(resolution[18]),
          sum(resolution[19]), sum(resolution[20]), sum(resolution[21]), sum(resolution[22]), sum(resolution[23]), sum(resolution[24]),
          sum(resolution[25]), sum(resolution[26]), sum(resolution[27]), sum(resolution[28]), sum(resolution[29]), sum(resolution[30]),
          sum(resolution[31]), sum(resolution[32]), sum(resolution[33]), sum(resolution[34]), sum(resolution[35]), sum(resolution[36]),
          sum(resolution[37]), sum(resolution[38]), sum(resolution[39]), sum(resolution[40]), sum(resolution[41]), sum(resolution[42]),
          sum(resolution[43]), sum(resolution[44]), sum(resolution[45]), sum(resolution[46]), sum(resolution[47]), sum(resolution[48]),
          sum(resolution[49]), sum(resolution[50]), sum(resolution[51]), sum(resolution[52]), sum(resolution[53]), sum(resolution[54]),
          sum(resolution[55]), sum(resolution[56]), sum(resolution[57]), sum(resolution[58]), sum(resolution[59]), sum(resolution[60]),
          sum(resolution[61]), sum(resolution[62]), sum(resolution[63]), sum(resolution[64]), sum(resolution[65]), sum(resolution[66]),
          sum(resolution[67]), sum(resolution[68]), sum(resolution[69]), sum(resolution[70]), sum(resolution[71]), sum(resolution[72]),
          sum(resolution[73]), sum(resolution[74]), sum(resolution[75]), sum(resolution[76]), sum(resolution[77]), sum(resolution[78]),
          sum(resolution[79]), sum(resolution[80])] AS resolution
    FROM parts GROUP BY key
)
SELECT CASE %(dim)s WHEN 'a' THEN a.code WHEN 'c' THEN cg.code ELSE k.id::text END AS key,
       CASE %(dim)s WHEN 'a' THEN a.name_id WHEN 'c' THEN cg.name_id ELSE k.name END AS name,
       CASE %(dim)s WHEN 'a' THEN a.name_en WHEN 'c' THEN cg.name_en END AS name_en,  -- English name
       ca.code AS agency,  -- a category's agency
       kc.id AS kecamatan_id, kc.name AS kecamatan,  -- geo.stats adds kelurahan up per kecamatan
       t.total, t.submitted, t.verified, t.assigned, t.in_progress, t.resolved, t.closed, t.rejected,
       t.duplicate, t.eligible, t.breached, t.first_response, t.resolution
FROM totals t
LEFT JOIN agencies a ON %(dim)s = 'a' AND a.id = t.key AND a.city_id = %(city_id)s
LEFT JOIN categories cg ON %(dim)s = 'c' AND cg.id = t.key AND cg.city_id = %(city_id)s
LEFT JOIN agencies ca ON ca.id = cg.agency_id AND ca.city_id = %(city_id)s
LEFT JOIN kelurahan k ON %(dim)s = 'k' AND k.id = t.key AND k.city_id = %(city_id)s
LEFT JOIN kecamatan kc ON kc.id = k.kecamatan_id AND kc.city_id = %(city_id)s
WHERE t.total > 0
ORDER BY 1;
