"""Open311 GeoReport v2: read by the georeport client from PyPI (JSON and XML) over real HTTP,
plus contract tests for POST, tokens, filters and spec-shaped errors."""
from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
from georeport import GeoReport

from tests.helpers import LLBK, east_of, jpeg, make_user, submit


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_georeport_client_reads_services_and_requests(live: str, client, conn, fmt: str) -> None:
    _, citizen = make_user(conn, "warga")
    ids = [submit(client, citizen, point=east_of(LLBK, 300 * i), category=c).get_json()["id"]
           for i, c in enumerate(["sampah", "kebakaran"])]
    api = GeoReport(f"{live}/open311/v2", output_format=fmt)
    services = api.get_service_list()
    codes = {s["service_code"] for s in services}
    assert len(services) == 14 and {"sampah", "kebakaran", "orang_hilang"} <= codes
    fire = next(s for s in services if s["service_code"] == "kebakaran")
    assert fire["service_name"] == "Kebakaran" and str(fire["metadata"]).lower() == "false"
    assert api.get_service_definition("sampah")["service_code"] == "sampah"
    reqs = api.get_service_requests()
    reqs = reqs if isinstance(reqs, list) else [reqs]
    assert sorted(int(r["service_request_id"]) for r in reqs) == sorted(ids)
    one = api.get_service_request(str(ids[1]))
    assert one["service_code"] == "kebakaran" and one["status"] == "open"
    assert abs(float(one["lat"]) - LLBK[1]) < 0.01 and "Kota Kupang" in one["address"]
    assert str(one["requested_datetime"]).endswith("+08:00")  # the city's zone (WITA), as the exports
    only = api.get_service_requests(service_code="sampah")
    only = only if isinstance(only, list) else [only]
    assert [r["service_code"] for r in only] == ["sampah"]


def test_post_request_with_api_key_and_token(client, conn) -> None:
    _, key = make_user(conn, "mitra")
    r = client.post("/open311/v2/requests.json", data={
        "api_key": key, "service_code": "lampu_rambu", "lat": str(LLBK[1]), "long": str(LLBK[0]),
        "description": "Lampu jalan mati", "media": (io.BytesIO(jpeg()), "lampu.jpg")})
    assert r.status_code == 201
    created = r.get_json()[0]
    rid = created["service_request_id"]
    assert isinstance(rid, str) and "DISHUB" in created["service_notice"]
    assert client.get(f"/open311/v2/tokens/{rid}.json").get_json()[0]["service_request_id"] == rid
    got = client.get(f"/open311/v2/requests/{rid}.json").get_json()[0]
    assert got["description"] == "Lampu jalan mati" and got["agency_responsible"] == "Dinas Perhubungan"
    row = conn.execute("SELECT source FROM reports WHERE id = %s", (int(rid),)).fetchone()
    assert row["source"] == "open311"
    xml = client.post("/open311/v2/requests.xml", data={
        "api_key": key, "service_code": "sampah", "lat": str(LLBK[1]), "long": str(east_of(LLBK, 500)[0]),
        "media": (io.BytesIO(jpeg()), "sampah.jpg")})
    root = ET.fromstring(xml.data)
    assert root.tag == "service_requests" and root.find("request/service_request_id").text.isdigit()  # type: ignore[union-attr]


