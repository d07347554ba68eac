"""Planners' hot spots on planted data, through the real job, tables, tiles and exports:
a planted cluster is found, a uniform pattern yields nothing beyond the false discovery rate,
planted trends get their emerging hot spot pattern, and the results reach staff only."""
from __future__ import annotations

import json
import random
import re
import subprocess
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import h3
import numpy as np
import pytest

from geo import analytics, hotstats
from tests.helpers import KUPANG_TZ, auth, make_user, plant_reports, submit
from tests.test_tiles import decode
from tiles.tilemath import tile_of

REPO = Path(__file__).resolve().parents[1]


def city_cells(res: int) -> list[int]:
    fc = json.loads((REPO / "data/reference/kupang_kelurahan.geojson").read_text())
    cells: set[int] = set()
    for f in fc["features"]:
        cells |= {h3.str_to_int(c) for c in h3.geo_to_cells(f["geometry"], res)}
    return sorted(cells)


def cluster_centres(n: int, res: int = 8, apart: int = 6) -> list[int]:
    """n cells of the city whose two rings of neighbours are all in the city, far apart."""
    cells = set(city_cells(res))
    chosen: list[int] = []
    for c in sorted(cells):
        disk = {h3.str_to_int(x) for x in h3.grid_disk(h3.int_to_str(c), 2)}
        if disk <= cells and all(h3.grid_distance(h3.int_to_str(c), h3.int_to_str(o)) >= apart for o in chosen):
            chosen.append(c)
        if len(chosen) == n:
            return chosen
    raise AssertionError("the city has no room for the clusters")


def ring1(cell: int) -> list[int]:
    return [h3.str_to_int(x) for x in h3.grid_disk(h3.int_to_str(cell), 1)]


def points(cell: int, n: int, category: str, when: datetime, rnd: random.Random) -> list[dict[str, Any]]:
    """n reports near the centre of a cell (within ~100 m, inside an r8 cell)."""
    lat, lng = h3.cell_to_latlng(h3.int_to_str(cell))
    return [{"lng": lng + rnd.uniform(-0.0008, 0.0008), "lat": lat + rnd.uniform(-0.0008, 0.0008),
             "category": category, "created": when - timedelta(hours=rnd.uniform(0, 48))} for _ in range(n)]


def cluster_rows(seed: int, days_ago: tuple[float, float] = (2, 25)) -> tuple[int, list[dict[str, Any]]]:
    """Reports of "sampah" over the last weeks: Poisson(1) per r8 cell of the city, and a cluster
    of the seven cells around one centre with eight more each. (centre, rows to plant)."""
    rnd, nrnd = random.Random(seed), np.random.default_rng(seed)
    now = datetime.now(KUPANG_TZ)
    centre = cluster_centres(1)[0]
    rows = []
    for cell in city_cells(8):
        rows += points(cell, int(nrnd.poisson(1)), "sampah", now - timedelta(days=rnd.uniform(*days_ago)), rnd)
    for cell in ring1(centre):
        rows += points(cell, 8, "sampah", now - timedelta(days=rnd.uniform(*days_ago)), rnd)
    return centre, rows


