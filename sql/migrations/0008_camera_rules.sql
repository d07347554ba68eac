-- Rules that turn CCTV detections into reports are data, per camera zone, not code.
CREATE TABLE camera_zones (
    id        serial PRIMARY KEY,
    camera_id integer NOT NULL REFERENCES cameras(id) ON DELETE CASCADE,
    name      text NOT NULL,
    kind      text NOT NULL CHECK (kind IN ('road','no_parking','area')),
    geom      geometry(Polygon, 4326) NOT NULL CHECK (ST_IsValid(geom)),
    UNIQUE (camera_id, name)
);
CREATE INDEX camera_zones_geom_gist ON camera_zones USING gist (geom);

CREATE TABLE camera_rules (
    id          serial PRIMARY KEY,
    zone_id     integer NOT NULL REFERENCES camera_zones(id) ON DELETE CASCADE,
    rule        text NOT NULL CHECK (rule IN ('congestion','illegal_parking','crowd')),
    -- congestion/crowd: {"min_count": n, "frames": k}; illegal_parking: {"seconds": t, "radius_m": r}
    params      jsonb NOT NULL DEFAULT '{}',
    category_id integer NOT NULL REFERENCES categories(id),
    active      boolean NOT NULL DEFAULT true,
    -- evaluation state: consecutive frames over the threshold
    streak      integer NOT NULL DEFAULT 0,
    last_fired_at timestamptz,
    last_report_id bigint REFERENCES reports(id) ON DELETE SET NULL
);
CREATE INDEX camera_rules_zone ON camera_rules (zone_id) WHERE active;
