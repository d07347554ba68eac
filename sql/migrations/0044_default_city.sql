-- The city a request that names none gets (`/`, `/ogc`, an API call without `?city=`): the
-- first city with boundaries, unless a deployer names another (`sigap city default`). A platform for
-- Jakarta alone had Kupang, loaded first, as its home page.
ALTER TABLE cities ADD COLUMN is_default boolean NOT NULL DEFAULT false;
CREATE UNIQUE INDEX cities_one_default ON cities (is_default) WHERE is_default;
