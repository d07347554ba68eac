"""Authorization matrix: every endpoint × every role, including another agency's staff and
another citizen. Each call runs on fresh data, so only the role decides the answer.
A new endpoint must be added here (the last test fails otherwise)."""
from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest

from tests.helpers import LLBK, auth, east_of, jpeg, make_user, submit

# The city dimension: staff of another city (a second tenant without boundaries) are refused
# wherever this city's staff are allowed, except where any account is.
OTHER_CITY = {"other_city_operator", "other_city_admin"}
ROLES = ["anonymous", "citizen", "other_citizen", "responder", "other_responder", "operator",
         "agency_admin", "other_agency_admin", "admin", *sorted(OTHER_CITY)]
STAFF_DISPATCH = {"operator", "agency_admin", "admin"}
LOGGED_IN = set(ROLES) - {"anonymous"}


class World:
    """Users of every role (DLH is 'our' agency, DAMKAR the other) and fresh reports on demand."""

    def __init__(self, client: Any, conn: psycopg.Connection) -> None:
        from geo.accounts import add_staff_city

        self.client, self.conn = client, conn
        self.ids: dict[str, int] = {}
        self.tokens: dict[str, str] = {}
        for role, (r, agency) in {"citizen": ("citizen", None), "other_citizen": ("citizen", None),
                                  "responder": ("responder", "DLH"), "other_responder": ("responder", "DAMKAR"),
                                  "operator": ("operator", None), "agency_admin": ("agency_admin", "DLH"),
                                  "other_agency_admin": ("agency_admin", "DAMKAR"), "admin": ("admin", None)}.items():
            self.ids[role], self.tokens[role] = make_user(conn, role, r, agency)
        for role, r in (("other_city_operator", "operator"), ("other_city_admin", "admin")):
            self.ids[role], self.tokens[role] = make_user(conn, role, r, city_id=OTHER_CITY_ID)
        # "admin" is the platform's: an admin of every city (failed jobs are every city's).
        add_staff_city(conn, self.ids["admin"], OTHER_CITY_ID)
        conn.commit()
        self.n = 0

    def next(self) -> int:
        self.n += 1
        return self.n

    def fresh_token(self, role: str) -> str:
        """A second login of `role`'s account, to log out without spoiling the shared token."""
        from geo.accounts import login

        token, _ = login(self.conn, f"{role}@example.id", "rahasia-123")
        self.conn.commit()
        return token

    def offer(self) -> int:
        """A fresh report offered to 'responder' (DLH), on duty as dispatch finds them (off duty,
        an offer is not theirs to take: 409 off_duty)."""
        row = self.conn.execute("INSERT INTO assignments (report_id, city_id, responder_id, status, expires_at)"
                                " VALUES (%s, 1, %s, 'offered', now() + interval '5 minutes') RETURNING id",
                                (self.report(), self.ids["responder"])).fetchone()
        self.conn.execute("UPDATE responders SET status = 'available' WHERE user_id = %s", (self.ids["responder"],))
        self.conn.commit()
        return int(row["id"])

    def notification(self, role: str) -> int:
        """A notification addressed to `role` (to the operator for the anonymous caller)."""
        uid = self.ids.get(role, self.ids["operator"])
        row = self.conn.execute("INSERT INTO notifications (user_id, city_id, kind, message_id, message_en)"
                                " VALUES (%s, 1, 'x', 'a', 'b') RETURNING id", (uid,)).fetchone()
        self.conn.commit()
        return int(row["id"])

    def headers(self, role: str) -> dict[str, str]:
        return auth(self.tokens[role]) if role in self.tokens else {}

    def camera(self) -> int:
        """A camera with one road zone, made by an operator."""
        self.n += 1
        ring = [[LLBK[0], LLBK[1]], [LLBK[0] + 0.001, LLBK[1]], [LLBK[0] + 0.001, LLBK[1] + 0.001], [LLBK[0], LLBK[1]]]
        cam = _json(self, "operator", "POST", "/api/v1/cameras", {
            "name": f"kamera {self.n}", "lng": LLBK[0], "lat": LLBK[1],
            "source": "https://cctv.example.id/snap.jpg"}).get_json()["id"]
        self.zone = _json(self, "operator", "POST", f"/api/v1/cameras/{cam}/zones", {
            "name": "jalan", "kind": "road", "geometry": {"type": "Polygon", "coordinates": [ring]}}).get_json()["id"]
        self.last_camera = int(cam)
        return int(cam)

    def rule(self) -> int:
        """A congestion rule on the last camera's zone, made by an operator."""
        return int(_json(self, "operator", "POST", f"/api/v1/cameras/{self.last_camera}/rules", {
            "zone_id": self.zone, "rule": "congestion", "category": "kemacetan"}).get_json()["id"])

    def report(self, status: str = "submitted") -> int:
        """A DLH report by 'citizen', moved to `status` by the system."""
        self.n += 1
        rid = submit(self.client, self.tokens["citizen"], point=east_of(LLBK, 130 * self.n)).get_json()["id"]
        if status != "submitted":
            self.conn.execute("UPDATE reports SET status = %s, assignee_id = %s WHERE id = %s",
                              (status, self.ids["responder"] if status in ("assigned", "in_progress") else None, rid))
            self.conn.commit()
        return rid


