"""Point → kelurahan / kecamatan / service zone, checked against the source files."""
from __future__ import annotations

import json

import psycopg
import pytest
from shapely.geometry import shape

from geo.errors import InvalidInput, OutsideCity
from geo.locate import locate
from geo.settings import Settings


def _kelurahan_features(settings: Settings) -> list[dict]:
    return json.loads((settings.reference_dir / "kupang_kelurahan.geojson").read_text())["features"]


def test_representative_point_of_every_kelurahan(conn: psycopg.Connection, settings: Settings) -> None:
    """A point inside each of the 51 polygons (computed by shapely from the file) comes back
    as that kelurahan and its kecamatan."""
    wrong = []
    for f in _kelurahan_features(settings):
        pt = shape(f["geometry"]).representative_point()
        loc = locate(conn, settings, pt.x, pt.y)
        if (loc.kelurahan, loc.kecamatan) != (f["properties"]["kelurahan"], f["properties"]["kecamatan"]):
            wrong.append((f["properties"]["kelurahan"], loc.kelurahan))
        assert loc.distance_m == 0 and not loc.snapped
    assert wrong == []


def test_named_places(conn: psycopg.Connection, settings: Settings) -> None:
    # GMIT Jemaat Kota Kupang (real church point) lies in LLBK, Kota Lama.
    loc = locate(conn, settings, 123.5777664, -10.1627254)
    assert (loc.kelurahan, loc.kecamatan) == ("Lahilai Bissi Kopan", "Kota Lama")


def test_church_points_agree_with_overlay(conn: psycopg.Connection, settings: Settings) -> None:
    fc = json.loads((settings.reference_dir / "kupang_gmit_churches.geojson").read_text())
    assert len(fc["features"]) == 46
    for f in fc["features"]:
        lng, lat = f["geometry"]["coordinates"]
        loc = locate(conn, settings, lng, lat)
        assert loc.kelurahan == f["properties"]["kelurahan_hasil_overlay"], f["properties"]["nama"]


def test_zone_of_the_reports_agency(conn: psycopg.Connection, settings: Settings) -> None:
    dlh = conn.execute("SELECT id FROM agencies WHERE code = 'DLH'").fetchone()["id"]
    loc = locate(conn, settings, 123.5777664, -10.1627254, agency_ids=[dlh])
    assert loc.zone == "DLH Kota Lama"


@pytest.mark.parametrize("lng,lat,why", [
    (123.600, -10.100, "Teluk Kupang, ~3 km offshore"),
    (123.540, -10.120, "Selat Semau"),
    (123.760, -10.200, "Kabupaten Kupang, east of the city"),
    (110.420, -6.990, "Semarang"),
    (0.0, 0.0, "null island"),
])
def test_points_outside_the_city_are_rejected(conn: psycopg.Connection, settings: Settings,
                                              lng: float, lat: float, why: str) -> None:
    with pytest.raises(OutsideCity) as exc:
        locate(conn, settings, lng, lat)
    err = exc.value
    assert (err.status, err.code) == (422, "outside_city")
    assert "Kota Kupang" in err.message_id and "Kota Kupang" in err.message_en


def test_gps_just_off_the_shore_snaps_to_the_nearest_kelurahan(conn: psycopg.Connection,
                                                               settings: Settings) -> None:
    # 40 m north of the northernmost point of the city's outline lies in the water.
    top = conn.execute(
        "SELECT ST_X(p) AS x, ST_Y(p) AS y FROM (SELECT (ST_DumpPoints(geom)).geom AS p FROM kecamatan) d"
        " ORDER BY ST_Y(p) DESC LIMIT 1").fetchone()
    loc = locate(conn, settings, top["x"], top["y"] + 40 / 110_600)
    assert loc.snapped and 30 < loc.distance_m < 60


@pytest.mark.parametrize("lng,lat", [("abc", -10.1), (-10.17, 123.6), (float("nan"), -10.1)])
def test_malformed_coordinates_are_a_400(conn: psycopg.Connection, settings: Settings,
                                         lng: object, lat: object) -> None:
    with pytest.raises(InvalidInput) as exc:
        locate(conn, settings, lng, lat)  # type: ignore[arg-type]
    assert exc.value.code == "invalid_coordinates"
