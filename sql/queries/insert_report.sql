-- A new report with its photo, its first timeline event and its two jobs (publish the photo,
-- dispatch the report) in one statement, answering with the possible duplicates too: one
-- round trip instead of seven. No row: a
-- concurrent request with the same Idempotency-Key won the race, and nothing was written.
-- missing_cells: the given aggregate-resolution cells that have no hexagon in h3_cells yet
-- (the caller registers them; reference loading registered the city's, so almost never).
-- The category is joined as the caller knew it (confidential flag, agency): a process's cached
-- copy may predate a reload, and a report must never be filed exact under a category that has
-- since become confidential. No row then too; the caller tells the two cases apart.
-- The job rows wake the outbox relays when the transaction commits (trigger, 0010).
WITH report AS (
    INSERT INTO reports (source, reporter_id, category_id, agency_id, kecamatan_id, kelurahan_id, zone_id,
                         priority, description, geom, accuracy_m,
                         h3_r6, h3_r7, h3_r8, h3_r9, h3_r10, h3_r11, idempotency_key, due_at, public_geom,
                         public_kelurahan_id, street_name, street_distance_m, place_name, public_street_name, city_id)
    SELECT %(source)s, %(reporter_id)s, %(category_id)s, %(agency_id)s, %(kecamatan_id)s, %(kelurahan_id)s,
           %(zone_id)s, %(priority)s, %(description)s, p.exact, %(accuracy_m)s,
           %(h3_r6)s, %(h3_r7)s, %(h3_r8)s, %(h3_r9)s, %(h3_r10)s, %(h3_r11)s,
           %(idempotency_key)s, now() + make_interval(hours => %(sla_hours)s), p.public,
           coalesce(%(public_kelurahan_id)s::integer, %(kelurahan_id)s),
           -- reverse geocoding from the imported OSM streets (NULL without an import)
           s.name, s.distance_m, sigap_nearest_place(p.exact),
           CASE WHEN p.public ~= p.exact THEN s.name ELSE (SELECT name FROM sigap_nearest_street(p.public)) END,
           %(city_id)s
    FROM (SELECT ST_SetSRID(ST_MakePoint(%(lng)s, %(lat)s), 4326) AS exact,
                 ST_SetSRID(ST_MakePoint(%(public_lng)s, %(public_lat)s), 4326) AS public) p
    JOIN categories c ON c.id = %(category_id)s AND c.city_id = %(city_id)s
                     AND c.confidential = %(confidential)s AND c.agency_id = %(agency_id)s
    LEFT JOIN LATERAL sigap_nearest_street(p.exact) s ON true
    FOR SHARE OF c  -- a reload changing the category waits for this report (lock_category.sql)
    ON CONFLICT (reporter_id, idempotency_key, city_id) DO NOTHING
    RETURNING id, city_id
), photo AS (
    INSERT INTO photos (report_id, city_id, kind, uploader_id, media_key, width, height, sha256)
    SELECT report.id, report.city_id, 'before', %(reporter_id)s::bigint, %(media_key)s::text, %(width)s::int, %(height)s::int,
           %(sha256)s::text
    FROM report
    WHERE %(media_key)s::text IS NOT NULL
    RETURNING id
), event AS (
    INSERT INTO report_events (report_id, city_id, actor_id, event, to_status, note, photo_id)
    SELECT report.id, report.city_id, %(reporter_id)s::bigint, 'created', 'submitted', %(note)s::text, (SELECT id FROM photo)
    FROM report
    RETURNING id
), jobs AS (
    INSERT INTO job_outbox (job, args, run_after)
    SELECT 'publish_photo', jsonb_build_array(photo.id, report.city_id), now() FROM photo, report  -- blur people, strip metadata
    UNION ALL
    SELECT 'dispatch_report', jsonb_build_array(report.id, report.city_id), now() FROM report  -- find the nearest responder
    RETURNING id
)
SELECT report.id,
       (SELECT coalesce(json_agg(d ORDER BY d.distance_m, d.id), '[]')
        FROM sigap_open_reports_near(%(lng)s, %(lat)s, %(category)s, %(radius_m)s, %(radius_deg)s,
                                     %(window_h)s, 0, %(cell8)s) d) AS duplicates,
       ARRAY(SELECT c FROM unnest(%(aggregate_cells)s::bigint[]) AS c
             WHERE NOT EXISTS (SELECT 1 FROM h3_cells h WHERE h.cell = c)) AS missing_cells
FROM report;
