"""The outbox relay: moves committed job rows from PostgreSQL into RQ.

Runs inside every `sigap worker` (a thread polling every few seconds) and right after a
request commits (best effort, for low latency). Each job gets the id "outbox-<row id>";
jobs are idempotent, so the rare double push after a crash between enqueue and mark is
harmless.
"""
from __future__ import annotations

import logging
import threading
from datetime import datetime, timezone

import psycopg
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue
from rq.job import JobStatus

from geo.db import connect, query
from geo.settings import Settings

log = logging.getLogger("sigap.relay")


_clients: dict[str, Redis] = {}


def redis_client(url: str) -> Redis:
    """One client (and connection pool) per URL and process: redis-py clients are thread-safe."""
    if url not in _clients:
        _clients[url] = Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
    return _clients[url]


def relay(settings: Settings, redis: Redis | None = None, *, ids: list[int] | None = None,
          limit: int = 500, conn: psycopg.Connection | None = None) -> int:
    """Push pending outbox rows (all, or just `ids`) to RQ; returns how many were pushed.
    With `conn` (e.g. from the API's pool) no new database connection is opened."""
    if conn is None:
        with connect(settings) as own:
            return relay(settings, redis, ids=ids, limit=limit, conn=own)
    from workers.run import queue

    q = queue(settings, redis or redis_client(settings.redis_url))
    claimed: list[int] = []
    try:
        with conn.transaction():
            rows = sorted(conn.execute(query("outbox_claim"), {"ids": ids, "limit": limit}).fetchall(),
                          key=lambda row: row["id"])
            claimed = [row["id"] for row in rows]
            if rows:
                _push(q, rows)  # a RedisError rolls the claim back
    except RedisError as exc:
        with conn.transaction():  # Redis is down: they wait for the next pass, with the reason
            conn.execute(query("outbox_mark_failed"), {"ids": claimed, "error": str(exc)[:500]})
        return 0
    return len(claimed)


def _push(q: Queue, rows: list[dict]) -> None:  # type: ignore[type-arg]
    """All claimed jobs to Redis in one pipeline (one round trip)."""
    from workers import jobs

    pipe = q.connection.pipeline()
    now = datetime.now(timezone.utc)
    ready = []
    for row in rows:
        timeout, retry = jobs.POLICY[row["job"]]
        fn = getattr(jobs, row["job"])
        job_id = f"outbox-{row['id']}"
        if row["run_after"] > now:
            later = q.create_job(fn, args=row["args"], timeout=timeout, job_id=job_id, retry=retry,
                                 status=JobStatus.SCHEDULED)
            q.schedule_job(later, row["run_after"], pipeline=pipe)
        else:
            ready.append(Queue.prepare_data(fn, row["args"], timeout=timeout, job_id=job_id, retry=retry))
    if ready:
        q.enqueue_many(ready, pipeline=pipe)
    pipe.execute()


def push_now(settings: Settings, ids: list[int], conn: psycopg.Connection | None = None) -> None:
    """After a commit: try to hand the new jobs to Redis at once; the relay loop retries."""
    if not ids:
        return
    try:
        relay(settings, ids=ids, conn=conn)
    except Exception as exc:  # noqa: BLE001 — the change is committed; the relay loop retries
        log.warning("%d job(s) wait in the outbox: %s", len(ids), exc)


def start_relay_thread(settings: Settings, every_s: float = 2.0) -> threading.Thread:
    """Keep draining the outbox while the worker lives (survives Redis and PostgreSQL outages)."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(every_s):
            try:
                while relay(settings) >= 500:
                    pass
            except Exception as exc:  # noqa: BLE001 — an outage must not kill the relay
                log.warning("outbox relay pass failed: %s", exc)

    t = threading.Thread(target=loop, name="sigap-outbox-relay", daemon=True)
    t.start()
    return t