# endpoint -> (call(world, role) -> response, roles allowed, success statuses)
Case = tuple[Callable[[World, str], Any], set[str], set[int]]


def _json(w: World, role: str, method: str, url: str, body: Any = None) -> Any:
    return w.client.open(url, method=method, json=body, headers=w.headers(role))


CASES: dict[str, Case] = {
    "GET /api/v1/me": (lambda w, r: _json(w, r, "GET", "/api/v1/me"), LOGGED_IN, {200}),
    "POST /api/v1/users": (lambda w, r: _json(w, r, "POST", "/api/v1/users", {
        "email": f"new{w.n}{r}@kupang.go.id", "password": "hujan-oebobo-1", "role": "responder", "agency": "DLH"}),
        {"admin", "agency_admin"}, {201}),
    "POST /api/v1/reports": (lambda w, r: submit(w.client, w.tokens[r], point=(123.60, -10.20)) if r in w.tokens
                             else w.client.post("/api/v1/reports"), LOGGED_IN, {201, 200}),
    "POST support": (lambda w, r: _json(w, r, "POST", f"/api/v1/reports/{w.report()}/support"),
                     LOGGED_IN - {"citizen"}, {200}),
    "POST merge": (lambda w, r: _json(w, r, "POST", f"/api/v1/reports/{w.report()}/merge", {"into": w.report()}),
                   STAFF_DISPATCH, {200}),
    "POST verify": (lambda w, r: _json(w, r, "POST", f"/api/v1/reports/{w.report()}/transitions",
                                      {"to": "verified"}), STAFF_DISPATCH, {200}),
    "POST start work": (lambda w, r: _json(w, r, "POST", f"/api/v1/reports/{w.report('assigned')}/transitions",
                                          {"to": "in_progress"}), {"responder", "operator", "agency_admin", "admin"},
                        {200}),
    "POST close": (lambda w, r: _json(w, r, "POST", f"/api/v1/reports/{w.report('resolved')}/transitions",
                                     {"to": "closed", "rating": 5}), {"citizen", "admin"}, {200}),
    "PATCH priority": (lambda w, r: _json(w, r, "PATCH", f"/api/v1/reports/{w.report()}", {"priority": "high"}),
                       STAFF_DISPATCH, {200}),
    "PATCH category": (lambda w, r: _json(w, r, "PATCH", f"/api/v1/reports/{w.report()}", {"category": "lampu_rambu"}),
                       STAFF_DISPATCH, {200}),
    "PATCH withheld": (lambda w, r: _json(w, r, "PATCH", f"/api/v1/reports/{w.report()}", {"withheld": True}),
                       STAFF_DISPATCH, {200}),
    "GET similar": (lambda w, r: _json(w, r, "GET", f"/api/v1/reports/{w.report()}/similar"),
                    STAFF_DISPATCH, {200}),
    "GET nearest-responders": (lambda w, r: _json(w, r, "GET", f"/api/v1/reports/{w.report()}/nearest-responders"),
                               STAFF_DISPATCH, {200}),
    "GET /api/v1/responders": (lambda w, r: _json(w, r, "GET", "/api/v1/responders"),
                               STAFF_DISPATCH | {"other_agency_admin"}, {200}),
    "POST location": (lambda w, r: _json(w, r, "POST", "/api/v1/responders/me/location", {"lng": LLBK[0], "lat": LLBK[1]}),
                      {"responder", "other_responder"}, {200}),
    "PUT status": (lambda w, r: _json(w, r, "PUT", "/api/v1/responders/me/status", {"status": "available"}),
                   {"responder", "other_responder"}, {200}),
    "GET tasks": (lambda w, r: _json(w, r, "GET", f"/api/v1/responders/me/tasks?near={LLBK[0]},{LLBK[1]}"),
                  {"responder", "other_responder"}, {200}),
    "GET offers": (lambda w, r: _json(w, r, "GET", "/api/v1/responders/me/offers"), {"responder", "other_responder"}, {200}),
    "GET notifications": (lambda w, r: _json(w, r, "GET", "/api/v1/notifications"), LOGGED_IN, {200}),
    "POST cameras": (lambda w, r: _json(w, r, "POST", "/api/v1/cameras", {
        "name": f"cam {w.n} {r}", "lng": LLBK[0], "lat": LLBK[1], "source": "https://cctv.example.id/none.jpg"}),
        {"operator", "admin"}, {201}),
    "GET analysis runs": (lambda w, r: _json(w, r, "GET", "/api/v1/analytics/runs"),
                          STAFF_DISPATCH | {"other_agency_admin"}, {200}),
    "POST analysis now": (lambda w, r: _json(w, r, "POST", "/api/v1/analytics/runs"), {"admin"}, {202}),
    "GET hot spots": (lambda w, r: _json(w, r, "GET", "/api/v1/analytics/hotspots.geojson"),
                      STAFF_DISPATCH | {"other_agency_admin"}, {404}),  # allowed; nothing computed yet
    "GET emerging hot spots": (lambda w, r: _json(w, r, "GET", "/api/v1/analytics/emerging_hotspots.gpkg"),
                               STAFF_DISPATCH | {"other_agency_admin"}, {404}),
    "GET recurring places": (lambda w, r: _json(w, r, "GET", "/api/v1/analytics/recurring"),
                             STAFF_DISPATCH | {"other_agency_admin"}, {200}),
    "GET failed jobs": (lambda w, r: _json(w, r, "GET", "/api/v1/admin/jobs/failed"), {"admin"}, {200}),
    "POST requeue failed job": (lambda w, r: _json(w, r, "POST", "/api/v1/admin/jobs/failed/nope/requeue"),
                                {"admin"}, {404}),
    # as /api/v1/responders: dispatchers only (an agency admin sees their own agency's officers)
    "GET responders tile": (lambda w, r: _json(w, r, "GET", "/tiles/responders/14/13576/8650.mvt"),
                            STAFF_DISPATCH | {"other_agency_admin"}, {200}),
    "GET detections tile": (lambda w, r: _json(w, r, "GET", "/tiles/detections/14/13576/8650.mvt"),
                            STAFF_DISPATCH | {"other_agency_admin"}, {200}),
    "POST camera zone": (lambda w, r: _json(w, r, "POST", f"/api/v1/cameras/{w.camera()}/zones", {
        "name": "trotoar", "kind": "no_parking", "geometry": {"type": "Polygon", "coordinates": [[
            [LLBK[0], LLBK[1]], [LLBK[0] + 0.001, LLBK[1]], [LLBK[0], LLBK[1] + 0.001], [LLBK[0], LLBK[1]]]]}}),
        {"operator", "admin"}, {201}),
    "POST camera rule": (lambda w, r: _json(w, r, "POST", f"/api/v1/cameras/{w.camera()}/rules", {
        "zone_id": w.zone, "rule": "congestion", "category": "kemacetan", "params": {"min_count": 3, "frames": 2}}),
        {"operator", "admin"}, {201}),
    "PATCH camera": (lambda w, r: _json(w, r, "PATCH", f"/api/v1/cameras/{w.camera()}", {"heading_deg": 45}),
                     {"operator", "admin"}, {200}),
    "GET camera zones": (lambda w, r: _json(w, r, "GET", f"/api/v1/cameras/{w.camera()}/zones"),
                         {"operator", "admin"}, {200}),
    "DELETE camera zone": (lambda w, r: _json(w, r, "DELETE", f"/api/v1/cameras/{w.camera()}/zones/{w.zone}"),
                           {"operator", "admin"}, {204}),
    "DELETE camera rule": (lambda w, r: _json(w, r, "DELETE", f"/api/v1/cameras/{w.camera()}/rules/{w.rule()}"),
                           {"operator", "admin"}, {204}),
    "POST Open311 request": (lambda w, r: w.client.post("/open311/v2/requests.json", data={
        "api_key": w.tokens.get(r, ""), "service_code": "sampah", "lat": str(LLBK[1]),
        "long": str(east_of(LLBK, 90 * w.next())[0]), "media": (io.BytesIO(jpeg()), "f.jpg")},
        content_type="multipart/form-data"), LOGGED_IN, {201}),
    "POST logout": (lambda w, r: _json(w, r, "POST", "/api/v1/auth/logout") if r == "anonymous" else
                    w.client.post("/api/v1/auth/logout", headers=auth(w.fresh_token(r))), LOGGED_IN, {204}),
    "POST accept offer": (lambda w, r: _json(w, r, "POST", f"/api/v1/assignments/{w.offer()}/accept"),
                          {"responder"}, {200}),
    "POST push subscription": (lambda w, r: _json(w, r, "POST", "/api/v1/push/subscriptions", {
        "endpoint": f"https://push.example/{r}/{w.next()}", "keys": {"p256dh": "BAAA", "auth": "AAAA"}}),
        LOGGED_IN, {201}),
    "DELETE push subscription": (lambda w, r: _json(w, r, "DELETE", "/api/v1/push/subscriptions",
                                                    {"endpoint": "https://push.example/x"}), LOGGED_IN, {204}),
    "POST read notification": (lambda w, r: _json(w, r, "POST", f"/api/v1/notifications/{w.notification(r)}/read"),
                               LOGGED_IN, {204}),
    "POST read all notifications": (lambda w, r: _json(w, r, "POST", "/api/v1/notifications/read"), LOGGED_IN, {200}),
    # The same password again: everyone signed in gets past who-may-ask to the 400 same_password, and
    # nothing changes, so the shared tokens keep working (a real change: tests/test_account_changes.py).
    "POST change password": (lambda w, r: _json(w, r, "POST", "/api/v1/me/password", {
        "current_password": "rahasia-123", "new_password": "rahasia-123"}), LOGGED_IN, {400}),
    "GET my data": (lambda w, r: _json(w, r, "GET", "/api/v1/me/data"), LOGGED_IN, {200}),
    # A resident's own e-mail (a throwaway account of theirs); staff's is their admin's to change.
    "POST my e-mail": (lambda w, r: w.client.post(
        "/api/v1/me/email", json={"email": f"surel{w.next()}.{r}@example.id", "password": "rahasia-123"},
        headers=auth(make_user(w.conn, f"surel{w.next()}.{r}")[1]) if r in ("citizen", "other_citizen")
        else w.headers(r)), {"citizen", "other_citizen"}, {200}),
    # A resident's own name (a throwaway account of theirs); staff's is their admin's to change.
    "PATCH /api/v1/me": (lambda w, r: w.client.patch(
        "/api/v1/me", json={"full_name": "Nama Baru"},
        headers=auth(make_user(w.conn, f"nama{w.next()}.{r}")[1]) if r in ("citizen", "other_citizen")
        else w.headers(r)), {"citizen", "other_citizen"}, {200}),
    # A citizen deletes a throwaway account of theirs (the shared one files the world's reports).
    "DELETE /api/v1/me": (lambda w, r: w.client.delete(
        "/api/v1/me", json={"password": "rahasia-123"},
        headers=auth(make_user(w.conn, f"pergi{w.next()}.{r}")[1]) if r in ("citizen", "other_citizen")
        else w.headers(r)), {"citizen", "other_citizen"}, {200}),
    "GET /api/v1/users": (lambda w, r: _json(w, r, "GET", "/api/v1/users"),
                          {"admin", "agency_admin", "other_agency_admin"}, {200}),
    "POST /api/v1/users/import": (lambda w, r: w.client.post(
        "/api/v1/users/import", data=f"nama,email,peran,opd\nBaru,impor{w.next()}.{r}@kupang.go.id,petugas,DLH\n",
        content_type="text/csv", headers=w.headers(r)), {"admin", "agency_admin"}, {201}),
    "PATCH /api/v1/users/{id}": (lambda w, r: _json(w, r, "PATCH", "/api/v1/users/{}".format(
        make_user(w.conn, f"keluar{w.next()}", "responder", "DLH")[0]), {"disabled": True}),
        {"admin", "agency_admin"}, {200}),
}

