"""Adversarial: nobody outside staff can locate a confidential report more precisely than its
H3 r8 cell, through any public surface.

The attack model is indistinguishability. The same story is played twice on an empty
database: a missing-person report is filed at p1, then (second run) at p2, two points of one
r8 cell that lie in different kelurahan and r9 cells, 100+ m apart. An attacker then asks every
public surface everything it can (lists with bbox and kelurahan filters, the report, "nearby"
from probe points, a submission of their own right at p1, every tile of every public layer at
every zoom over both points, with and without time windows, OGC Features and Tiles, Open311,
all exports, statistics, the GIS view). If any answer differs between the two runs, the
surface leaks where inside the cell the report is. A control run with a non-confidential
category must differ, which shows the probes can see a location at all.
"""
from __future__ import annotations

import csv
import io
import json
import math
import re
from pathlib import Path
from typing import Any

import h3
import mapbox_vector_tile
import psycopg
import pytest
from redis import Redis

from geo.hexes import cell_center, cell_int
from tests.helpers import auth, east_of, jpeg, make_user, submit
from tiles.tilemath import tile_of

TIME = re.compile(r"\d{4}-\d\d-\d\dT[0-9:.]+(Z|[+-]\d\d:?\d\d)?|\w{3}, \d\d \w{3} \d{4} [0-9:]+ GMT"
                  r"|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [A-Z]{2,5}")  # the GeoPackage's created_local: "… 18:14:48 WITA"
VOLATILE = {"created_at", "updated_at", "due_at", "at", "requested_datetime", "updated_datetime",
            "expected_datetime", "frame_at"}


def _metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    dx = (a[0] - b[0]) * 111_320 * math.cos(math.radians(a[1]))
    return math.hypot(dx, (a[1] - b[1]) * 110_570)


@pytest.fixture(scope="module")
def two_points(settings) -> tuple[tuple[float, float], tuple[float, float], int]:
    """Two land points of one r8 cell in different kelurahan and different r9 cells."""
    xs = [123.54 + i * 0.0015 for i in range(80)]
    ys = [-10.21 + j * 0.0015 for j in range(50)]
    pts = [(x, y) for x in xs for y in ys]
    with psycopg.connect(settings.database_url) as c:
        rows = c.execute(
            "SELECT p.i, kp.kelurahan_id FROM unnest(%s::float8[], %s::float8[]) WITH ORDINALITY AS p(x, y, i)"
            " JOIN kelurahan_parts kp ON ST_Intersects(kp.geom, ST_SetSRID(ST_MakePoint(p.x, p.y), 4326))",
            ([p[0] for p in pts], [p[1] for p in pts])).fetchall()
    kel = {pts[i - 1]: k for i, k in rows}
    by_cell: dict[int, list[tuple[float, float]]] = {}
    for p in kel:
        by_cell.setdefault(cell_int(*p, 8), []).append(p)
    for cell in sorted(by_cell):
        inside = by_cell[cell]
        for a in inside:
            for b in inside:
                if (kel[a] != kel[b] and _metres(a, b) > 120 and cell_int(*a, 9) != cell_int(*b, 9)
                        and cell_int(*a, 7) == cell_int(*b, 7)):
                    return a, b, cell
    raise AssertionError("no r8 cell across a kelurahan boundary found")


def _norm(value: Any) -> Any:
    """Drop what differs between two runs for reasons other than location (clock times)."""
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in sorted(value.items()) if k not in VOLATILE}
    if isinstance(value, list | tuple):
        return [_norm(v) for v in value]
    if isinstance(value, str):
        return TIME.sub("<time>", value)
    if isinstance(value, float):
        return round(value, 9)
    return value


def _tile(data: bytes) -> Any:
    layers = mapbox_vector_tile.decode(data)
    return {name: sorted((json.dumps(_norm(f["properties"]), sort_keys=True), json.dumps(f["geometry"]))
                         for f in layer["features"]) for name, layer in layers.items()}


