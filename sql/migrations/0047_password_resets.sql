-- A resident who forgot their password had no way back in (no mail, no SMS): an account with an
-- e-mail address can ask for a link that sets a new one (geo/passwordreset.py). A row per link
-- asked for, in the city whose page asked (the link opens there; a tenant table, as reports).
-- The link's secret is not stored: it is an HMAC of the row and of the account's current
-- password hash under the database's key (migration 0045), so neither this table nor a backup
-- of it opens an account, and a link stops working once the password has changed. A link works
-- once and for an hour.
CREATE TABLE password_resets (
    id          bigserial,
    city_id     int NOT NULL REFERENCES cities(id) ON DELETE CASCADE,
    user_id     bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    used_at     timestamptz,
    PRIMARY KEY (id, city_id)
);
CREATE INDEX password_resets_by_user ON password_resets (city_id, user_id, created_at DESC);
