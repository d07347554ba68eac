-- The duplicate search again (0024 split it so the GiST index could be used): the planner then
-- combined the GiST with reports_status_created in a BitmapAnd, i.e. it still read the open
-- reports of the whole window of every city (auto_explain during the two-city ingest bench: 12 ms
-- of a 16 ms insert at 2M reports, ~20 ms at 300k on a busy machine, growing with all cities'
-- reports). The candidates are now found by place alone (the GiST within the radius; the
-- caller's H3 r8 cell for confidential categories), fenced off as MATERIALIZED so the planner
-- cannot fold status and time into the index search; status, window and category are then
-- checked on those few rows. Same answer.
CREATE OR REPLACE FUNCTION sigap_open_reports_near(p_lng float8, p_lat float8, p_category text, p_radius_m float8,
                                                   p_radius_deg float8, p_window_h integer, p_exclude_id bigint,
                                                   p_cell8 bigint)
RETURNS TABLE (id bigint, status text, created_at timestamptz, support_count integer, category text,
               distance_m float8, location_coarsened boolean)
LANGUAGE sql STABLE AS $$
    WITH p AS (SELECT ST_SetSRID(ST_MakePoint(p_lng, p_lat), 4326) AS g),
    by_place AS MATERIALIZED (  -- public categories: reports within the radius
        SELECT r.id, r.status, r.created_at, r.support_count, r.category_id, r.city_id, r.geom
        FROM reports r, p
        WHERE ST_DWithin(r.geom, p.g, p_radius_deg)
          AND ST_DWithin(r.geom::geography, p.g::geography, p_radius_m)
    ), by_cell AS MATERIALIZED (  -- confidential categories: reports in the caller's H3 r8 cell
        SELECT r.id, r.status, r.created_at, r.support_count, r.category_id, r.city_id, r.public_geom
        FROM reports r
        WHERE r.h3_r8 = p_cell8
          AND EXISTS (SELECT 1 FROM categories c WHERE c.code = p_category AND c.confidential)
    )
    SELECT * FROM (
        SELECT r.id, r.status, r.created_at, r.support_count, c.code,
               round(ST_Distance(r.geom::geography, p.g::geography)::numeric, 1)::float8, false
        FROM p, by_place r
        JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id
        WHERE c.code = p_category AND NOT c.confidential
          AND r.status IN ('submitted','verified','assigned','in_progress')
          AND r.created_at > now() - make_interval(hours => p_window_h)
          AND r.id <> p_exclude_id
        UNION ALL
        SELECT r.id, r.status, r.created_at, r.support_count, c.code,
               round(ST_Distance(r.public_geom::geography, p.g::geography)::numeric, -2)::float8, true
        FROM p, by_cell r
        JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id
        WHERE c.code = p_category AND c.confidential
          AND r.status IN ('submitted','verified','assigned','in_progress')
          AND r.created_at > now() - make_interval(hours => p_window_h)
          AND r.id <> p_exclude_id
    ) near
    ORDER BY 6, 1
    LIMIT 10
$$;
