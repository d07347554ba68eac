-- Statistics for part of a city (a camat's kecamatan, a lurah's kelurahan, an agency admin's
-- agency): a third rollup dimension 'x', one row per (public kelurahan, agency) — key the
-- kelurahan, sub the agency — so an answer filtered by area or agency reads the rollup too
-- (the walk's camat of Alak saw city-wide totals and agency bars). The city-wide answers keep
-- reading the 'a' and 'k' rows, which are fewer; 'x' has at most kelurahan x agencies rows a day.
-- The rollup is rebuilt with the new rows by the worker's next refresh (or `sigap stats-refresh`);
-- answers meanwhile count reports directly, exactly (as after 0023).
TRUNCATE report_stats, report_stats_delta;
UPDATE report_stats_state SET settled_before = '-infinity', refreshed_at = now();
ALTER TABLE report_stats DROP CONSTRAINT report_stats_dim_check;
ALTER TABLE report_stats ADD CONSTRAINT report_stats_dim_check CHECK (dim IN ('a', 'k', 'x'));
-- The agency of an 'x' row, else 0. No default (the table is empty now): a worker of the last
-- release still running during the upgrade would sum every agency's month rows into one with
-- sub 0 and settle them for good; without a default its insert fails and the new code, which
-- always names sub, does the work.
ALTER TABLE report_stats ADD COLUMN sub integer NOT NULL;
ALTER TABLE report_stats DROP CONSTRAINT report_stats_pkey;
ALTER TABLE report_stats ADD PRIMARY KEY (dim, period, start, key, sub, city_id);

-- Each city's days are read from reports by an index range per (city, day): the LATERAL with
-- OFFSET 0 keeps it so. The join of 0023 let the planner scan all reports once per day asked
-- (it assumed hundreds of cities for a never-analysed table, and knows no day range in a
-- function): 92 s for 31 days at 10M reports against 4 s now, and a rebuild's 59 such batches
-- would have outlived the refresh job's timeout.
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
           c.id, g.sub
    FROM unnest(days) d(day)
    CROSS JOIN cities c
    CROSS JOIN LATERAL (
        SELECT r.status, r.resolved_at, r.due_at, r.first_response_at, r.created_at, r.agency_id, r.public_kelurahan_id
        FROM reports r
        WHERE r.city_id = c.id
          AND r.created_at >= d.day::timestamp AT TIME ZONE c.time_zone
          AND r.created_at < (d.day + 1)::timestamp AT TIME ZONE c.time_zone
        OFFSET 0) r
    CROSS JOIN LATERAL (VALUES ('a', r.agency_id, 0), ('k', r.public_kelurahan_id, 0),
                               ('x', r.public_kelurahan_id, r.agency_id)) g(dim, key, sub)
    GROUP BY d.day, g.dim, g.key, g.sub, c.id
$$;
