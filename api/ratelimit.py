"""Redis-backed fixed-window rate limits for the endpoints people abuse: login (password
guessing), registration (fake accounts) and report submission (floods)."""
from __future__ import annotations

import logging
import time

from flask import request
from redis.exceptions import RedisError

from api.deps import settings
from geo.errors import SigapError

log = logging.getLogger("sigap.api")


class RateLimited(SigapError):
    status = 429
    code = "rate_limited"
    message_id = "Terlalu banyak permintaan. Coba lagi sebentar lagi."
    message_en = "Too many requests. Please try again shortly."


def client_ip() -> str:
    """The caller's address (behind a proxy, configure the proxy to set X-Forwarded-For
    and trust it there; here the socket address is used)."""
    return request.remote_addr or "unknown"


def check(scope: str, identity: str, limit: int, window_s: int) -> None:
    """Count this request; raise 429 with Retry-After past `limit` per window. Fails open
    (logged) when Redis is down: reports must still be accepted during an outage."""
    if limit <= 0:
        return
    from workers.relay import redis_client

    window = int(time.time()) // window_s
    key = f"sigap:rl:{scope}:{identity}:{window}"
    try:
        pipe = redis_client(settings().redis_url).pipeline()
        pipe.incr(key)
        pipe.expire(key, window_s + 5)
        count = int(pipe.execute()[0])
    except RedisError:
        log.warning("rate limit %s not enforced: Redis unreachable", scope)
        return
    if count > limit:
        retry = window_s - int(time.time()) % window_s
        raise RateLimited(details={"retry_after_s": retry, "limit": limit, "window_s": window_s})
