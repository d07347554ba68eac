-- The time zone a GIS login's session shows times in: its cities' own, when they share one
-- (QGIS shows a timestamptz in the session's zone; the server's UTC read 8 hours early in Kupang).
-- The role name is an identifier (checked by the caller, quoted by psycopg.sql); the zone a literal.
ALTER ROLE {name} SET TimeZone TO {zone}
