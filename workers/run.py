"""Run an RQ worker bound to SIGAP's queue and settings."""
from __future__ import annotations

from redis import Redis
from rq import Queue, Worker

from geo.settings import Settings


def queue(settings: Settings, connection: Redis | None = None) -> Queue:
    from workers.relay import redis_client

    return Queue(settings.queue_name, connection=connection or redis_client(settings.redis_url))


def run_worker(settings: Settings, *, burst: bool = False) -> bool:
    from workers.jobs import schedule_camera_sweep, schedule_sla_sweep
    from workers.relay import start_relay_thread

    conn = Redis.from_url(settings.redis_url)
    schedule_sla_sweep(settings, conn)
    schedule_camera_sweep(settings, conn)
    if not burst:
        start_relay_thread(settings)
    w = Worker([queue(settings, conn)], connection=conn)
    return bool(w.work(burst=burst, with_scheduler=True))
