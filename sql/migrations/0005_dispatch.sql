-- Responders' position history and the dispatch of reports to the nearest available officer.
CREATE TABLE responder_track (
    id          bigserial PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES responders(user_id) ON DELETE CASCADE,
    geom        geometry(Point, 4326) NOT NULL,
    accuracy_m  real,
    recorded_at timestamptz NOT NULL,            -- the device's timestamp
    received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX responder_track_user_time ON responder_track (user_id, recorded_at DESC);

CREATE TABLE assignments (
    id           bigserial PRIMARY KEY,
    report_id    bigint NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    responder_id bigint NOT NULL REFERENCES responders(user_id),
    status       text NOT NULL CHECK (status IN ('offered','accepted','declined','expired',
                                                 'cancelled','arrived','done')),
    distance_m   double precision,               -- geodesic, responder -> report, at offer time
    assigned_by  bigint REFERENCES users(id),    -- NULL: the dispatcher job
    offered_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz,
    responded_at timestamptz,
    arrived_at   timestamptz,
    done_at      timestamptz
);
-- The guarantee: at most one live (offered or accepted) assignment per report, whatever
-- races between dispatch jobs, retries and operators.
CREATE UNIQUE INDEX assignments_one_live ON assignments (report_id) WHERE status IN ('offered','accepted','arrived');
CREATE INDEX assignments_responder ON assignments (responder_id, status);
CREATE INDEX assignments_report ON assignments (report_id, offered_at);

-- Workload counts ("open tasks" per responder) without scanning every report.
CREATE INDEX reports_assignee_open ON reports (assignee_id) WHERE status IN ('assigned','in_progress');

-- Nearest open tasks of one agency: equality on the agency and KNN on the point in one
-- GiST (btree_gist), over open reports only, so the scan never visits other agencies'
-- or finished reports (p95 6.7 -> see bench/RESULTS.md).
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE INDEX reports_open_agency_geom ON reports USING gist (agency_id, geom)
    WHERE status IN ('submitted','verified','assigned','in_progress');
