"""Reads scaled out to a real streaming replica (pg_basebackup in the test run): public lists,
OGC items and exports come from it, signed-in callers read their own writes on the primary, and
a tile is never cached from a replica that has not replayed the change that invalidated it."""
from __future__ import annotations

import dataclasses
import json
import time
from pathlib import Path

import psycopg
import pytest
from prometheus_client import REGISTRY
from psycopg.conninfo import conninfo_to_dict

from geo.settings import Settings
from sigap_local.services import PostgresCluster, free_port
from tests.helpers import LLBK, auth, east_of, make_user, submit
from tests.test_tiles import decode
from tiles.tilemath import tile_of


@pytest.fixture
def standby(clean: Settings, tmp_path: Path):
    info = conninfo_to_dict(clean.database_url)
    primary = PostgresCluster(tmp_path / "primary-unused", int(info["port"]), info["user"], info["dbname"])
    replica = primary.make_replica(tmp_path / "replica" / "pg", free_port())
    yield replica
    replica.stop("immediate")


@pytest.fixture
def replica_client(clean: Settings, standby: PostgresCluster):
    from api import create_app

    app = create_app(dataclasses.replace(clean, database_read_url=standby.url))
    app.config["TESTING"] = True
    yield app.test_client()
    for name in ("sigap.pool", "sigap.tile_pool", "sigap.primary_tile_pool", "sigap.read_pool"):
        app.extensions[name].close()


def caught_up(conn: psycopg.Connection, standby: PostgresCluster, timeout_s: float = 20) -> None:
    target = conn.execute("SELECT pg_current_wal_insert_lsn() AS l").fetchone()["l"]
    conn.commit()
    with psycopg.connect(standby.url, autocommit=True) as r:
        deadline = time.monotonic() + timeout_s
        while not r.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (target,)).fetchone()[0]:
            assert time.monotonic() < deadline, "the replica does not catch up"
            time.sleep(0.05)


def renders(source: str) -> float:
    return REGISTRY.get_sample_value("sigap_tile_renders_total", {"source": source}) or 0.0


def tile_ids(client, point: tuple[float, float]) -> tuple[set[int], str]:
    x, y = tile_of(*point, 14)
    resp = client.get(f"/tiles/reports/14/{x}/{y}.mvt")
    assert resp.status_code == 200
    layer = decode(resp.data).get("reports", {"features": []})
    return {f["id"] for f in layer["features"]}, resp.headers["X-Tile-Cache"]


def test_public_reads_come_from_the_replica_and_tiles_are_never_cached_stale(
        replica_client, standby, conn) -> None:
    client = replica_client
    _, token = make_user(conn, "warga")
    here, there = LLBK, east_of(LLBK, 400)
    first = submit(client, token, point=here).get_json()["id"]
    caught_up(conn, standby)
    before = renders("replica")
    assert first in tile_ids(client, here)[0]
    assert renders("replica") == before + 1, "a replica that has replayed the change renders the tile"

    with psycopg.connect(standby.url, autocommit=True) as r:
        r.execute("SELECT pg_wal_replay_pause()")
    try:
        second = submit(client, token, point=there).get_json()["id"]
        # The replica is behind, so what anonymous readers get shows where reads go:
        public = {f["id"] for f in client.get("/api/v1/reports").get_json()["features"]}
        assert first in public and second not in public
        ogc = {f["id"] for f in client.get("/ogc/collections/reports/items?limit=100").get_json()["features"]}
        assert str(second) not in {str(i) for i in ogc} and str(first) in {str(i) for i in ogc}
        export = client.get("/api/v1/exports/reports.geojson")
        exported = {f["id"] for f in json.loads(export.get_data(as_text=True))["features"]}
        assert export.status_code == 200 and first in exported and second not in exported
        # ... while the reporter reads their own write on the primary.
        mine = client.get("/api/v1/reports?mine=1", headers=auth(token)).get_json()["features"]
        assert second in {f["id"] for f in mine}
        # The tile the new report invalidated: the replica has not replayed that far, so the
        # primary renders it, and what is cached has the report.
        before = renders("primary")
        ids, cache = tile_ids(client, there)
        assert second in ids and cache == "miss" and renders("primary") == before + 1
        # A tile the change did not touch stays the replica's to render: the mark is per tile,
        # so one city's (or district's) steady writes never push other tiles onto the primary.
        before = renders("replica"), renders("primary")
        far_ids, cache = tile_ids(client, east_of(LLBK, 5000))
        assert cache == "miss" and second not in far_ids
        assert (renders("replica"), renders("primary")) == (before[0] + 1, before[1])
    finally:
        with psycopg.connect(standby.url, autocommit=True) as r:
            r.execute("SELECT pg_wal_replay_resume()")
    caught_up(conn, standby)
    ids, cache = tile_ids(client, there)
    assert second in ids and cache == "hit"
    assert second in {f["id"] for f in client.get("/api/v1/reports").get_json()["features"]}


def test_a_replica_that_is_down_costs_nothing_but_its_reads(replica_client, standby, conn) -> None:
    """The replica stops: anonymous lists and tiles are served by the primary at once (no wait
    on the replica's pool after the first failure), and the primary is not marked down."""
    client = replica_client
    _, token = make_user(conn, "warga")
    first = submit(client, token).get_json()["id"]
    standby.stop("immediate")
    t0 = time.monotonic()
    listed = client.get("/api/v1/reports")
    assert listed.status_code == 200 and first in {f["id"] for f in listed.get_json()["features"]}
    assert time.monotonic() - t0 < 5
    before = renders("primary")
    t0 = time.monotonic()
    ids, _ = tile_ids(client, east_of(LLBK, 2000))
    assert renders("primary") == before + 1 and time.monotonic() - t0 < 2, "straight to the primary"
    assert client.get("/api/v1/exports/reports.csv").status_code == 200
    assert submit(client, token, point=east_of(LLBK, 500)).status_code == 201  # writes unaffected
