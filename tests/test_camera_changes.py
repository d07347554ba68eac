"""An operator corrects a camera, switches it off, and removes a zone or rule drawn wrong: before,
only SQL could (a CCTV walk) — a wrong calibration stayed, a dismantled camera stayed on the public
traffic panel as "Kamera mati" and was tried every hour for ever, and a rule with absurd parameters
kept filing reports."""
from __future__ import annotations

from typing import Any

from tests.helpers import LLBK, auth, east_of, make_user
from tests.test_vision import _ground_truth
from workers.jobs import camera_sweep

PX = [(0.0, 1080.0), (810.0, 1080.0), (810.0, 200.0), (0.0, 200.0)]


def _camera(client: Any, op: str, name: str, point: tuple[float, float] = LLBK) -> dict[str, Any]:
    ground = _ground_truth(origin=point)
    r = client.post("/api/v1/cameras", headers=auth(op), json={
        "name": name, "lng": point[0], "lat": point[1], "source": "http://127.0.0.1:9/snapshot.jpg",
        "control_points": [{"px": list(p), "lnglat": list(ground(*p))} for p in PX]})
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def test_an_operator_corrects_a_camera_and_switches_it_off(client, conn, env) -> None:
    _, op = make_user(conn, "op", "operator")
    cam = _camera(client, op, "Simpang El Tari")
    _camera(client, op, "Terminal", east_of(LLBK, 300))
    url = f"/api/v1/cameras/{cam['id']}"

    def staff_view() -> dict[str, Any]:
        return next(c for c in client.get("/api/v1/cameras", headers=auth(op)).get_json()["cameras"] if c["id"] == cam["id"])

    said = client.patch(url, json={"heading": 90}, headers=auth(op))  # the field is heading_deg
    assert (said.status_code, said.get_json()["code"], said.get_json()["details"]["unknown"]) == (
        400, "invalid_camera_fields", ["heading"])
    assert client.patch(url, json={"heading_deg": 90}, headers=auth(op)).get_json()["heading_deg"] == 90
    taken = client.patch(url, json={"name": "Terminal"}, headers=auth(op))
    assert (taken.status_code, taken.get_json()["code"]) == (409, "camera_exists")
    ground = _ground_truth()
    at = [ground(*p) for p in PX]
    swapped = client.patch(url, json={"control_points": [{"px": list(p), "lnglat": list(g)}
                                                         for p, g in zip(PX, [at[0], at[1], at[3], at[2]])]}, headers=auth(op))
    assert (swapped.status_code, swapped.get_json()["code"]) == (422, "degenerate_calibration")
    assert staff_view()["calibrated"] and staff_view()["name"] == "Simpang El Tari"  # nothing half-changed
    assert client.patch(url, json={"control_points": []}, headers=auth(op)).get_json()["calibrated"] is False

    # Offline with an error, then given a new source: its health starts afresh.
    conn.execute("UPDATE cameras SET failures = 3, last_error = 'HTTP Error 404', last_error_at = now(),"
                 " next_try_at = now() + interval '1 hour' WHERE id = %s", (cam["id"],))
    conn.commit()
    assert (staff_view()["status"], staff_view()["last_error"]) == ("offline", "HTTP Error 404")
    conn.execute("UPDATE cameras SET last_seen_at = now() - interval '1 day' WHERE id = %s", (cam["id"],))
    conn.commit()
    fresh = client.patch(url, json={"source": "http://admin:rahasia@10.1.2.3/snap.cgi?pwd=rahasia2"},
                         headers=auth(op)).get_json()
    # not "online" on the old source's last frame (a review)
    assert (fresh["status"], fresh["failures"], fresh["last_error"], fresh["next_try_at"]) == ("unknown", 0, None, None)
    assert fresh["source"] == "http://10.1.2.3/snap.cgi?…"  # neither login is ever shown
    # sent back as shown (a form that sends every field): the login it does not show is kept
    kept = client.patch(url, json={"source": fresh["source"], "heading_deg": 180}, headers=auth(op))
    assert kept.status_code == 200, kept.get_json()
    assert conn.execute("SELECT source FROM cameras WHERE id = %s", (cam["id"],)).fetchone()["source"] == \
        "http://admin:rahasia@10.1.2.3/snap.cgi?pwd=rahasia2"
    # back online after a failure: the old error is no longer shown as if it were now
    conn.execute("UPDATE cameras SET last_error = 'timed out', last_error_at = now() - interval '1 hour',"
                 " last_seen_at = now() WHERE id = %s", (cam["id"],))
    conn.commit()
    assert (staff_view()["status"], staff_view()["last_error"]) == ("online", None) and staff_view()["last_error_at"]

    # Switched off: off the public traffic panel and out of the sweep; on again, back.
    assert client.patch(url, json={"active": "no"}, headers=auth(op)).get_json()["code"] == "invalid_active"
    assert camera_sweep() == 2
    off = client.patch(url, json={"active": False}, headers=auth(op)).get_json()
    assert off["status"] == "inactive" and off["active"] is False
    assert cam["id"] not in [c["id"] for c in client.get("/api/v1/traffic").get_json()["cameras"]]
    assert camera_sweep() == 1
    assert client.patch(url, json={"active": True}, headers=auth(op)).get_json()["status"] == "unknown"  # tried afresh
    assert camera_sweep() == 2
    # Only the operators and admins of its city.
    _, citizen = make_user(conn, "warga")
    assert client.patch(url, json={"active": False}, headers=auth(citizen)).status_code == 403


def test_a_zone_or_rule_drawn_wrong_is_removed(client, conn) -> None:
    _, op = make_user(conn, "op", "operator")
    cam = _camera(client, op, "Jl. Soekarno")
    ground = _ground_truth()
    ring = [list(ground(*p)) for p in PX] + [list(ground(*PX[0]))]
    zone = client.post(f"/api/v1/cameras/{cam['id']}/zones", headers=auth(op), json={
        "name": "jalur utama", "kind": "road", "geometry": {"type": "Polygon", "coordinates": [ring]}}).get_json()["id"]
    rule = client.post(f"/api/v1/cameras/{cam['id']}/rules", headers=auth(op), json={
        "zone_id": zone, "rule": "crowd", "category": "gepeng", "params": {"min_count": 1, "frames": 1}}).get_json()["id"]
    zones = client.get(f"/api/v1/cameras/{cam['id']}/zones", headers=auth(op)).get_json()["zones"]
    assert [(z["id"], z["kind"], [r["id"] for r in z["rules"]]) for z in zones] == [(zone, "road", [rule])]
    assert zones[0]["rules"][0]["params"] == {"min_count": 1, "frames": 1} and zones[0]["geometry"]["type"] == "Polygon"
    assert client.delete(f"/api/v1/cameras/{cam['id']}/rules/{rule}", headers=auth(op)).status_code == 204
    gone = client.delete(f"/api/v1/cameras/{cam['id']}/rules/{rule}", headers=auth(op))
    assert (gone.status_code, gone.get_json()["code"]) == (404, "rule_not_found")
    assert client.get(f"/api/v1/cameras/{cam['id']}/zones", headers=auth(op)).get_json()["zones"][0]["rules"] == []
    assert client.delete(f"/api/v1/cameras/{cam['id']}/zones/{zone}", headers=auth(op)).status_code == 204
    assert client.get(f"/api/v1/cameras/{cam['id']}/zones", headers=auth(op)).get_json()["zones"] == []
    other = _camera(client, op, "Lain", east_of(LLBK, 200))
    assert client.delete(f"/api/v1/cameras/{other['id']}/zones/{zone}", headers=auth(op)).get_json()["code"] == "zone_not_found"
