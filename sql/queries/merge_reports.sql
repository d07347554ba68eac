-- Move supporters (and the duplicate's reporter) and photos onto the kept report.
WITH moved_supporters AS (
    INSERT INTO report_supporters (report_id, city_id, user_id)
    SELECT %(keep_id)s, s.city_id, s.user_id FROM report_supporters s WHERE s.report_id = %(dup_id)s AND s.city_id = %(city_id)s
    UNION
    SELECT %(keep_id)s, d.city_id, d.reporter_id FROM reports d WHERE d.id = %(dup_id)s AND d.city_id = %(city_id)s AND d.reporter_id IS NOT NULL
    ON CONFLICT DO NOTHING
    RETURNING user_id
), moved_photos AS (
    -- each keeps the number it came with (a second merge: the first one's)
    UPDATE photos SET report_id = %(keep_id)s, from_report_id = coalesce(from_report_id, %(dup_id)s) WHERE report_id = %(dup_id)s AND city_id = %(city_id)s RETURNING id
), dup AS (
    -- into a withheld report (0056): withheld with it, as those merged before it were. Those merged
    -- into the duplicate before now point at the kept report too: a chain (35 into 36, 36 into 37)
    -- left 35 out of whatever followed 37 (withholding, a move into a confidential category), and
    -- its exact place and words pointed at it (a privacy review). Duplicates are one level deep.
    UPDATE reports SET status = 'duplicate', duplicate_of = %(keep_id)s, updated_at = now(),
           withheld_at = coalesce(withheld_at, (SELECT k.withheld_at FROM reports k
                                                WHERE k.id = %(keep_id)s AND k.city_id = %(city_id)s))
    WHERE city_id = %(city_id)s AND (id = %(dup_id)s OR duplicate_of = %(dup_id)s) RETURNING id
)
SELECT (SELECT count(*) FROM moved_photos) AS photos,
       (SELECT count(*) FROM moved_supporters) AS supporters;
