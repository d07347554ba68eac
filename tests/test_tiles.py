"""Vector tiles as a map viewer and a planner receive them, decoded with mapbox-vector-tile."""
from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import mapbox_vector_tile
import psycopg
import pytest

from tests.helpers import LLBK, auth, east_of, make_user, submit
from tiles.tilemath import tile_bounds, tile_of


def decode(data: bytes) -> dict:
    return mapbox_vector_tile.decode(data, default_options={"y_coord_down": True})


def pixel(lng: float, lat: float, z: int, x: int, y: int) -> tuple[float, float]:
    """Where a point must land inside tile z/x/y (extent 4096, y down)."""
    n = 2**z
    fx = (lng + 180) / 360 * n - x
    fy = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n - y
    return fx * 4096, fy * 4096


def get(client, url: str, **headers: str):
    return client.get(url, headers=headers)


@pytest.fixture
def citizen(conn: psycopg.Connection, client) -> str:
    return make_user(conn, "warga")[1]


def test_boundary_tiles_and_tilejson(client) -> None:
    x, y = tile_of(*LLBK, 12)
    r = get(client, f"/tiles/kelurahan/12/{x}/{y}.mvt")
    assert r.status_code == 200 and r.mimetype == "application/vnd.mapbox-vector-tile"
    layer = decode(r.data)["kelurahan"]
    names = {f["properties"]["name"] for f in layer["features"]}
    assert "Lahilai Bissi Kopan" in names
    assert all(set(f["properties"]) >= {"name", "kecamatan", "code"} for f in layer["features"])
    # What TileJSON lists is what a feature carries: the id is the feature's own, not a property.
    fields = get(client, "/tiles/kelurahan.json").get_json()["vector_layers"][0]["fields"]
    assert all(set(f["properties"]) == set(fields) and f["id"] > 0 for f in layer["features"]), fields
    kc = decode(get(client, "/tiles/kecamatan/10/" + "/".join(map(str, tile_of(*LLBK, 10))) + ".mvt").data)
    assert len(kc["kecamatan"]["features"]) == 6
    tj = get(client, "/tiles/reports.json").get_json()
    assert tj["tilejson"] == "3.0.0" and tj["vector_layers"][0]["id"] == "reports"
    assert tj["tiles"][0].endswith("/tiles/reports/{z}/{x}/{y}.mvt?city=kupang")
    assert "category" in tj["vector_layers"][0]["fields"]
    # A filtered layer added from its TileJSON stays filtered; a filter the layer has not is refused.
    tj = get(client, "/tiles/reports.json?category=sampah&since=2026-11-01").get_json()
    assert tj["tiles"][0].endswith("/tiles/reports/{z}/{x}/{y}.mvt?category=sampah&since=2026-11-01&city=kupang")
    for bad in ("foo=1", "category=nope", "period=3m"):
        refused = get(client, f"/tiles/reports.json?{bad}")
        assert refused.status_code == 400 and refused.get_json()["code"] == "invalid_filter", bad
    assert "category" in get(client, "/tiles/reports.json?foo=1").get_json()["details"]["allowed"]  # what would do


def test_report_points_at_high_zoom(client, citizen: str) -> None:
    rid = submit(client, citizen, category="kebakaran").get_json()["id"]
    z = 16
    x, y = tile_of(*LLBK, z)
    layer = decode(get(client, f"/tiles/reports/{z}/{x}/{y}.mvt").data)["reports"]
    assert len(layer["features"]) == 1
    f = layer["features"][0]
    assert f["id"] == rid
    assert {k: f["properties"][k] for k in ("category", "status", "priority", "agency")} == {
        "category": "kebakaran", "status": "submitted", "priority": "urgent", "agency": "DAMKAR"}
    assert "reporter_id" not in f["properties"] and "description" not in f["properties"]
    px, py = pixel(*LLBK, z, x, y)
    gx, gy = f["geometry"]["coordinates"]
    assert abs(gx - px) <= 1 and abs(gy - py) <= 1


