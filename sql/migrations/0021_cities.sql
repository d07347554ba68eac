-- Many cities on one platform: every tenant row carries city_id, and every primary, unique and
-- foreign key of a tenant table includes it, so each table could be distributed by city_id on
-- Citus (create_distributed_table(..., 'city_id'); docs/scaling.md). Today's rows move into the
-- Kupang tenant (city 1). Keys are (id, city_id): id stays the leading column, so lookups by id
-- keep using the primary key's index.
--
-- Global tables (Citus reference or coordinator-local): cities, users (a citizen account works in
-- every city), api_tokens, push_subscriptions, h3_cells (the hexagon grid), the osm_* tables
-- (geographic reference data), job_outbox, schema_migrations, report_stats_state.

CREATE TABLE cities (
    id          serial PRIMARY KEY,
    code        text NOT NULL UNIQUE,          -- BPS code of the kabupaten/kota (Kupang 5371)
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z][a-z0-9-]{1,40}$'),  -- URL part: /kupang/
    name        text NOT NULL,
    time_zone   text NOT NULL,                 -- IANA: Asia/Makassar (WITA), Asia/Jakarta (WIB)
    utm_epsg    integer NOT NULL CHECK (utm_epsg BETWEEN 32601 AND 32760),
    center_lng  double precision NOT NULL,
    center_lat  double precision NOT NULL,
    zoom        real NOT NULL DEFAULT 12,
    bbox        double precision[],            -- [minx, miny, maxx, maxy], set when loaded
    attribution text NOT NULL DEFAULT ''       -- of its boundaries, shown on its maps
);
INSERT INTO cities (id, code, slug, name, time_zone, utm_epsg, center_lng, center_lat, zoom, bbox, attribution)
VALUES (1, '5371', 'kupang', 'Kota Kupang', 'Asia/Makassar', 32751, 123.6, -10.19, 11.3,
        (SELECT ARRAY[ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)] FROM (SELECT ST_Extent(geom) e FROM kecamatan) x
         WHERE e IS NOT NULL), 'Batas: BPS 2013 (dikoreksi) / SIGAP');
SELECT setval('cities_id_seq', 1);

-- Staff roles move out of users into a tenant table: staff belong to one city (an admin may
-- have rows in several). users keeps the account and its role.
CREATE TABLE staff (
    city_id      integer NOT NULL REFERENCES cities(id),
    user_id      bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    agency_id    integer,
    kecamatan_id integer,
    kelurahan_id integer,
    PRIMARY KEY (user_id, city_id)
);
INSERT INTO staff (city_id, user_id, agency_id, kecamatan_id, kelurahan_id)
SELECT 1, id, agency_id, kecamatan_id, kelurahan_id FROM users WHERE role <> 'citizen';
-- (Dropping the columns drops their foreign keys and the "agency_id IS NOT NULL" check.)
ALTER TABLE users DROP COLUMN agency_id, DROP COLUMN kecamatan_id, DROP COLUMN kelurahan_id;

-- Every foreign key that points at a tenant table, and every key of one, is rebuilt below.
DO $$
DECLARE
    tenant text[] := ARRAY['kecamatan','kelurahan','kelurahan_parts','agencies','categories','service_zones',
        'service_zone_parts','responders','responder_track','reports','report_events','photos',
        'report_supporters','assignments','notifications','cameras','camera_frames','camera_zones',
        'camera_rules','detections','detection_counts_hourly','analysis_runs','hotspot_cells',
        'emerging_cells','h3_report_counts','h3_report_heat','h3_report_heat_total','report_stats',
        'report_stats_delta'];
    t text;
    k record;
BEGIN
    FOREACH t IN ARRAY tenant LOOP
        EXECUTE format('ALTER TABLE %I ADD COLUMN city_id integer NOT NULL DEFAULT 1', t);
        EXECUTE format('ALTER TABLE %I ALTER COLUMN city_id DROP DEFAULT', t);
    END LOOP;
    FOR k IN SELECT conrelid::regclass::text AS tbl, conname FROM pg_constraint
             WHERE contype = 'f' AND (confrelid::regclass::text = ANY(tenant) AND conrelid::regclass::text = ANY(tenant))
    LOOP
        EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', k.tbl, k.conname);
    END LOOP;
    FOR k IN SELECT conrelid::regclass::text AS tbl, conname FROM pg_constraint
             WHERE contype IN ('p', 'u') AND conrelid::regclass::text = ANY(tenant)
    LOOP
        EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', k.tbl, k.conname);
    END LOOP;
    FOREACH t IN ARRAY tenant LOOP
        EXECUTE format('ALTER TABLE %I ADD FOREIGN KEY (city_id) REFERENCES cities(id)', t);
    END LOOP;