def test_planted_cluster_is_found_and_served_to_staff_only(client, conn, env, tmp_path) -> None:
    centre, rows = cluster_rows(5)
    assert plant_reports(conn, rows) > 250
    # two residents on the shore of Nunhila, where the cell's centre is at sea (a walk found such a
    # hot cell with no kelurahan in the download)
    shore = [(123.583, -10.159), (123.5822, -10.1588)]
    for i, point in enumerate(shore):
        assert submit(client, make_user(conn, f"pantai{i}")[1], point=point).status_code == 201
    coastal = h3.latlng_to_cell(shore[0][1], shore[0][0], 8)

    # An administrator runs the analysis now (the worker's job runs the same every few hours);
    # what it prints counts the hot cells it found (it said 0 once runs were named by city).
    from click.testing import CliRunner

    from api.cli import main
    out = CliRunner().invoke(main, ["analyse"])
    assert out.exit_code == 0, out.output
    found = re.search(r"(\d+) sel panas", out.output)
    assert found and int(found.group(1)) >= 5, out.output

    _, op = make_user(conn, "perencana", role="operator")
    runs = client.get("/api/v1/analytics/runs", headers=auth(op)).get_json()["runs"]
    run = next(r for r in runs if r["kind"] == "hotspots" and r["category"] == "sampah" and r["period"] == "3m"
               and r["res"] == 8)
    assert run["hot"] >= 5 and run["note"] == "" and run["permutations"] == 9999
    # A category nobody reported in is not tested, and says why.
    quiet = next(r for r in runs if r["kind"] == "hotspots" and r["category"] == "kebakaran")
    assert quiet["hot"] == 0 and "too few reports" in quiet["note"]
    # and its cells say so, with no statistic: z 0 and p 1 read as "tested, nothing there" in a GIS
    untested = client.get("/api/v1/analytics/hotspots.geojson?category=kebakaran&period=3m&res=8",
                          headers=auth(op)).get_json()["features"]
    assert untested and all((f["properties"]["gi_z"], f["properties"]["p_value"], f["properties"]["tested"])
                            == (None, None, False) for f in untested)
    assert "too few reports" in untested[0]["properties"]["note"]

    gj = client.get("/api/v1/analytics/hotspots.geojson?category=sampah&period=3m&res=8", headers=auth(op))
    assert gj.status_code == 200
    by_cell = {f["properties"]["h3"]: f["properties"] for f in gj.get_json()["features"]}
    assert by_cell[h3.int_to_str(centre)]["confidence"] >= 95
    # The file says where each cell is and which months it counted, on the city's clock.
    hot = by_cell[h3.int_to_str(centre)]
    run = next(r for r in client.get("/api/v1/analytics/runs", headers=auth(op)).get_json()["runs"]
               if r["kind"] == "hotspots" and r["category"] == "sampah" and r["period"] == "3m" and r["res"] == 8)
    assert hot["kelurahan"] and hot["kecamatan"], hot
    assert (hot["first_month"], hot["last_month"]) == (run["months"][0], run["months"][-1])
    assert hot["computed_at"].endswith("+08:00")
    assert hot["tested"] is True and hot["note"] == ""
    shore_cell = by_cell[coastal]  # its centre is at sea: the kelurahan nearest to it (was None)
    assert shore_cell["kelurahan"] and shore_cell["kecamatan"] and shore_cell["count"] >= 2, shore_cell
    hot_far = [h for h, p in by_cell.items() if p["confidence"] > 0
               and h3.grid_distance(h, h3.int_to_str(centre)) > 2]
    assert not hot_far, "hot spots away from the planted cluster"

    # The tile layer for the map: the cluster's cells carry their confidence.
    lat, lng = h3.cell_to_latlng(h3.int_to_str(centre))
    x, y = tile_of(lng, lat, 12)
    url = f"/tiles/hotspots/12/{x}/{y}.mvt?category=sampah&period=3m"
    assert client.get(url).status_code == 401
    tile = client.get(url, headers=auth(op))
    assert tile.status_code == 200
    feats = decode(tile.data)["hotspots"]["features"]
    assert max(f["properties"]["confidence"] for f in feats) >= 95
    # The download and the tile name the reports a cell counted the same way, with the same figure.
    on_tile = next(f["properties"] for f in feats if f["properties"]["h3"] == h3.int_to_str(centre))
    assert on_tile["count"] == hot["count"] > 0
    assert client.get(url.replace("3m", "7m"), headers=auth(op)).status_code == 400
    # "category=" is all categories, as the download takes it (the documented URL answered 400)
    every = client.get(url.replace("category=sampah", "category="), headers=auth(op))
    assert every.status_code == 200 and every.data == client.get(url.replace("category=sampah&", ""), headers=auth(op)).data

    # GeoPackage export opens in GDAL with polygons and the fields.
    gpkg = client.get("/api/v1/analytics/hotspots.gpkg?category=sampah&period=3m&res=8", headers=auth(op))
    path = tmp_path / "hot.gpkg"
    path.write_bytes(gpkg.data)
    info = subprocess.run(["ogrinfo", "-ro", "-so", str(path), "hotspots"], capture_output=True, text=True, timeout=60)
    assert "Geometry: Polygon" in info.stdout and "confidence: Integer" in info.stdout, info.stdout + info.stderr
    # the run's time as a time, not text (QGIS could not filter or sort it); its months as "2026-09"
    assert "computed_at: DateTime" in info.stdout and "first_month: String" in info.stdout, info.stdout
    assert f"Feature Count: {len(by_cell)}" in info.stdout
    # beside it, the city's clock as text (the reports' GeoPackage has it; this one gave UTC only)
    assert "computed_local: String" in info.stdout, info.stdout
    local = subprocess.run(["ogrinfo", "-ro", "-q", str(path), "hotspots", "-fid", "1"], capture_output=True,
                           text=True, timeout=60).stdout
    assert re.search(r"computed_local \(String\) = \d{4}-\d\d-\d\d \d\d:\d\d:\d\d WITA", local), local
    quiet_gpkg = tmp_path / "quiet.gpkg"
    quiet_gpkg.write_bytes(client.get("/api/v1/analytics/hotspots.gpkg?category=kebakaran&period=3m&res=8",
                                      headers=auth(op)).data)
    info = subprocess.run(["ogrinfo", "-ro", "-so", str(quiet_gpkg), "hotspots"], capture_output=True, text=True, timeout=60)
    assert "gi_z: Real" in info.stdout and "tested: Integer(Boolean)" in info.stdout, info.stdout

    _, citizen = make_user(conn, "warga", role="citizen")
    assert client.get("/api/v1/analytics/runs", headers=auth(citizen)).status_code == 403
    assert client.get("/api/v1/analytics/hotspots.geojson").status_code == 401


