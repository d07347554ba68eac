"""Public traffic status from CCTV, as a resident checks a road before leaving: per camera,
vehicles per frame over 5/15/60 minutes and lancar / padat / macet from its road zone; in the
API, a public tile layer and the "Lalu lintas" panel. People seen on camera never appear."""
from __future__ import annotations

import json

import mapbox_vector_tile
import psycopg
from redis import Redis

from geo.settings import Settings
from tests.helpers import LLBK, auth, make_user
from tests.test_vision import _ground_truth
from tiles.tilemath import tile_of


def camera_with_lane(client, op: str, env: Settings, name: str) -> dict:
    """A calibrated camera on bus.jpg (a bus and four people) with a road zone around the bus's wheels."""
    ground = _ground_truth()
    corners = [(0.0, 1080.0), (810.0, 1080.0), (810.0, 200.0), (0.0, 200.0)]
    cam = client.post("/api/v1/cameras", headers=auth(op), json={
        "name": name, "lng": LLBK[0], "lat": LLBK[1], "source": str(env.camera_files_dir / "bus.jpg"),
        "control_points": [{"px": list(p), "lnglat": list(ground(*p))} for p in corners]}).get_json()
    lane = [(250.0, 1000.0), (600.0, 1000.0), (600.0, 700.0), (250.0, 700.0)]
    ring = [list(ground(*p)) for p in lane] + [list(ground(*lane[0]))]
    assert client.post(f"/api/v1/cameras/{cam['id']}/zones", headers=auth(op), json={
        "name": "lajur", "kind": "road", "geometry": {"type": "Polygon", "coordinates": [ring]}}).status_code == 201
    return cam


def expected_level(mean: float, capacity: float) -> str:
    occupancy = mean / capacity
    return "lancar" if occupancy < 0.35 else "padat" if occupancy < 0.7 else "macet"


def test_traffic_status_counts_vehicles_in_the_road_zone_and_never_people(client, conn, env: Settings,
                                                                          run_jobs) -> None:
    from workers.jobs import camera_sweep

    _, op = make_user(conn, "op-lalin", "operator")
    cam = camera_with_lane(client, op, env, "Jl. El Tari")
    assert client.get("/api/v1/traffic").get_json()["cameras"][0]["level"] is None  # no frame yet
    redis = Redis.from_url(env.redis_url)
    for _ in range(2):  # two sweeps (the second as if the next interval had come)
        camera_sweep()
        run_jobs()
        redis.delete(*redis.keys("rq:job:camera-*"))
    body = client.get("/api/v1/traffic").get_json()
    assert set(body["levels"]) == {"lancar", "padat", "macet"} and body["windows_min"] == [5, 15, 60]
    status = body["cameras"][0]
    assert status["name"] == "Jl. El Tari" and status["status"] == "online"
    five = status["windows"]["5"]
    assert five["frames"] == 2 and five["vehicles_mean"] == 1.0 and five["vehicles_max"] == 1  # the bus, not the people
    assert status["level"] == expected_level(1.0, status["road_capacity"]) and status["level_en"]
    assert status == client.get(f"/api/v1/traffic/{cam['id']}").get_json()
    text = json.dumps(body).lower()
    assert "person" not in text and "orang" not in text and "bbox" not in text and "source" not in text
    # The same on the public tile layer.
    z = 16
    x, y = tile_of(LLBK[0], LLBK[1], z)
    r = client.get(f"/tiles/traffic/{z}/{x}/{y}.mvt")
    assert r.status_code == 200
    feats = mapbox_vector_tile.decode(r.data)["traffic"]["features"]
    assert [f["properties"]["level"] for f in feats] == [status["level"]]
    assert feats[0]["properties"]["vehicles_15m"] == 1.0 and feats[0]["properties"]["frames_15m"] == 2
    assert not any("person" in k for k in feats[0]["properties"])


def test_congestion_levels_follow_the_road_zones_capacity(conn: psycopg.Connection) -> None:
    level = lambda mean, cap: conn.execute("SELECT sigap_traffic_level(%s, %s) AS l", (mean, cap)).fetchone()["l"]  # noqa: E731
    assert [level(m, 10) for m in (0, 3.4, 3.5, 6.9, 7, 12)] == ["lancar", "lancar", "padat", "padat", "macet", "macet"]
    assert level(None, 10) is None and level(3, None) is None and level(3, 0) is None
