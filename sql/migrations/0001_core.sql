-- SIGAP core schema: reference geography, agencies, categories, people, reports.
-- Geometries are EPSG:4326 (lng, lat). H3 cells are computed in Python and
-- stored as bigint at resolutions 6..11 (h3_r6 .. h3_r11).
CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE kecamatan (
    id          serial PRIMARY KEY,
    code        text NOT NULL UNIQUE,          -- BPS kecamatan code (IDKEC 2013)
    name        text NOT NULL UNIQUE,
    area_km2    double precision,
    geom        geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom))
);
CREATE INDEX kecamatan_geom_gist ON kecamatan USING gist (geom);

CREATE TABLE kelurahan (
    id           serial PRIMARY KEY,
    code         text NOT NULL UNIQUE,         -- BPS 2013 village code (ID2013)
    name         text NOT NULL,
    kecamatan_id integer NOT NULL REFERENCES kecamatan(id),
    puskesmas    text,
    area_km2     double precision,
    geom         geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom)),
    UNIQUE (kecamatan_id, name)
);
CREATE INDEX kelurahan_geom_gist ON kelurahan USING gist (geom);

CREATE TABLE agencies (
    id       serial PRIMARY KEY,
    code     text NOT NULL UNIQUE,             -- e.g. DLH, DPU, DISHUB
    name_id  text NOT NULL,
    name_en  text NOT NULL
);

CREATE TABLE categories (
    id               serial PRIMARY KEY,
    code             text NOT NULL UNIQUE,     -- stable, used by APIs and Open311
    name_id          text NOT NULL,
    name_en          text NOT NULL,
    agency_id        integer NOT NULL REFERENCES agencies(id),
    default_priority text NOT NULL CHECK (default_priority IN ('low','normal','high','urgent')),
    sla_hours        integer NOT NULL CHECK (sla_hours > 0),
    confidential     boolean NOT NULL DEFAULT false  -- location coarsened in public views
);

CREATE TABLE service_zones (
    id           serial PRIMARY KEY,
    agency_id    integer NOT NULL REFERENCES agencies(id),
    name         text NOT NULL,
    kecamatan_id integer REFERENCES kecamatan(id),  -- set for the default per-kecamatan zones
    geom         geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom)),
    UNIQUE (agency_id, name)
);
CREATE INDEX service_zones_geom_gist ON service_zones USING gist (geom);
CREATE INDEX service_zones_agency ON service_zones (agency_id);

CREATE TABLE users (
    id            bigserial PRIMARY KEY,
    email         text UNIQUE CHECK (email = lower(email)),
    phone         text UNIQUE,
    password_hash text NOT NULL,
    full_name     text NOT NULL DEFAULT '',
    role          text NOT NULL DEFAULT 'citizen'
                  CHECK (role IN ('citizen','responder','operator','agency_admin','admin')),
    agency_id     integer REFERENCES agencies(id),
    -- camat / lurah coordinators: escalations of their area go to them
    kecamatan_id  integer REFERENCES kecamatan(id),
    kelurahan_id  integer REFERENCES kelurahan(id),
    disabled      boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (email IS NOT NULL OR phone IS NOT NULL),
    CHECK (role IN ('citizen','admin','operator') OR agency_id IS NOT NULL)
);

CREATE TABLE responders (
    user_id           bigint PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    agency_id         integer NOT NULL REFERENCES agencies(id),
    team              text NOT NULL DEFAULT '',
    status            text NOT NULL DEFAULT 'off' CHECK (status IN ('off','available','busy')),
    geom              geometry(Point, 4326),
    accuracy_m        real,
    location_at       timestamptz
);
CREATE INDEX responders_geom_gist ON responders USING gist (geom);
CREATE INDEX responders_agency_status ON responders (agency_id, status);