END $$;

DROP INDEX notifications_once, assignments_one_live, report_events_idempotency;

-- Primary and unique keys, each with city_id.
ALTER TABLE kecamatan ADD PRIMARY KEY (id, city_id), ADD UNIQUE (city_id, code), ADD UNIQUE (city_id, name);
ALTER TABLE kelurahan ADD PRIMARY KEY (id, city_id), ADD UNIQUE (city_id, code),
    ADD UNIQUE (city_id, kecamatan_id, name);
ALTER TABLE agencies ADD PRIMARY KEY (id, city_id), ADD UNIQUE (city_id, code);
ALTER TABLE categories ADD PRIMARY KEY (id, city_id), ADD UNIQUE (city_id, code);
ALTER TABLE service_zones ADD PRIMARY KEY (id, city_id), ADD UNIQUE (city_id, agency_id, name);
ALTER TABLE responders ADD PRIMARY KEY (user_id, city_id);
ALTER TABLE responder_track ADD PRIMARY KEY (id, city_id);
ALTER TABLE reports ADD PRIMARY KEY (id, city_id), ADD UNIQUE (city_id, reporter_id, idempotency_key);
ALTER TABLE report_events ADD PRIMARY KEY (id, city_id);
ALTER TABLE photos ADD PRIMARY KEY (id, city_id), ADD UNIQUE (media_key, city_id);
ALTER TABLE report_supporters ADD PRIMARY KEY (report_id, user_id, city_id);
ALTER TABLE assignments ADD PRIMARY KEY (id, city_id);
ALTER TABLE notifications ADD PRIMARY KEY (id, city_id);
ALTER TABLE cameras ADD PRIMARY KEY (id, city_id), ADD UNIQUE (city_id, name);
ALTER TABLE camera_frames ADD PRIMARY KEY (camera_id, frame_at, city_id);
ALTER TABLE camera_zones ADD PRIMARY KEY (id, city_id), ADD UNIQUE (city_id, camera_id, name);
ALTER TABLE camera_rules ADD PRIMARY KEY (id, city_id);
ALTER TABLE detections ADD PRIMARY KEY (id, city_id);
ALTER TABLE detection_counts_hourly ADD PRIMARY KEY (camera_id, hour, class_name, city_id);
ALTER TABLE analysis_runs ADD PRIMARY KEY (id, city_id), ADD UNIQUE (city_id, kind, category, period, res);
ALTER TABLE hotspot_cells ADD PRIMARY KEY (run_id, cell, city_id), ADD UNIQUE (id, city_id);
ALTER TABLE emerging_cells ADD PRIMARY KEY (run_id, cell, city_id), ADD UNIQUE (id, city_id);
ALTER TABLE h3_report_counts ADD PRIMARY KEY (res, cell, category_id, status, city_id);
ALTER TABLE h3_report_heat ADD PRIMARY KEY (res, month, cell, category_id, city_id);
ALTER TABLE h3_report_heat_total ADD PRIMARY KEY (res, cell, month, city_id);
ALTER TABLE report_stats ADD PRIMARY KEY (dim, period, start, key, city_id);
ALTER TABLE report_stats_delta ADD PRIMARY KEY (id, city_id);
CREATE UNIQUE INDEX notifications_once ON notifications (user_id, report_id, kind, city_id) WHERE kind = 'sla_overdue';
CREATE UNIQUE INDEX assignments_one_live ON assignments (report_id, city_id)
    WHERE status IN ('offered', 'accepted', 'arrived');
CREATE UNIQUE INDEX report_events_idempotency ON report_events (actor_id, idempotency_key, city_id)
    WHERE idempotency_key IS NOT NULL;

