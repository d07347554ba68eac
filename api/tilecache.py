"""After a report change commits, forget exactly the cached tiles it touches."""
from __future__ import annotations

import logging

import psycopg
from psycopg_pool import PoolTimeout
from redis.exceptions import RedisError

from geo.db import wal_position
from tiles.cache import invalidate_reports

log = logging.getLogger("sigap.api")


def forget(points: list[tuple[float, float]]) -> None:
    """Called after the request's transaction committed, on its connection: the primary's WAL
    position goes with the invalidation, so a lagging read replica never caches an old tile."""
    from api.deps import pool, read, settings
    from api.tiles import _redis

    if not points:
        return
    position = 0
    try:
        with read() as conn:
            position = wal_position(conn, settings())
    except psycopg.Error:  # the change is committed; the answer must not fail now
        try:  # the request's connection broke after its commit: ask on a fresh one
            with pool().connection() as conn:
                position = wal_position(conn, settings())
        except (psycopg.Error, PoolTimeout):
            log.error("no WAL position for a tile invalidation: a lagging read replica could "
                      "cache these tiles without the change until they expire")
    try:
        invalidate_reports(_redis(), points, position)
    except RedisError:
        # Tiles cached under old versions would be served stale: say so loudly.
        log.error("tile cache invalidation failed; cached report tiles may be stale until TTL")
