"""OpenStreetMap in SIGAP, on an extract the test writes in real .osm.pbf format: import
(clipped to the city, broken ways counted, re-import replaces), basemap tiles with named
roads, typo-tolerant address search with Indonesian abbreviations, and reports that know
their street (also in Open311's address)."""
from __future__ import annotations

import gzip

import mapbox_vector_tile
import psycopg
import pytest
from click.testing import CliRunner

from tests.helpers import LLBK, make_user, submit
from tests.osm_extract import offset, write_extract
from tiles.tilemath import tile_of


@pytest.fixture
def loaded(tmp_path, env, clean):
    from api.cli import main

    path = write_extract(tmp_path / "kupang-test.osm.pbf")
    out = CliRunner().invoke(main, ["load-osm", str(path)])
    assert out.exit_code == 0, out.output
    return out.output


def test_import_clips_counts_and_replaces(loaded: str, conn: psycopg.Connection, tmp_path) -> None:
    from api.cli import main

    assert "roads 4" in loaded and "broken_geometries 1" in loaded  # the way with missing nodes is reported
    names = {r["name"] for r in conn.execute("SELECT name FROM osm_roads")}
    assert names == {"Jalan Jenderal Sudirman", "Jalan Satu Arah", "Gang Mawar", "Gang Melati"}  # not outside the city
    one = conn.execute("SELECT oneway, maxspeed FROM osm_roads WHERE name = 'Jalan Satu Arah'").fetchone()
    assert one["oneway"] == 1
    assert conn.execute("SELECT maxspeed FROM osm_roads WHERE name = 'Jalan Jenderal Sudirman'").fetchone()["maxspeed"] == 40
    layers = {r["layer"]: r["n"] for r in conn.execute("SELECT layer, count(*) AS n FROM osm_areas GROUP BY layer")}
    assert layers == {"building": 2, "water": 1}
    places = {r["name"]: r["kind"] for r in conn.execute("SELECT name, kind FROM osm_places")}
    assert places == {"Pasar Oeba": "marketplace", "Kampung Solor": "neighbourhood", "SD Inpres Oeba": "school"}
    assert conn.execute("SELECT source FROM osm_import").fetchone()["source"] == "kupang-test.osm.pbf"
    conn.commit()
    # Re-import: the renamed street replaces the old one, nothing doubles.
    out = CliRunner().invoke(main, ["load-osm", str(write_extract(tmp_path / "v2.osm.pbf", main_street="Jalan El Tari"))])
    assert out.exit_code == 0, out.output
    names = [r["name"] for r in conn.execute("SELECT name FROM osm_roads ORDER BY name")]
    assert "Jalan El Tari" in names and "Jalan Jenderal Sudirman" not in names and len(names) == 4
    # A file that is not OSM: a clear error, the import in place stays.
    bad = tmp_path / "rusak.osm.pbf"
    bad.write_bytes(b"this is not a protocol buffer")
    out = CliRunner().invoke(main, ["load-osm", str(bad)])
    assert out.exit_code != 0 and "cannot be read" in out.output
    assert conn.execute("SELECT count(*) AS n FROM osm_roads").fetchone()["n"] == 4


