"""Exports as planners and GIS staff open them: GeoJSON, CSV, GeoPackage (ogrinfo), GeoTIFF (gdalinfo)."""
from __future__ import annotations

import csv
import io
import re
import subprocess

import numpy as np
import psycopg
import pytest
from pyproj import Transformer

from geo import cities
from geo.exports import grid_bounds
from tests.helpers import LLBK, east_of, make_user, submit


@pytest.fixture
def three_reports(client, conn: psycopg.Connection) -> list[int]:
    _, citizen = make_user(conn, "warga")
    return [submit(client, citizen, point=east_of(LLBK, 400 * i), category=c).get_json()["id"]
            for i, c in enumerate(["sampah", "kebakaran", "orang_hilang"])]


def test_grid_covers_the_city(conn: psycopg.Connection) -> None:
    """Kupang's grid in its UTM zone (51S) holds the city's corners, in whole kilometres."""
    city = cities.resolve(conn, "kupang")
    bounds = grid_bounds(city)
    assert city.utm_epsg == 32751 and all(v % 1000 == 0 for v in bounds)
    to_utm = Transformer.from_crs("EPSG:4326", "EPSG:32751", always_xy=True)
    for lng, lat in [(123.5272, -10.2933), (123.6836, -10.1296)]:
        x, y = to_utm.transform(lng, lat)
        assert bounds[0] < x < bounds[2] and bounds[1] < y < bounds[3]


def test_geojson_and_csv(client, three_reports: list[int]) -> None:
    fc = client.get("/api/v1/exports/reports.geojson").get_json()
    assert "OpenStreetMap" in fc["attribution"]  # street names are ODbL data: the file says so
    assert "OpenStreetMap" in client.get("/api/v1/exports/reports.csv").headers["X-Attribution"]
    assert [f["id"] for f in fc["features"]] == three_reports
    secret = fc["features"][2]
    assert secret["properties"]["location_coarsened"] and secret["geometry"]["coordinates"] != list(east_of(LLBK, 800))
    assert all("reporter_id" not in f["properties"] for f in fc["features"])
    fire = client.get("/api/v1/exports/reports.geojson?category=kebakaran").get_json()["features"]
    assert [f["properties"]["agency"] for f in fire] == ["DAMKAR"]
    text = client.get("/api/v1/exports/reports.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [int(r["id"]) for r in rows] == three_reports and rows[0]["kelurahan"] == "Lahilai Bissi Kopan"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00", rows[0]["created_at"])  # to the second, WITA
    assert client.get("/api/v1/exports/reports.csv?status=done").status_code == 400
    # The same thing has the same name as in the API and OGC: a planner joins files by it.
    listed = client.get(f"/api/v1/reports/{three_reports[0]}").get_json()["properties"]
    assert rows[0]["category_name_id"] == listed["category_name_id"] and "category_name" not in rows[0]


