-- A password an admin chose for someone (a new officer's first one, or a reset after a forgotten
-- one) is known to two people: its owner must replace it before doing anything else.
ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
