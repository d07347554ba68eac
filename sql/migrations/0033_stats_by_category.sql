-- Statistics per category ("how many garbage reports in Alak last month?"): the agency and area
-- answers told a planner or a DLH admin nothing of what kind of problem came in. Two changes:
--   * a dimension 'c', one row per category (key), for the whole city's answers;
--   * the (public kelurahan, agency) rows 'x' of 0032 are split by category, in a new column
--     `cat`, so any mix of area, agency and category filters still reads the rollup, and each
--     one's rows are exact (a report's agency is its category's at intake; a category later
--     moved to another agency keeps its old reports' agency, so neither column stands for the
--     other). A category belongs to one agency, so 'x' grows from kelurahan x agency rows a day
--     to at most kelurahan x category.
-- The rollup is rebuilt by the worker's next refresh (or `sigap stats-refresh`); answers
-- meanwhile count reports directly, exactly (as after 0032).
TRUNCATE report_stats, report_stats_delta;
UPDATE report_stats_state SET settled_before = '-infinity', refreshed_at = now();
ALTER TABLE report_stats DROP CONSTRAINT report_stats_dim_check;
ALTER TABLE report_stats ADD CONSTRAINT report_stats_dim_check CHECK (dim IN ('a', 'k', 'x', 'c'));
-- The category of an 'x' row, else 0. No default, for the reason 0032 gives for `sub`: a worker
-- of the last release still running during the upgrade cannot store rows that merge categories.
ALTER TABLE report_stats ADD COLUMN cat integer NOT NULL;
ALTER TABLE report_stats DROP CONSTRAINT report_stats_pkey;
ALTER TABLE report_stats ADD PRIMARY KEY (dim, period, start, key, sub, cat, city_id);

-- Deltas name the category too (a change to an old report moves its category's counts).
ALTER TABLE report_stats_delta ADD COLUMN category_id integer NOT NULL;

CREATE OR REPLACE FUNCTION sigap_report_stats_delta(r reports, as_of timestamptz, sign integer) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO report_stats_delta (day, agency_id, kelurahan_id, category_id, status, eligible, breached,
                                    first_response, resolution, sign, city_id)
    VALUES (sigap_city_day(r.city_id, r.created_at), r.agency_id, r.public_kelurahan_id, r.category_id, r.status,
            (r.status NOT IN ('rejected','duplicate'))::integer,
            (r.status NOT IN ('rejected','duplicate') AND coalesce(r.resolved_at, as_of) > r.due_at)::integer,
            sigap_duration_bucket(extract(epoch FROM r.first_response_at - r.created_at)::float8 / 3600),
            sigap_duration_bucket(extract(epoch FROM r.resolved_at - r.created_at)::float8 / 3600), sign, r.city_id)
$$;

-- No code changes a report's category today; should one ever, its statistics follow. (Replaced in
-- place: DROP TRIGGER would lock reports against every read until the migration commits.)
CREATE OR REPLACE TRIGGER reports_stats_touch
    AFTER INSERT OR DELETE OR UPDATE OF status, agency_id, public_kelurahan_id, category_id, created_at, due_at,
        first_response_at, resolved_at ON reports
    FOR EACH ROW EXECUTE FUNCTION sigap_report_stats_touch();

-- As in 0032 (each (city, day) by an index range), with the fourth dimension and `cat`.
CREATE OR REPLACE FUNCTION sigap_report_stats_days(days date[], as_of timestamptz) RETURNS SETOF report_stats
LANGUAGE sql STABLE AS $$
    SELECT 'd'::char(1), d.day, g.dim::char(1), g.key, count(*)::integer,
           (count(*) FILTER (WHERE r.status = 'submitted'))::integer,
           (count(*) FILTER (WHERE r.status = 'verified'))::integer,
           (count(*) FILTER (WHERE r.status = 'assigned'))::integer,
           (count(*) FILTER (WHERE r.status = 'in_progress'))::integer,
           (count(*) FILTER (WHERE r.status = 'resolved'))::integer,
           (count(*) FILTER (WHERE r.status = 'closed'))::integer,
           (count(*) FILTER (WHERE r.status = 'rejected'))::integer,
           (count(*) FILTER (WHERE r.status = 'duplicate'))::integer,
           (count(*) FILTER (WHERE r.status NOT IN ('rejected','duplicate')))::integer,
           (count(*) FILTER (WHERE r.status NOT IN ('rejected','duplicate')
                               AND coalesce(r.resolved_at, as_of) > r.due_at))::integer,
           sigap_histogram(array_agg(sigap_duration_bucket(
               extract(epoch FROM r.first_response_at - r.created_at)::float8 / 3600))),
           sigap_histogram(array_agg(sigap_duration_bucket(
               extract(epoch FROM r.resolved_at - r.created_at)::float8 / 3600))),
           c.id, g.sub, g.cat
    FROM unnest(days) d(day)
    CROSS JOIN cities c
    CROSS JOIN LATERAL (
        SELECT r.status, r.resolved_at, r.due_at, r.first_response_at, r.created_at, r.agency_id,
               r.public_kelurahan_id, r.category_id
        FROM reports r
        WHERE r.city_id = c.id
          AND r.created_at >= d.day::timestamp AT TIME ZONE c.time_zone
          AND r.created_at < (d.day + 1)::timestamp AT TIME ZONE c.time_zone
        OFFSET 0) r
    CROSS JOIN LATERAL (VALUES ('a', r.agency_id, 0, 0), ('k', r.public_kelurahan_id, 0, 0),
                               ('c', r.category_id, 0, 0),
                               ('x', r.public_kelurahan_id, r.agency_id, r.category_id)) g(dim, key, sub, cat)
    GROUP BY d.day, g.dim, g.key, g.sub, g.cat, c.id
$$;
