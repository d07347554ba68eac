-- Each open report near a point names its city (slug): the form's "Dukung" and a client reading
-- a submission's possible duplicates ask for the report in its city (a report URL names its city,
-- docs/scaling.md), also where the point is near another city's border. Same search as 0026; the
-- result gains a column, so the function is dropped and made again (statements only call it).
DROP FUNCTION sigap_open_reports_near(float8, float8, text, float8, float8, integer, bigint, bigint);
CREATE FUNCTION sigap_open_reports_near(p_lng float8, p_lat float8, p_category text, p_radius_m float8,
                                                   p_radius_deg float8, p_window_h integer, p_exclude_id bigint,
                                                   p_cell8 bigint)
RETURNS TABLE (id bigint, status text, created_at timestamptz, support_count integer, category text,
               distance_m float8, location_coarsened boolean, city text)
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
               round(ST_Distance(r.geom::geography, p.g::geography)::numeric, 1)::float8, false, ct.slug
        FROM p, by_place r
        JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id
        JOIN cities ct ON ct.id = r.city_id
        WHERE c.code = p_category AND NOT c.confidential
          AND r.status IN ('submitted','verified','assigned','in_progress')
          AND r.created_at > now() - make_interval(hours => p_window_h)
          AND r.id <> p_exclude_id
        UNION ALL
        SELECT r.id, r.status, r.created_at, r.support_count, c.code,
               round(ST_Distance(r.public_geom::geography, p.g::geography)::numeric, -2)::float8, true, ct.slug
        FROM p, by_cell r
        JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id
        JOIN cities ct ON ct.id = r.city_id
        WHERE c.code = p_category AND c.confidential
          AND r.status IN ('submitted','verified','assigned','in_progress')
          AND r.created_at > now() - make_interval(hours => p_window_h)
          AND r.id <> p_exclude_id
    ) near
    ORDER BY 6, 1
    LIMIT 10
$$;
