"""The outbox relay: moves committed job rows from PostgreSQL into RQ.

The only way jobs reach Redis. A relay thread runs in every `sigap worker` (and `sigap relay`
runs one alone): it LISTENs on 'sigap_outbox', which a trigger notifies whenever a
transaction that wrote jobs commits, gathers a few milliseconds of such commits, and pushes
everything pending in one pass (one UPDATE claims and marks the rows, one Redis pipeline
carries the jobs). So a request that files a report writes rows and never waits on Redis;
the relay also polls every few seconds (missed notifications, outages). Each job gets the id
"outbox-<row id>"; jobs are idempotent, so the rare double push after a crash between the
Redis pipeline and the commit is harmless.
"""
from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue
from rq.job import JobStatus

from geo.db import Conn, connect, query
from geo.settings import Settings

log = logging.getLogger("sigap.relay")


_clients: dict[str, Redis] = {}


def redis_client(url: str) -> Redis:
    """One client (and connection pool) per URL and process: redis-py clients are thread-safe."""
    if url not in _clients:
        _clients[url] = Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
    return _clients[url]


LIMIT = 500  # rows per pass


def relay(settings: Settings, redis: Redis | None = None, *, limit: int = LIMIT,
          conn: Conn | None = None) -> int:
    """One pass: push up to `limit` pending outbox rows to RQ; returns how many were pushed."""
    if conn is None:
        with connect(settings) as own:
            return relay(settings, redis, limit=limit, conn=own)
    from workers.run import queues

    qs = queues(settings, redis or redis_client(settings.redis_url))
    claimed: list[int] = []
    try:
        with conn.transaction():
            rows = sorted(conn.execute(query("outbox_claim"), {"limit": limit}).fetchall(),
                          key=lambda row: row["id"])
            claimed = [row["id"] for row in rows]
            if rows:
                _push(qs, rows)  # a RedisError rolls the claim back
    except RedisError as exc:
        with conn.transaction():  # Redis is down: they wait for the next pass, with the reason
            conn.execute(query("outbox_mark_failed"), {"ids": claimed, "error": str(exc)[:500]})
        return 0
    return len(claimed)


def _push(qs: list[Queue], rows: list[dict]) -> None:
    """All claimed jobs to Redis in one pipeline (one round trip). Jobs already in Redis are
    skipped: when Redis stops after taking a pipeline but before answering, the claim rolls back
    and the next pass would push the same jobs again (seen in the Redis restart fault test)."""
    from rq.job import Job

    from workers import jobs
    from workers.run import VISION_JOBS

    main, vision = qs
    check = main.connection.pipeline()
    for row in rows:
        check.exists(Job.key_for(f"outbox-{row['id']}"))
    rows = [row for row, present in zip(rows, check.execute(), strict=True) if not present]
    pipe = main.connection.pipeline()
    now = datetime.now(UTC)
    ready: dict[str, list[Any]] = {main.name: [], vision.name: []}
    for row in rows:
        q = vision if row["job"] in VISION_JOBS else main
        timeout, retry = jobs.POLICY[row["job"]]
        fn = getattr(jobs, row["job"])
        job_id = f"outbox-{row['id']}"
        if row["run_after"] > now:
            later = q.create_job(fn, args=row["args"], timeout=timeout, job_id=job_id, retry=retry,
                                 status=JobStatus.SCHEDULED)
            # RQ keeps schedules in whole seconds, rounding down: round up, so that no job
            # (an offer's expiry, say) ever runs before the time its row asks for.
            q.schedule_job(later, _next_second(row["run_after"]), pipeline=pipe)
        else:
            ready[q.name].append(Queue.prepare_data(fn, row["args"], timeout=timeout, job_id=job_id, retry=retry))
    for q in qs:
        if ready[q.name]:
            q.enqueue_many(ready[q.name], pipeline=pipe)
    pipe.execute()


def _next_second(when: datetime) -> datetime:
    whole = when.replace(microsecond=0)
    return whole if whole == when else whole + timedelta(seconds=1)


def relay_all(settings: Settings, conn: Conn | None = None) -> int:
    """Passes until nothing is pending; returns how many were pushed."""
    total = 0
    while True:
        n = relay(settings, conn=conn)
        total += n
        if n < LIMIT:
            return total


def relay_forever(settings: Settings, stop: threading.Event, *, every_s: float = 2.0,
                  gather_s: float = 0.02) -> None:
    """Push jobs as their transactions commit, until `stop` is set; survives Redis and
    PostgreSQL outages (it reconnects and the rows wait). Waiting `gather_s` after a wake-up
    lets the commits of busy moments share one pass."""
    listen: Conn | None = None
    work: Conn | None = None
    while not stop.is_set():
        try:
            if listen is None or work is None:
                listen = psycopg.connect(settings.database_url, autocommit=True)
                listen.execute("LISTEN sigap_outbox")
                work = connect(settings)
            relay_all(settings, conn=work)
            for _ in listen.notifies(timeout=every_s, stop_after=1):
                pass  # woken by a commit, or the poll interval passed
            stop.wait(gather_s)
            for _ in listen.notifies(timeout=0):
                pass  # the pass below covers every commit notified so far
        except Exception as exc:
            log.warning("outbox relay pass failed: %s", exc)
            _close(listen, work)
            listen = work = None
            stop.wait(every_s)
    _close(listen, work)


def _close(*conns: Conn | None) -> None:
    for c in conns:
        if c is not None:
            c.close()


def start_relay_thread(settings: Settings) -> threading.Event:
    """The relay as a daemon thread of this process; set the returned event to stop it."""
    stop = threading.Event()
    threading.Thread(target=relay_forever, args=(settings, stop), name="sigap-outbox-relay", daemon=True).start()
    return stop
