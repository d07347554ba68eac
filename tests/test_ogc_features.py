"""OGC API – Features as QGIS and GDAL use it: the HTTP contract, then GDAL's OAPIF driver
against a real server (werkzeug on a free port)."""
from __future__ import annotations

import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import datetime

import psycopg
import pytest

from tests.helpers import LLBK, east_of, make_user, submit


def test_landing_conformance_collections(client) -> None:
    landing = client.get("/ogc/").get_json()
    rels = {link["rel"] for link in landing["links"]}
    assert {"self", "service-desc", "conformance", "data"} <= rels
    conf = client.get("/ogc/conformance").get_json()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core" in conf
    cols = client.get("/ogc/collections").get_json()["collections"]
    assert {c["id"] for c in cols} == {"reports", "kelurahan", "kecamatan", "service_zones", "cameras"}
    kel = client.get("/ogc/collections/kelurahan").get_json()
    assert any(link["rel"] == "items" for link in kel["links"])
    assert client.get("/ogc/collections/rivers").status_code == 404


def test_items_paging_bbox_and_datetime(client, conn: psycopg.Connection) -> None:
    first = client.get("/ogc/collections/kelurahan/items?limit=20").get_json()
    assert first["numberMatched"] == 51 and first["numberReturned"] == 20
    seen = [f["id"] for f in first["features"]]
    nxt = next(link["href"] for link in first["links"] if link["rel"] == "next")
    while nxt:
        page = client.get(nxt.replace("http://localhost", "")).get_json()
        seen += [f["id"] for f in page["features"]]
        nxt = next((link["href"] for link in page["links"] if link["rel"] == "next"), None)
    assert len(seen) == len(set(seen)) == 51
    lng, lat = LLBK
    box = client.get(f"/ogc/collections/kelurahan/items?bbox={lng - 1e-4},{lat - 1e-4},{lng + 1e-4},{lat + 1e-4}")
    assert "Lahilai Bissi Kopan" in {f["properties"]["name"] for f in box.get_json()["features"]}
    _, citizen = make_user(conn, "warga")
    rid = submit(client, citizen).get_json()["id"]
    submit(client, citizen, category="orang_hilang", point=east_of(LLBK, 300))
    reports = client.get("/ogc/collections/reports/items?datetime=2020-01-01T00:00:00Z/..").get_json()
    assert reports["numberMatched"] == 2
    assert all("reporter_id" not in f["properties"] for f in reports["features"])
    hidden = next(f for f in reports["features"] if f["properties"]["category"] == "orang_hilang")
    assert hidden["properties"]["description"] is None and hidden["properties"]["location_coarsened"]
    assert client.get("/ogc/collections/reports/items?datetime=../2020-01-01T00:00:00Z").get_json()[
        "numberMatched"] == 0
    one = client.get(f"/ogc/collections/reports/items/{rid}")
    assert one.status_code == 200 and one.mimetype == "application/geo+json"
    assert one.get_json()["geometry"]["coordinates"] == pytest.approx(list(LLBK))
    for bad in ("bbox=1,2,3", "datetime=yesterday", "limit=x", "limit=0", "offset=10001", "offset=-1",
                "offset=5&after=3"):  # both applied, and the next page dropped one (a GIS walk)
        r = client.get(f"/ogc/collections/reports/items?{bad}")
        assert r.status_code == 400, bad
    assert client.get("/ogc/collections/reports/items/999999").status_code == 404