def test_basemap_tile_has_named_roads_and_buildings(loaded: str, client) -> None:
    z = 16
    x, y = tile_of(*LLBK, z)
    r = client.get(f"/tiles/basemap/{z}/{x}/{y}.mvt", headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200 and r.headers["Content-Encoding"] == "gzip"
    tile = mapbox_vector_tile.decode(gzip.decompress(r.data))
    roads = {f["properties"].get("name") for f in tile["osm_roads"]["features"]}
    assert "Jalan Jenderal Sudirman" in roads
    assert tile["osm_buildings"]["features"] and tile["osm_water"]["features"]
    # Low zoom: only major roads.
    x, y = tile_of(*LLBK, 11)
    low = mapbox_vector_tile.decode(client.get(f"/tiles/basemap/11/{x}/{y}.mvt").data)
    assert {f["properties"]["highway"] for f in low["osm_roads"]["features"]} == {"secondary"}
    assert "osm_buildings" not in low


def test_geocode_is_typo_tolerant_and_knows_indonesian_abbreviations(loaded: str, client) -> None:
    hits = client.get("/api/v1/geocode?q=Jl.%20Sudirmn").get_json()["results"]
    street = [h for h in hits if h["name"] == "Jalan Jenderal Sudirman"]
    assert hits[0]["name"] == "Jalan Jenderal Sudirman" and all(h["kind"] == "street" for h in street)
    assert "Lahilai Bissi Kopan" in {h["kelurahan"] for h in street}  # once per kelurahan it runs through
    assert all(abs(h["lat"] - LLBK[1]) < 0.0005 for h in street)  # a point on the street
    assert client.get("/api/v1/geocode?q=gg%20mawar").get_json()["results"][0]["name"] == "Gang Mawar"
    assert client.get("/api/v1/geocode?q=pasar%20oeba").get_json()["results"][0]["kind"] == "poi"
    assert client.get("/api/v1/geocode?q=Kel.%20Oebobo").get_json()["results"][0]["name"] == "Oebobo"
    assert client.get("/api/v1/geocode?q=zzzzqqq").get_json()["results"] == []
    r = client.get("/api/v1/geocode?q=ab")
    assert (r.status_code, r.get_json()["code"]) == (400, "invalid_q")


def test_reports_know_their_street(loaded: str, client, conn: psycopg.Connection) -> None:
    _, token = make_user(conn, "ani")
    rid = submit(client, token, point=offset(30, 20)).get_json()["id"]
    row = conn.execute("SELECT street_name, street_distance_m, public_street_name FROM reports WHERE id = %s",
                       (rid,)).fetchone()
    assert row["street_name"] == "Jalan Jenderal Sudirman" and row["street_distance_m"] == pytest.approx(20, abs=2)
    props = client.get(f"/api/v1/reports/{rid}").get_json()["properties"]
    assert props["street"] == "Jalan Jenderal Sudirman"
    spot = offset(30, 20)
    here = client.get(f"/api/v1/locate?lng={spot[0]}&lat={spot[1]}").get_json()  # what the report form shows
    assert here["street"]["name"] == "Jalan Jenderal Sudirman" and here["kelurahan"]["name"] == "Lahilai Bissi Kopan"
    req = client.get(f"/open311/v2/requests/{rid}.json").get_json()[0]
    assert req["address"].startswith("Jalan Jenderal Sudirman, Kel. Lahilai Bissi Kopan")


def test_a_report_far_from_every_street_has_none(loaded: str, client, conn: psycopg.Connection, tmp_path) -> None:
    """A street is named only within 300 m: uncapped, a city without an import (or a field far
    from any road) got another city's street, 1,890 km away, in every address and export."""
    _, token = make_user(conn, "ani")
    far = offset(0, -1000)  # 1 km south of the extract's streets, still in the city
    rid = submit(client, token, point=far).get_json()["id"]
    near = submit(client, token, point=offset(30, 20), category="lampu_rambu").get_json()["id"]

    def streets(report_id: int) -> tuple[object, ...]:
        row = conn.execute("SELECT street_name, street_distance_m, public_street_name FROM reports WHERE id = %s",
                           (report_id,)).fetchone()
        return row["street_name"], row["street_distance_m"], row["public_street_name"]

    assert streets(rid) == (None, None, None)
    assert streets(near)[0] == "Jalan Jenderal Sudirman"
    props = client.get(f"/api/v1/reports/{rid}").get_json()["properties"]
    assert props["street"] is None and props["street_distance_m"] is None
    assert client.get(f"/api/v1/locate?lng={far[0]}&lat={far[1]}").get_json()["street"] is None
    assert client.get(f"/open311/v2/requests/{rid}.json").get_json()[0]["address"].startswith("Kel. ")
    # A re-import recomputes every report's street the same way.
    from api.cli import main

    out = CliRunner().invoke(main, ["load-osm", str(write_extract(tmp_path / "v2.osm.pbf", main_street="Jalan El Tari"))])
    assert out.exit_code == 0, out.output
    assert streets(rid) == (None, None, None)
    assert streets(near)[0] == "Jalan El Tari"


def test_dispatch_ranks_by_road_and_respects_one_way_streets(loaded: str, client, conn: psycopg.Connection) -> None:
    """The report is at the west end of a one-way street (eastbound). Budi is 250 m away in a
    straight line but on that street: by road he must go round (~590 m). Citra is 277 m away on
    the main street: ~370 m by road. Dispatch by road picks Citra; both distances are shown."""
    from tests.helpers import auth

    _, citizen = make_user(conn, "ani")
    _, operator = make_user(conn, "op", "operator")
    people = {}
    for name, where in (("budi", offset(100, 120)), ("citra", offset(-400, 0)), ("dodi", offset(2500, 2500))):
        uid, token = make_user(conn, name, "responder", "DLH")
        assert client.put("/api/v1/responders/me/status", json={"status": "available"}, headers=auth(token)).status_code == 200
        r = client.post("/api/v1/responders/me/location", json={"lng": where[0], "lat": where[1]}, headers=auth(token))
        assert r.status_code in (200, 204), r.get_json()
        people[uid] = name
    rid = submit(client, citizen, point=offset(-150, 120)).get_json()["id"]
    got = client.get(f"/api/v1/reports/{rid}/nearest-responders?k=3", headers=auth(operator)).get_json()["responders"]
    by_name = {people[g["responder_id"]]: g for g in got}
    assert [people[g["responder_id"]] for g in got][:2] == ["citra", "budi"]
    assert by_name["budi"]["distance_m"] < by_name["citra"]["distance_m"], "budi is nearer in a straight line"
    assert by_name["budi"]["road_distance_m"] == pytest.approx(590, rel=0.1)
    assert by_name["citra"]["road_distance_m"] == pytest.approx(370, rel=0.1)
    assert by_name["citra"]["eta_s"] < by_name["budi"]["eta_s"]
    # Dodi is kilometres from any road of the extract: no road path, he keeps his straight line, last.
    assert by_name["dodi"]["road_distance_m"] is None and people[got[-1]["responder_id"]] == "dodi"


def test_open311_post_with_an_address_instead_of_coordinates(loaded: str, client, conn: psycopg.Connection) -> None:
    """GeoReport v2: lat/long or address_string; the address is geocoded in the city."""
    import io

    from tests.helpers import jpeg

    _, token = make_user(conn, "ani")
    form = {"api_key": token, "service_code": "sampah", "address_string": "Jl. Sudirman",
            "description": "Sampah di pinggir jalan", "media": (io.BytesIO(jpeg()), "f.jpg")}
    r = client.post("/open311/v2/requests.json", data=form, content_type="multipart/form-data")
    assert r.status_code == 201, r.get_json()
    rid = int(r.get_json()[0]["service_request_id"])
    row = conn.execute("SELECT street_name FROM reports WHERE id = %s", (rid,)).fetchone()
    assert row["street_name"] == "Jalan Jenderal Sudirman"
    form.update(address_string="Jalan Yang Tidak Ada Di Kupang", media=(io.BytesIO(jpeg()), "f.jpg"))
    r = client.post("/open311/v2/requests.json", data=form, content_type="multipart/form-data")
    assert r.status_code == 422 and "Address not found" in r.get_json()[0]["description"]  # Open311's error form
    del form["address_string"]
    form["media"] = (io.BytesIO(jpeg()), "f.jpg")
    r = client.post("/open311/v2/requests.json", data=form, content_type="multipart/form-data")
    assert r.status_code == 400 and "lat/long or address_string" in r.get_json()[0]["description"]