# Refusals that are not about permission: the reporter cannot "dukung" their own report (409);
# Open311 says 403 for an unknown api_key, also the anonymous caller's empty one (after a 400
# for a missing key: the spec's "api_key is required").
REFUSED_AS = {("POST support", "citizen"): {409}}
ANONYMOUS_AS = {"POST Open311 request": {400, 401, 403}, "POST read notification": {401, 404}}

PUBLIC_GET = ["/healthz", "/api/v1/agencies", "/api/v1/categories", "/api/v1/kecamatan", "/api/v1/kelurahan",
              "/api/v1/service_zones", f"/api/v1/locate?lng={LLBK[0]}&lat={LLBK[1]}", "/api/v1/reports",
              f"/api/v1/reports/nearby?lng={LLBK[0]}&lat={LLBK[1]}&category=sampah", "/api/v1/stats",
              "/api/v1/cameras", "/api/v1/exports/reports.csv", "/api/v1/exports/reports.geojson",
              "/api/v1/exports/reports.gpkg", "/api/v1/exports/heatmap.tif", "/ogc/", "/ogc/api", "/ogc/conformance",
              "/ogc/collections", "/ogc/collections/reports", "/ogc/collections/reports/items",
              "/ogc/collections/reports/schema", "/ogc/collections/cameras/schema.xsd",
              "/ogc/tileMatrixSets", "/ogc/tileMatrixSets/WebMercatorQuad", "/ogc/collections/reports/tiles",
              "/ogc/collections/reports/tiles/WebMercatorQuad",
              "/ogc/collections/reports/tiles/WebMercatorQuad/14/8650/13576", "/tiles/reports.json",
              "/tiles/reports/14/13576/8650.mvt", "/open311/v2/discovery.json", "/open311/v2/services.json",
              "/open311/v2/services/sampah.json", "/open311/v2/requests.json", "/api/v1/openapi.json",
              "/api/v1/docs", "/", "/ops", "/petugas", "/static/app.js", "/sw.js", "/manifest.webmanifest",
              "/api/v1/geocode?q=oebobo", "/api/v1/basemap", "/api/v1/traffic", "/fonts/DejaVu%20Sans/0-255.pbf",
              "/api/v1/performance", "/transparansi", "/api/v1/cities", "/kupang/", "/kupang/ops", "/kupang/ogc/collections"]
