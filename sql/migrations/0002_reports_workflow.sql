-- Accounts' tokens, photos, supporters ("dukung"), escalation and the notification outbox.
CREATE TABLE api_tokens (
    token_hash  bytea PRIMARY KEY,             -- sha256 of the bearer token; the token itself is never stored
    user_id     bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE photos (
    id          bigserial PRIMARY KEY,
    report_id   bigint REFERENCES reports(id) ON DELETE CASCADE,
    kind        text NOT NULL CHECK (kind IN ('before','after','event')),
    uploader_id bigint REFERENCES users(id),
    media_key   text NOT NULL UNIQUE,          -- folder under SIGAP_MEDIA_DIR
    width       integer NOT NULL,
    height      integer NOT NULL,
    sha256      text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX photos_report ON photos (report_id, id);
ALTER TABLE report_events ADD CONSTRAINT report_events_photo_fk
    FOREIGN KEY (photo_id) REFERENCES photos(id) ON DELETE SET NULL;

CREATE TABLE report_supporters (
    report_id  bigint NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    user_id    bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (report_id, user_id)
);

ALTER TABLE reports
    ADD COLUMN support_count integer NOT NULL DEFAULT 0,
    ADD COLUMN escalated_at timestamptz,
    ADD COLUMN reject_reason text;
CREATE INDEX reports_open_due ON reports (due_at)
    WHERE status IN ('submitted','verified','assigned','in_progress') AND escalated_at IS NULL;
CREATE INDEX reports_resolved_at ON reports (resolved_at) WHERE status = 'resolved';

CREATE TABLE notifications (
    id          bigserial PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    report_id   bigint REFERENCES reports(id) ON DELETE CASCADE,
    kind        text NOT NULL,                  -- sla_overdue, status_changed, …
    message_id  text NOT NULL,
    message_en  text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    read_at     timestamptz
);
CREATE INDEX notifications_user ON notifications (user_id, id DESC);
-- An overdue report escalates once per coordinator, however often the sweep runs.
CREATE UNIQUE INDEX notifications_once ON notifications (user_id, report_id, kind)
    WHERE kind = 'sla_overdue';
