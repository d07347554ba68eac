-- Recurring places ("titik rawan"): one category in one H3 r10 cell (~0.015 km²), at least
-- %(min_reports)s reports within the window, and at least one of them filed after an earlier
-- report there had been fixed, i.e. the problem came back. Rejected and duplicate reports do
-- not count. A report "came back" when the earliest fix among reports filed before it
-- precedes it (a running minimum over the cell's reports in filing order). Confidential
-- categories (missing persons, health) are left out: their reports are filed at their H3 r8
-- hexagon's centre, so every one of a hexagon's shared one r10 cell and "came back" there (24 of
-- 26 places on a walk's list were such piles).
WITH w AS (
    SELECT r.id, r.city_id, r.h3_r10 AS cell, r.category_id, r.agency_id, r.created_at, r.resolved_at, r.status,
           r.public_kelurahan_id AS kel,
           min(r.resolved_at) OVER (PARTITION BY r.h3_r10, r.category_id ORDER BY r.created_at, r.id
                                    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS fixed_before
    FROM reports r JOIN agencies a ON a.id = r.agency_id AND a.city_id = r.city_id
    JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id
    WHERE r.city_id = %(city_id)s AND r.created_at >= now() - make_interval(days => %(window_days)s)
      AND sigap_report_counted(r.status) AND NOT c.confidential
      AND (%(agency)s::text IS NULL OR a.code = %(agency)s)
)
SELECT w.cell, c.code AS category, c.name_id AS category_name, c.name_en AS category_name_en, a.code AS agency,
       count(*)::int AS reports,
       count(*) FILTER (WHERE w.fixed_before < w.created_at)::int AS came_back,
       count(*) FILTER (WHERE w.resolved_at IS NOT NULL)::int AS fixed,
       count(*) FILTER (WHERE w.status IN ('submitted', 'verified', 'assigned', 'in_progress'))::int AS open,
       max(w.resolved_at) AS last_fixed_at, max(w.created_at) AS last_report_at,
       (array_agg(w.id ORDER BY w.created_at DESC))[1:20] AS report_ids,
       -- named after the kelurahan most of its reports are in (a cell can straddle a boundary;
       -- the public one, as confidential reports are shown)
       (SELECT k.name FROM kelurahan k
        WHERE k.id = mode() WITHIN GROUP (ORDER BY w.kel) AND k.city_id = %(city_id)s) AS kelurahan
FROM w JOIN categories c ON c.id = w.category_id AND c.city_id = w.city_id JOIN agencies a ON a.id = w.agency_id AND a.city_id = w.city_id
GROUP BY w.cell, c.code, c.name_id, c.name_en, a.code
HAVING count(*) >= %(min_reports)s AND count(*) FILTER (WHERE w.fixed_before < w.created_at) >= 1
ORDER BY count(*) FILTER (WHERE w.fixed_before < w.created_at) DESC, count(*) DESC, max(w.created_at) DESC
LIMIT %(limit)s;