# Public reads whose answer depends on data made first (report, photo, token): (url(world), status).
PUBLIC_DATA: list[tuple[Callable[[World], str], int]] = [
    (lambda w: "/transparency", 301), (lambda w: "/kupang/ops/", 301),  # typed addresses, to the page
    (lambda w: f"/ogc/collections/reports/items/{w.report()}", 200),
    (lambda w: f"/open311/v2/requests/{w.report()}.json", 200),
    (lambda w: f"/open311/v2/tokens/{w.report()}.json", 200),
    (lambda w: "/media/ab/abcdef0123456789/public.jpg", 404),  # unpublished or unknown: never the original
    (lambda w: "/api/v1/push/key", 404),  # push not configured in the tests' settings
    (lambda w: "/metrics", 404),  # no SIGAP_METRICS_TOKEN in the tests' settings (tests/test_metrics.py)
    (lambda w: "/api/v1/traffic/999999", 404),  # public; an unknown camera
]


OTHER_CITY_ID = 99


@pytest.fixture
def world(client, conn) -> Iterator[World]:
    from geo import cities

    conn.execute("INSERT INTO cities (id, code, slug, name, time_zone, utm_epsg, center_lng, center_lat)"
                 " VALUES (%s, '9999', 'kota-lain', 'Kota Lain', 'Asia/Jakarta', 32748, 106.8, -6.2)", (OTHER_CITY_ID,))
    conn.commit()
    cities.forget()
    try:
        yield World(client, conn)
    finally:
        conn.rollback()
        conn.execute("DELETE FROM staff WHERE city_id = %s", (OTHER_CITY_ID,))
        conn.execute("DELETE FROM cities WHERE id = %s", (OTHER_CITY_ID,))
        conn.commit()
        cities.forget()


