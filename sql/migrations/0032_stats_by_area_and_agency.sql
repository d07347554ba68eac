-- Statistics for part of a city (a camat's kecamatan, a lurah's kelurahan, an agency admin's
-- agency): a third rollup dimension 'x', one row per (public kelurahan, agency) — key the
-- kelurahan, sub the agency — so an answer filtered by area or agency reads the rollup too
-- (the walk's camat of Alak saw city-wide totals and agency bars). The city-wide answers keep
-- reading the 'a' and 'k' rows, which are fewer; 'x' has at most kelurahan x agencies rows a day.
ALTER TABLE report_stats DROP CONSTRAINT report_stats_dim_check;
ALTER TABLE report_stats ADD CONSTRAINT report_stats_dim_check CHECK (dim IN ('a', 'k', 'x'));
ALTER TABLE report_stats ADD COLUMN sub integer NOT NULL DEFAULT 0;  -- the agency of an 'x' row, else 0
ALTER TABLE report_stats DROP CONSTRAINT report_stats_pkey;
ALTER TABLE report_stats ADD PRIMARY KEY (dim, period, start, key, sub, city_id);

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
           r.city_id, g.sub
    FROM unnest(days) d(day)
    CROSS JOIN cities c
    JOIN reports r ON r.city_id = c.id
                  AND r.created_at >= d.day::timestamp AT TIME ZONE c.time_zone
                  AND r.created_at < (d.day + 1)::timestamp AT TIME ZONE c.time_zone
    CROSS JOIN LATERAL (VALUES ('a', r.agency_id, 0), ('k', r.public_kelurahan_id, 0),
                               ('x', r.public_kelurahan_id, r.agency_id)) g(dim, key, sub)
    GROUP BY d.day, g.dim, g.key, g.sub, r.city_id
$$;

-- The rollup is rebuilt with the new rows by the worker's next refresh (or `sigap stats-refresh`);
-- answers meanwhile count reports directly, exactly (as after 0023).
TRUNCATE report_stats, report_stats_delta;
UPDATE report_stats_state SET settled_before = '-infinity', refreshed_at = now();
