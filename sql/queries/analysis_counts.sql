-- Reports filed (neither rejected nor duplicates, 0051) per H3 cell and local month over
-- [m0, m1), for one category ('' = all), from the trigger-kept heat tables (migration 0004): a
-- few thousand rows whatever the table size.
SELECT x.cell, x.month, sum(x.n)::int AS n FROM (
    SELECT t.cell, t.month, t.n FROM h3_report_heat_total t
    WHERE %(category)s = '' AND t.city_id = %(city_id)s AND t.res = %(res)s AND t.month >= %(m0)s AND t.month < %(m1)s
    UNION ALL
    SELECT h.cell, h.month, h.n FROM h3_report_heat h JOIN categories c ON c.id = h.category_id AND c.city_id = h.city_id
    WHERE %(category)s <> '' AND c.code = %(category)s AND c.city_id = %(city_id)s AND h.city_id = %(city_id)s
      AND h.res = %(res)s AND h.month >= %(m0)s AND h.month < %(m1)s
) x
GROUP BY x.cell, x.month;