def _tiles_over(points: list[tuple[float, float]]) -> list[tuple[int, int, int]]:
    return sorted({(z, *tile_of(lng, lat, z)) for z in range(0, 17) for lng, lat in points})


def _story(client, conn, run_jobs, tmp_path: Path, point: tuple[float, float],
           probes: list[tuple[float, float]], category: str) -> dict[str, Any]:
    """File one report at `point`, then ask every public surface; returns the answers."""
    conn.execute("TRUNCATE job_outbox, report_events, reports, users RESTART IDENTITY CASCADE")
    conn.commit()
    redis = Redis.from_url(client.application.extensions["sigap.settings"].redis_url)
    redis.flushdb()
    _, citizen = make_user(conn, "keluarga")
    _, attacker = make_user(conn, "penyelidik")
    first = submit(client, citizen, category=category, point=point, photo=jpeg(size=(320, 240)),
                   description="Anak kami belum pulang sejak kemarin sore")
    assert first.status_code == 201, first.get_json()
    rid = first.get_json()["id"]
    run_jobs()
    seen: dict[str, Any] = {}
    # The attacker files a report of the same category exactly at p1 and reads the answer.
    mine = submit(client, attacker, category=category, point=probes[0], photo=jpeg(size=(320, 240)))
    seen["submit.possible_duplicates"] = mine.get_json()["possible_duplicates"]
    run_jobs()

    def get(url: str) -> Any:
        r = client.get(url)
        return r.status_code, (r.get_json() if r.is_json else r.data)

    seen["list"] = get("/api/v1/reports")
    seen["detail"] = get(f"/api/v1/reports/{rid}")
    for p in probes:
        box = f"{p[0] - 0.0004},{p[1] - 0.0004},{p[0] + 0.0004},{p[1] + 0.0004}"
        seen[f"list.bbox{p}"] = get(f"/api/v1/reports?bbox={box}")
        seen[f"ogc.bbox{p}"] = get(f"/ogc/collections/reports/items?bbox={box}")
        seen[f"nearby{p}"] = get(f"/api/v1/reports/nearby?lng={p[0]}&lat={p[1]}&category={category}")
        loc = client.get(f"/api/v1/locate?lng={p[0]}&lat={p[1]}").get_json()
        seen[f"list.kelurahan{p}"] = get(f"/api/v1/reports?kelurahan={loc['kelurahan']}")
    seen["ogc.items"] = get("/ogc/collections/reports/items")
    seen["ogc.item"] = get(f"/ogc/collections/reports/items/{rid}")
    seen["open311.requests"] = get("/open311/v2/requests.json")
    seen["open311.request"] = get(f"/open311/v2/requests/{rid}.json")
    seen["open311.xml"] = TIME.sub("<time>", client.get("/open311/v2/requests.xml").data.decode())
    seen["stats.kelurahan"] = get("/api/v1/stats?group=kelurahan")
    seen["stats.agency"] = get("/api/v1/stats?group=agency")
    seen["export.geojson"] = json.loads(client.get("/api/v1/exports/reports.geojson").data)
    seen["export.csv"] = list(csv.DictReader(io.StringIO(client.get("/api/v1/exports/reports.csv").data.decode())))
    gpkg = tmp_path / "r.gpkg"
    gpkg.write_bytes(client.get("/api/v1/exports/reports.gpkg").data)
    import fiona
    import rasterio

    with fiona.open(gpkg) as src:
        seen["export.gpkg"] = [(dict(f["properties"]), tuple(f["geometry"]["coordinates"])) for f in src]
    tif = tmp_path / "d.tif"
    for cell in (25, 100):
        tif.write_bytes(client.get(f"/api/v1/exports/heatmap.tif?cell_m={cell}").data)
        with rasterio.open(tif) as src:
            seen[f"export.tif{cell}"] = src.read(1).tolist()
    seen["gis.reports"] = [dict(r) for r in conn.execute(
        "SELECT id, category, kelurahan, kecamatan, h3_r8, ST_AsText(geom) AS geom FROM gis.reports ORDER BY id")]
    seen["gis.h3_r8"] = [dict(r) for r in conn.execute(
        "SELECT h3, reports, open FROM gis.report_counts_h3_r8 ORDER BY h3")]
    windows = ["", "?since=2000-01-01T00:00:00Z", f"?category={category}",
               "?since=2000-01-01T00:00:00Z&until=2100-01-01T00:00:00Z"]
    for z, x, y in _tiles_over(probes):
        for layer, ws in (("reports", windows), ("heatmap", windows[:3]), ("detections", windows[:2])):
            for w in ws:
                r = client.get(f"/tiles/{layer}/{z}/{x}/{y}.mvt{w}")
                seen[f"tile.{layer}{w}/{z}/{x}/{y}"] = (r.status_code, _tile(r.data) if r.status_code == 200 else None)
        if 8 <= z <= 16:
            r = client.get(f"/ogc/collections/reports/tiles/WebMercatorQuad/{z}/{y}/{x}")
            seen[f"ogc.tile/{z}/{x}/{y}"] = (r.status_code, _tile(r.data) if r.status_code == 200 else None)
    return _norm(seen)