CREATE TABLE reports (
    id              bigserial PRIMARY KEY,
    source          text NOT NULL DEFAULT 'citizen' CHECK (source IN ('citizen','cctv','open311','staff')),
    reporter_id     bigint REFERENCES users(id),
    category_id     integer NOT NULL REFERENCES categories(id),
    agency_id       integer NOT NULL REFERENCES agencies(id),
    kecamatan_id    integer NOT NULL REFERENCES kecamatan(id),
    kelurahan_id    integer NOT NULL REFERENCES kelurahan(id),
    zone_id         integer REFERENCES service_zones(id) ON DELETE SET NULL,
    status          text NOT NULL DEFAULT 'submitted'
                    CHECK (status IN ('submitted','verified','assigned','in_progress',
                                      'resolved','closed','rejected','duplicate')),
    priority        text NOT NULL CHECK (priority IN ('low','normal','high','urgent')),
    description     text NOT NULL DEFAULT '',
    geom            geometry(Point, 4326) NOT NULL,
    accuracy_m      real,
    h3_r6           bigint NOT NULL,
    h3_r7           bigint NOT NULL,
    h3_r8           bigint NOT NULL,
    h3_r9           bigint NOT NULL,
    h3_r10          bigint NOT NULL,
    h3_r11          bigint NOT NULL,
    duplicate_of    bigint REFERENCES reports(id),
    assignee_id     bigint REFERENCES users(id),
    idempotency_key text,
    rating          smallint CHECK (rating BETWEEN 1 AND 5),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    due_at          timestamptz NOT NULL,
    first_response_at timestamptz,
    resolved_at     timestamptz,
    closed_at       timestamptz,
    UNIQUE (reporter_id, idempotency_key)
);
CREATE INDEX reports_geom_gist ON reports USING gist (geom);
CREATE INDEX reports_status_created ON reports (status, created_at DESC);
CREATE INDEX reports_agency_status ON reports (agency_id, status);
CREATE INDEX reports_kelurahan ON reports (kelurahan_id);
CREATE INDEX reports_category_created ON reports (category_id, created_at DESC);
CREATE INDEX reports_h3_r8 ON reports (h3_r8);
CREATE INDEX reports_created ON reports (created_at DESC, id DESC);

CREATE TABLE report_events (
    id          bigserial PRIMARY KEY,
    report_id   bigint NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    actor_id    bigint REFERENCES users(id),
    event       text NOT NULL,                -- created, status, merged, supported, escalated …
    from_status text,
    to_status   text,
    note        text NOT NULL DEFAULT '',
    photo_id    bigint,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX report_events_report ON report_events (report_id, created_at);

CREATE TABLE cameras (
    id                  serial PRIMARY KEY,
    name                text NOT NULL UNIQUE,
    geom                geometry(Point, 4326) NOT NULL,
    heading_deg         real CHECK (heading_deg >= 0 AND heading_deg < 360),
    source              text NOT NULL,         -- image URL, file path or RTSP/video URL
    control_points      jsonb,                 -- [{"px":[x,y],"lnglat":[lng,lat]}, …]
    homography          double precision[],    -- 3x3 row-major, pixel -> lng/lat
    reprojection_error_m double precision,
    kelurahan_id        integer REFERENCES kelurahan(id),
    active              boolean NOT NULL DEFAULT true,
    created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cameras_geom_gist ON cameras USING gist (geom);

CREATE TABLE detections (
    id           bigserial PRIMARY KEY,
    camera_id    integer NOT NULL REFERENCES cameras(id) ON DELETE CASCADE,
    class_name   text NOT NULL,
    confidence   real NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    bbox         real[] NOT NULL CHECK (array_length(bbox, 1) = 4),  -- x1,y1,x2,y2 pixels
    frame_at     timestamptz NOT NULL,
    geom         geometry(Point, 4326) NOT NULL,
    georef       text NOT NULL CHECK (georef IN ('homography','camera')),
    h3_r6        bigint NOT NULL,
    h3_r7        bigint NOT NULL,
    h3_r8        bigint NOT NULL,
    h3_r9        bigint NOT NULL,
    h3_r10       bigint NOT NULL,
    h3_r11       bigint NOT NULL,
    kelurahan_id integer REFERENCES kelurahan(id),
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX detections_geom_gist ON detections USING gist (geom);
CREATE INDEX detections_camera_frame ON detections (camera_id, frame_at DESC);