def test_errors_follow_the_spec(client, conn) -> None:
    _, key = make_user(conn, "mitra")
    cases = [
        (client.post("/open311/v2/requests.json", data={"service_code": "sampah", "lat": "1", "long": "2"}), 401),
        (client.post("/open311/v2/requests.json", data={"api_key": "nope", "service_code": "sampah",
                                                         "lat": str(LLBK[1]), "long": str(LLBK[0])}), 403),
        (client.post("/open311/v2/requests.json", data={"api_key": key, "service_code": "sampah"}), 400),
        (client.post("/open311/v2/requests.json", data={"api_key": key, "service_code": "banjir",
                                                         "lat": str(LLBK[1]), "long": str(LLBK[0]),
                                                         "media": (io.BytesIO(jpeg()), "x.jpg")}), 422),
        (client.post("/open311/v2/requests.json", data={"api_key": key, "service_code": "sampah",
                                                         "lat": str(LLBK[1]), "long": str(LLBK[0])}), 400),
        (client.get("/open311/v2/requests/999999.json"), 404),
        (client.get("/open311/v2/services/banjir.json"), 404),
        (client.get("/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z"), 400),
        (client.get("/open311/v2/requests.json?status=pending"), 400),
        (client.get("/open311/v2/requests.json?start_date=2026-12-07T00:00:00"), 400),  # no zone: W3C has none
        (client.get("/open311/v2/requests.json?service_code=banjir"), 400),  # not an empty list
    ]
    for resp, status in cases:
        assert resp.status_code == status, resp.get_json()
        body = resp.get_json()
        assert isinstance(body, list) and body[0]["code"] == status and body[0]["description"]
    xml = client.get("/open311/v2/requests/999999.xml")
    root = ET.fromstring(xml.data)
    assert xml.status_code == 404 and root.tag == "errors" and root.find("error/code").text == "404"  # type: ignore[union-attr]
    disc = client.get("/open311/v2/discovery.json").get_json()
    assert disc["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"



def test_dates_are_the_citys_days(client, conn) -> None:
    """A plain start_date or end_date is Kupang's day (WITA), both ends included: one filed at
    03:00 WITA on 7 December (19:00 UTC on the 6th) is that day's, and a time carries its zone.
    Read as UTC, the day began at 08:00 WITA and lost it (a GIS walk)."""
    _, citizen = make_user(conn, "warga")
    rid = submit(client, citizen).get_json()["id"]
    conn.execute("UPDATE reports SET created_at = '2026-12-07 03:00+08' WHERE id = %s", (rid,))
    conn.commit()

    def found(query: str) -> bool:
        r = client.get(f"/open311/v2/requests.json?{query}")
        assert r.status_code == 200, r.get_json()
        return rid in [int(x["service_request_id"]) for x in r.get_json()]

    assert found("start_date=2026-12-07&end_date=2026-12-07")
    assert not found("start_date=2026-12-06&end_date=2026-12-06")
    assert not found("start_date=2026-12-08")
    assert found("start_date=2026-12-06T18:00:00Z&end_date=2026-12-06T20:00:00Z")
    assert not found("start_date=2026-12-07T03:00:01%2B08:00")

def test_post_with_media_url_from_an_allowed_host_only(clean, conn) -> None:
    """GeoReport v2's media_url: fetched only from hosts the deployer names (a partner app's
    storage), never from any URL a client sends."""
    import dataclasses
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from api import create_app
    from tests.helpers import LLBK, jpeg, make_user

    photo = jpeg(size=(320, 240))

    class Storage(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.end_headers()
            self.wfile.write(photo)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Storage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        client = create_app(dataclasses.replace(clean, open311_media_hosts=("127.0.0.1",))).test_client()
        _, key = make_user(conn, "mitra")
        form = {"api_key": key, "service_code": "sampah", "lat": str(LLBK[1]), "long": str(LLBK[0]),
                "media_url": f"http://127.0.0.1:{server.server_port}/foto/123.jpg"}
        r = client.post("/open311/v2/requests.json", data=form)
        assert r.status_code == 201, r.get_json()
        rid = int(r.get_json()[0]["service_request_id"])
        row = conn.execute("SELECT width, height FROM photos WHERE report_id = %s", (rid,)).fetchone()
        assert (row["width"], row["height"]) == (320, 240)
        form["media_url"] = "http://169.254.169.254/latest/meta-data/"  # not an allowed host: never fetched
        r = client.post("/open311/v2/requests.json", data=form)
        assert r.status_code == 400 and "not accepted" in r.get_json()[0]["description"]
    finally:
        server.shutdown()


def test_what_a_client_met_in_a_conformance_walk(client, conn) -> None:
    """An Open311 integrator's walk: one report with control characters made requests.xml
    unreadable to every client; service_request_id did not override the other arguments; a
    reversed window answered []; a wrong method or format answered the API's own error shape; a
    JSON list answered 500; a merge into one's own open report was announced as a new one."""
    _, key = make_user(conn, "mitra")

    def post(**form: str):
        return client.post("/open311/v2/requests.json", data={
            "api_key": key, "lat": str(LLBK[1]), **form, "media": (io.BytesIO(jpeg()), "f.jpg")})

    rid = post(service_code="sampah", long=str(LLBK[0]), description="Sampah\x0b di\x1b got\tbesar").get_json()[0][
        "service_request_id"]
    assert client.get(f"/open311/v2/requests/{rid}.json").get_json()[0]["description"] == "Sampah di got\tbesar"
    # one stored before this change (or a staff note) still leaves the feed readable
    conn.execute("UPDATE reports SET description = 'lama\x1b' WHERE id = %s", (int(rid),))
    conn.commit()
    feed = ET.fromstring(client.get("/open311/v2/requests.xml").data)
    assert [r.findtext("description") for r in feed.findall("request")] == ["lama\ufffd"]
    again = post(service_code="sampah", long=str(east_of(LLBK, 20)[0]), description="Masih ada")
    assert again.status_code == 201 and again.get_json()[0]["service_request_id"] == rid
    assert "merged into your open report" in again.get_json()[0]["service_notice"]
    # "This overrides all other arguments"
    ids = client.get(f"/open311/v2/requests.json?service_request_id={rid}&service_code=lampu_rambu&start_date=x")
    assert [r["service_request_id"] for r in ids.get_json()] == [rid]
    for resp, status in ((client.get("/open311/v2/requests.json?start_date=2026-12-05&end_date=2026-12-01"), 400),
                         (client.put("/open311/v2/requests.json"), 405), (client.get("/open311/v2/requests.csv"), 404),
                         (client.post("/open311/v2/requests.json", json=[1, 2]), 400)):
        body = resp.get_json()
        assert resp.status_code == status and body[0]["code"] == status and " / " in body[0]["description"], body
    assert client.get("/open311/v2/services.json").headers["Access-Control-Allow-Origin"] == "*"  # open data
    short = client.post("/open311/v2/requests.json", data={"api_key": key, "service_code": "sampah",
                                                            "address_string": "ab", "media": (io.BytesIO(jpeg()), "f.jpg")})
    assert "address_string" in short.get_json()[0]["description"], short.get_json()
    wrong = client.put("/open311/v2/requests.xml")
    assert wrong.status_code == 405 and ET.fromstring(wrong.data).findtext("error/code") == "405"
    assert "GET" in wrong.headers["Allow"]
    # a lone surrogate (JSON "\ud800") answered 500, before any key was checked
    odd = client.post("/kupang/open311/v2/requests.json", data='{"api_key": "x", "service_code": "sampah", '
                      '"address_string": "abc\\ud800"}', content_type="application/json")
    assert odd.status_code == 400 and odd.get_json()[0]["code"] == 400, odd.data
    huge = (io.BytesIO(b"0" * (13 << 20)), "f.jpg")
    big = client.post("/open311/v2/requests.json", data={"api_key": key, "service_code": "sampah", "lat": str(LLBK[1]),
                                                          "long": str(LLBK[0]), "media": huge})
    assert big.status_code == 413 and big.get_json()[0]["code"] == 413  # the spec's list, not the API's own
    too_long = post(service_code="lampu_rambu", long=str(east_of(LLBK, 900)[0]), description="x" * 4001)
    assert too_long.status_code == 400 and "4000" in too_long.get_json()[0]["description"]  # refused, not cut


def test_a_client_that_sends_too_fast_is_told_when_to_come_back(clean, conn) -> None:
    import dataclasses

    from api import create_app

    app = create_app(dataclasses.replace(clean, rate_submit_per_min=1))
    try:
        c = app.test_client()
        _, key = make_user(conn, "mitra")
        codes = [c.post("/open311/v2/requests.json", data={
            "api_key": key, "service_code": "sampah", "lat": str(LLBK[1]), "long": str(east_of(LLBK, 300 * i)[0]),
            "media": (io.BytesIO(jpeg()), "f.jpg")}) for i in range(2)]
        assert [r.status_code for r in codes] == [201, 429]
        assert int(codes[1].headers["Retry-After"]) > 0 and codes[1].get_json()[0]["code"] == 429
    finally:
        app.extensions["sigap.pool"].close()
        app.extensions["sigap.tile_pool"].close()