def test_uniform_pattern_yields_no_hot_spots_beyond_the_false_discovery_rate(clean, conn, env) -> None:
    """Reports spread at random over the city (complete spatial randomness, ~1,000 points):
    Gi* with FDR finds nothing worth a planner's visit at r8 or r9, while uncorrected some
    cells pass p 0.1 by chance."""
    rnd = random.Random(9)
    now = datetime.now(KUPANG_TZ)
    west, south, east, north = 123.5272, -10.2933, 123.6836, -10.1296  # the kelurahan's bounds
    rows = [{"lng": rnd.uniform(west, east), "lat": rnd.uniform(south, north), "category": "sampah",
             "created": now - timedelta(days=rnd.uniform(2, 25))} for _ in range(2000)]
    assert plant_reports(conn, rows) > 800  # those inside a kelurahan
    settings = analytics.Settings.from_env()
    total_cells = significant = 0
    for res in analytics.RESOLUTIONS:
        done = analytics.hotspots(conn, settings, "sampah", "3m", res)
        total_cells += done["cells"]
        significant += done["hot"] + done["cold"]
    conn.commit()
    raw = conn.execute("SELECT count(*) FILTER (WHERE p_value <= 0.1) AS n FROM hotspot_cells").fetchone()["n"]
    assert total_cells > 1500
    assert raw >= 10, "without the correction some cells pass p 0.1 by chance"
    assert significant == 0, significant


def test_planted_trends_get_their_emerging_hot_spot_pattern(client, conn, env) -> None:
    """Twelve complete months; each trend planted in a category of its own (clusters of very
    different strength in one category mask each other under conditional permutation)."""
    rnd, nrnd = random.Random(3), np.random.default_rng(3)
    first_open = analytics.this_month(KUPANG_TZ)
    months = [analytics.month_add(first_open, -i) for i in range(12, 0, -1)]
    centres = dict(zip(("sampah", "lampu_rambu", "parkir_liar", "pkl_liar"), cluster_centres(4), strict=True))
    extra = {"sampah": lambda j: 8 if j == 11 else 0, "lampu_rambu": lambda j: 4,
             "parkir_liar": lambda j: 3 + j, "pkl_liar": lambda j: 14 - j}
    rows = []
    for j, m in enumerate(months):
        when = datetime(m.year, m.month, 15, 12, tzinfo=KUPANG_TZ)
        for category, centre in centres.items():
            for cell in city_cells(8):
                rows += points(cell, int(nrnd.poisson(0.3)), category, when, rnd)
            for cell in ring1(centre):
                rows += points(cell, extra[category](j), category, when, rnd)
    plant_reports(conn, rows)
    settings = analytics.Settings.from_env()
    found = {c: analytics.emerging(conn, settings, c) for c in centres}
    conn.commit()
    _, op = make_user(conn, "perencana", role="operator")
    got = {}
    for category, centre in centres.items():
        url = f"/api/v1/analytics/emerging_hotspots.geojson?category={category}"
        gj = client.get(url, headers=auth(op)).get_json()
        props = next(f["properties"] for f in gj["features"] if f["properties"]["h3"] == h3.int_to_str(centre))
        got[category] = props["pattern"]
        assert props["pattern_name"].endswith(" hot spot") and " / " in props["pattern_name"]  # in words, both languages
    assert got == {"sampah": "new_hot", "lampu_rambu": "persistent_hot", "parkir_liar": "intensifying_hot",
                   "pkl_liar": "diminishing_hot"}, got
    for category, patterns in found.items():  # away from the cluster, nothing is an emerging anything
        assert patterns["no_pattern"] >= 0.9 * sum(patterns.values()), (category, patterns)


