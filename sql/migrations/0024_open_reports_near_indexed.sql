-- The duplicate search of every submission (insert_report) and of "dukung" (nearby_open_reports)
-- read every city's open reports of the last window (reports_status_created), because its
-- CASE confidential THEN ... ELSE ST_DWithin ... END kept the GiST index out of the plan: 12 ms at
-- 330k reports, ~0.4 s at 11M (the two-city bench's remaining ingest drop, bench/RESULTS.md).
-- Two branches instead: public categories by distance (the GiST finds the few reports within the
-- radius), confidential ones in the caller's own H3 r8 cell (reports_h3_r8). Same answer.
CREATE OR REPLACE FUNCTION sigap_open_reports_near(p_lng float8, p_lat float8, p_category text, p_radius_m float8,
                                                   p_radius_deg float8, p_window_h integer, p_exclude_id bigint,
                                                   p_cell8 bigint)
RETURNS TABLE (id bigint, status text, created_at timestamptz, support_count integer, category text,
               distance_m float8, location_coarsened boolean)
LANGUAGE sql STABLE AS $$
    WITH p AS (SELECT ST_SetSRID(ST_MakePoint(p_lng, p_lat), 4326) AS g)
    SELECT * FROM (
        SELECT r.id, r.status, r.created_at, r.support_count, c.code,
               round(ST_Distance(r.geom::geography, p.g::geography)::numeric, 1)::float8, false
        FROM p, reports r
        JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id
        WHERE c.code = p_category AND NOT c.confidential
          AND ST_DWithin(r.geom, p.g, p_radius_deg)
          AND ST_DWithin(r.geom::geography, p.g::geography, p_radius_m)
          AND r.status IN ('submitted','verified','assigned','in_progress')
          AND r.created_at > now() - make_interval(hours => p_window_h)
          AND r.id <> p_exclude_id
        UNION ALL
        SELECT r.id, r.status, r.created_at, r.support_count, c.code,
               round(ST_Distance(r.public_geom::geography, p.g::geography)::numeric, -2)::float8, true
        FROM p, reports r
        JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id
        WHERE c.code = p_category AND c.confidential
          AND r.h3_r8 = p_cell8
          AND r.status IN ('submitted','verified','assigned','in_progress')
          AND r.created_at > now() - make_interval(hours => p_window_h)
          AND r.id <> p_exclude_id
    ) near
    ORDER BY 6, 1
    LIMIT 10
$$;
