-- Trust boundaries. Everything the public learns about a confidential report (missing
-- persons, health) must follow from its H3 r8 cell alone (README: "coarsened to an H3 r8
-- centre"). Before this migration the r9/r10 aggregates, the kelurahan name and the
-- "nearby"/duplicate distances were computed from the exact point.

-- H3 index arithmetic (no H3 extension here): resolution field and the centre child. The
-- centre child keeps the parent's centre point, so the cells of a confidential report's
-- public point (its r8 centre) are the r8 cell's ancestors and centre descendants.
CREATE FUNCTION sigap_h3_res(cell bigint) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT ((cell >> 52) & 15)::integer $$;

CREATE FUNCTION sigap_h3_center_child(cell bigint, res integer) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ((cell & ~(15::bigint << 52)) | (res::bigint << 52))
           & ~(((1::bigint << (3 * (res - sigap_h3_res(cell)))) - 1) << (3 * (15 - res)))
$$;

-- 1. The H3 columns index the public location (identical to the exact point's for every
-- non-confidential report). Staff keep the exact point in reports.geom.
UPDATE reports r SET h3_r9 = sigap_h3_center_child(r.h3_r8, 9),
                     h3_r10 = sigap_h3_center_child(r.h3_r8, 10),
                     h3_r11 = sigap_h3_center_child(r.h3_r8, 11)
FROM categories c
WHERE c.id = r.category_id AND c.confidential;

-- 2. The kelurahan the public is told: the exact one, or for a confidential report the one
-- holding its public point (the nearest when a coastal cell's centre is at sea).
ALTER TABLE reports ADD COLUMN public_kelurahan_id integer REFERENCES kelurahan(id);
UPDATE reports r SET public_kelurahan_id = CASE WHEN c.confidential THEN (
        SELECT kp.kelurahan_id FROM kelurahan_parts kp
        ORDER BY ST_Intersects(kp.geom, r.public_geom) DESC, kp.geom <-> r.public_geom, kp.kelurahan_id
        LIMIT 1) ELSE r.kelurahan_id END
FROM categories c WHERE c.id = r.category_id;
ALTER TABLE reports ALTER COLUMN public_kelurahan_id SET NOT NULL;
CREATE INDEX reports_public_kelurahan ON reports (public_kelurahan_id);

-- Aggregates again from the corrected cells (the heat tables have no UPDATE path).
TRUNCATE h3_report_counts, h3_report_heat, h3_report_heat_total;
INSERT INTO h3_report_counts (res, cell, category_id, status, n)
SELECT x.res, x.cell, r.category_id, r.status, count(*)
FROM reports r, sigap_report_cells(r) x GROUP BY 1, 2, 3, 4;
INSERT INTO h3_report_heat (res, cell, month, category_id, n)
SELECT x.res, x.cell, date_trunc('month', r.created_at AT TIME ZONE 'Asia/Makassar')::date, r.category_id, count(*)
FROM reports r, sigap_report_cells(r) x GROUP BY 1, 2, 3, 4;
INSERT INTO h3_report_heat_total (res, cell, month, n)
SELECT x.res, x.cell, date_trunc('month', r.created_at AT TIME ZONE 'Asia/Makassar')::date, count(*)
FROM reports r, sigap_report_cells(r) x GROUP BY 1, 2, 3;

-- 3. "Nearby" and duplicate suggestions. A confidential report matches only callers in its
-- own r8 cell (p_cell8), measured to its public point and rounded to 100 m; whether it
-- matches, and the distance, then say nothing finer than the cell. Others as before.
DROP FUNCTION sigap_open_reports_near(float8, float8, text, float8, float8, integer, bigint);
CREATE FUNCTION sigap_open_reports_near(p_lng float8, p_lat float8, p_category text, p_radius_m float8,
                                        p_radius_deg float8, p_window_h integer, p_exclude_id bigint,
                                        p_cell8 bigint)
RETURNS TABLE (id bigint, status text, created_at timestamptz, support_count integer, category text,
               distance_m float8, location_coarsened boolean)
LANGUAGE sql STABLE AS $$
    SELECT r.id, r.status, r.created_at, r.support_count, c.code,
           CASE WHEN c.confidential
                THEN round(ST_Distance(r.public_geom::geography, p.g::geography)::numeric, -2)::float8
                ELSE round(ST_Distance(r.geom::geography, p.g::geography)::numeric, 1)::float8 END,
           c.confidential
    FROM reports r
    JOIN categories c ON c.id = r.category_id,
         (SELECT ST_SetSRID(ST_MakePoint(p_lng, p_lat), 4326) AS g) p
    WHERE c.code = p_category
      AND r.status IN ('submitted','verified','assigned','in_progress')
      AND r.created_at > now() - make_interval(hours => p_window_h)
      AND r.id <> p_exclude_id
      AND CASE WHEN c.confidential THEN r.h3_r8 = p_cell8
               ELSE ST_DWithin(r.geom, p.g, p_radius_deg)
                    AND ST_DWithin(r.geom::geography, p.g::geography, p_radius_m) END
    ORDER BY 6, 1
    LIMIT 10
$$;

-- 4. Idempotency for automatic merges: the resubmission's key lives on its event, so a
-- retry finds it and changes nothing.
ALTER TABLE report_events ADD COLUMN idempotency_key text;
CREATE UNIQUE INDEX report_events_idempotency ON report_events (actor_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

-- 5. GIS staff see the public kelurahan too.
CREATE OR REPLACE VIEW gis.reports AS
SELECT r.id, c.code AS category, c.name_id AS category_name, r.status, r.priority, a.code AS agency,
       k.name AS kelurahan, kc.name AS kecamatan, r.support_count, r.source, r.created_at, r.due_at,
       r.resolved_at, c.confidential AS location_coarsened, r.h3_r8, r.public_geom AS geom
FROM reports r
JOIN categories c ON c.id = r.category_id
JOIN agencies a ON a.id = r.agency_id
JOIN kelurahan k ON k.id = r.public_kelurahan_id
JOIN kecamatan kc ON kc.id = k.kecamatan_id;

-- 6. CCTV detections: raw rows are kept a limited time (Settings.detection_retention_days),
-- then rolled up into hourly counts per camera and class by the retention job.
CREATE TABLE detection_counts_hourly (
    camera_id  integer NOT NULL REFERENCES cameras(id) ON DELETE CASCADE,
    hour       timestamptz NOT NULL,
    class_name text NOT NULL,
    n          integer NOT NULL,
    PRIMARY KEY (camera_id, hour, class_name)
);
CREATE INDEX detections_frame_at ON detections (frame_at);