def test_a_gis_client_reads_every_report_past_the_offset_bound(client, conn: psycopg.Connection,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Offsets are bounded (10,000: a deep OFFSET walks every row before the page), yet the "next"
    links counted on in offsets: past the bound GDAL stopped with a 400 and QGIS loaded part of
    the layer while showing the whole count. Report pages now follow the report number."""
    from datetime import UTC, datetime

    from geo import features
    from tests.helpers import plant_reports

    monkeypatch.setattr(features, "MAX_OFFSET", 15)  # Kupang passes 10,000 reports within weeks
    assert plant_reports(conn, [{"lng": east_of(LLBK, 20 * i)[0], "lat": LLBK[1], "category": "sampah",
                                 "created": datetime.now(UTC)} for i in range(43)]) == 43
    seen: list[int] = []
    nxt: str | None = "/ogc/collections/reports/items?limit=10&category=sampah"
    while nxt:
        page = client.get(nxt.replace("http://localhost", ""))
        assert page.status_code == 200, (nxt, page.get_json())
        body = page.get_json()
        # counted on the first page only: a city read page by page is not one count a page
        assert body.get("numberMatched") == (None if seen else 43)
        seen += [f["id"] for f in body["features"]]
        nxt = next((link["href"] for link in body["links"] if link["rel"] == "next"), None)
        assert nxt is None or "category=sampah" in nxt
    assert len(seen) == len(set(seen)) == 43 and seen == sorted(seen)
    assert client.get("/ogc/collections/reports/items?offset=16").status_code == 400  # the bound holds
    end = client.get(f"/ogc/collections/reports/items?after={seen[-1]}").get_json()
    assert (end["numberReturned"], end["features"]) == (0, [])
    assert client.get("/ogc/collections/kelurahan/items?after=3").status_code == 400  # reports only


def test_items_speak_the_city_s_time_and_refuse_what_they_do_not_know(client, conn: psycopg.Connection) -> None:
    """What a GIS officer in Kupang met in QGIS: OGC times in UTC showed 8 hours early beside the
    exports (QGIS drops the offset), the temporal extent was empty, and a category filter or a
    UTM bbox was silently ignored (the whole city, or nothing)."""
    _, citizen = make_user(conn, "warga")
    rid = submit(client, citizen).get_json()["id"]
    submit(client, citizen, category="kebakaran", point=east_of(LLBK, 300))
    stored = conn.execute("SELECT created_at FROM reports WHERE id = %s", (rid,)).fetchone()["created_at"]
    props = client.get(f"/ogc/collections/reports/items/{rid}").get_json()["properties"]
    assert props["created_at"].endswith("+08:00") and props["due_at"].endswith("+08:00")  # WITA
    assert datetime.fromisoformat(props["created_at"]) == stored  # the same instant
    exported = client.get("/api/v1/exports/reports.geojson").get_json()["features"][0]["properties"]
    assert exported["created_at"][:19] == props["created_at"][:19]  # one wall clock on every surface
    extent = client.get("/ogc/collections/reports").get_json()["extent"]["temporal"]["interval"][0]
    assert extent[0] == props["created_at"] and extent[1] is not None
    fires = client.get("/ogc/collections/reports/items?category=kebakaran").get_json()
    assert [f["properties"]["category"] for f in fires["features"]] == ["kebakaran"] and fires["numberMatched"] == 1
    assert client.get("/ogc/collections/reports/items?status=submitted,verified").get_json()["numberMatched"] == 2
    past = client.get("/ogc/collections/reports/items?offset=1000").get_json()  # a page past the end
    assert past["numberReturned"] == 0 and past["numberMatched"] == 2
    for bad, code in (("foo=bar", "unknown_parameter"), ("category=sampah&foo=1", "unknown_parameter"),
                      ("bbox-crs=http://www.opengis.net/def/crs/EPSG/0/32751&bbox=560000,8870000,570000,8880000",
                       "invalid_crs"), ("status=selesai", "invalid_status"), ("bbox=124,-10,123,-11", "invalid_bbox"),
                      ("bbox=123,-11,0,124,-10,0", None)):
        r = client.get(f"/ogc/collections/reports/items?{bad}")
        if code is None:  # a 3D bbox: its heights dropped
            assert r.status_code == 200 and r.get_json()["numberMatched"] == 2, bad
            continue
        assert r.status_code == 400 and r.get_json()["code"] == code, bad
        assert r.get_json()["message"] and r.get_json()["message_en"]
    assert client.get("/ogc/collections/kelurahan/items?category=sampah").status_code == 400  # not a report
    crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
    assert client.get(f"/ogc/collections/reports/items?bbox-crs={crs84}&bbox=123,-11,124,-10&f=json").status_code == 200


def test_items_take_plain_dates_as_the_city_s_days(client, conn: psycopg.Connection) -> None:
    """A planner types days, not instants ("datetime=2026-11-01/2026-11-30"): each is a whole day of
    Kupang's clock, both ends included, OGC's interval being closed (it was a 400). The list's and
    exports' `until` stays exclusive: `until=2026-11-30` ends as 30 November begins."""
    _, citizen = make_user(conn, "warga")
    last_of_oct, first_of_nov, last_of_nov = (submit(client, citizen, point=east_of(LLBK, 100 * i)).get_json()["id"]
                                              for i in range(3))
    for rid, at in ((last_of_oct, "2026-10-31 23:59:00+08"), (first_of_nov, "2026-11-01 00:00:00+08"),
                    (last_of_nov, "2026-11-30 23:30:00+08")):  # 23:59 WITA is still 15:59 UTC of the same day
        conn.execute("UPDATE reports SET created_at = %s WHERE id = %s", (at, rid))
    conn.commit()

    def ids(query: str) -> list[int]:
        r = client.get(f"/ogc/collections/reports/items?{query}")
        assert r.status_code == 200, r.get_json()
        return sorted(f["id"] for f in r.get_json()["features"])

    assert ids("datetime=2026-11-01/2026-11-30") == [first_of_nov, last_of_nov]
    assert ids("datetime=2026-10-31") == [last_of_oct]
    assert ids("datetime=../2026-10-31") == [last_of_oct]
    assert ids("datetime=2026-11-30/..") == [last_of_nov]
    for bad in ("2026-11-31", "2026-11-30/2026-11-01", "2026-11-01T10:00:00"):
        r = client.get(f"/ogc/collections/reports/items?datetime={bad}")
        assert (r.status_code, r.get_json()["code"]) == (400, "invalid_datetime"), bad



def test_gdal_reads_our_collections(live: str, client, conn, monkeypatch: pytest.MonkeyPatch) -> None:
    from geo import features

    if shutil.which("ogrinfo") is None:
        pytest.fail("gdal-bin is part of the set-up (bin/sigap-dev); ogrinfo is missing")
    _, citizen = make_user(conn, "warga")
    for i in range(3):
        submit(client, citizen, point=east_of(LLBK, 500 * i))
    listing = subprocess.run(["ogrinfo", "-ro", "-q", f"OAPIF:{live}/ogc"],
                             capture_output=True, text=True, timeout=60)
    assert listing.returncode == 0, listing.stderr
    for name in ("reports", "kelurahan", "kecamatan", "service_zones", "cameras"):
        assert name in listing.stdout
    summary = subprocess.run(["ogrinfo", "-ro", "-so", f"OAPIF:{live}/ogc", "kelurahan"],
                             capture_output=True, text=True, timeout=60)
    assert summary.returncode == 0, summary.stderr
    assert "Feature Count: 51" in summary.stdout
    assert "Multi Polygon" in summary.stdout or "MultiPolygon" in summary.stdout
    rep = subprocess.run(["ogrinfo", "-ro", "-al", "-q", f"OAPIF:{live}/ogc", "reports"],
                         capture_output=True, text=True, timeout=60)
    assert rep.returncode == 0, rep.stderr
    assert rep.stdout.count("OGRFeature(reports)") == 3
    assert "status (String) = submitted" in rep.stdout
    assert "source (String) = citizen" in rep.stdout  # as the exports say where a report came from
    # No report is resolved yet, so every resolved_at on the page is null: the collection's schema
    # still makes it a time column (a String one sorts and filters wrong in QGIS), and the counts
    # numbers.
    fields = subprocess.run(["ogrinfo", "-ro", "-so", f"OAPIF:{live}/ogc", "reports"],
                            capture_output=True, text=True, timeout=60).stdout
    assert "resolved_at: DateTime" in fields and "created_at: DateTime" in fields, fields
    assert "support_count: Integer" in fields and "location_coarsened: Integer(Boolean)" in fields, fields
    assert fields.count("report_id: Integer") == 1 and "\nid:" not in fields, fields  # the number, once
    # A planner's filter goes to the server (GDAL finds the items path's parameters in the OGC
    # API's own OpenAPI document): it read every report and filtered them itself.
    submit(client, citizen, point=east_of(LLBK, 1700), category="kebakaran")
    fires = subprocess.run(["ogrinfo", "-ro", "-al", "-q", f"OAPIF:{live}/ogc", "reports", "-where",
                            "category = 'kebakaran' AND status = 'submitted'"], capture_output=True, text=True,
                           timeout=60, env={**os.environ, "CPL_DEBUG": "ON"})
    assert fires.returncode == 0 and fires.stdout.count("OGRFeature(reports)") == 1, fires.stderr
    assert "items?limit=10&category=kebakaran&status=submitted" in fires.stderr, fires.stderr
    assert "evaluated on client side" not in fires.stderr
    cams = subprocess.run(["ogrinfo", "-ro", "-so", f"OAPIF:{live}/ogc", "cameras"],
                          capture_output=True, text=True, timeout=60).stdout
    assert "heading_deg: Real" in cams, cams  # no camera at all: the schema alone says it
    assert "Geometry: Point" in cams, cams  # and what a camera is (the GML schema): it was "Unknown (any)"
    # GDAL follows the "next" links to the end, also where offsets would be past their bound
    monkeypatch.setattr(features, "MAX_OFFSET", 1)
    paged = subprocess.run(["ogrinfo", "-ro", "-al", "-q", "-oo", "PAGE_SIZE=1", f"OAPIF:{live}/ogc", "reports"],
                           capture_output=True, text=True, timeout=60)
    assert paged.returncode == 0 and paged.stdout.count("OGRFeature(reports)") == 4, paged.stderr


def test_each_collection_s_schema_names_exactly_its_properties(client, conn: psycopg.Connection) -> None:
    """The schema is written by hand beside the SQL: this keeps the two from drifting apart."""
    from tests.helpers import auth

    _, citizen = make_user(conn, "warga")
    submit(client, citizen)
    _, operator = make_user(conn, "op", "operator")
    camera = client.post("/api/v1/cameras", headers=auth(operator), json={
        "name": "Simpang Oebobo", "lng": LLBK[0], "lat": LLBK[1], "heading": 90, "source": "http://127.0.0.1:9/snapshot.jpg"})
    assert camera.status_code == 201, camera.get_json()
    for cid in ("reports", "kelurahan", "kecamatan", "service_zones", "cameras"):
        links = {(link["rel"], link["type"]): link for link in client.get(f"/ogc/collections/{cid}").get_json()["links"]}
        schema = client.get(links["describedBy", "application/schema+json"]["href"].replace("http://localhost", ""))
        assert schema.status_code == 200 and schema.mimetype == "application/schema+json"
        declared = schema.get_json()["properties"]["properties"]["properties"]
        item = client.get(f"/ogc/collections/{cid}/items?limit=1").get_json()["features"][0]
        assert set(item["properties"]) == set(declared), cid
        for name, value in item["properties"].items():
            kind = declared[name]["type"]
            if value is not None:
                assert isinstance(value, {"string": str, "integer": int, "number": (int, float),
                                          "boolean": bool}[kind]), (cid, name, value)
        # the GML schema names the same properties, after the geometry
        xsd = ET.fromstring(client.get(links["describedBy", "application/xml"]["href"].replace("http://localhost", "")).data)
        names = [e.get("name") for e in xsd.iter("{http://www.w3.org/2001/XMLSchema}element")][2:]
        assert sorted(names) == sorted(declared), cid
    assert client.get("/ogc/collections/rivers/schema").status_code == 404


def test_gdal_reads_our_vector_tiles(live: str, client, conn, tmp_path) -> None:
    from tiles.tilemath import tile_of

    _, citizen = make_user(conn, "warga")
    submit(client, citizen)
    x, y = tile_of(*LLBK, 16)
    path = tmp_path / "t.mvt"
    path.write_bytes(client.get(f"/tiles/reports/16/{x}/{y}.mvt").data)
    out = subprocess.run(["ogrinfo", "-ro", "-al", "-q", "-oo", f"X={x}", "-oo", f"Y={y}", "-oo", "Z=16",
                          f"MVT:{path}"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "OGRFeature(reports)" in out.stdout and "category (String) = sampah" in out.stdout
    # GDAL puts the point back in geographic space where it was reported (EPSG:3857 metres).
    import re

    m = re.search(r"POINT \(([-0-9.]+) ([-0-9.]+)\)", out.stdout)
    assert m, out.stdout
    import math

    mx = LLBK[0] * 20037508.342789244 / 180
    my = math.log(math.tan(math.pi / 4 + math.radians(LLBK[1]) / 2)) * 6378137
    assert abs(float(m.group(1)) - mx) < 5 and abs(float(m.group(2)) - my) < 5


def test_a_date_as_gdal_writes_it_is_the_city_s_day(client, conn: psycopg.Connection) -> None:
    """GDAL turns `-where "created_at >= '2026-11-01'"` into `datetime=2026-11-01T/..` (a date and a
    bare T): it was refused as invalid_datetime, and the planner's ogr2ogr stopped."""
    _, citizen = make_user(conn, "warga")
    submit(client, citizen)
    today = client.get("/ogc/collections/reports/items?limit=1").get_json()["features"][0]["properties"]["created_at"][:10]
    r = client.get(f"/ogc/collections/reports/items?datetime={today}T%2F..")
    assert r.status_code == 200 and r.get_json()["numberMatched"] == 1
    # `created_at < 'today'` (GDAL writes `<` so): up to today, without it
    assert client.get(f"/ogc/collections/reports/items?datetime=..%2F{today}T").get_json()["numberMatched"] == 0
    assert client.get(f"/ogc/collections/reports/items?datetime={today}T").get_json()["numberMatched"] == 1  # `=`


def test_a_month_asked_of_gdal_is_that_month(live: str, client, conn: psycopg.Connection) -> None:
    """A planner's month through GDAL, beside another condition: `-where "category = 'sampah' AND
    created_at >= '2026-11-01' AND created_at < '2026-12-01'"` came as two `datetime`s, of which
    the server read the first: every report from November on (39 where 11 were asked, in a GIS
    walk), and "< 1 December" held all of 1 December. GDAL takes the server's answer as filtered."""
    if shutil.which("ogrinfo") is None:
        pytest.fail("gdal-bin is part of the set-up (bin/sigap-dev); ogrinfo is missing")
    _, citizen = make_user(conn, "warga")
    times = {"last_of_oct": "2026-10-31 23:59:00+08", "first_of_nov": "2026-11-01 00:00:00+08",
             "mid_nov": "2026-11-15 12:00:00+08", "last_of_nov": "2026-11-30 23:59:00+08",
             "first_of_dec": "2026-12-01 00:00:00+08", "mid_dec": "2026-12-02 09:00:00+08"}
    ids = {}
    for i, (name, at) in enumerate(times.items()):
        ids[name] = submit(client, citizen, point=east_of(LLBK, 100 * i)).get_json()["id"]
        conn.execute("UPDATE reports SET created_at = %s WHERE id = %s", (at, ids[name]))
        conn.commit()  # (the next report's filing waits on the row's day counts)
    fire = submit(client, citizen, point=east_of(LLBK, 900), category="kebakaran").get_json()["id"]
    conn.execute("UPDATE reports SET created_at = '2026-11-10 10:00+08' WHERE id = %s", (fire,))
    conn.commit()
    november = [ids["first_of_nov"], ids["mid_nov"], ids["last_of_nov"]]

    def read(where: str, page_size: int = 10) -> list[int]:
        out = subprocess.run(["ogrinfo", "-ro", "-al", "-q", "-oo", f"PAGE_SIZE={page_size}", f"OAPIF:{live}/ogc",
                              "reports", "-where", where], capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        return sorted(int(line.split("=")[1]) for line in out.stdout.splitlines() if "report_id (Integer)" in line)

    assert read("category = 'sampah' AND created_at >= '2026-11-01' AND created_at < '2026-12-01'") == november
    assert read("created_at >= '2026-11-01' AND created_at < '2026-12-01'") == sorted(november + [fire])
    # the second datetime on every page (the "next" link kept only the first)
    assert read("category = 'sampah' AND created_at >= '2026-11-01' AND created_at < '2026-12-01'", 1) == november
    assert read("category = 'sampah' AND created_at < '2026-11-01'") == [ids["last_of_oct"]]
    # the same -where on a file gives the same (`>= A AND <= A`: nothing, not a refusal)
    assert read("created_at >= '2026-12-01' AND created_at <= '2026-12-01'") == []
