"""Redis restarts in the middle of submissions: every report is accepted, and every accepted
report gets its jobs (dispatch and photo publishing), once each, from the relay that keeps
running through the outage."""
from __future__ import annotations

import dataclasses
import threading
import time

from redis import Redis

from api import create_app
from geo.outbox import pending_count
from geo.settings import Settings
from sigap_local.services import RedisServer, free_port
from tests.helpers import LLBK, east_of, make_user, submit, wait_for_outbox
from workers.relay import relay_forever


def test_submissions_across_a_redis_restart_lose_no_job(clean: Settings, conn, tmp_path) -> None:
    rd = RedisServer(tmp_path / "redis", port=free_port())
    rd.start(persist=True)  # append-only file, as deployed (docker-compose.yml, sigap dev)
    settings = dataclasses.replace(clean, redis_url=rd.url)
    app = create_app(settings)
    client = app.test_client()
    stop = threading.Event()
    relay = threading.Thread(target=relay_forever, args=(settings, stop), kwargs={"every_s": 1.0}, daemon=True)
    relay.start()
    try:
        _, token = make_user(conn, "warga")
        ids = [submit(client, token, point=east_of(LLBK, 300 * i)).get_json()["id"] for i in range(3)]
        rd.stop()  # Redis goes down mid-stream
        for i in range(3, 6):
            r = submit(client, token, point=east_of(LLBK, 300 * i))
            assert r.status_code == 201  # citizens are not turned away
            ids.append(r.get_json()["id"])
        time.sleep(1.5)  # the relay tries, fails, and keeps the jobs
        conn.rollback()  # a fresh snapshot
        assert pending_count(conn) >= 6  # the 3 reports made while Redis was down: dispatch + photo each
        rd.start(persist=True)  # back, with what it had accepted
        for i in range(6, 8):
            ids.append(submit(client, token, point=east_of(LLBK, 300 * i)).get_json()["id"])
        wait_for_outbox(conn, 15)
        assert pending_count(conn) == 0
        queued = [j.decode() for name in ("rq:queue:sigap", "rq:queue:sigap-vision")
                  for j in Redis.from_url(rd.url).lrange(name, 0, -1)]
        rows = conn.execute("SELECT id, job, (args->>0)::bigint AS arg FROM job_outbox").fetchall()
        assert sorted(r["arg"] for r in rows if r["job"] == "dispatch_report") == sorted(ids)
        assert sorted(queued) == sorted(f"outbox-{r['id']}" for r in rows)  # all 16 jobs, each once
        assert len(rows) == 16
    finally:
        stop.set()
        relay.join(10)
        app.extensions["sigap.pool"].close()
        app.extensions["sigap.tile_pool"].close()
        rd.stop()
