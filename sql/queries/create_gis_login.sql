-- A read-only login for GIS staff: a member of sigap_gis, which may read schema gis only.
-- The role name is an identifier (checked by the caller, quoted by psycopg.sql); the password a literal.
CREATE ROLE {name} LOGIN PASSWORD {password} IN ROLE sigap_gis
