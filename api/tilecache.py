"""After a report change commits, forget exactly the cached tiles it touches."""
from __future__ import annotations

import logging

from redis.exceptions import RedisError

from tiles.cache import invalidate_reports

log = logging.getLogger("sigap.api")


def forget(points: list[tuple[float, float, float, float]]) -> None:
    from api.tiles import _redis

    try:
        invalidate_reports(_redis(), points)
    except RedisError:
        # Tiles cached under old versions would be served stale: say so loudly.
        log.error("tile cache invalidation failed; cached report tiles may be stale until TTL")
