"""After a report change commits, forget exactly the cached tiles it touches."""
from __future__ import annotations

import logging

from redis.exceptions import RedisError

from tiles.cache import invalidate_report

log = logging.getLogger("sigap.api")


def forget(points: list[tuple[float, float, float, float]]) -> None:
    from api.tiles import _redis

    try:
        for lng, lat, plng, plat in points:
            invalidate_report(_redis(), lng, lat, plng, plat)
    except RedisError:
        # Tiles cached under old versions would be served stale: say so loudly.
        log.error("tile cache invalidation failed; cached report tiles may be stale until TTL")