@pytest.mark.parametrize("name", sorted(CASES))
def test_matrix(world: World, name: str) -> None:
    call, allowed, ok = CASES[name]
    wrong = []
    for role in ROLES:
        resp = call(world, role)
        if role in allowed:
            if resp.status_code not in ok:
                wrong.append((role, resp.status_code, resp.get_json()))
        else:
            expected = ANONYMOUS_AS.get(name, {401}) if role == "anonymous" else REFUSED_AS.get((name, role), {403, 404})
            if resp.status_code not in expected:
                wrong.append((role, resp.status_code, "should be refused"))
    assert wrong == []


def test_public_reads_need_no_account(world: World) -> None:
    for url in PUBLIC_GET:
        assert world.client.get(url).status_code == 200, url
    for make, status in PUBLIC_DATA:
        url = make(world)
        assert world.client.get(url).status_code == status, url


def test_another_citizens_notification_is_not_yours(world: World) -> None:
    world.conn.execute("INSERT INTO notifications (user_id, city_id, kind, message_id, message_en)"
                       " VALUES (%s, 1, 'x', 'a', 'b')",
                       (world.ids["operator"],))
    world.conn.commit()
    nid = world.conn.execute("SELECT id FROM notifications").fetchone()["id"]
    assert _json(world, "citizen", "POST", f"/api/v1/notifications/{nid}/read").status_code == 404
    assert _json(world, "citizen", "POST", "/api/v1/notifications/read").get_json()["marked"] == 0  # only their own
    assert _json(world, "operator", "GET", "/api/v1/notifications").get_json()["unread"] == 1
    assert _json(world, "operator", "POST", f"/api/v1/notifications/{nid}/read").status_code == 204


