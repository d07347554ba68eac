-- Statistics days are each city's own local days (issue 21.4): WIB for Jakarta, WITA for
-- Kupang. Until now the rollup cut every city's days at WITA midnight, so a Jakarta report made
-- at 23:30 WIB counted on the next day. Rows keep their keys; a day is now the city's day.
-- A day is settled (rolled up) once it is over in every city: sigap_stats_today() is the
-- westernmost city's date, so the eastern cities' yesterday is counted from reports directly
-- for an hour or two longer.

CREATE FUNCTION sigap_city_day(city integer, ts timestamptz) RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT (ts AT TIME ZONE (SELECT time_zone FROM cities WHERE id = city))::date
$$;

CREATE FUNCTION sigap_city_day_start(city integer, d date) RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT d::timestamp AT TIME ZONE (SELECT time_zone FROM cities WHERE id = city)
$$;

CREATE FUNCTION sigap_stats_today() RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(min((now() AT TIME ZONE time_zone)::date), (now() AT TIME ZONE 'UTC')::date) FROM cities
$$;

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
           r.city_id
    FROM unnest(days) d(day)
    CROSS JOIN cities c
    JOIN reports r ON r.city_id = c.id
                  AND r.created_at >= d.day::timestamp AT TIME ZONE c.time_zone
                  AND r.created_at < (d.day + 1)::timestamp AT TIME ZONE c.time_zone
    CROSS JOIN LATERAL (VALUES ('a', r.agency_id), ('k', r.public_kelurahan_id)) g(dim, key)
    GROUP BY d.day, g.dim, g.key, r.city_id
$$;

CREATE OR REPLACE FUNCTION sigap_report_stats_delta(r reports, as_of timestamptz, sign integer) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO report_stats_delta (day, agency_id, kelurahan_id, status, eligible, breached,
                                    first_response, resolution, sign, city_id)
    VALUES (sigap_city_day(r.city_id, r.created_at), r.agency_id, r.public_kelurahan_id, r.status,
            (r.status NOT IN ('rejected','duplicate'))::integer,
            (r.status NOT IN ('rejected','duplicate') AND coalesce(r.resolved_at, as_of) > r.due_at)::integer,
            sigap_duration_bucket(extract(epoch FROM r.first_response_at - r.created_at)::float8 / 3600),
            sigap_duration_bucket(extract(epoch FROM r.resolved_at - r.created_at)::float8 / 3600), sign, r.city_id)
$$;

-- As in 0013 (why the state row is read FOR SHARE), with the city's day. A new submission
-- (created_at = now(): never before today, in any city) skips the lookups.
CREATE OR REPLACE FUNCTION sigap_report_stats_touch() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    today date;
    st report_stats_state;
BEGIN
    IF TG_OP = 'INSERT' AND NEW.created_at >= now() THEN
        RETURN NULL;
    END IF;
    today := sigap_stats_today();
    IF (TG_OP <> 'INSERT' AND sigap_city_day(OLD.city_id, OLD.created_at) < today)
       OR (TG_OP <> 'DELETE' AND sigap_city_day(NEW.city_id, NEW.created_at) < today) THEN
        SELECT * INTO st FROM report_stats_state FOR SHARE;
        IF TG_OP <> 'INSERT' AND sigap_city_day(OLD.city_id, OLD.created_at) < st.settled_before THEN
            PERFORM sigap_report_stats_delta(OLD, st.refreshed_at, -1);
        END IF;
        IF TG_OP <> 'DELETE' AND sigap_city_day(NEW.city_id, NEW.created_at) < st.settled_before THEN
            PERFORM sigap_report_stats_delta(NEW, st.refreshed_at, 1);
        END IF;
    END IF;
    RETURN NULL;
END $$;

DROP FUNCTION sigap_stats_day(timestamptz), sigap_stats_day_start(date);

-- Rows of cities outside WITA were cut at the wrong midnight: rebuild the rollup from the
-- reports (the worker's next refresh, or `sigap stats-rebuild`); answers meanwhile count
-- reports directly, exactly.
TRUNCATE report_stats, report_stats_delta;
UPDATE report_stats_state SET settled_before = '-infinity', refreshed_at = now();