def test_confidential_report_is_drawn_at_its_coarse_place(client, citizen: str) -> None:
    where = east_of(LLBK, 250)
    rid = submit(client, citizen, category="orang_hilang", point=where).get_json()["id"]
    public = client.get(f"/api/v1/reports/{rid}").get_json()["geometry"]["coordinates"]
    assert public != list(where)
    z = 16
    x, y = tile_of(*public, z)
    f = decode(get(client, f"/tiles/reports/{z}/{x}/{y}.mvt").data)["reports"]["features"][0]
    assert f["properties"]["location_coarsened"] is True
    px, py = pixel(*public, z, x, y)
    assert abs(f["geometry"]["coordinates"][0] - px) <= 1 and abs(f["geometry"]["coordinates"][1] - py) <= 1


def test_low_zoom_serves_hexagons_whose_counts_equal_the_reports(client, citizen: str, conn) -> None:
    for i in range(6):
        submit(client, citizen, point=east_of(LLBK, 400 * i), category="sampah" if i % 2 else "pkl_liar")
    ops = make_user(conn, "op", "operator")[1]
    first = conn.execute("SELECT min(id) AS id FROM reports").fetchone()["id"]
    client.post(f"/api/v1/reports/{first}/transitions", data={"to": "verified"}, headers=auth(ops))
    z = 10
    x, y = tile_of(*LLBK, z)
    feats = decode(get(client, f"/tiles/reports/{z}/{x}/{y}.mvt").data)["reports"]["features"]
    assert feats and all(f["properties"]["aggregated"] for f in feats)
    assert all(f["geometry"]["type"] == "Polygon" for f in feats)
    assert sum(f["properties"]["count"] for f in feats) == 6
    assert sum(f["properties"].get("cat_sampah", 0) for f in feats) == 3
    assert sum(f["properties"].get("st_verified", 0) for f in feats) == 1
    assert sum(f["properties"].get("st_submitted", 0) for f in feats) == 5
    only = decode(get(client, f"/tiles/reports/{z}/{x}/{y}.mvt?category=pkl_liar").data)["reports"]["features"]
    assert sum(f["properties"]["count"] for f in only) == 3
    windowed = decode(get(client, f"/tiles/reports/{z}/{x}/{y}.mvt?since=2000-01-01T00:00:00Z").data)
    assert sum(f["properties"]["count"] for f in windowed["reports"]["features"]) == 6
    # The trigger-kept aggregate table equals a fresh count from the reports, at every resolution.
    for res in (6, 7, 8, 9):
        agg = conn.execute("SELECT cell, status, sum(n)::int AS n FROM h3_report_counts WHERE res = %s"
                           " GROUP BY 1, 2 ORDER BY 1, 2", (res,)).fetchall()
        raw = conn.execute(f"SELECT h3_r{res} AS cell, status, count(*)::int AS n FROM reports"
                           " GROUP BY 1, 2 ORDER BY 1, 2").fetchall()
        assert agg == raw, res
    # A plain date is the start of that day in the city's zone (WITA), as the list, exports and
    # statistics take it. Of the six reports: one at 00:30 WITA on 1 November (still 31 October
    # in UTC and in Jakarta's WIB), one at 23:30 WITA (15:30 UTC), four on 2 November.
    ids = [r["id"] for r in conn.execute("SELECT id FROM reports ORDER BY id")]
    for rid, at in zip(ids, ["2026-11-01T00:30:00+08:00", "2026-11-01T23:30:00+08:00"] + ["2026-11-02T10:00:00+08:00"] * 4,
                       strict=True):
        conn.execute("UPDATE reports SET created_at = %s WHERE id = %s", (at, rid))
    conn.commit()

    def counted(query: str) -> int:
        r = get(client, f"/tiles/reports/{z}/{x}/{y}.mvt?{query}")
        assert r.status_code == 200, (query, r.get_json())
        return sum(f["properties"]["count"] for f in decode(r.data).get("reports", {"features": []})["features"])

    assert [counted(q) for q in ("since=2026-11-01", "since=2026-11-02", "since=20261102", "until=2026-11-02",
                                 "since=2026-11-01T16:00:00Z", "until=2026-11-01")] == [6, 4, 4, 2, 4, 0]