def test_geopackage_opens_in_gdal(client, three_reports: list[int], tmp_path) -> None:
    r = client.get("/api/v1/exports/reports.gpkg")
    assert r.status_code == 200 and r.data[:16] == b"SQLite format 3\x00"
    path = tmp_path / "reports.gpkg"
    path.write_bytes(r.data)
    out = subprocess.run(["ogrinfo", "-ro", "-so", str(path), "reports"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "Feature Count: 3" in out.stdout and "Geometry: Point" in out.stdout
    assert "EPSG\",4326" in out.stdout or "WGS 84" in out.stdout
    assert "category: String" in out.stdout and "created_at: DateTime" in out.stdout
    # Times are UTC as GeoPackage requires (city-time values drew GDAL's "Non-conformant content"
    # warning on every row); the city's wall clock is beside them, in words.
    full = subprocess.run(["ogrinfo", "-ro", "-q", str(path), "reports", "-fid", str(1)],
                          capture_output=True, text=True, timeout=60)
    assert full.returncode == 0 and "Non-conformant" not in full.stderr, full.stderr
    created = next(line for line in full.stdout.splitlines() if "created_at (DateTime)" in line)
    local = next(line for line in full.stdout.splitlines() if "created_local (String)" in line)
    assert created.rstrip().endswith("+00") and local.rstrip().endswith(" WITA"), (created, local)
    utc_hour = int(created.split()[-1].split(":")[0])
    assert int(local.split()[-2].split(":")[0]) == (utc_hour + 8) % 24  # WITA is UTC+8
    assert "category_name_en (String) = Garbage" in full.stdout


def test_density_geotiff_opens_in_gdal_with_true_counts(client, three_reports: list[int], tmp_path) -> None:
    import rasterio

    r = client.get("/api/v1/exports/heatmap.tif?cell_m=100")
    assert r.status_code == 200 and r.mimetype == "image/tiff"
    path = tmp_path / "density.tif"
    path.write_bytes(r.data)
    info = subprocess.run(["gdalinfo", str(path)], capture_output=True, text=True, timeout=60)
    assert info.returncode == 0, info.stderr
    assert "UTM zone 51S" in info.stdout and "Pixel Size = (100.000000000000000,-100.000000000000000)" in info.stdout
    with rasterio.open(path) as ds:
        grid = ds.read(1)
        assert ds.crs.to_epsg() == 32751
        assert float(grid.sum()) * 0.01 == pytest.approx(3)  # reports per km² × km² per cell
        x, y = Transformer.from_crs("EPSG:4326", "EPSG:32751", always_xy=True).transform(*LLBK)
        row, col = ds.index(x, y)
        assert grid[row, col] == pytest.approx(100.0)  # one report in a 0.01 km² cell
    only_fire = client.get("/api/v1/exports/heatmap.tif?cell_m=500&category=kebakaran")
    with rasterio.open(io.BytesIO(only_fire.data)) as ds:
        assert float(np.asarray(ds.read(1)).sum()) * 0.25 == pytest.approx(1)
    assert client.get("/api/v1/exports/heatmap.tif?cell_m=1").status_code == 400


def test_exports_take_every_filter_of_the_list(client, three_reports: list[int]) -> None:
    """A planner's kelurahan or bbox narrows the file as it narrows the list: a filter the export
    did not know answered 200 with the whole city (and the heatmap ignored status and agency)."""
    import rasterio

    first = east_of(LLBK, 0)
    box = f"{first[0] - 0.001},{first[1] - 0.001},{first[0] + 0.001},{first[1] + 0.001}"
    def get(url: str, n: int):  # a planner's office each: exports are limited to 10 a minute an address
        return client.get(url, environ_base={"REMOTE_ADDR": f"198.51.100.{n}"})

    for n, query in enumerate((f"bbox={box}", "kelurahan=Lahilai%20Bissi%20Kopan", "agency=DAMKAR", "status=resolved",
                  "status=submitted&agency=DLH",
                                     "kecamatan=Kota%20Lama", "kecamatan=Alak")):
        listed = sorted(f["id"] for f in client.get(f"/api/v1/reports?{query}").get_json()["features"])
        exported = [f["id"] for f in get(f"/api/v1/exports/reports.geojson?{query}", n).get_json()["features"]]
        assert exported == listed, query
        rows = list(csv.DictReader(io.StringIO(get(f"/api/v1/exports/reports.csv?{query}", n).get_data(as_text=True))))
        assert [int(r["id"]) for r in rows] == listed, query
        with rasterio.open(io.BytesIO(get(f"/api/v1/exports/heatmap.tif?cell_m=500&{query}", n).data)) as ds:
            assert float(np.asarray(ds.read(1)).sum()) * 0.25 == pytest.approx(len(listed)), query
    kota_lama = client.get("/api/v1/exports/reports.geojson?kecamatan=kota%20lama").get_json()["features"]
    assert [f["id"] for f in kota_lama] == three_reports  # a camat's whole kecamatan, and no other
    assert client.get("/api/v1/exports/reports.geojson?kecamatan=Alak").get_json()["features"] == []
    assert [f["id"] for f in client.get(f"/api/v1/exports/reports.geojson?bbox={box}").get_json()["features"]] \
        == three_reports[:1]
    named = client.get("/api/v1/exports/reports.csv?category=sampah&since=2026-11-01T00:00:00%2B08:00&until=2026-12-01",
                       environ_base={"REMOTE_ADDR": "198.51.100.99"}).headers["Content-Disposition"]
    # filtered files do not overwrite; the exclusive end reads as such
    assert 'filename="sigap_kupang_reports_sampah_from-2026-11-01_before-2026-12-01.csv"' in named
    # an hour other than the day's start is in the name too (two extracts of one day had one name)
    early = client.get("/api/v1/exports/reports.csv?since=2026-11-01T05:30:00%2B08:00",
                       environ_base={"REMOTE_ADDR": "198.51.100.98"}).headers["Content-Disposition"]
    assert 'filename="sigap_kupang_reports_from-2026-11-01-0530.csv"' in early
    # the same instant in UTC is named on the city's clock too (it was "…from-2026-10-31-2130")
    utc = client.get("/api/v1/exports/reports.csv?since=2026-10-31T21:30:00Z",
                     environ_base={"REMOTE_ADDR": "198.51.100.97"}).headers["Content-Disposition"]
    assert 'filename="sigap_kupang_reports_from-2026-11-01-0530.csv"' in utc
    # a GeoTIFF says inside what it counted: a renamed copy lost its period and category
    tif = client.get("/api/v1/exports/heatmap.tif?category=sampah&since=2026-11-01",
                     environ_base={"REMOTE_ADDR": "198.51.100.96"})
    with rasterio.open(io.BytesIO(tif.data)) as ds:
        tags = ds.tags()
    assert (tags["filter_category"], tags["filter_since"], tags["city"]) == ("sampah", "2026-11-01", "Kota Kupang"), tags
    assert client.get("/api/v1/exports/reports.geojson?bbox=1,2,3").status_code == 400
    assert client.get("/api/v1/exports/heatmap.tif?bbox=1,2,3").status_code == 400


def test_a_parameter_a_surface_does_not_take_is_refused_not_ignored(client, three_reports: list[int]) -> None:
    """`/stats?status=closed` answered every report and `reports.csv?statuss=closed` (a typo) the
    whole city: the planner believed the figures were filtered. Now a 400 names what is taken."""
    def get(url: str, n: int):
        return client.get(url, environ_base={"REMOTE_ADDR": f"198.51.100.{50 + n}"})

    for n, url in enumerate(("/api/v1/stats?status=closed", "/api/v1/exports/reports.csv?statuss=closed",
                             "/api/v1/exports/reports.gpkg?kelurahn=Oebobo", "/api/v1/exports/heatmap.tif?cell=500",
                             "/api/v1/reports?categori=sampah")):
        r = get(url, n)
        assert (r.status_code, r.get_json()["code"]) == (400, "unknown_parameter"), url
        assert "Parameter tidak dikenal" in r.get_json()["message"] and "Unknown parameter" in r.get_json()["message_en"]
    for n, url in enumerate(("/api/v1/stats?group=category&category=sampah&city=kupang",
                             "/api/v1/exports/reports.csv?status=submitted&city=kupang",
                             "/api/v1/exports/heatmap.tif?cell_m=500&agency=DLH",
                             "/api/v1/reports?mine=0&order=due&limit=5&city=kupang")):
        assert get(url, 10 + n).status_code == 200, url


def test_a_misspelt_filter_value_is_refused_on_every_surface(client, three_reports: list[int]) -> None:
    """`category=nope` answered 200 and nothing on the list, OGC items, the statistics and the
    GeoTIFF (the tiles said 400), `agency=dlh` an empty file called "…_dlh.csv", `kecamatan=Atlantis`
    an empty list: a journalist could publish "0 reports" from a typo. Now each surface answers 400
    with what the city has, and a code in lower case is the code."""
    def get(url: str, n: int):
        return client.get(url, environ_base={"REMOTE_ADDR": f"198.51.100.{120 + n}"})

    surfaces = ("/api/v1/reports?", "/api/v1/exports/reports.csv?", "/api/v1/exports/reports.geojson?",
                "/api/v1/exports/heatmap.tif?", "/api/v1/stats?group=agency&", "/ogc/collections/reports/items?",
                "/tiles/reports/12/3454/2164.mvt?", "/tiles/heatmap/12/3454/2164.mvt?")
    n = 0
    for base in surfaces:
        for bad, code in (("category=sampah,nope", "invalid_category"), ("agency=XYZ", "invalid_agency"),
                          ("kecamatan=Atlantis", "invalid_kecamatan"), ("kelurahan=Narnia", "invalid_kelurahan")):
            n += 1
            r = get(base + bad, n)
            if r.status_code == 400 and r.get_json()["code"] in ("unknown_parameter", "invalid_filter") \
                    and not bad.startswith("category") and (base.startswith("/ogc") or base.startswith("/tiles")):
                continue  # a filter the surface does not take (OGC: category and status; tiles: no areas)
            assert r.status_code == 400, (base, bad, r.status_code)
            body = r.get_json()
            assert body["code"] in (code, "invalid_filter"), (base, bad, body)
            assert "tidak dikenal" in body["message"] and ("Unknown" in body["message_en"]), (base, bad)
    # a stray space is not "no such kecamatan", nor "nothing there" (a 200 with nothing in it)
    spaced = client.get("/api/v1/reports?kecamatan=%20kota%20lama%20").get_json()["features"]
    assert spaced and spaced == client.get("/api/v1/reports?kecamatan=Kota%20Lama").get_json()["features"]
    # the lower-case code is the code: the same rows as DLH, and the file says DLH
    upper = client.get("/api/v1/reports?agency=DLH").get_json()["features"]
    assert upper and client.get("/api/v1/reports?agency=dlh").get_json()["features"] == upper
    named = get("/api/v1/exports/reports.csv?agency=dlh", 99)
    assert named.status_code == 200 and len(named.get_data(as_text=True).splitlines()) == 1 + len(upper)
    assert 'filename="sigap_kupang_reports_dlh.csv"' in named.headers["Content-Disposition"]
    assert client.get("/tiles/reports/12/3454/2164.mvt?agency=dlh").status_code == 200
    assert client.get("/tiles/reports/12/3454/2164.mvt?category=SAMPAH").status_code == 200  # as the list takes it
    nope = client.get("/tiles/reports/12/3454/2164.mvt?category=nope").get_json()
    assert "sampah" in nope["details"]["allowed"]
    # OGC: one format offered, and f=xml is not answered in it
    xml = client.get("/ogc/collections/reports/items?f=xml")
    assert (xml.status_code, xml.get_json()["code"]) == (400, "invalid_format")
    assert client.get("/ogc/collections/reports/items?f=json").status_code == 200


def test_confidential_reports_are_spread_over_their_hexagon_in_the_geotiff(client, conn, tmp_path) -> None:
    """The density GeoTIFF's hottest 100 m cells were all piles of missing-person and health
    reports at their r8 centre (10 reports in one pixel: 1,000 per km²), an artefact of keeping
    them coarse that a planner read as the city's worst spot. Now each is spread evenly over the
    grid cells inside its hexagon (its whole count kept), and a plain report stays in its pixel."""
    import rasterio

    from geo.hexes import cell_center, cell_int

    _, family = make_user(conn, "keluarga")
    for i in range(6):  # six health reports from around one spot, all public at one r8 centre
        assert submit(client, make_user(conn, f"warga{i}")[1], category="kesehatan",
                      point=east_of(LLBK, 20 * i)).status_code == 201
    assert submit(client, family, point=east_of(LLBK, 2500)).status_code == 201  # a pile of garbage
    with rasterio.open(io.BytesIO(client.get("/api/v1/exports/heatmap.tif?cell_m=100").data)) as ds:
        grid = np.asarray(ds.read(1))
        assert float(grid.sum()) * 0.01 == pytest.approx(7)
        to_utm = Transformer.from_crs("EPSG:4326", "EPSG:32751", always_xy=True)
        centre = ds.index(*to_utm.transform(*cell_center(cell_int(*LLBK, 8))))
        assert grid[centre] < 20, grid[centre]  # not 600 per km² (six in 0.01 km²)
        assert (grid > 0).sum() > 50  # a 0.74 km² hexagon covers ~70 cells of 100 m
        assert grid[ds.index(*to_utm.transform(*east_of(LLBK, 2500)))] == pytest.approx(100.0)
        assert "spread evenly" in ds.tags()["confidential"]
    coarse = client.get("/api/v1/exports/heatmap.tif?cell_m=5000&category=kesehatan")
    with rasterio.open(io.BytesIO(coarse.data)) as ds:  # no 5 km cell centre inside a hexagon: its own cell
        assert float(np.asarray(ds.read(1)).sum()) * 25 == pytest.approx(6)
    # At the city's southern tip (Naioni) the report's hexagon reaches ~700 m past the grid: the
    # shares that fell off the raster were lost (the report counted as ~0.6 of one).
    assert submit(client, family, category="kesehatan", point=(123.60217, -10.2931)).status_code == 201
    with rasterio.open(io.BytesIO(client.get("/api/v1/exports/heatmap.tif?cell_m=100&category=kesehatan").data)) as ds:
        assert float(np.asarray(ds.read(1)).sum()) * 0.01 == pytest.approx(7)