-- Foreign keys between tenant tables, each through city_id (co-located joins on Citus).
ALTER TABLE kelurahan ADD FOREIGN KEY (kecamatan_id, city_id) REFERENCES kecamatan (id, city_id);
ALTER TABLE kelurahan_parts ADD FOREIGN KEY (kelurahan_id, city_id) REFERENCES kelurahan (id, city_id) ON DELETE CASCADE;
ALTER TABLE categories ADD FOREIGN KEY (agency_id, city_id) REFERENCES agencies (id, city_id);
ALTER TABLE service_zones ADD FOREIGN KEY (agency_id, city_id) REFERENCES agencies (id, city_id),
    ADD FOREIGN KEY (kecamatan_id, city_id) REFERENCES kecamatan (id, city_id);
ALTER TABLE service_zone_parts ADD FOREIGN KEY (zone_id, city_id) REFERENCES service_zones (id, city_id) ON DELETE CASCADE;
ALTER TABLE staff ADD FOREIGN KEY (agency_id, city_id) REFERENCES agencies (id, city_id),
    ADD FOREIGN KEY (kecamatan_id, city_id) REFERENCES kecamatan (id, city_id),
    ADD FOREIGN KEY (kelurahan_id, city_id) REFERENCES kelurahan (id, city_id);
ALTER TABLE responders ADD FOREIGN KEY (agency_id, city_id) REFERENCES agencies (id, city_id),
    ADD FOREIGN KEY (user_id, city_id) REFERENCES staff (user_id, city_id) ON DELETE CASCADE;
ALTER TABLE responder_track ADD FOREIGN KEY (user_id, city_id) REFERENCES responders (user_id, city_id) ON DELETE CASCADE;
ALTER TABLE reports ADD FOREIGN KEY (category_id, city_id) REFERENCES categories (id, city_id),
    ADD FOREIGN KEY (agency_id, city_id) REFERENCES agencies (id, city_id),
    ADD FOREIGN KEY (kecamatan_id, city_id) REFERENCES kecamatan (id, city_id),
    ADD FOREIGN KEY (kelurahan_id, city_id) REFERENCES kelurahan (id, city_id),
    ADD FOREIGN KEY (public_kelurahan_id, city_id) REFERENCES kelurahan (id, city_id),
    ADD FOREIGN KEY (zone_id, city_id) REFERENCES service_zones (id, city_id) ON DELETE SET NULL (zone_id),
    ADD FOREIGN KEY (duplicate_of, city_id) REFERENCES reports (id, city_id);
ALTER TABLE photos ADD FOREIGN KEY (report_id, city_id) REFERENCES reports (id, city_id) ON DELETE CASCADE;
ALTER TABLE report_events ADD FOREIGN KEY (report_id, city_id) REFERENCES reports (id, city_id) ON DELETE CASCADE,
    ADD FOREIGN KEY (photo_id, city_id) REFERENCES photos (id, city_id) ON DELETE SET NULL (photo_id);
ALTER TABLE report_supporters ADD FOREIGN KEY (report_id, city_id) REFERENCES reports (id, city_id) ON DELETE CASCADE;
ALTER TABLE assignments ADD FOREIGN KEY (report_id, city_id) REFERENCES reports (id, city_id) ON DELETE CASCADE,
    ADD FOREIGN KEY (responder_id, city_id) REFERENCES responders (user_id, city_id);
ALTER TABLE notifications ADD FOREIGN KEY (report_id, city_id) REFERENCES reports (id, city_id) ON DELETE CASCADE;
ALTER TABLE cameras ADD FOREIGN KEY (kelurahan_id, city_id) REFERENCES kelurahan (id, city_id);
ALTER TABLE camera_frames ADD FOREIGN KEY (camera_id, city_id) REFERENCES cameras (id, city_id) ON DELETE CASCADE;
ALTER TABLE camera_zones ADD FOREIGN KEY (camera_id, city_id) REFERENCES cameras (id, city_id) ON DELETE CASCADE;
ALTER TABLE camera_rules ADD FOREIGN KEY (zone_id, city_id) REFERENCES camera_zones (id, city_id) ON DELETE CASCADE,
    ADD FOREIGN KEY (category_id, city_id) REFERENCES categories (id, city_id),
    ADD FOREIGN KEY (last_report_id, city_id) REFERENCES reports (id, city_id) ON DELETE SET NULL (last_report_id);