def test_someone_elses_offer_is_not_yours(world: World) -> None:
    aid = world.offer()
    for role, status in [("anonymous", 401), ("citizen", 403), ("operator", 403), ("other_responder", 404)]:
        assert _json(world, role, "POST", f"/api/v1/assignments/{aid}/accept").status_code == status, role
    assert _json(world, "responder", "POST", f"/api/v1/assignments/{aid}/accept").status_code == 200


def test_staff_of_two_cities_are_switched_off_only_by_an_admin_of_both(world: World) -> None:
    """Switching an account off reaches every city it works for: an admin of one of them is refused."""
    from geo.accounts import add_staff_city

    target, _ = make_user(world.conn, "dua.kota", "admin")  # only an admin works for several cities
    add_staff_city(world.conn, target, OTHER_CITY_ID)
    _, kupang_admin = make_user(world.conn, "admin.kupang", "admin")
    world.conn.commit()
    refused = world.client.patch(f"/api/v1/users/{target}", json={"disabled": True}, headers=auth(kupang_admin))
    assert (refused.status_code, refused.get_json()["code"]) == (403, "other_city")
    assert world.conn.execute("SELECT disabled FROM users WHERE id = %s", (target,)).fetchone()["disabled"] is False
    done = _json(world, "admin", "PATCH", f"/api/v1/users/{target}", {"disabled": True})  # admin of both cities
    assert done.status_code == 200, done.get_json()


