"""Redis restarts in the middle of submissions: every report is accepted, and every accepted
report gets its jobs (dispatch and photo publishing) once Redis is back."""
from __future__ import annotations

import dataclasses

from redis import Redis

from api import create_app
from geo.settings import Settings
from sigap_local.services import RedisServer, free_port
from tests.helpers import LLBK, east_of, make_user, submit
from workers.relay import relay


def test_submissions_across_a_redis_restart_lose_no_job(clean: Settings, conn, tmp_path) -> None:  # type: ignore[no-untyped-def]
    rd = RedisServer(tmp_path / "redis", port=free_port())
    rd.start(persist=True)  # append-only file, as deployed (docker-compose.yml, sigap dev)
    settings = dataclasses.replace(clean, redis_url=rd.url)
    app = create_app(settings)
    client = app.test_client()
    try:
        _, token = make_user(conn, "warga")
        ids = [submit(client, token, point=east_of(LLBK, 300 * i)).get_json()["id"] for i in range(3)]
        rd.stop()  # Redis goes down mid-stream
        for i in range(3, 6):
            r = submit(client, token, point=east_of(LLBK, 300 * i))
            assert r.status_code == 201  # citizens are not turned away
            ids.append(r.get_json()["id"])
        rd.start(persist=True)  # back, with what it had accepted
        for i in range(6, 8):
            ids.append(submit(client, token, point=east_of(LLBK, 300 * i)).get_json()["id"])
        waiting = conn.execute("SELECT count(*) AS n FROM job_outbox WHERE enqueued_at IS NULL").fetchone()["n"]
        assert waiting == 6  # the 3 reports made while Redis was down: dispatch + photo each
        assert relay(settings, Redis.from_url(rd.url)) == 6  # what the worker's relay loop does
        queued = {j.decode() for j in Redis.from_url(rd.url).lrange("rq:queue:sigap", 0, -1)}
        rows = conn.execute("SELECT id, (args->>0)::bigint AS report_id FROM job_outbox"
                            " WHERE job = 'dispatch_report'").fetchall()
        assert sorted(r["report_id"] for r in rows) == sorted(ids)
        assert all(f"outbox-{r['id']}" in queued for r in rows)  # all 8, before, during and after
    finally:
        app.extensions["sigap.pool"].close()
        app.extensions["sigap.tile_pool"].close()
        rd.stop()