ALTER TABLE detections ADD FOREIGN KEY (camera_id, city_id) REFERENCES cameras (id, city_id) ON DELETE CASCADE,
    ADD FOREIGN KEY (kelurahan_id, city_id) REFERENCES kelurahan (id, city_id);
ALTER TABLE detection_counts_hourly ADD FOREIGN KEY (camera_id, city_id) REFERENCES cameras (id, city_id) ON DELETE CASCADE;
ALTER TABLE hotspot_cells ADD FOREIGN KEY (run_id, city_id) REFERENCES analysis_runs (id, city_id) ON DELETE CASCADE;
ALTER TABLE emerging_cells ADD FOREIGN KEY (run_id, city_id) REFERENCES analysis_runs (id, city_id) ON DELETE CASCADE;

CREATE INDEX reports_city_created ON reports (city_id, created_at DESC, id DESC);
-- Nearest responders of one agency (agencies are per city): the KNN scan visits only that
-- agency's officers, not every city's (with Jakarta's 2,000 in the table, Kupang's dispatch
-- query walked past them all whenever an agency had fewer on shift than its candidate count).
CREATE INDEX responders_agency_geom ON responders USING gist (agency_id, geom);
CREATE INDEX staff_city ON staff (city_id);

-- Triggers: derived rows take their city from the row they come from; heat months are the
-- city's local months.
CREATE OR REPLACE FUNCTION sigap_refresh_kelurahan_parts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM kelurahan_parts WHERE kelurahan_id = NEW.id AND city_id = NEW.city_id;
    INSERT INTO kelurahan_parts (kelurahan_id, city_id, geom)
    SELECT NEW.id, NEW.city_id, (ST_Dump(ST_Subdivide(NEW.geom, 64))).geom;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION sigap_refresh_zone_parts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM service_zone_parts WHERE zone_id = NEW.id AND city_id = NEW.city_id;
    INSERT INTO service_zone_parts (zone_id, agency_id, city_id, geom)
    SELECT NEW.id, NEW.agency_id, NEW.city_id, (ST_Dump(ST_Subdivide(NEW.geom, 64))).geom;
    RETURN NULL;
END $$;

CREATE FUNCTION sigap_city_month(city integer, ts timestamptz) RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT date_trunc('month', ts AT TIME ZONE (SELECT time_zone FROM cities WHERE id = city))::date
$$;

CREATE OR REPLACE FUNCTION sigap_report_aggregates() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE h3_report_counts c SET n = c.n - 1
        FROM sigap_report_cells(OLD) x
        WHERE c.res = x.res AND c.cell = x.cell AND c.category_id = OLD.category_id AND c.status = OLD.status
          AND c.city_id = OLD.city_id;
        DELETE FROM h3_report_counts WHERE n <= 0;
    END IF;
    IF TG_OP = 'DELETE' THEN
        UPDATE h3_report_heat h SET n = h.n - 1
        FROM sigap_report_cells(OLD) x
        WHERE h.res = x.res AND h.cell = x.cell AND h.category_id = OLD.category_id
          AND h.month = sigap_city_month(OLD.city_id, OLD.created_at) AND h.city_id = OLD.city_id;
        UPDATE h3_report_heat_total h SET n = h.n - 1
        FROM sigap_report_cells(OLD) x
        WHERE h.res = x.res AND h.cell = x.cell
          AND h.month = sigap_city_month(OLD.city_id, OLD.created_at) AND h.city_id = OLD.city_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO h3_report_counts (res, cell, category_id, status, city_id, n)
        SELECT x.res, x.cell, NEW.category_id, NEW.status, NEW.city_id, 1 FROM sigap_report_cells(NEW) x
        ON CONFLICT (res, cell, category_id, status, city_id) DO UPDATE SET n = h3_report_counts.n + 1;
    END IF;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO h3_report_heat (res, cell, month, category_id, city_id, n)
        SELECT x.res, x.cell, sigap_city_month(NEW.city_id, NEW.created_at), NEW.category_id, NEW.city_id, 1
        FROM sigap_report_cells(NEW) x
        ON CONFLICT (res, month, cell, category_id, city_id) DO UPDATE SET n = h3_report_heat.n + 1;
        INSERT INTO h3_report_heat_total (res, cell, month, city_id, n)
        SELECT x.res, x.cell, sigap_city_month(NEW.city_id, NEW.created_at), NEW.city_id, 1
        FROM sigap_report_cells(NEW) x
        ON CONFLICT (res, cell, month, city_id) DO UPDATE SET n = h3_report_heat_total.n + 1;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION sigap_notify_reporter() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    nid bigint;
    cat record;
