"""CCTV detections: where people were seen is for staff only, bounded, and not kept for ever."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import mapbox_vector_tile

from geo.settings import Settings
from tests.helpers import LLBK, auth, make_user
from tiles.tilemath import tile_of

Z = 16
X, Y = tile_of(*LLBK, Z)  # the tile over LLBK


def _camera(client, op: str, env: Settings) -> int:
    return int(client.post("/api/v1/cameras", headers=auth(op), json={
        "name": "Pasar Inpres", "lng": LLBK[0], "lat": LLBK[1],
        "source": str(env.camera_files_dir / "bus.jpg")}).get_json()["id"])


def _detections(conn, camera_id: int, when: datetime, n: int, cls: str = "person") -> None:
    conn.execute(
        "INSERT INTO detections (camera_id, city_id, class_name, confidence, bbox, frame_at, geom, georef,"
        " h3_r6, h3_r7, h3_r8, h3_r9, h3_r10, h3_r11)"
        " SELECT %s, 1, %s, 0.9, ARRAY[0,0,10,10]::real[], %s + i * interval '1 second',"
        " ST_SetSRID(ST_MakePoint(%s, %s), 4326), 'camera', 0, 0, 0, 0, 0, 0 FROM generate_series(1, %s) i",
        (camera_id, cls, when, LLBK[0], LLBK[1], n))
    conn.commit()


def test_detections_tiles_are_for_staff_only_and_bounded(client, conn, env: Settings) -> None:
    _, op = make_user(conn, "op", "operator")
    _, citizen = make_user(conn, "warga")
    cam = _camera(client, op, env)
    _detections(conn, cam, datetime.now(UTC) - timedelta(minutes=5), 3)
    url = f"/tiles/detections/{Z}/{X}/{Y}.mvt"
    assert client.get(url).status_code == 401
    assert client.get(url, headers=auth(citizen)).status_code == 403
    staff = client.get(url, headers=auth(op))
    assert staff.status_code == 200 and staff.headers["Cache-Control"] == "private, no-store"
    assert len(mapbox_vector_tile.decode(staff.data)["detections"]["features"]) == 3
    far = (datetime.now(UTC) - timedelta(days=8)).strftime("%Y-%m-%dT%H:%M:%SZ")
    r = client.get(f"{url}?since={far}", headers=auth(op))
    assert r.status_code == 400 and r.get_json()["code"] == "window_too_long"
    assert r.get_json()["message"] and r.get_json()["message_en"]


def test_old_detections_become_hourly_counts(client, conn, env: Settings) -> None:
    from workers.jobs import detection_retention

    _, op = make_user(conn, "op", "operator")
    cam = _camera(client, op, env)
    old_hour = (datetime.now(UTC) - timedelta(days=40)).replace(minute=0, second=0, microsecond=0)
    _detections(conn, cam, old_hour + timedelta(minutes=10), 5, "person")
    _detections(conn, cam, old_hour + timedelta(minutes=20), 7, "car")
    _detections(conn, cam, old_hour + timedelta(hours=1, minutes=1), 2, "car")
    _detections(conn, cam, datetime.now(UTC) - timedelta(days=2), 4, "car")  # within 30 days: kept raw

    assert detection_retention() == 14
    assert conn.execute("SELECT count(*) AS n FROM detections").fetchone()["n"] == 4
    hourly = {(r["hour"], r["class_name"]): r["n"] for r in conn.execute(
        "SELECT hour, class_name, n FROM detection_counts_hourly WHERE camera_id = %s", (cam,))}
    assert hourly == {(old_hour, "person"): 5, (old_hour, "car"): 7, (old_hour + timedelta(hours=1), "car"): 2}
    assert detection_retention() == 0  # nothing counted twice
    assert sum(hourly.values()) == conn.execute("SELECT sum(n) AS n FROM detection_counts_hourly").fetchone()["n"]
