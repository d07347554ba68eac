-- A resident may delete their account (UU 27/2022 on personal data: the subject's right to have
-- it erased). Their row is deleted, and with it their sessions, push subscriptions, notifications
-- and "dukung" rows; their reports stay as the city's records without a reporter; what they did
-- in timelines and the photos they took pass to one shared account that stands for every deleted
-- resident (so the timelines still say "warga", and nothing ties two of a person's reports
-- together). That account has no login (geo/account_changes.py makes it the first time): a row
-- without e-mail or phone is allowed for it alone, and there is one at most.
ALTER TABLE users ADD COLUMN deleted_at timestamptz;
ALTER TABLE users DROP CONSTRAINT users_check;
ALTER TABLE users ADD CONSTRAINT users_login_or_former_resident
    CHECK (deleted_at IS NOT NULL OR email IS NOT NULL OR phone IS NOT NULL);
CREATE UNIQUE INDEX users_one_former_resident ON users ((deleted_at IS NOT NULL)) WHERE deleted_at IS NOT NULL;