def test_heatmap_counts_by_month_and_category(client, citizen: str, conn) -> None:
    for i in range(4):
        submit(client, citizen, point=east_of(LLBK, 500 * i), category="fogging_dbd" if i < 3 else "sampah")
    z = 11
    x, y = tile_of(*LLBK, z)
    all_ = decode(get(client, f"/tiles/heatmap/{z}/{x}/{y}.mvt").data)["heatmap"]["features"]
    assert sum(f["properties"]["count"] for f in all_) == 4 and all(f["properties"]["per_km2"] > 0 for f in all_)
    dbd = decode(get(client, f"/tiles/heatmap/{z}/{x}/{y}.mvt?category=fogging_dbd").data)["heatmap"]["features"]
    assert sum(f["properties"]["count"] for f in dbd) == 3
    old = get(client, f"/tiles/heatmap/{z}/{x}/{y}.mvt?until=2001-01-01T00:00:00Z")
    assert old.status_code == 200 and old.data == b""


def test_heatmap_leaves_out_rejected_reports_and_duplicates(client, citizen: str, conn) -> None:
    """One pothole reported three times and a rejected report were four reports on the planners'
    heatmap (and in the hot spot analysis, which counts the same month tables), while the density
    GeoTIFF left them out: a rejection or a merge now takes a report off it, in the whole months
    and in a window's part-months alike."""
    from geo.db import query

    op = make_user(conn, "operator", role="operator")[1]
    residents = [citizen] + [make_user(conn, f"warga{i}")[1] for i in range(1, 5)]
    sent = [submit(client, who, point=east_of(LLBK, 40 * i), category="sampah") for i, who in enumerate(residents)]
    assert [r.status_code for r in sent] == [201] * 5, [r.get_json() for r in sent]
    ids = [r.get_json()["id"] for r in sent]
    z = 11
    x, y = tile_of(*LLBK, z)

    def total(q: str = "") -> int:
        r = get(client, f"/tiles/heatmap/{z}/{x}/{y}.mvt?{q}")
        assert r.status_code == 200, r.get_json()
        return sum(f["properties"]["count"] for f in decode(r.data).get("heatmap", {"features": []})["features"])

    today = datetime.now(UTC).date().isoformat()
    windows = ("", "category=sampah", f"since={today}", "agency=DLH")
    assert [total(q) for q in windows] == [5, 5, 5, 5]
    for dup in ids[1:3]:
        merged = client.post(f"/api/v1/reports/{dup}/merge", json={"into": ids[0]}, headers=auth(op))
        assert merged.status_code == 200, merged.get_json()
    rejected = client.post(f"/api/v1/reports/{ids[3]}/transitions", data={"to": "rejected", "reason": "Foto bukan jalan"},
                           headers=auth(op), content_type="multipart/form-data")
    assert rejected.status_code == 200, rejected.get_json()
    assert [total(q) for q in windows] == [2, 2, 2, 2]
    # the month tables match the reports again when a bulk import rebuilds them
    conn.execute(query("rebuild_report_aggregates"))
    conn.commit()
    assert total() == 2


