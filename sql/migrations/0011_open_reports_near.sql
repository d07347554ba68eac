-- Open reports of a category near a point, nearest first: the "dukung" suggestions
-- (/reports/nearby) and the possible duplicates a submission answers with. One definition
-- for both: insert_report asks it in the same statement as the insert (the new row is not
-- yet visible there, so it is never its own duplicate). Inlined by the planner (one SELECT).
-- p_radius_deg >= p_radius_m at this latitude: a GiST prefilter before the exact distance.
CREATE FUNCTION sigap_open_reports_near(p_lng float8, p_lat float8, p_category text, p_radius_m float8,
                                        p_radius_deg float8, p_window_h integer, p_exclude_id bigint)
RETURNS TABLE (id bigint, status text, created_at timestamptz, support_count integer, category text,
               distance_m float8)
LANGUAGE sql STABLE AS $$
    SELECT r.id, r.status, r.created_at, r.support_count, c.code,
           round(ST_Distance(r.geom::geography, p.g::geography)::numeric, 1)::float8
    FROM reports r
    JOIN categories c ON c.id = r.category_id,
         (SELECT ST_SetSRID(ST_MakePoint(p_lng, p_lat), 4326) AS g) p
    WHERE c.code = p_category
      AND r.status IN ('submitted','verified','assigned','in_progress')
      AND r.created_at > now() - make_interval(hours => p_window_h)
      AND r.id <> p_exclude_id
      AND ST_DWithin(r.geom, p.g, p_radius_deg)
      AND ST_DWithin(r.geom::geography, p.g::geography, p_radius_m)
    ORDER BY 6, 1
    LIMIT 10
$$;
