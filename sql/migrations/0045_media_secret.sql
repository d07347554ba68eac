-- The key that signs the links to confidential reports' photos (a missing person, a health
-- report): such a link works for a few hours and is cached privately only, so a link passed on
-- from /ops or /petugas stops working (it was a capability for ever, cached publicly for a day).
-- Made here, at random, once per database: every API process reads the same one; a backup
-- carries it. The GIS login (schema gis only) cannot read it.
CREATE TABLE media_secret (
    id     smallint PRIMARY KEY CHECK (id = 1),
    secret text NOT NULL
);
INSERT INTO media_secret VALUES (1, replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', ''));
