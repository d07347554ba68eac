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
def loaded(tmp_path, env, clean):  # type: ignore[no-untyped-def]
    from api.cli import main

    path = write_extract(tmp_path / "kupang-test.osm.pbf")
    out = CliRunner().invoke(main, ["load-osm", str(path)])
    assert out.exit_code == 0, out.output
    return out.output


def test_import_clips_counts_and_replaces(loaded: str, conn: psycopg.Connection, tmp_path) -> None:  # type: ignore[no-untyped-def]
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


def test_basemap_tile_has_named_roads_and_buildings(loaded: str, client) -> None:  # type: ignore[no-untyped-def]
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


def test_geocode_is_typo_tolerant_and_knows_indonesian_abbreviations(loaded: str, client) -> None:  # type: ignore[no-untyped-def]
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


def test_reports_know_their_street(loaded: str, client, conn: psycopg.Connection) -> None:  # type: ignore[no-untyped-def]
    _, token = make_user(conn, "ani")
    rid = submit(client, token, point=offset(30, 20)).get_json()["id"]
    row = conn.execute("SELECT street_name, street_distance_m, public_street_name FROM reports WHERE id = %s",
                       (rid,)).fetchone()
    assert row["street_name"] == "Jalan Jenderal Sudirman" and row["street_distance_m"] == pytest.approx(20, abs=2)
    props = client.get(f"/api/v1/reports/{rid}").get_json()["properties"]
    assert props["street"] == "Jalan Jenderal Sudirman"
    req = client.get(f"/open311/v2/requests/{rid}.json").get_json()[0]
    assert req["address"].startswith("Jalan Jenderal Sudirman, Kel. Lahilai Bissi Kopan")
