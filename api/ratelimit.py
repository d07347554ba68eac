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
    """The caller's address. Behind SIGAP_PROXY_HOPS trusted proxies, Werkzeug's ProxyFix
    (api/app.py) has already put the client's address here from the hops' X-Forwarded-For;
    without it, forwarded headers are ignored (a client cannot pick its own address)."""
    return request.remote_addr or "unknown"


def check_submission(user_id: int) -> None:
    """A new report (app or Open311): per account and per address."""
    s = settings()
    check(("submit", str(user_id), s.rate_submit_per_min, 60),
          ("submit-addr", client_ip(), s.rate_submit_address_per_min, 60))


def check_login(login: str) -> None:
    """Password guessing: one address across many accounts, and one account from many addresses."""
    s = settings()
    check(("login-addr", client_ip(), s.rate_login_per_min, 60),
          ("login-account", login.strip().lower()[:100] or "-", s.rate_login_account_per_min, 60))


def check_export() -> None:
    """Open-data exports cost the server seconds each: per address."""
    check(("export", client_ip(), settings().rate_export_per_min, 60))


def check_nearby() -> None:
    """"Nearby" answers, per address: the form asks as the pin moves, a prober asks in bulk."""
    check(("nearby", client_ip(), settings().rate_nearby_per_min, 60))


Limit = tuple[str, str, int, int]  # (scope, identity, limit, window seconds)


def check(*limits: Limit) -> None:
    """Count this request against every limit in one Redis round trip; raise 429 with
    Retry-After past any of them. Fails open (logged) when Redis is down: reports must still
    be accepted during an outage. A limit of 0 or less is off."""
    active = [lim for lim in limits if lim[2] > 0]
    if not active:
        return
    from workers.relay import redis_client

    now = time.time()
    try:
        pipe = redis_client(settings().redis_url).pipeline()
        for scope, identity, _, window_s in active:
            slot = int(now // window_s)
            key = f"sigap:rl:{scope}:{identity}"
            pipe.incr(f"{key}:{slot}")
            pipe.expire(f"{key}:{slot}", 2 * window_s + 5)
            pipe.get(f"{key}:{slot - 1}")
        replies = pipe.execute()
    except RedisError:
        log.warning("rate limits %s not enforced: Redis unreachable", ", ".join(lim[0] for lim in active))
        return
    for k, (_, _, limit, window_s) in enumerate(active):
        # Sliding window: the previous window counts in proportion to how much of it is still
        # within the last window_s seconds, so a burst astride a boundary cannot pass twice the limit.
        current, previous = int(replies[3 * k]), int(replies[3 * k + 2] or 0)
        count = current + previous * (1 - (now % window_s) / window_s)
        if count > limit:
            retry = window_s - int(time.time()) % window_s
            raise RateLimited(details={"retry_after_s": retry, "limit": limit, "window_s": window_s})