def test_agency_admins_see_only_their_own_team(world: World) -> None:
    for role in ("responder", "other_responder"):
        _json(world, role, "POST", "/api/v1/responders/me/location", {"lng": LLBK[0], "lat": LLBK[1]})
    team = _json(world, "other_agency_admin", "GET", "/api/v1/responders").get_json()["responders"]
    assert {t["agency"] for t in team} == {"DAMKAR"}
    everyone = _json(world, "operator", "GET", "/api/v1/responders").get_json()["responders"]
    assert {t["agency"] for t in everyone} == {"DLH", "DAMKAR"}


def test_every_endpoint_is_in_the_matrix(app, world: World) -> None:
    """The rules the matrix's own cases reach (recorded from Flask as they run, so a case
    that hits another route than its name says does not count), against every served rule."""
    from flask import request, request_finished

    hit: set[str] = set()

    def record(sender: object, response: object, **extra: object) -> None:
        if request.url_rule is not None:
            hit.add(request.url_rule.rule)

    request_finished.connect(record, app)
    try:
        for call, _, _ in CASES.values():
            for role in ("anonymous", "admin"):
                call(world, role)
        for url in PUBLIC_GET:
            world.client.get(url)
        for make, _ in PUBLIC_DATA:
            world.client.get(make(world))
        for case in ACCOUNT_CASES:
            case(world)
    finally:
        request_finished.disconnect(record, app)
    # /<city>/ogc/…, /<city>/open311/v2/… and /<city>/ops … are the same views as /ogc/…, with the
    # same rules; tests/test_cities.py checks each serves its own city.
    def twin(rule: str) -> str:
        return rule.removeprefix("/<city:city_slug>") or "/"

    served = {twin(r.rule) for r in app.url_map.iter_rules()}
    assert served - {twin(r) for r in hit} == set(), "add the new endpoint to the authorization matrix"


# Accounts are open to everyone by design (their abuse limits: tests/test_security.py).
ACCOUNT_CASES: list[Callable[[World], Any]] = [
    lambda w: _json(w, "anonymous", "POST", "/api/v1/auth/register", {"email": "baru@example.id", "password": "hujan-oebobo-1"}),
    lambda w: _json(w, "anonymous", "POST", "/api/v1/auth/login", {"login": "baru@example.id", "password": "hujan-oebobo-1"}),
    # (off here, without a mail server: tests/test_password_reset.py)
    lambda w: _json(w, "anonymous", "POST", "/api/v1/auth/password-reset", {"email": "baru@example.id"}),
    lambda w: _json(w, "anonymous", "POST", "/api/v1/auth/password-reset/check", {"token": "1.x"}),
    lambda w: _json(w, "anonymous", "POST", "/api/v1/auth/password-reset/confirm", {"token": "1.x", "password": "hujan-kota-2"}),
]