@pytest.mark.parametrize(("levels", "tau", "p", "expected"), [
    ([0] * 11 + [1], 0.2, 0.3, "new_hot"),
    ([0] * 9 + [1, 1, 1], 0.5, 0.01, "consecutive_hot"),
    ([1] * 12, 0.6, 0.001, "intensifying_hot"),
    ([1] * 12, 0.1, 0.6, "persistent_hot"),
    ([0] + [1] * 11, -0.6, 0.001, "diminishing_hot"),
    ([1, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 1], 0.0, 0.9, "sporadic_hot"),
    ([1, -1, 0, 1, 0, 0, 0, -1, 0, 0, 0, 1], 0.0, 0.9, "oscillating_hot"),
    ([1] * 11 + [0], -0.2, 0.2, "historical_hot"),
    ([0] * 11 + [-1], -0.2, 0.3, "new_cold"),
    ([-1] * 12, -0.6, 0.001, "intensifying_cold"),
    ([0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 0.0, 1.0, "no_pattern"),
    ([0] * 12, 0.0, 1.0, "no_pattern"),
])
def test_emerging_patterns_follow_arcgis_definitions(levels: list[int], tau: float, p: float, expected: str) -> None:
    assert hotstats.pattern(levels, tau, p) == expected


def apart_in_one_hexagon(lng: float, lat: float) -> list[tuple[float, float]]:
    """(lat, lng) of three r10 cells of the H3 r8 hexagon at the point, far from each other."""
    hexagon = h3.latlng_to_cell(lat, lng, 8)
    # (children at the rim reach past their parent's outline: only those whose centre is in it)
    kids = [k for k in sorted(h3.cell_to_children(hexagon, 10)) if h3.latlng_to_cell(*h3.cell_to_latlng(k), 8) == hexagon]
    return [h3.cell_to_latlng(kids[i]) for i in (1, len(kids) // 2, len(kids) - 1)]  # [0]: the centre child


def test_recurring_places_list_what_came_back_after_a_fix(client, conn, env) -> None:
    now = datetime.now(KUPANG_TZ)
    pothole = (123.5950, -10.1700)          # fixed twice, reported again each time
    lamp = (123.6100, -10.1750)             # three reports, never fixed yet: not "recurring"
    rows = [
        {"lng": pothole[0], "lat": pothole[1], "category": "fasilitas_anak", "created": now - timedelta(days=200),
         "resolved": now - timedelta(days=190)},
        {"lng": pothole[0] + 0.0001, "lat": pothole[1], "category": "fasilitas_anak",
         "created": now - timedelta(days=120), "resolved": now - timedelta(days=110)},
        {"lng": pothole[0], "lat": pothole[1] + 0.0001, "category": "fasilitas_anak",
         "created": now - timedelta(days=10)},
        *({"lng": lamp[0], "lat": lamp[1], "category": "lampu_rambu", "created": now - timedelta(days=d)}
          for d in (30, 20, 10)),
        # three different people missing 150-250 m apart, one found: filed at their hexagon's
        # centre, they piled up as one place that "came back" (a walk's list was mostly these)
        *({"lng": lng, "lat": lat, "category": "orang_hilang", "created": now - timedelta(days=d),
           "resolved": now - timedelta(days=d - 1) if d == 90 else None}
          for (lat, lng), d in zip(apart_in_one_hexagon(123.6000, -10.1800), (90, 40, 5), strict=True)),
    ]
    assert plant_reports(conn, rows) == 9
    assert conn.execute("SELECT count(DISTINCT h3_r10) AS n FROM reports WHERE category_id IN"
                        " (SELECT id FROM categories WHERE code = 'orang_hilang')").fetchone()["n"] == 1
    _, op = make_user(conn, "operator1", role="operator")
    body = client.get("/api/v1/analytics/recurring", headers=auth(op)).get_json()
    assert [p["category"] for p in body["places"]] == ["fasilitas_anak"]
    place = body["places"][0]
    assert place["reports"] == 3 and place["came_back"] == 2 and place["fixed"] == 2 and place["open"] == 1
    assert place["agency"] == "DPU" and len(place["report_ids"]) == 3 and place["kelurahan"]
    assert place["last_fixed_at"] and abs(place["lng"] - pothole[0]) < 0.001
    # Named after the kelurahan most of its reports are in: a cell can straddle a boundary, and the
    # newest report alone named it (seen on a walk: a group of Lahilai Bissi Kopan called Fontein).
    conn.execute("UPDATE reports SET public_kelurahan_id = (SELECT id FROM kelurahan WHERE city_id = 1 AND name <> %s"
                 " ORDER BY id LIMIT 1) WHERE id = %s", (place["kelurahan"], place["report_ids"][0]))
    conn.commit()
    again = client.get("/api/v1/analytics/recurring", headers=auth(op)).get_json()["places"][0]
    assert again["kelurahan"] == place["kelurahan"]
    # A shorter window no longer holds three reports.
    assert client.get("/api/v1/analytics/recurring?window_days=60", headers=auth(op)).get_json()["places"] == []
    # An agency's own staff see their agency only; asking for another one is refused.
    _, dlh = make_user(conn, "dlh_admin", role="agency_admin", agency="DLH")
    assert client.get("/api/v1/analytics/recurring", headers=auth(dlh)).get_json()["places"] == []
    assert client.get("/api/v1/analytics/recurring?agency=DPU", headers=auth(dlh)).status_code == 403
    _, dpu = make_user(conn, "dpu_admin", role="agency_admin", agency="DPU")
    assert len(client.get("/api/v1/analytics/recurring", headers=auth(dpu)).get_json()["places"]) == 1
    bad = client.get("/api/v1/analytics/recurring?window_days=abc", headers=auth(op))
    assert bad.status_code == 400 and bad.get_json()["code"] == "invalid_analysis"


def test_a_busy_cell_among_empty_ones_and_an_island_are_not_hot_spots() -> None:
    """Conditional permutation holds a cell's own count: a lone busy cell with empty neighbours
    is extreme on the low side while its z-score is positive (neither hot nor cold), and a cell
    without neighbours cannot be tested at all (found on review: both were labelled hot 95 %)."""
    cells = city_cells(8)
    index = {c: i for i, c in enumerate(cells)}
    centre = cluster_centres(1)[0]
    y = np.random.default_rng(4).poisson(3, len(cells)).astype(float)
    for cell in ring1(centre):
        y[index[cell]] = 0
    y[index[centre]] = 40
    z, p = hotstats.gi_star(y, hotstats.neighbours(cells), 9999)
    assert z[index[centre]] > 0 and hotstats.confidence(z, p)[index[centre]] == 0
    island = centre  # cut off from its neighbours below, as a coastal cell can be
    nbrs = hotstats.neighbours(cells)
    nbrs[index[island]] = []
    for others in nbrs.values():
        if index[island] in others:
            others.remove(index[island])
    y2 = np.random.default_rng(5).poisson(1, len(cells)).astype(float)
    y2[index[island]] = 2
    z2, p2 = hotstats.gi_star(y2, nbrs, 9999)
    assert p2[index[island]] == 1.0 and hotstats.confidence(z2, p2)[index[island]] == 0


def test_analysis_requests_with_bad_input_get_clear_errors(client, conn, env) -> None:
    _, op = make_user(conn, "perencana", role="operator")
    _, responder = make_user(conn, "petugas", role="responder", agency="DLH")

    def error(url: str, token: str = op) -> tuple[int, str]:
        r = client.get(url, headers=auth(token))
        body = r.get_json() or {}
        assert r.status_code >= 400 and body.get("message") and body.get("message_en"), url
        return r.status_code, body["code"]

    assert error("/api/v1/analytics/hotspots.geojson?category=banjir") == (400, "unknown_category")
    assert error("/api/v1/analytics/hotspots.geojson?period=7m") == (400, "invalid_analysis")
    assert error("/api/v1/analytics/emerging_hotspots.geojson?period=abc") == (400, "invalid_analysis")
    assert error("/api/v1/analytics/emerging_hotspots.gpkg?res=9") == (400, "invalid_analysis")
    assert error("/api/v1/analytics/hotspots.geojson") == (404, "analysis_not_ready")  # nothing computed yet
    assert error("/tiles/emerging_hotspots/12/3454/2164.mvt?category=sampah,parkir_liar") == (400, "invalid_filter")
    # The planners' layers are not the field responders' (as /api/v1/analytics is not).
    assert error("/tiles/hotspots/12/3454/2164.mvt", responder)[0] == 403
    assert error("/api/v1/analytics/runs", responder)[0] == 403
