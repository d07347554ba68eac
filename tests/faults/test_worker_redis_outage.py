"""Redis goes away for 15 s under a running `sigap worker`, and comes back: with nobody
restarting anything, the worker and its outbox relay resume by themselves, every photo is
published and every job done, nothing failed and nothing left in the outbox."""
from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import time

from redis import Redis
from rq import Queue
from rq.registry import FailedJobRegistry

from api import create_app
from geo.outbox import pending_count
from geo.settings import Settings
from sigap_local.services import RedisServer, free_port
from tests.helpers import LLBK, east_of, jpeg, make_user, submit
from tests.processes import stop


def test_worker_and_relay_ride_out_a_redis_outage(clean: Settings, conn, tmp_path) -> None:
    rd = RedisServer(tmp_path / "redis", port=free_port())
    rd.start(persist=True)
    settings = dataclasses.replace(clean, redis_url=rd.url)
    app = create_app(settings)
    client = app.test_client()
    log = (tmp_path / "worker.log").open("wb")
    environ = {**os.environ, "DATABASE_URL": settings.database_url, "REDIS_URL": rd.url,
               "SIGAP_MEDIA_DIR": str(settings.media_dir), "SIGAP_WORKER_RECOVER_S": "8"}
    worker = subprocess.Popen([sys.executable, "-u", "-m", "api.cli", "worker"], env=environ,
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _, token = make_user(conn, "warga")
        ids = [submit(client, token, point=east_of(LLBK, 300 * i), photo=jpeg(size=(640, 480))).get_json()["id"]
               for i in range(3)]
        _until_done(conn, Redis.from_url(rd.url), 3)  # the worker is up and busy
        rd.stop()
        for i in range(3, 6):  # accepted while Redis is down
            r = submit(client, token, point=east_of(LLBK, 300 * i), photo=jpeg(size=(640, 480)))
            assert r.status_code == 201
            ids.append(r.get_json()["id"])
        time.sleep(15)
        assert worker.poll() is None, "the worker process died with Redis"
        rd.start(persist=True)
        for i in range(6, 8):
            ids.append(submit(client, token, point=east_of(LLBK, 300 * i), photo=jpeg(size=(640, 480))).get_json()["id"])
        redis = Redis.from_url(rd.url)
        deadline = time.monotonic() + 120
        state: tuple[int, int, int] = (-1, -1, -1)
        while time.monotonic() < deadline:
            conn.rollback()
            unpublished = conn.execute("SELECT count(*) AS n FROM photos WHERE published_at IS NULL").fetchone()["n"]
            state = (pending_count(conn), unpublished, Queue("sigap", connection=redis).count)
            if state == (0, 0, 0):
                break
            time.sleep(0.5)
        assert state == (0, 0, 0), f"(outbox pending, photos unpublished, queued) = {state}; see {log.name}"
        assert conn.execute("SELECT count(*) AS n FROM photos").fetchone()["n"] == len(ids) == 8
        assert FailedJobRegistry("sigap", connection=redis).count == 0
        assert worker.poll() is None
    finally:
        stop(worker, 30)
        app.extensions["sigap.pool"].close()
        app.extensions["sigap.tile_pool"].close()
        rd.stop()


def _until_done(conn, redis: Redis, photos: int, timeout_s: float = 90) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        conn.rollback()
        if conn.execute("SELECT count(*) AS n FROM photos WHERE published_at IS NOT NULL").fetchone()["n"] >= photos:
            return
        time.sleep(0.3)
    raise AssertionError("the worker never published the first photos")
