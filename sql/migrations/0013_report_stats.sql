-- Planning statistics from a rollup (issue 14.6 / 20.4). /api/v1/stats was a full scan with
-- percentiles (16 s at 10M reports). Now:
--   * report_stats holds one row per past local day (period 'd') and per whole past month
--     ('m'), per dimension (agency 'a' / public kelurahan 'k') and key: counts by status,
--     SLA-eligible and breached counts, and log-scale histograms of the hours to first
--     response and to resolution (medians are read from them);
--   * rows count the SLA verdict of open reports as of report_stats_state.refreshed_at; an
--     answer adds the open reports that fell due since (an index range on due_at), and every
--     refresh recomputes the days that still have open reports not yet due;
--   * today is counted from reports directly; a change to a report of an earlier day (status,
--     resolution, ...) writes a delta row in the same transaction (trigger): minus its old
--     contribution, plus its new one. Answers add the deltas, so they are always current;
--     workers.jobs.refresh_report_stats folds them into the rows every few seconds.
-- Days are local (WITA, like the heatmap months).

CREATE FUNCTION sigap_stats_day(ts timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT (ts AT TIME ZONE 'Asia/Makassar')::date $$;

CREATE FUNCTION sigap_stats_day_start(d date) RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT d::timestamp AT TIME ZONE 'Asia/Makassar' $$;

-- Histogram bucket of a duration in hours: 1 = under a minute, b >= 2 covers
-- [2^((b-2)/4), 2^((b-1)/4)) minutes (each bucket 19 % wide), 80 = 2^19.5 minutes (~1.4 years)
-- or more. geo/stats.py reads medians from the same edges.
CREATE FUNCTION sigap_duration_bucket(hours float8) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN hours IS NULL THEN NULL
                WHEN hours * 60 < 1 THEN 1
                ELSE least(80, 2 + floor(4 * ln(hours * 60) / ln(2.0)))::integer END
$$;

-- Dense histogram (80 counts) from a list of buckets. PL/pgSQL with an expanded array: a
-- set-based SQL version cost ~150 µs a call, this one a few.
CREATE FUNCTION sigap_histogram(buckets integer[]) RETURNS integer[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    h integer[] := array_fill(0, ARRAY[80]);
    b integer;
BEGIN
    FOREACH b IN ARRAY coalesce(buckets, '{}') LOOP
        IF b IS NOT NULL THEN
            h[b] := h[b] + 1;
        END IF;
    END LOOP;
    RETURN h;
END $$;

-- Element-wise sum of histograms (used by the refresh job for month rows).
CREATE FUNCTION sigap_int_array_add(a integer[], b integer[]) RETURNS integer[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    i integer;
BEGIN
    IF a IS NULL THEN
        RETURN b;
    END IF;
    FOR i IN 1 .. coalesce(cardinality(b), 0) LOOP
        a[i] := coalesce(a[i], 0) + b[i];
    END LOOP;
    RETURN a;
END $$;
CREATE AGGREGATE sigap_histogram_sum(integer[]) (SFUNC = sigap_int_array_add, STYPE = integer[]);

CREATE TABLE report_stats (
    period char(1) NOT NULL CHECK (period IN ('d', 'm')),
    start date NOT NULL,
    dim char(1) NOT NULL CHECK (dim IN ('a', 'k')),
    key integer NOT NULL,
    total integer NOT NULL,
    submitted integer NOT NULL, verified integer NOT NULL, assigned integer NOT NULL,
    in_progress integer NOT NULL, resolved integer NOT NULL, closed integer NOT NULL,
    rejected integer NOT NULL, duplicate integer NOT NULL,
    eligible integer NOT NULL,   -- not rejected or duplicate: the SLA denominator
    breached integer NOT NULL,   -- eligible, and resolved after due or still open past due
    first_response integer[] NOT NULL,  -- sigap_histogram of hours to first response
    resolution integer[] NOT NULL,      -- sigap_histogram of hours to resolution
    PRIMARY KEY (dim, period, start, key)
);

CREATE TABLE report_stats_state (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    settled_before date NOT NULL,     -- days before this are in report_stats
    refreshed_at timestamptz NOT NULL -- the time the rows' SLA verdicts of open reports hold for
);

CREATE TABLE report_stats_delta (
    id bigserial PRIMARY KEY,
    day date NOT NULL,
    agency_id integer NOT NULL,
    kelurahan_id integer NOT NULL,   -- the public kelurahan
    status text NOT NULL,
    eligible integer NOT NULL,
    breached integer NOT NULL,       -- as of report_stats_state.refreshed_at, like the rows
    first_response integer,          -- histogram buckets
    resolution integer,
    sign integer NOT NULL CHECK (sign IN (-1, 1))
);
CREATE INDEX report_stats_delta_day ON report_stats_delta (day);

-- A histogram with signed counts (deltas): bucket b gets signs[i] for every buckets[i] = b.
CREATE FUNCTION sigap_histogram_signed(buckets integer[], signs integer[]) RETURNS integer[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    h integer[] := array_fill(0, ARRAY[80]);
    i integer;
BEGIN
    FOR i IN 1 .. coalesce(cardinality(buckets), 0) LOOP
        IF buckets[i] IS NOT NULL THEN
            h[buckets[i]] := h[buckets[i]] + signs[i];
        END IF;
    END LOOP;
    RETURN h;
END $$;

-- Open reports by due time: the days a refresh recomputes, the ones an answer adds.
CREATE INDEX reports_open_due_created ON reports (due_at, created_at)
    WHERE status IN ('submitted','verified','assigned','in_progress');

-- Day rows of both dimensions for reports created on the given local days, with the SLA
-- verdicts of open reports as of as_of.
CREATE FUNCTION sigap_report_stats_days(days date[], as_of timestamptz) RETURNS SETOF report_stats
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
               extract(epoch FROM r.resolved_at - r.created_at)::float8 / 3600)))
    FROM unnest(days) d(day)
    JOIN reports r ON r.created_at >= sigap_stats_day_start(d.day)
                  AND r.created_at < sigap_stats_day_start(d.day + 1)
    CROSS JOIN LATERAL (VALUES ('a', r.agency_id), ('k', r.public_kelurahan_id)) g(dim, key)
    GROUP BY d.day, g.dim, g.key
$$;

-- One report's contribution to the rollup, as a delta row.
CREATE FUNCTION sigap_report_stats_delta(r reports, as_of timestamptz, sign integer) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO report_stats_delta (day, agency_id, kelurahan_id, status, eligible, breached,
                                    first_response, resolution, sign)
    VALUES (sigap_stats_day(r.created_at), r.agency_id, r.public_kelurahan_id, r.status,
            (r.status NOT IN ('rejected','duplicate'))::integer,
            (r.status NOT IN ('rejected','duplicate') AND coalesce(r.resolved_at, as_of) > r.due_at)::integer,
            sigap_duration_bucket(extract(epoch FROM r.first_response_at - r.created_at)::float8 / 3600),
            sigap_duration_bucket(extract(epoch FROM r.resolved_at - r.created_at)::float8 / 3600), sign)
$$;

-- A change to a report of a rolled-up day writes its delta. The state row is read FOR SHARE:
-- the refresh holds it FOR UPDATE while it folds deltas and settles days, so no delta can be
-- written between its reads and its commit. Today's reports (every new submission) never
-- take the lock.
CREATE FUNCTION sigap_report_stats_touch() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    today date := sigap_stats_day(now());
    st report_stats_state;
BEGIN
    IF (TG_OP <> 'INSERT' AND sigap_stats_day(OLD.created_at) < today)
       OR (TG_OP <> 'DELETE' AND sigap_stats_day(NEW.created_at) < today) THEN
        SELECT * INTO st FROM report_stats_state FOR SHARE;
        IF TG_OP <> 'INSERT' AND sigap_stats_day(OLD.created_at) < st.settled_before THEN
            PERFORM sigap_report_stats_delta(OLD, st.refreshed_at, -1);
        END IF;
        IF TG_OP <> 'DELETE' AND sigap_stats_day(NEW.created_at) < st.settled_before THEN
            PERFORM sigap_report_stats_delta(NEW, st.refreshed_at, 1);
        END IF;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER reports_stats_touch
    AFTER INSERT OR DELETE OR UPDATE OF status, agency_id, public_kelurahan_id, created_at, due_at,
        first_response_at, resolved_at ON reports
    FOR EACH ROW EXECUTE FUNCTION sigap_report_stats_touch();

CREATE FUNCTION sigap_report_stats_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE report_stats, report_stats_delta;
    UPDATE report_stats_state SET settled_before = '-infinity', refreshed_at = now();
    RETURN NULL;
END $$;
CREATE TRIGGER reports_stats_truncate AFTER TRUNCATE ON reports
    FOR EACH STATEMENT EXECUTE FUNCTION sigap_report_stats_truncate();

-- Nothing settled yet: the first refresh (or `sigap stats-rebuild`) fills the rollup.
INSERT INTO report_stats_state (settled_before, refreshed_at) VALUES ('-infinity', now());
