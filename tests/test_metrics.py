"""Operators' view: GET /metrics (Prometheus text) moves when its cause happens, is closed
without the token, and every request gets an id that its JSON log line and its job rows carry."""
from __future__ import annotations

import dataclasses
import json
import logging

import pytest
from prometheus_client.parser import text_string_to_metric_families
from redis import Redis

from api import create_app
from geo.settings import Settings
from tests.helpers import LLBK, make_user, submit
from tiles.tilemath import tile_of
from workers.jobs import POLICY, publish_photo
from workers.relay import relay_all
from workers.run import queue

TOKEN = "metrik-rahasia-kupang"


@pytest.fixture
def ops_client(clean: Settings):
    app = create_app(dataclasses.replace(clean, metrics_token=TOKEN))
    yield app.test_client()
    app.extensions["sigap.pool"].close()
    app.extensions["sigap.tile_pool"].close()


def scrape(client) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    r = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200 and r.mimetype == "text/plain"
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for fam in text_string_to_metric_families(r.get_data(as_text=True)) for s in fam.samples}


def value(m: dict, name: str, **labels: str) -> float:
    return m.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_need_the_token_and_are_absent_without_one(client, ops_client) -> None:
    assert client.get("/metrics").status_code == 404  # no token configured: not served at all
    assert ops_client.get("/metrics").status_code == 401
    assert ops_client.get("/metrics", headers={"Authorization": "Bearer salah"}).status_code == 401


def test_each_metric_moves_with_its_cause(ops_client, conn, env: Settings, run_jobs) -> None:
    before = scrape(ops_client)
    # Requests: count and latency per endpoint.
    for _ in range(3):
        assert ops_client.get("/healthz").status_code == 200
    # A report: one more "submitted", two job rows waiting in the outbox (dispatch, photo).
    token = make_user(conn, "warga-metrik")[1]
    assert submit(ops_client, token).status_code == 201
    # Tiles: the first render misses the Redis cache, the second hits it.
    x, y = tile_of(*LLBK, 12)
    ops_client.get(f"/tiles/reports/12/{x}/{y}.mvt")
    ops_client.get(f"/tiles/reports/12/{x}/{y}.mvt")
    mid = scrape(ops_client)
    assert value(mid, "sigap_http_requests_total", method="GET", endpoint="health.healthz", status="200") - \
        value(before, "sigap_http_requests_total", method="GET", endpoint="health.healthz", status="200") == 3
    assert value(mid, "sigap_http_request_duration_seconds_count", method="GET", endpoint="health.healthz") - \
        value(before, "sigap_http_request_duration_seconds_count", method="GET", endpoint="health.healthz") == 3
    assert value(mid, "sigap_reports", city="kupang", status="submitted") == value(
        before, "sigap_reports", city="kupang", status="submitted") + 1  # per city: one city's backlog stands out
    assert value(mid, "sigap_outbox_pending_jobs") == 2 and value(mid, "sigap_outbox_lag_seconds") > 0
    assert value(mid, "sigap_tile_cache_total", result="miss") - value(before, "sigap_tile_cache_total", result="miss") == 1
    assert value(mid, "sigap_tile_cache_total", result="hit") - value(before, "sigap_tile_cache_total", result="hit") == 1
    # The relay hands the jobs to Redis: the outbox empties and the queue fills.
    relay_all(env)
    handed = scrape(ops_client)
    assert value(handed, "sigap_outbox_pending_jobs") == 0 and value(handed, "sigap_outbox_lag_seconds") == 0
    assert value(handed, "sigap_queue_jobs", queue=env.queue_name, state="queued") == 1  # dispatch
    assert value(handed, "sigap_queue_jobs", queue=f"{env.queue_name}-vision", state="queued") == 1  # the photo
    # A job that fails for good shows up as a failed job.
    run_jobs()
    conn.rollback()
    photo = conn.execute("SELECT id, media_key FROM photos").fetchone()
    for f in (env.media_dir / "photos" / photo["media_key"]).glob("original.*"):
        f.unlink()  # its original is gone: publishing it again fails for good
    queue(env, Redis.from_url(env.redis_url), vision=True).enqueue(
        publish_photo, photo["id"], job_timeout=POLICY["publish_photo"][0])
    run_jobs()
    after = scrape(ops_client)
    assert value(after, "sigap_failed_jobs") == 1
    assert value(after, "sigap_queue_jobs", queue=env.queue_name, state="queued") == 0


def test_a_request_id_follows_the_request_into_its_log_line_and_job_rows(ops_client, conn, caplog) -> None:
    token = make_user(conn, "warga-rid")[1]
    with caplog.at_level(logging.INFO, logger="sigap.access"):
        r = submit(ops_client, token)
    rid = r.headers["X-Request-Id"]
    assert len(rid) == 32
    lines = [json.loads(rec.getMessage()) for rec in caplog.records if rec.name == "sigap.access"]
    line = next(x for x in lines if x["request_id"] == rid)
    assert line["method"] == "POST" and line["path"] == "/api/v1/reports" and line["status"] == 201
    rows = conn.execute("SELECT job, request_id FROM job_outbox ORDER BY id").fetchall()
    assert rows and all(row["request_id"] == rid for row in rows)
    # A proxy's id is kept; a hostile one is replaced.
    assert ops_client.get("/healthz", headers={"X-Request-Id": "caddy-abc12345"}).headers["X-Request-Id"] == "caddy-abc12345"
    assert ops_client.get("/healthz", headers={"X-Request-Id": "x\" onload=1"}).headers["X-Request-Id"] != "x\" onload=1"


def test_a_server_error_s_traceback_names_its_request_id(app, caplog) -> None:
    """A 500's traceback stood apart from its JSON access line: nothing tied the error an
    operator was told about (its X-Request-Id) to the traceback that explains it."""
    def broken() -> str:
        raise RuntimeError("a bug")

    app.add_url_rule("/boom", view_func=broken)
    with caplog.at_level(logging.ERROR, logger="sigap.api"):
        r = app.test_client().get("/boom", headers={"X-Request-Id": "caddy-boom1234"})
    assert (r.status_code, r.get_json()["code"]) == (500, "internal_error")
    err = next(rec for rec in caplog.records if rec.name == "sigap.api" and rec.exc_info)
    assert err.getMessage() == "unhandled error: GET /boom request_id=caddy-boom1234"