BEGIN
    IF NEW.reporter_id IS NULL
       OR NEW.reporter_id::text = coalesce(current_setting('sigap.actor_id', true), '') THEN
        RETURN NULL;
    END IF;
    SELECT name_id, name_en INTO cat FROM categories WHERE id = NEW.category_id AND city_id = NEW.city_id;
    INSERT INTO notifications (user_id, report_id, city_id, kind, message_id, message_en)
    VALUES (NEW.reporter_id, NEW.id, NEW.city_id, 'status_changed',
            format('Laporan #%s (%s): %s', NEW.id, cat.name_id, sigap_status_name(NEW.status, 'id')),
            format('Report #%s (%s): %s', NEW.id, cat.name_en, sigap_status_name(NEW.status, 'en')))
    RETURNING id INTO nid;
    INSERT INTO job_outbox (job, args) VALUES ('push_notification', jsonb_build_array(nid));
    RETURN NULL;
END $$;

-- The statistics rollup: rows per city (keys stay agency and kelurahan ids, unique across cities).
-- Days are still WITA days for every city (sigap_stats_day); docs/scaling.md says so.
CREATE OR REPLACE FUNCTION sigap_report_stats_delta(r reports, as_of timestamptz, sign integer) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO report_stats_delta (day, agency_id, kelurahan_id, status, eligible, breached,
                                    first_response, resolution, sign, city_id)
    VALUES (sigap_stats_day(r.created_at), r.agency_id, r.public_kelurahan_id, r.status,
            (r.status NOT IN ('rejected','duplicate'))::integer,
            (r.status NOT IN ('rejected','duplicate') AND coalesce(r.resolved_at, as_of) > r.due_at)::integer,
            sigap_duration_bucket(extract(epoch FROM r.first_response_at - r.created_at)::float8 / 3600),
            sigap_duration_bucket(extract(epoch FROM r.resolved_at - r.created_at)::float8 / 3600), sign, r.city_id)
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
    JOIN reports r ON r.created_at >= sigap_stats_day_start(d.day)
                  AND r.created_at < sigap_stats_day_start(d.day + 1)
    CROSS JOIN LATERAL (VALUES ('a', r.agency_id), ('k', r.public_kelurahan_id)) g(dim, key)
    GROUP BY d.day, g.dim, g.key, r.city_id
$$;

