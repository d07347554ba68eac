"""Project-managed local PostgreSQL+PostGIS and Redis, for development and tests.

Production points DATABASE_URL / REDIS_URL at real services; this package only
starts throwaway or per-checkout servers from the Debian binaries.
"""
