"""PostgreSQL goes away under a running API: clear 503s while it is down, service again when
it is back, without restarting the API, and nothing accepted is lost."""
from __future__ import annotations

import dataclasses
import time

import psycopg
from psycopg.rows import dict_row

from api import create_app
from geo.migrations import upgrade
from geo.reference import load_reference
from geo.settings import Settings
from sigap_local.services import PostgresCluster, free_port
from tests.helpers import LLBK, east_of, make_user, submit


def test_api_answers_503_while_postgres_is_down_and_recovers(tmp_path, base_settings: Settings) -> None:
    pg = PostgresCluster(tmp_path / "pg", port=free_port(), dbname="sigap_fault")
    pg.start()  # durable, as in production: the test suite's fast mode would lose commits in a crash
    try:
        with psycopg.connect(pg.url, row_factory=dict_row) as conn:
            upgrade(conn)
            load_reference(conn, base_settings.reference_dir)
            conn.commit()
            _, token = make_user(conn, "warga")
        settings = dataclasses.replace(base_settings, database_url=pg.url, pool_timeout_s=2.0, pool_max=4)
        app = create_app(settings)
        client = app.test_client()
        before = submit(client, token)
        assert before.status_code == 201
        tile = "/tiles/reports/14/13576/8650.mvt"
        assert client.get(tile).status_code == 200  # the tile pool now holds a connection

        pg.stop("immediate")  # a crash, not a polite shutdown
        slowest = 0.0
        for url in ("/api/v1/categories", "/api/v1/reports", "/api/v1/reports", "/api/v1/stats") * 3:
            t0 = time.monotonic()
            down = client.get(url)
            slowest = max(slowest, time.monotonic() - t0)
            assert down.status_code == 503, url
            assert int(down.headers["Retry-After"]) > 0
            body = down.get_json()
            assert body["code"] == "database_unavailable" and "Basis data" in body["message"] and body["message_en"]
        refused = submit(client, token, point=east_of(LLBK, 300))
        assert refused.status_code == 503  # the client is told to retry; nothing half-stored
        t0 = time.monotonic()
        assert client.get("/api/v1/categories").status_code == 503
        assert time.monotonic() - t0 < 1.5  # once an outage is known, callers hear it at once
        assert slowest < settings.pool_timeout_s + 1  # never longer than the configured wait

        time.sleep(6)  # long enough for the pool's reconnection backoff to grow
        pg.start()
        # The first request after the database is back is served (same app, no restart).
        assert client.get("/api/v1/categories").status_code == 200
        # Tile connections are not checked when taken (one round trip less per tile): the dead
        # one from before the crash is dropped and the tile served on a fresh one, first time
        # (another tile than before: that one is in the Redis cache).
        assert client.get("/tiles/reports/14/13577/8650.mvt").status_code == 200
        after = submit(client, token, point=east_of(LLBK, 300))
        assert after.status_code == 201
        with psycopg.connect(pg.url) as conn:
            ids = [r[0] for r in conn.execute("SELECT id FROM reports ORDER BY id")]
        assert ids == [before.get_json()["id"], after.get_json()["id"]]  # the accepted one survived the crash
        app.extensions["sigap.pool"].close()
        app.extensions["sigap.tile_pool"].close()
    finally:
        pg.stop("immediate")
