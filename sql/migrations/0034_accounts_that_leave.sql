-- A citizen may delete their account (UU 27/2022 on personal data: the subject's right to have
-- it erased). Their row stays, as an anonymous "warga" with no e-mail, phone, name or usable
-- password, so the timelines of the reports they acted on keep who acted (a resident); it is
-- marked deleted_at. Their reports stay as the city's records, no longer linked to them
-- (reports.reporter_id NULL, geo/account_changes.py). A row without any login is allowed only so.
ALTER TABLE users ADD COLUMN deleted_at timestamptz;
ALTER TABLE users DROP CONSTRAINT users_check;
ALTER TABLE users ADD CONSTRAINT users_login_or_deleted
    CHECK (deleted_at IS NOT NULL OR email IS NOT NULL OR phone IS NOT NULL);
