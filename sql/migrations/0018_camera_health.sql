-- A camera that is down or slow is marked offline with when it was last seen and why it
-- failed, and tried again with backoff (the sweep skips it until next_try_at), so one dead
-- camera never costs the others a worker's time every interval.
ALTER TABLE cameras
    ADD COLUMN last_seen_at timestamptz,
    ADD COLUMN last_error text,
    ADD COLUMN last_error_at timestamptz,
    ADD COLUMN failures integer NOT NULL DEFAULT 0,
    ADD COLUMN next_try_at timestamptz;