def _differences(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    return [k for k in a if a[k] != b.get(k)]


def test_no_public_surface_locates_a_confidential_report_inside_its_r8_cell(
        client, conn, run_jobs, tmp_path, two_points) -> None:
    p1, p2, cell = two_points
    centre = cell_center(cell)
    probes = [p1, p2, east_of(p1, 30), east_of(p2, -30), centre]
    one = _story(client, conn, run_jobs, tmp_path, p1, probes, "orang_hilang")
    two = _story(client, conn, run_jobs, tmp_path, p2, probes, "orang_hilang")
    leaks = _differences(one, two)
    assert not leaks, f"{len(leaks)} public answers depend on where in the r8 cell the report is: {leaks[:12]}"
    # The public point is the r8 centre, and the promise is kept in the answers themselves.
    feature = one["detail"][1]
    assert feature["properties"]["location_coarsened"] is True
    assert feature["geometry"]["coordinates"] == pytest.approx(list(centre), abs=1e-9)
    near = one[f"nearby{p1}"][1]["reports"]
    assert [r["location_coarsened"] for r in near] == [True, True]  # the family's and the attacker's
    assert all(r["distance_m"] % 100 == 0 for r in near)


def test_the_same_probes_do_see_an_ordinary_report_move(client, conn, run_jobs, tmp_path,
                                                        two_points) -> None:
    """Control: with a non-confidential category the answers differ, on many surfaces."""
    p1, p2, cell = two_points
    probes = [p1, p2, east_of(p1, 30), east_of(p2, -30), cell_center(cell)]
    one = _story(client, conn, run_jobs, tmp_path, p1, probes, "sampah")
    two = _story(client, conn, run_jobs, tmp_path, p2, probes, "sampah")
    leaks = set(_differences(one, two))
    for surface in ("list", "detail", f"nearby{p1}", "submit.possible_duplicates", "ogc.items", "export.csv",
                    "open311.requests", "stats.kelurahan", "gis.reports"):
        assert surface in leaks, surface
    assert any(k.startswith("tile.reports/16/") for k in leaks)
    assert any(k.startswith("tile.heatmap/15/") for k in leaks)


def test_staff_still_see_the_exact_point(client, conn, two_points) -> None:
    p1, _, _ = two_points
    _, citizen = make_user(conn, "keluarga")
    _, op = make_user(conn, "op", "operator")
    rid = submit(client, citizen, category="kesehatan", point=p1).get_json()["id"]
    staff = client.get(f"/api/v1/reports/{rid}", headers=auth(op)).get_json()
    public = client.get(f"/api/v1/reports/{rid}").get_json()
    assert staff["geometry"]["coordinates"] == pytest.approx(list(p1), abs=1e-9)
    assert public["geometry"]["coordinates"] != staff["geometry"]["coordinates"]
    lat, lng = h3.cell_to_latlng(h3.int_to_str(cell_int(*p1, 8)))
    assert public["geometry"]["coordinates"] == pytest.approx([lng, lat], abs=1e-9)