def test_heatmap_of_the_last_days_counts_those_days_only(client, conn) -> None:
    """The map's "7 hari terakhir" with the heatmap on: the month tables rounded the window out to
    whole months (a planner saw November and December for 7 days). Whole local months still come
    from them and the part-months at the window's ends from the reports: every window counts
    exactly the reports created in it."""
    from datetime import UTC, datetime, timedelta

    from tests.helpers import KUPANG_TZ, plant_reports

    now = datetime.now(UTC)
    created = [now - timedelta(days=d, hours=1) for d in (1, 2, 3, 10, 20, 33, 45, 70, 100)]
    assert plant_reports(conn, [{"lng": east_of(LLBK, 120 * i)[0], "lat": LLBK[1], "category": "sampah",
                                 "created": c} for i, c in enumerate(created)]) == len(created)
    z = 11
    x, y = tile_of(*LLBK, z)

    def total(query: str) -> int:
        feats = decode(get(client, f"/tiles/heatmap/{z}/{x}/{y}.mvt?{query}").data).get("heatmap", {"features": []})
        return sum(f["properties"]["count"] for f in feats["features"])

    local = now.astimezone(KUPANG_TZ)
    day = lambda n: (local - timedelta(days=n)).replace(hour=0, minute=0, second=0, microsecond=0)  # noqa: E731
    month = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    windows = [(day(7), None), (day(30), None), (day(365), None), (day(45), day(15)), (day(3), day(1)),
               (month, None), (None, day(15)), (day(40), month), (None, None)]
    for since, until in windows:
        query = "&".join(f"{k}={v.isoformat().replace('+', '%2B')}" for k, v in (("since", since), ("until", until)) if v)
        want = sum(1 for c in created if (since is None or c >= since) and (until is None or c < until))
        assert total(query) == want, (since, until)
    assert total("") == len(created)


def test_a_hexagon_across_a_tile_edge_has_one_count_in_both_tiles_with_a_time_window(client, conn) -> None:
    """With a period chosen (the map's "7 hari terakhir", the planners' heatmap) the hexagons were
    counted from the reports inside each tile only: one hexagon read 7 in one tile and 20 in the
    next, and the city's total changed with the zoom. Each drawn hexagon counts all its reports."""
    from datetime import UTC, datetime, timedelta

    from geo.hexes import REPORT_RESOLUTIONS, cells_for_point
    from tests.helpers import plant_reports
    from tiles.tilemath import tile_bounds

    z = 12  # r8 hexagons
    x, y = tile_of(*LLBK, z)
    edge = tile_bounds(z, x, y)[2]  # the tile's east edge: x + 1 lies beyond it
    # beyond each tile's 64/4096 buffer (~150 m here), and still in one r8 hexagon (~920 m across)
    r8 = lambda lng, lat: cells_for_point(lng, lat, REPORT_RESOLUTIONS)[8]  # noqa: E731  (as stored)
    lat = next(la for la in (LLBK[1] + k * 0.0005 for k in range(-40, 41))
               if r8(edge - 0.002, la) == r8(edge + 0.002, la))
    west, east = (edge - 0.002, lat), (edge + 0.002, lat)
    hexagon = format(r8(*west), "x")
    now = datetime.now(UTC)
    assert plant_reports(conn, [{"lng": p[0], "lat": p[1], "category": "sampah", "created": now - timedelta(hours=h)}
                                for p, h in ((west, 1), (east, 2), (east, 3))]) == 3
    at = lambda t: t.isoformat().replace("+", "%2B")  # noqa: E731
    # with an end: the heatmap counts this month's part from the reports, not the month tables
    week = f"since={at(now - timedelta(days=7))}&until={at(now + timedelta(hours=1))}"
    for layer in ("reports", "heatmap"):
        for query in ("", week):
            counts = []
            for tx in (x, x + 1):
                feats = decode(get(client, f"/tiles/{layer}/{z}/{tx}/{y}.mvt?{query}").data)[layer]["features"]
                counts.append([f["properties"]["count"] for f in feats if f["properties"]["h3"] == hexagon])
            assert counts == [[3], [3]], (layer, query)