-- The QGIS views (docs/gis-access.md) name each row's city, so a project can show one city
-- (docs/qgis/build_project.py --city), and a GIS login made for some cities (`sigap gis-user
-- NAME --city jakarta`, rows in gis_access) reads only theirs; a login without rows reads every
-- city (the platform's own GIS team). Columns are only appended: existing projects keep working.
CREATE TABLE gis_access (
    login   name NOT NULL,
    city_id integer NOT NULL REFERENCES cities(id),
    PRIMARY KEY (login, city_id)
);
-- SECURITY DEFINER: the GIS role cannot read gis_access itself; session_user is the login.
CREATE FUNCTION sigap_gis_sees(city integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT NOT EXISTS (SELECT 1 FROM gis_access WHERE login = session_user)
        OR EXISTS (SELECT 1 FROM gis_access WHERE login = session_user AND city_id = city)
$$;
CREATE OR REPLACE VIEW gis.reports WITH (security_barrier) AS
SELECT r.id, c.code AS category, c.name_id AS category_name, r.status, r.priority, a.code AS agency,
       k.name AS kelurahan, kc.name AS kecamatan, r.support_count, r.source, r.created_at, r.due_at,
       r.resolved_at, c.confidential AS location_coarsened, r.h3_r8, r.public_geom AS geom, ci.slug AS city
FROM reports r
JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id
JOIN agencies a ON a.id = r.agency_id AND a.city_id = r.city_id
JOIN kelurahan k ON k.id = r.public_kelurahan_id AND k.city_id = r.city_id
JOIN kecamatan kc ON kc.id = k.kecamatan_id AND kc.city_id = r.city_id
JOIN cities ci ON ci.id = r.city_id
WHERE sigap_gis_sees(r.city_id);
CREATE OR REPLACE VIEW gis.kelurahan WITH (security_barrier) AS
SELECT k.id, k.code, k.name, kc.name AS kecamatan, k.puskesmas, k.area_km2, k.geom, ci.slug AS city
FROM kelurahan k JOIN kecamatan kc ON kc.id = k.kecamatan_id AND kc.city_id = k.city_id
JOIN cities ci ON ci.id = k.city_id
WHERE sigap_gis_sees(k.city_id);
CREATE OR REPLACE VIEW gis.kecamatan WITH (security_barrier) AS
SELECT kc.id, kc.code, kc.name, kc.area_km2, kc.geom, ci.slug AS city
FROM kecamatan kc JOIN cities ci ON ci.id = kc.city_id
WHERE sigap_gis_sees(kc.city_id);
CREATE OR REPLACE VIEW gis.service_zones WITH (security_barrier) AS
SELECT z.id, z.name, a.code AS agency, z.geom, ci.slug AS city
FROM service_zones z JOIN agencies a ON a.id = z.agency_id AND a.city_id = z.city_id
JOIN cities ci ON ci.id = z.city_id
WHERE sigap_gis_sees(z.city_id);
CREATE OR REPLACE VIEW gis.cameras WITH (security_barrier) AS
SELECT c.id, c.name, c.heading_deg, c.active, (c.homography IS NOT NULL) AS calibrated, c.geom, ci.slug AS city
FROM cameras c JOIN cities ci ON ci.id = c.city_id
WHERE sigap_gis_sees(c.city_id);
CREATE OR REPLACE VIEW gis.detections WITH (security_barrier) AS
SELECT d.id, d.camera_id, d.class_name, d.confidence, d.frame_at, d.georef, d.kelurahan_id, d.geom, ci.slug AS city
FROM detections d JOIN cities ci ON ci.id = d.city_id
WHERE sigap_gis_sees(d.city_id);
CREATE OR REPLACE VIEW gis.report_counts_h3_r8 WITH (security_barrier) AS
SELECT h.cell, to_hex(h.cell) AS h3, sum(x.n)::integer AS reports,
       (sum(x.n) FILTER (WHERE x.status IN ('submitted','verified','assigned','in_progress')))::integer AS open,
       h.area_km2, h.geom, ci.slug AS city
FROM h3_report_counts x JOIN h3_cells h ON h.cell = x.cell JOIN cities ci ON ci.id = x.city_id
WHERE sigap_gis_sees(x.city_id) AND x.res = 8
GROUP BY h.cell, h.area_km2, h.geom, ci.slug;
CREATE OR REPLACE VIEW gis.hotspots WITH (security_barrier) AS
SELECT h.id, r.category, r.period, r.res, r.computed_at, h.cell, to_hex(h.cell) AS h3, h.n AS reports, h.gi_z,
       h.p_value, h.confidence, h.geom, ci.slug AS city
FROM hotspot_cells h JOIN analysis_runs r ON r.id = h.run_id AND r.city_id = h.city_id
JOIN cities ci ON ci.id = h.city_id
WHERE sigap_gis_sees(h.city_id);
CREATE OR REPLACE VIEW gis.emerging_hotspots WITH (security_barrier) AS
SELECT e.id, r.category, r.period, r.res, r.computed_at, e.cell, to_hex(e.cell) AS h3, e.n AS reports, e.pattern,
       e.hot_months, e.cold_months, e.trend_tau, e.trend_p, e.count_tau, e.geom, ci.slug AS city
FROM emerging_cells e JOIN analysis_runs r ON r.id = e.run_id AND r.city_id = e.city_id
JOIN cities ci ON ci.id = e.city_id
WHERE sigap_gis_sees(e.city_id);
