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
from tests.helpers import LLBK, auth, east_of, jpeg, make_user, submit
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
    assert [r["thumb_url"] for r in near] == [None, None]  # published photos, never shown to a neighbour


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


def _off_centre_spot() -> tuple[tuple[float, float], tuple[int, int, int]]:
    """A land point whose own z16 tile holds nothing of its r8 centre (neither the point nor
    its hexagons), and that tile."""
    from tiles.cache import tiles_for_report

    for k in range(80):
        spot = east_of(LLBK, 40 * k)
        own = {(z, *tile_of(*spot, z)) for z in range(10, 17)} - tiles_for_report(*cell_center(cell_int(*spot, 8)))
        if own:
            return spot, sorted(own)[0]
    raise AssertionError("no point off its centre's tiles east of LLBK")


def test_which_tiles_change_says_nothing_finer_than_the_public_point(client, conn) -> None:
    """A tile's ETag is public, and so is which tiles get a new one when a report changes. A walk
    located a missing-person report to one z16 tile (~0.1 km² of its 0.7 km² cell) by reading
    the ETags around it before and after a "Dukung" of its own: the cache forgot the tiles over
    the exact point. Now only those over the public point change."""
    spot, (z, x, y) = _off_centre_spot()
    centre = cell_center(cell_int(*spot, 8))
    _, family = make_user(conn, "keluarga")
    _, neighbour = make_user(conn, "tetangga")
    over_spot = f"/tiles/reports/{z}/{x}/{y}.mvt"
    over_centre = "/tiles/reports/16/{}/{}.mvt".format(*tile_of(*centre, 16))
    etag = client.get(over_spot).headers["ETag"]
    rid = submit(client, family, category="orang_hilang", point=spot).get_json()["id"]
    assert client.get(over_spot, headers={"If-None-Match": etag}).status_code == 304  # filed: nothing there
    before = client.get(over_centre)
    assert before.status_code == 200
    assert client.post(f"/api/v1/reports/{rid}/support", headers=auth(neighbour)).status_code == 200
    assert client.get(over_spot, headers={"If-None-Match": etag}).status_code == 304  # supported: still nothing
    after = client.get(over_centre, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200, "the public point's tile shows the new support count"  # the probe sees change
    # A repeat "Dukung" changes nothing, so no tile may change either (it could be asked for on demand).
    assert client.post(f"/api/v1/reports/{rid}/support", headers=auth(neighbour)).status_code == 200
    assert client.get(over_centre, headers={"If-None-Match": after.headers["ETag"]}).status_code == 304


def test_staff_notes_on_a_confidential_report_stay_off_public_surfaces(client, conn) -> None:
    """A note or a rejection reason is free text a staff member wrote, and can name the house a
    missing child was found at: the public (and Open311) get the status, not the words. An
    ordinary report's note stays public."""
    _, family = make_user(conn, "keluarga")
    _, op = make_user(conn, "op", "operator")
    secret = "Anak ditemukan di rumah Bpk. Y, Jl. Rahasia No. 7"
    found = submit(client, family, category="orang_hilang").get_json()["id"]
    sick = submit(client, family, category="kesehatan", point=east_of(LLBK, 300)).get_json()["id"]
    bins = submit(client, family, category="sampah", point=east_of(LLBK, 600)).get_json()["id"]
    for rid in (found, bins):
        r = client.post(f"/api/v1/reports/{rid}/transitions", data={"to": "verified", "note": secret},
                        headers=auth(op), content_type="multipart/form-data")
        assert r.status_code == 200, r.get_json()
    r = client.post(f"/api/v1/reports/{sick}/transitions", data={"to": "rejected", "reason": secret},
                    headers=auth(op), content_type="multipart/form-data")
    assert r.status_code == 200, r.get_json()
    for rid in (found, sick):
        public = client.get(f"/api/v1/reports/{rid}").get_data(as_text=True)
        open311 = client.get(f"/open311/v2/requests/{rid}.json").get_json()[0]
        assert "Rahasia" not in public and "Rahasia" not in json.dumps(open311), rid
        assert open311["status_notes"] in ("verified", "rejected")
        assert "Rahasia" in client.get(f"/api/v1/reports/{rid}", headers=auth(op)).get_data(as_text=True)
    assert client.get(f"/open311/v2/requests/{bins}.json").get_json()[0]["status_notes"] == secret


def test_a_confidential_report_merges_only_with_a_confidential_one(client, conn, run_jobs) -> None:
    """Merging moves photos to the kept report and points the public at it: a missing-person
    report merged into a report of homeless people (same agency, shown exactly) published its
    photo 30 m from the secret point."""
    _, family = make_user(conn, "keluarga")
    _, op = make_user(conn, "op", "operator")
    missing = submit(client, family, category="orang_hilang", photo=jpeg(size=(320, 240))).get_json()["id"]
    street = submit(client, family, category="gepeng", point=east_of(LLBK, 30)).get_json()["id"]
    run_jobs()
    for dup, keep in ((missing, street), (street, missing)):
        r = client.post(f"/api/v1/reports/{dup}/merge", json={"into": keep}, headers=auth(op))
        assert (r.status_code, r.get_json()["code"]) == (409, "confidential_mismatch")
    assert client.get(f"/api/v1/reports/{street}").get_json()["properties"]["photos"][0]["kind"] == "before"
    assert len(client.get(f"/api/v1/reports/{street}").get_json()["properties"]["photos"]) == 1
    sick = submit(client, family, category="kesehatan", point=east_of(LLBK, 40)).get_json()["id"]  # DINKES's
    r = client.post(f"/api/v1/reports/{sick}/merge", json={"into": missing}, headers=auth(op))
    assert (r.status_code, r.get_json()["code"]) == (409, "confidential_mismatch")  # nor to another agency's staff
    assert "same agency" in r.get_json()["message_en"] and "OPD yang sama" in r.get_json()["message"]
    other = submit(client, make_user(conn, "ibu")[1], category="orang_hilang", point=east_of(LLBK, 20)).get_json()["id"]
    assert client.post(f"/api/v1/reports/{other}/merge", json={"into": missing}, headers=auth(op)).status_code == 200


def test_another_agencys_staff_read_a_confidential_report_as_the_public_does(client, conn) -> None:
    """Staff handle their own agency's reports: a DLH admin read a health report's exact point,
    text and the reporter's phone. The city's operators and the report's own agency still see
    it in full."""
    p1 = east_of(LLBK, 250)
    _, patient = make_user(conn, "pasien")
    rid = submit(client, patient, category="kesehatan", point=p1, description="Ibu M. sakit keras").get_json()["id"]
    readers = {name: make_user(conn, name, role, agency)[1] for name, role, agency in (
        ("dlhadmin", "agency_admin", "DLH"), ("petugasdlh", "responder", "DLH"),
        ("dinkesadmin", "agency_admin", "DINKES"), ("petugasdinkes", "responder", "DINKES"),
        ("op", "operator", None))}
    for name, token in readers.items():
        seen = client.get(f"/api/v1/reports/{rid}", headers=auth(token)).get_json()
        listed = [f for f in client.get("/api/v1/reports?category=kesehatan", headers=auth(token)).get_json()["features"]
                  if f["id"] == rid][0]
        full = "dlh" not in name
        for f in (seen, listed):
            assert (f["properties"]["location_coarsened"], f["properties"]["description"] is not None) == (not full, full), name
            assert (f["geometry"]["coordinates"] == pytest.approx(list(p1), abs=1e-9)) == full, name
        assert ("reporter" in seen["properties"]) == (name in ("dinkesadmin", "op")), name


def test_nearby_finds_a_confidential_report_from_its_own_spot(client, conn) -> None:
    """Near a cell's edge the parent of a point's finest H3 cell is not the r8 cell the point falls
    in. Reports were stored under the former and "nearby" asked with the latter: it missed a
    missing-person report from the very spot it was filed at (the family would file it twice).
    Now a report is stored under the cell that holds it (0043), and public at that cell's centre."""
    def r11_parent(p: tuple[float, float]) -> int:
        return h3.str_to_int(h3.cell_to_parent(h3.latlng_to_cell(p[1], p[0], 11), 8))

    spot = next(p for p in ((LLBK[0], LLBK[1] - j * 0.00005) for j in range(400))  # south: on land
                if r11_parent(p) != cell_int(*p, 8))
    _, family = make_user(conn, "keluarga")
    filed = submit(client, family, category="orang_hilang", point=spot)
    assert filed.status_code == 201, filed.get_json()
    public = client.get(f"/api/v1/reports/{filed.get_json()['id']}").get_json()["geometry"]["coordinates"]
    assert tuple(public) == pytest.approx(cell_center(cell_int(*spot, 8)))  # the centre of the cell it is in
    near = client.get(f"/api/v1/reports/nearby?lng={spot[0]}&lat={spot[1]}&category=orang_hilang").get_json()
    assert [r["id"] for r in near["reports"]] == [filed.get_json()["id"]]


def test_a_category_made_confidential_is_never_filed_exact_from_a_stale_cache(client, conn, settings) -> None:
    """Each API process keeps the categories a minute. A category flipped to confidential before
    it had reports (a reload allows that) was still filed exact, under the old copy, for up to
    a minute: the insert now checks the copy against the table and files it as it is now."""
    from geo import reports

    _, citizen = make_user(conn, "warga-cache")
    photos_dir = Path(settings.media_dir, "photos")
    before = set(photos_dir.rglob("original.*"))
    reports.categories_named(conn, "reklame_liar")  # this process's copy: not confidential
    conn.execute("UPDATE categories SET confidential = true WHERE code = 'reklame_liar'")
    conn.commit()
    try:
        filed = submit(client, citizen, category="reklame_liar", point=LLBK, photo=jpeg())
        assert filed.status_code == 201, filed.get_json()
        rid = filed.get_json()["id"]
        row = conn.execute("SELECT ST_X(public_geom) AS x, ST_Y(public_geom) AS y, h3_r8 FROM reports"
                           " WHERE id = %s", (rid,)).fetchone()
        assert (row["x"], row["y"]) != LLBK and cell_center(row["h3_r8"]) == pytest.approx((row["x"], row["y"]))
        assert client.get(f"/api/v1/reports/{rid}").get_json()["geometry"]["coordinates"] != list(LLBK)
        assert len(set(photos_dir.rglob("original.*")) - before) == 1  # the first try's copy is not left behind
    finally:
        conn.rollback()
        conn.execute("UPDATE categories SET confidential = false WHERE code = 'reklame_liar'")
        conn.commit()
        reports._categories.clear()


def test_planted_history_keeps_the_promise_too(clean, conn) -> None:
    """The helper that plants months of history (tests, demo data) wrote a confidential report's
    exact point as its public one; the dev instance's seeded data then showed 940 missing-person
    and health reports exactly. It places them as the app does."""
    from datetime import UTC, datetime

    from tests.helpers import plant_reports

    assert plant_reports(conn, [{"lng": LLBK[0], "lat": LLBK[1], "category": c, "created": datetime.now(UTC)}
                                for c in ("orang_hilang", "sampah")]) == 2
    rows = {r["code"]: r for r in conn.execute(
        "SELECT c.code, ST_X(r.public_geom) AS x, ST_Y(r.public_geom) AS y, r.h3_r8 FROM reports r"
        " JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id")}
    assert (rows["sampah"]["x"], rows["sampah"]["y"]) == pytest.approx(LLBK)
    assert (rows["orang_hilang"]["x"], rows["orang_hilang"]["y"]) == pytest.approx(cell_center(rows["orang_hilang"]["h3_r8"]))
    # and the database itself refuses a confidential report written at its exact point
    with pytest.raises(psycopg.errors.CheckViolation):
        conn.execute("INSERT INTO reports (city_id, source, category_id, agency_id, kecamatan_id, kelurahan_id,"
                     " public_kelurahan_id, status, priority, geom, public_geom, h3_r6, h3_r7, h3_r8, h3_r9, h3_r10,"
                     " h3_r11, due_at) SELECT city_id, source, category_id, agency_id, kecamatan_id, kelurahan_id,"
                     " kelurahan_id, status, priority, geom, geom, h3_r6, h3_r7, h3_r8, h3_r9, h3_r10, h3_r11, due_at"
                     " FROM reports WHERE category_id IN (SELECT id FROM categories WHERE code = 'orang_hilang')")
    conn.rollback()