def test_a_hexagon_counts_the_dots_inside_it(client, citizen: str) -> None:
    """A planner counted the report dots inside each hexagon: 45 of 99 hexagons disagreed. A
    report was counted under the parent of its finest H3 cell, which near a cell's edge is the
    hexagon next door. Now the hexagon it is counted in is the one its dot lies in, at every zoom
    drawn as hexagons, with and without a period."""
    import h3

    def r11_parent(p: tuple[float, float], res: int) -> str:
        return h3.cell_to_parent(h3.latlng_to_cell(p[1], p[0], 11), res)

    spot = next(p for p in ((LLBK[0], LLBK[1] - j * 0.00005) for j in range(400))  # south: on land
                if r11_parent(p, 8) != h3.latlng_to_cell(p[1], p[0], 8))
    assert submit(client, citizen, point=spot).status_code == 201
    week = "since=" + (datetime.now(UTC) - timedelta(days=7)).isoformat().replace("+", "%2B")
    for z, res in ((10, 7), (12, 8), (13, 9)):
        for query in ("", week):
            x, y = tile_of(*spot, z)
            feats = decode(get(client, f"/tiles/reports/{z}/{x}/{y}.mvt?{query}").data)["reports"]["features"]
            assert [(f["properties"]["h3"], f["properties"]["count"]) for f in feats] == [
                (h3.latlng_to_cell(spot[1], spot[0], res), 1)], (z, query)


def test_cache_hits_304_and_exact_invalidation(client, citizen: str) -> None:
    z = 14
    x, y = tile_of(*LLBK, z)
    url = f"/tiles/reports/{z}/{x}/{y}.mvt"
    far = (123.66, -10.17)  # Kelapa Lima side of town, another tile at z14
    fx, fy = tile_of(*far, z)
    far_url = f"/tiles/reports/{z}/{fx}/{fy}.mvt"
    assert (fx, fy) != (x, y)
    first, first_far = get(client, url), get(client, far_url)
    assert first.headers["X-Tile-Cache"] == "miss"
    again = get(client, url)
    assert again.headers["X-Tile-Cache"] == "hit" and again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Cache-Control"].startswith("public")
    not_modified = get(client, url, **{"If-None-Match": first.headers["ETag"]})
    assert not_modified.status_code == 304 and not_modified.data == b""
    submit(client, citizen)  # a new report in the first tile only
    fresh = get(client, url, **{"If-None-Match": first.headers["ETag"]})
    assert fresh.status_code == 200 and fresh.headers["ETag"] != first.headers["ETag"]
    assert len(decode(fresh.data)["reports"]["features"]) == 1
    assert get(client, far_url).headers["ETag"] == first_far.headers["ETag"]  # untouched tile stays cached
    assert get(client, far_url).headers["X-Tile-Cache"] == "hit"


def test_tile_requests_are_validated(client, conn) -> None:
    for url, status, code in [
        ("/tiles/reports/5/32/1.mvt", 400, "invalid_tile"),
        ("/tiles/reports/23/0/0.mvt", 400, "invalid_tile"),
        ("/tiles/reports/-1/0/0.mvt", 400, "invalid_tile"),
        ("/tiles/reports/a/b/c.mvt", 400, "invalid_tile"),
        ("/tiles/rivers/10/0/0.mvt", 404, "unknown_layer"),
        ("/tiles/rivers.json", 404, "unknown_layer"),
        ("/tiles/reports/14/0/0.mvt?category=banjir", 400, "invalid_filter"),
        ("/tiles/reports/14/0/0.mvt?status=done", 400, "invalid_filter"),
        ("/tiles/reports/14/0/0.mvt?since=kemarin", 400, "invalid_filter"),
        ("/tiles/reports/14/0/0.mvt?color=red", 400, "invalid_filter"),
        ("/tiles/kelurahan/14/0/0.mvt?category=sampah", 400, "invalid_filter"),
    ]:
        r = get(client, url)
        assert (r.status_code, r.get_json()["code"]) == (status, code), url
        assert r.get_json()["message"] and r.get_json()["message_en"]


