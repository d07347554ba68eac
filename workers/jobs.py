"""RQ jobs. Each is small, idempotent, and reads settings from the worker's environment."""
from __future__ import annotations

import logging
from datetime import timedelta

from redis import Redis
from rq import Retry

from geo import dispatch, reports, sla
from geo.db import connect
from geo.settings import Settings
from tiles.cache import invalidate_report

log = logging.getLogger("sigap.workers")

SLA_SWEEP_EVERY = timedelta(minutes=5)
# Declared policy per job: (timeout seconds, retry).
POLICY = {
    "sla_sweep": (120, Retry(max=3, interval=[10, 30, 60])),
    "dispatch_report": (30, Retry(max=5, interval=[2, 5, 15, 30, 60])),
    "expire_offer": (30, Retry(max=5, interval=[2, 5, 15, 30, 60])),
}


def enqueue(settings: Settings, name: str, *args: object, delay_s: int = 0, redis: Redis | None = None) -> None:
    """Queue a job by name with its declared timeout and retry policy."""
    from workers.run import queue

    timeout, retry = POLICY[name]
    q = queue(settings, redis)
    fn = globals()[name]
    if delay_s > 0:
        q.enqueue_in(timedelta(seconds=delay_s), fn, *args, job_timeout=timeout, retry=retry)
    else:
        q.enqueue(fn, *args, job_timeout=timeout, retry=retry)


def dispatch_report(report_id: int) -> dict[str, object] | None:
    """Offer a routed report to the nearest available responder; schedule the offer's timeout.
    Idempotent: a report with a live offer or assignment is left alone."""
    settings = Settings.from_env()
    with connect(settings) as conn:
        offer = dispatch.dispatch(conn, settings, report_id)
        conn.commit()
    if offer:
        enqueue(settings, "expire_offer", offer["assignment_id"], delay_s=settings.offer_timeout_s)
        log.info("report %s offered to responder %s at %.0f m", report_id, offer["responder_id"],
                 offer["distance_m"])
    return offer


def expire_offer(assignment_id: int) -> int | None:
    """An offer nobody answered in time moves on to the next nearest responder."""
    settings = Settings.from_env()
    with connect(settings) as conn:
        report_id = dispatch.expire(conn, assignment_id)
        conn.commit()
    if report_id is not None:
        enqueue(settings, "dispatch_report", report_id)
    return report_id


def sla_sweep() -> dict[str, int]:
    """Escalate overdue reports and auto-close stale resolved ones, then schedule the next sweep."""
    settings = Settings.from_env()
    with connect(settings) as conn:
        result = sla.escalate_overdue(conn)
        closed = sla.auto_close(conn, settings.auto_close_days)
        touched = reports.points(conn, closed)
        conn.commit()
    result["auto_closed"] = len(closed)
    redis = Redis.from_url(settings.redis_url)
    for lng, lat, plng, plat in touched:
        invalidate_report(redis, lng, lat, plng, plat)
    log.info("sla sweep: %s", result)
    schedule_sla_sweep(settings, redis)
    return result


def schedule_sla_sweep(settings: Settings, redis: Redis | None = None) -> bool:
    """Keep exactly one future sweep queued, however many workers start (a Redis NX guard)."""
    from workers.run import queue

    redis = redis or Redis.from_url(settings.redis_url)
    seconds = int(SLA_SWEEP_EVERY.total_seconds())
    if not redis.set("sigap:sla_sweep:scheduled", "1", nx=True, ex=seconds):
        return False
    timeout, retry = POLICY["sla_sweep"]
    queue(settings, redis).enqueue_in(SLA_SWEEP_EVERY, sla_sweep, job_timeout=timeout, retry=retry)
    return True