def test_responders_layer_is_staff_only(client, conn) -> None:
    rid, _ = make_user(conn, "petugas", "responder", "DLH")
    conn.execute("UPDATE responders SET geom = ST_SetSRID(ST_MakePoint(%s, %s), 4326), status = 'available',"
                 " location_at = now() WHERE user_id = %s", (*LLBK, rid))
    conn.commit()
    _, citizen = make_user(conn, "warga")
    _, op = make_user(conn, "op", "operator")
    x, y = tile_of(*LLBK, 15)
    url = f"/tiles/responders/15/{x}/{y}.mvt"
    assert get(client, url).status_code == 401
    assert client.get(url, headers=auth(citizen)).status_code == 403
    r = client.get(url, headers=auth(op))
    assert r.status_code == 200 and r.headers["Cache-Control"].startswith("private")
    f = decode(r.data)["responders"]["features"][0]
    assert f["properties"]["status"] == "available" and f["properties"]["agency"] == "DLH"
    # As /api/v1/responders: an agency admin sees their own agency's officers only, and field
    # officers do not see the others (a walk's Dishub admin and DPU officer saw the DLH officer).
    _, dlh = make_user(conn, "dlhadmin", "agency_admin", "DLH")
    _, dishub = make_user(conn, "dishubadmin", "agency_admin", "DISHUB")
    _, officer = make_user(conn, "petugasdpu", "responder", "DPU")
    assert len(decode(client.get(url, headers=auth(dlh)).data)["responders"]["features"]) == 1
    assert "responders" not in decode(client.get(url, headers=auth(dishub)).data)
    asked = client.get(url + "?agency=DLH", headers=auth(dishub))
    assert (asked.status_code, asked.get_json()["code"]) == (403, "other_agency")
    assert client.get(url, headers=auth(officer)).status_code == 403


def test_tile_bounds_roundtrip() -> None:
    x, y = tile_of(*LLBK, 15)
    w, s, e, n = tile_bounds(15, x, y)
    assert w <= LLBK[0] < e and s <= LLBK[1] < n


def test_a_dense_high_zoom_tile_carries_hexagons_and_a_sparse_one_points(clean, conn) -> None:
    """Past SIGAP_TILE_MAX_POINTS reports a z14+ tile switches to H3 hexagons with counts (a
    dense centre once made 9 MB tiles); every report is still counted, filters still apply,
    and a tile with few reports keeps its points."""
    import dataclasses

    from api import create_app

    app = create_app(dataclasses.replace(clean, tile_max_points=3))
    client = app.test_client()
    try:
        token = make_user(conn, "warga")[1]
        for i, category in enumerate(("pkl_liar", "sampah", "reklame_liar", "lampu_rambu")):
            r = submit(client, token, point=east_of(LLBK, 15 * i), category=category)
            assert r.status_code == 201, r.get_json()
        far = east_of(LLBK, 3000)
        submit(client, token, point=far, category="sampah")
        z = 16
        x, y = tile_of(*LLBK, z)
        feats = decode(get(client, f"/tiles/reports/{z}/{x}/{y}.mvt").data)["reports"]["features"]
        assert feats and all(f["geometry"]["type"] == "Polygon" and f["properties"]["aggregated"] for f in feats)
        assert sum(f["properties"]["count"] for f in feats) == 4
        assert sum(f["properties"].get("cat_sampah", 0) for f in feats) == 1
        assert sum(f["properties"].get("st_submitted", 0) for f in feats) == 4
        assert all(f["properties"]["h3_res"] == 10 for f in feats)
        # With a time window the same decision is made from the reports themselves.
        windowed = decode(get(client, f"/tiles/reports/{z}/{x}/{y}.mvt?since=2000-01-01T00:00:00Z").data)
        assert all(f["geometry"]["type"] == "Polygon" for f in windowed["reports"]["features"])
        assert sum(f["properties"]["count"] for f in windowed["reports"]["features"]) == 4
        # A filter that leaves few enough reports gives the points back.
        few = decode(get(client, f"/tiles/reports/{z}/{x}/{y}.mvt?category=sampah,pkl_liar").data)["reports"]["features"]
        assert len(few) == 2 and all(f["geometry"]["type"] == "Point" and "count" not in f["properties"] for f in few)
        sparse = decode(get(client, f"/tiles/reports/{z}/" + "/".join(map(str, tile_of(*far, z))) + ".mvt").data)
        assert [f["geometry"]["type"] for f in sparse["reports"]["features"]] == ["Point"]
    finally:
        app.extensions["sigap.pool"].close()
        app.extensions["sigap.tile_pool"].close()
