"""Kupang and Jakarta in one database: each city sees, serves and dispatches only its own.

The database (`two`, tests/conftest.py) is loaded the way a deployer would: Kupang's shipped data,
then `sigap city add` with the BPS 2020 file of DKI Jakarta.
"""
from __future__ import annotations

import io
import json
from typing import Any

import mapbox_vector_tile
import psycopg
import pytest
from click.testing import CliRunner
from redis import Redis

from geo.settings import REPO_ROOT, Settings
from tests.helpers import LLBK, auth, east_of, make_user, submit
from tiles.layers import LAYERS
from tiles.tilemath import tile_of

JAKARTA_FILE = REPO_ROOT / "data" / "cities" / "jakarta_kelurahan_bps2020.geojson"
MONAS = (106.8272, -6.1754)  # Kelurahan Gambir, Jakarta Pusat
KUPANG, JAKARTA = 1, 2
DYNAMIC = ("job_outbox", "detections", "cameras", "assignments", "responder_track", "report_events", "reports",
           "responders", "staff", "users", "analysis_runs")


@pytest.fixture
def db(two_db: psycopg.Connection) -> psycopg.Connection:
    return two_db


@pytest.fixture
def web(two_app):
    return two_app.test_client()


def run_jobs(settings: Settings) -> None:

    from workers.run import BurstWorker, drain, queues

    redis = Redis.from_url(settings.redis_url)
    drain(settings, lambda: BurstWorker(queues(settings, redis), connection=redis))


def ids(fc: dict[str, Any]) -> list[int]:
    return sorted(int(f["id"]) for f in fc["features"])


@pytest.fixture
def both(web, db: psycopg.Connection) -> dict[str, Any]:
    """One citizen account reporting in both cities: (client, token, kupang id, jakarta id)."""
    _, token = make_user(db, "warga")
    k = submit(web, token, point=LLBK)
    j = submit(web, token, point=MONAS)
    assert (k.status_code, j.status_code) == (201, 201), (k.get_json(), j.get_json())
    return {"client": web, "token": token, "kupang": k.get_json()["id"], "jakarta": j.get_json()["id"],
            "where": (k.get_json()["report"]["properties"], j.get_json()["report"]["properties"])}


def test_city_add_loads_jakarta_once_and_again_in_place(two: Settings, db: psycopg.Connection) -> None:
    counts = {r["city_id"]: (r["kel"], r["kec"]) for r in db.execute(
        "SELECT k.city_id, count(*) AS kel, count(DISTINCT k.kecamatan_id) AS kec FROM kelurahan k GROUP BY 1")}
    assert counts == {KUPANG: (51, 6), JAKARTA: (267, 44)}
    assert db.execute("SELECT count(*) AS n FROM kelurahan WHERE code LIKE '%%888'").fetchone()["n"] == 0
    city = db.execute("SELECT * FROM cities WHERE id = 2").fetchone()
    assert (city["slug"], city["code"], city["time_zone"], city["utm_epsg"]) == ("jakarta", "31", "Asia/Jakarta", 32748)
    assert 106.7 < city["center_lng"] < 107.0 and -6.35 < city["center_lat"] < -6.1
    from api.cli import main

    env = {"DATABASE_URL": two.database_url, "REDIS_URL": two.redis_url}
    admin_id, _ = make_user(db, "admin.kupang", "admin", city_id=KUPANG)
    try:
        out = CliRunner().invoke(main, ["city", "add", "--file", str(JAKARTA_FILE), "--code", "31",
                                        "--name", "DKI Jakarta"], env=env)
    finally:
        db.execute("DELETE FROM users WHERE id = %s", (admin_id,))
        db.commit()
    assert out.exit_code == 0, out.output
    assert '"kelurahan": 267' in out.output and '"3174080888": "3174080003"' in out.output
    # an admin of Kupang alone loses the failed-jobs tool (for admins of every city): said, with the fix
    assert "admin.kupang@example.id" in out.output and "sigap staff-add-city LOGIN --city jakarta" in out.output
    again = {r["city_id"]: r["n"] for r in db.execute("SELECT city_id, count(*) AS n FROM kelurahan GROUP BY 1")}
    assert again == {KUPANG: 51, JAKARTA: 267}
    listed = CliRunner().invoke(main, ["city", "list"], env=env)
    assert "kupang\t5371\tKota Kupang" in listed.output and "jakarta\t31\tDKI Jakarta\tAsia/Jakarta" in listed.output
    assert listed.output.startswith("id\tslug\tkode BPS / BPS code\t")  # said what the columns are (a walk)
    assert "City DKI Jakarta ready at /jakarta/: 267 kelurahan, 44 kecamatan, 7 agencies" in out.output
    clash = CliRunner().invoke(main, ["city", "add", "--file", str(JAKARTA_FILE), "--code", "3171", "--name", "X",
                                      "--slug", "kupang"], env=env)
    assert clash.exit_code != 0 and "kupang" in clash.output


def test_a_deployer_names_the_default_city(two: Settings, web, db: psycopg.Connection) -> None:
    """A platform whose home is Jakarta, with Kupang loaded first: `/`, `/ogc` and an API call that
    names no city were Kupang's whatever the deployer wanted (only the first city added could be)."""
    from api.cli import main

    env = {"DATABASE_URL": two.database_url, "REDIS_URL": two.redis_url}
    assert '"slug": "kupang"' in web.get("/").get_data(as_text=True)
    try:
        out = CliRunner().invoke(main, ["city", "default", "jakarta"], env=env)
        assert out.exit_code == 0 and "DKI Jakarta (/jakarta/)" in out.output, out.output
        assert '"slug": "jakarta"' in web.get("/").get_data(as_text=True)  # this process follows at once
        assert web.get("/api/v1/agencies").get_json()["city"] == "jakarta"
        assert web.get("/ogc/").get_json()["description"].endswith("boundaries of DKI Jakarta")
        assert {c["slug"]: c["default"] for c in web.get("/api/v1/cities").get_json()["cities"]} == {
            "kupang": False, "jakarta": True}
        listed = CliRunner().invoke(main, ["city", "list"], env=env).output.splitlines()
        assert [line.split("\t")[1] for line in listed if line.endswith("\tdefault")] == ["jakarta"]
        typo = CliRunner().invoke(main, ["city", "default", "jakrta"], env=env)
        said = "Unknown city 'jakrta'; use a slug or BPS code: kupang (5371), jakarta (31)"
        assert typo.exit_code == 1 and said in typo.output, typo.output
        assert web.get("/api/v1/agencies").get_json()["city"] == "jakarta"  # nothing changed
    finally:
        again = CliRunner().invoke(main, ["city", "default", "kupang"], env=env)
    assert again.exit_code == 0 and web.get("/api/v1/agencies").get_json()["city"] == "kupang"
    assert db.execute("SELECT array_agg(slug) AS d FROM cities WHERE is_default").fetchone()["d"] == ["kupang"]


def test_a_deployer_s_slips_are_refused_before_they_corrupt_routing(two: Settings, db: psycopg.Connection,
                                                                    tmp_path) -> None:
    """A deployer's walk: Jakarta's file under code 32 made a second city on Jakarta's ground, an
    unknown time zone was stored (every list of the city answered 500 from then on), and Kupang's
    kecamatan loaded as Jakarta's DLH zones re-routed Jakarta's reports to zones in Kupang. Each
    is now one bilingual line, and nothing was written."""
    from api.cli import main

    env = {"DATABASE_URL": two.database_url, "REDIS_URL": two.redis_url}
    before = db.execute("SELECT count(*) AS n FROM cities").fetchone()["n"]
    wrong = CliRunner().invoke(main, ["city", "add", "--file", str(JAKARTA_FILE), "--code", "32", "--name", "Jabar"],
                               env=env)
    assert wrong.exit_code == 1 and "bukan 32" in wrong.output and "wrong city code" in wrong.output, wrong.output
    pusat = json.loads(JAKARTA_FILE.read_text())  # Jakarta Pusat, as if it were a city of its own
    pusat["features"] = [f for f in pusat["features"] if f["properties"]["village_code"].startswith("id3171")]
    (tmp_path / "pusat.geojson").write_text(json.dumps(pusat))
    twice = CliRunner().invoke(main, ["city", "add", "--file", str(tmp_path / "pusat.geojson"), "--code", "3171",
                                      "--name", "Jakarta Pusat"], env=env)
    assert twice.exit_code == 1 and "jakarta (100%)" in twice.output, twice.output
    five = json.loads(JAKARTA_FILE.read_text())  # loaded again from part of the city: five kecamatan shrank
    five["features"] = five["features"][:5]
    (tmp_path / "five.geojson").write_text(json.dumps(five))
    part = CliRunner().invoke(main, ["city", "add", "--file", str(tmp_path / "five.geojson"), "--code", "31",
                                     "--name", "DKI Jakarta"], env=env)
    assert part.exit_code == 1 and "load the whole city's file" in part.output, part.output
    # loaded again under another name: the city keeps its address (/jakarta/ became /jkt/)
    renamed = CliRunner().invoke(main, ["city", "add", "--file", str(JAKARTA_FILE), "--code", "31", "--name",
                                        "Jakarta Raya"], env=env)
    assert renamed.exit_code == 0 and '"city": "jakarta"' in renamed.output, renamed.output
    assert db.execute("SELECT slug FROM cities WHERE id = %s", (JAKARTA,)).fetchone()["slug"] == "jakarta"
    CliRunner().invoke(main, ["city", "add", "--file", str(JAKARTA_FILE), "--code", "31", "--name", "DKI Jakarta"],
                       env=env)
    short = CliRunner().invoke(main, ["city", "add", "--file", str(tmp_path / "pusat.geojson"), "--code", "3171",
                                      "--name", "X"], env=env)
    assert short.exit_code == 1 and "from the name 'X'" in short.output, short.output  # it blamed "a slug"
    mars = CliRunner().invoke(main, ["city", "add", "--file", str(JAKARTA_FILE), "--code", "31", "--name",
                                     "DKI Jakarta", "--time-zone", "Mars/Base"], env=env)
    assert mars.exit_code == 1 and "Mars/Base" in mars.output and "Traceback" not in mars.output, mars.output
    assert db.execute("SELECT count(*) AS n FROM cities").fetchone()["n"] == before
    assert db.execute("SELECT time_zone FROM cities WHERE id = %s", (JAKARTA,)).fetchone()["time_zone"] == "Asia/Jakarta"
    zones_before = db.execute("SELECT count(*) AS n FROM service_zones WHERE city_id = %s", (JAKARTA,)).fetchone()["n"]
    far = CliRunner().invoke(main, ["load-zones", "DLH", str(REPO_ROOT / "data" / "reference" / "kupang_kecamatan.geojson"),
                                    "--city", "jakarta"], env=env)
    assert far.exit_code == 1 and "does not touch DKI Jakarta" in far.output, far.output
    assert db.execute("SELECT count(*) AS n FROM service_zones WHERE city_id = %s",
                      (JAKARTA,)).fetchone()["n"] == zones_before


def test_a_city_added_a_moment_ago_takes_reports_at_once(web, db: psycopg.Connection) -> None:
    """Each API process keeps the cities and categories a minute. After `sigap city add`, the new
    city's first reports were refused as outside every city, and the city switch did not offer it."""
    import time

    from geo import cities, reports

    kupang = next(c for c in cities.all_cities(db, fresh=True) if c.id == KUPANG)
    key = (db.info.host, db.info.port, db.info.dbname)
    cities._cache[key] = (time.monotonic(), (kupang,))  # as this process knew them before the add
    named = reports.categories_named(db, "sampah")
    reports._categories[(*key, "sampah")] = (time.monotonic(), {KUPANG: named[KUPANG]})
    try:
        assert "jakarta" in [c["slug"] for c in web.get("/api/v1/cities").get_json()["cities"]]
        cities._cache[key] = (time.monotonic(), (kupang,))
        filed = submit(web, make_user(db, "warga")[1], point=MONAS)
        assert filed.status_code == 201, filed.get_json()
        assert filed.get_json()["report"]["properties"]["city"] == "jakarta"
    finally:
        cities.forget()
        reports._categories.clear()


def test_a_boundary_revision_reshapes_the_default_zones_and_reroutes(web, db: psycopg.Connection, two: Settings,
                                                                    tmp_path) -> None:
    """BPS moves kelurahan Gambir (Monas) into kecamatan Sawah Besar; the deployer re-runs `sigap
    city add`. Each agency's default zones take the new kecamatan shapes, so the report at Monas
    is now Sawah Besar's zone's, as a new one is; then the original file puts everything back."""
    import json

    from api.cli import main

    env = {"DATABASE_URL": two.database_url, "REDIS_URL": two.redis_url}
    _, token = make_user(db, "warga")
    before = submit(web, token, point=MONAS).get_json()["id"]
    zone_of = ("SELECT z.name, ST_Equals(z.geom, kc.geom) AS same FROM reports r"
               " JOIN service_zones z ON z.id = r.zone_id AND z.city_id = r.city_id"
               " JOIN kecamatan kc ON kc.id = z.kecamatan_id AND kc.city_id = z.city_id WHERE r.id = %s")
    assert db.execute(zone_of, (before,)).fetchone() == {"name": "DLH Gambir", "same": True}
    revised = json.loads(JAKARTA_FILE.read_text())
    for f in revised["features"]:
        if f["properties"]["village_code"] == "id3173080003":
            f["properties"].update(district_code="id3173070", district="Sawah Besar")
    (tmp_path / "revised.geojson").write_text(json.dumps(revised))
    try:
        out = CliRunner().invoke(main, ["city", "add", "--file", str(tmp_path / "revised.geojson"), "--code", "31",
                                        "--name", "DKI Jakarta"], env=env)
        assert out.exit_code == 0, out.output
        db.commit()
        assert db.execute(zone_of, (before,)).fetchone() == {"name": "DLH Sawah Besar", "same": True}
        after = submit(web, token, point=MONAS).get_json()["id"]
        assert db.execute(zone_of, (after,)).fetchone() == {"name": "DLH Sawah Besar", "same": True}
        stale = db.execute("SELECT count(*) AS n FROM service_zones z JOIN kecamatan kc ON kc.id = z.kecamatan_id"
                           " AND kc.city_id = z.city_id WHERE z.city_id = %s AND NOT ST_Equals(z.geom, kc.geom)",
                           (JAKARTA,)).fetchone()["n"]
        assert stale == 0
    finally:
        out = CliRunner().invoke(main, ["city", "add", "--file", str(JAKARTA_FILE), "--code", "31",
                                        "--name", "DKI Jakarta"], env=env)
        assert out.exit_code == 0, out.output
        db.commit()
    assert db.execute(zone_of, (before,)).fetchone() == {"name": "DLH Gambir", "same": True}


def test_a_pseudo_unit_is_routed_with_its_neighbour(web, db: psycopg.Connection) -> None:
    """Prepedan (a BPS 888 unit in Kali Deres) became part of Pegadungan: a report there is
    routed, not refused as outside the city."""
    import json

    from shapely.geometry import shape

    prepedan = next(f for f in json.loads(JAKARTA_FILE.read_text())["features"]
                    if f["properties"]["village_code"] == "id3174080888")
    p = shape(prepedan["geometry"]).representative_point()
    where = web.get(f"/api/v1/locate?lng={p.x}&lat={p.y}").get_json()
    assert (where["city"]["slug"], where["kelurahan"]["name"], where["kecamatan"]["name"]) == \
        ("jakarta", "Pegadungan", "Kali Deres")


def test_each_city_lists_serves_and_exports_only_its_own(both: dict[str, Any], db: psycopg.Connection) -> None:
    c, kid, jid = both["client"], both["kupang"], both["jakarta"]
    k_where, j_where = both["where"]
    assert j_where["kecamatan"] == "Gambir" and k_where["kecamatan"] != "Gambir"
    rows = {r["id"]: r for r in db.execute("SELECT r.id, r.city_id, a.city_id AS agency_city, k.city_id AS kel_city"
                                           " FROM reports r JOIN agencies a ON a.id = r.agency_id"
                                           " JOIN kelurahan k ON k.id = r.kelurahan_id")}
    assert [rows[kid][k] for k in ("city_id", "agency_city", "kel_city")] == [KUPANG] * 3
    assert [rows[jid][k] for k in ("city_id", "agency_city", "kel_city")] == [JAKARTA] * 3
    # Lists: by slug, BPS code or id; the first city by default; an unknown city is a clear 404.
    assert ids(c.get("/api/v1/reports").get_json()) == [kid]
    assert ids(c.get("/api/v1/reports?city=kupang").get_json()) == [kid]
    for name in ("jakarta", "31", "2"):
        assert ids(c.get(f"/api/v1/reports?city={name}").get_json()) == [jid]
    mine = c.get("/api/v1/reports?mine=1&city=jakarta", headers=auth(both["token"])).get_json()
    assert ids(mine) == [kid, jid]  # "my reports": one account, every city it reported in
    # Times in each report's own city's zone (WITA, WIB), as OGC, Open311 and the exports give them.
    zones = {kid: "+08:00", jid: "+07:00"}
    for f in mine["features"]:
        assert f["properties"]["created_at"].endswith(zones[f["id"]]), f["properties"]["created_at"]
        assert f["properties"]["due_at"].endswith(zones[f["id"]])
    for slug, rid in (("kupang", kid), ("jakarta", jid)):
        one = c.get(f"/api/v1/reports/{rid}?city={slug}").get_json()
        assert one["properties"]["created_at"].endswith(zones[rid])
        assert [e["at"][-6:] for e in one["properties"]["timeline"]] == [zones[rid]] * len(one["properties"]["timeline"])
    bad = c.get("/api/v1/reports?city=bandung")
    assert bad.status_code == 404 and bad.get_json()["code"] == "city_not_found"
    assert {x["slug"] for x in c.get("/api/v1/cities").get_json()["cities"]} == {"kupang", "jakarta"}
    # OGC API Features per city, with links that stay in the city.
    for slug, rid, n_kel in (("kupang", kid, 51), ("jakarta", jid, 267)):
        landing = c.get(f"/{slug}/ogc/").get_json()
        assert {link["rel"] for link in landing["links"]} >= {"self", "data", "conformance", "service-desc"}
        items = c.get(f"/{slug}/ogc/collections/reports/items").get_json()
        assert ids(items) == [rid]
        assert all(f"/{slug}/ogc/" in link["href"] for link in items["links"])
        kel = c.get(f"/{slug}/ogc/collections/kelurahan/items?limit=1").get_json()
        assert kel["numberMatched"] == n_kel
        other = kid if rid == jid else jid
        assert c.get(f"/{slug}/ogc/collections/reports/items/{other}").status_code == 404
    assert ids(c.get("/ogc/collections/reports/items").get_json()) == [kid]
    bbox = c.get("/jakarta/ogc/collections/reports").get_json()["extent"]["spatial"]["bbox"][0]
    assert 106 < bbox[0] < bbox[2] < 107.2
    # Open311: one endpoint per city.
    for slug, rid, name in (("kupang", kid, "Kota Kupang"), ("jakarta", jid, "DKI Jakarta")):
        reqs = c.get(f"/{slug}/open311/v2/requests.json").get_json()
        assert [int(r["service_request_id"]) for r in reqs] == [rid]
        assert reqs[0]["address"].endswith(name)
        disc = c.get(f"/{slug}/open311/v2/discovery.json").get_json()
        assert disc["endpoints"][0]["url"].endswith(f"/{slug}/open311/v2")
    assert c.get(f"/kupang/open311/v2/requests/{jid}.json").status_code == 404
    # Exports: the city's reports, times in its own zone.
    for slug, rid, offset in (("kupang", kid, "+08:00"), ("jakarta", jid, "+07:00")):
        fc = c.get(f"/api/v1/exports/reports.geojson?city={slug}").get_json()
        assert ids(fc) == [rid]
        assert fc["features"][0]["properties"]["created_at"].endswith(offset)
        csv_text = c.get(f"/api/v1/exports/reports.csv?city={slug}").get_data(as_text=True)
        assert len(csv_text.strip().splitlines()) == 2 and offset in csv_text
    import rasterio

    with rasterio.open(io.BytesIO(c.get("/api/v1/exports/heatmap.tif?city=jakarta&cell_m=500").data)) as ds:
        assert ds.crs.to_epsg() == 32748 and ds.read(1).sum() > 0
        x, y = ds.index(*_utm(MONAS, 32748))
        assert ds.read(1)[x, y] > 0
    # Reference data and statistics.
    kc = c.get("/api/v1/categories?city=kupang").get_json()["categories"]
    jc = c.get("/api/v1/categories?city=jakarta").get_json()["categories"]
    assert [x["code"] for x in kc] == [x["code"] for x in jc] and not {x["id"] for x in kc} & {x["id"] for x in jc}
    assert len(c.get("/api/v1/kelurahan?city=jakarta").get_json()["features"]) == 267
    for slug in ("kupang", "jakarta"):
        stats = c.get(f"/api/v1/stats?city={slug}&group=agency").get_json()["stats"]
        assert sum(s["total"] for s in stats) == 1, slug
        perf = c.get(f"/api/v1/performance?city={slug}").get_json()
        assert perf["city"]["slug"] == slug and sum(a["total"] for a in perf["agencies"]) == 1



def test_statistics_count_each_citys_own_days(both: dict[str, Any], db: psycopg.Connection) -> None:
    """Days are the city's: a report at 23:30 WIB counts on that Jakarta day (it is 00:30 WITA
    the next day in Kupang), in answers counted from reports and from the rolled-up days."""
    from datetime import date, datetime, timedelta
    from zoneinfo import ZoneInfo

    from geo import stats

    c, day = both["client"], date.today() - timedelta(days=3)
    for rid, zone in ((both["kupang"], "Asia/Makassar"), (both["jakarta"], "Asia/Jakarta")):
        late = datetime(day.year, day.month, day.day, 23, 30, tzinfo=ZoneInfo(zone))
        db.execute("UPDATE reports SET created_at = %s, due_at = %s WHERE id = %s", (late, late + timedelta(days=30), rid))
    db.commit()

    def totals() -> dict[str, list[int]]:
        got = {}
        for slug in ("kupang", "jakarta"):
            got[slug] = [sum(s["total"] for s in c.get(f"/api/v1/stats?city={slug}&group=agency&since={d}"
                                                      f"&until={d + timedelta(days=1)}").get_json()["stats"])
                         for d in (day, day + timedelta(days=1))]
        return got

    assert totals() == {"kupang": [1, 0], "jakarta": [1, 0]}  # counted from reports
    assert stats.refresh(db)["days"] >= 3  # D up to yesterday
    db.commit()
    assert db.execute("SELECT count(*) AS n FROM report_stats WHERE period = 'd' AND start = %s AND dim = 'a'",
                      (day,)).fetchone()["n"] == 2  # one row a city, both on their own day
    assert totals() == {"kupang": [1, 0], "jakarta": [1, 0]}  # from the rollup


def _utm(point: tuple[float, float], epsg: int) -> tuple[float, float]:
    from pyproj import Transformer

    x, y = Transformer.from_crs("EPSG:4326", f"EPSG:{epsg}", always_xy=True).transform(*point)
    return float(x), float(y)


def _features(c: Any, layer: str, z: int, x: int, y: int, city: str) -> list[dict[str, Any]]:
    r = c.get(f"/tiles/{layer}/{z}/{x}/{y}.mvt?city={city}")
    assert r.status_code == 200, (layer, z, r.get_json())
    decoded = mapbox_vector_tile.decode(r.data)
    return [f for lyr in decoded.values() for f in lyr["features"]]


def test_tiles_never_mix_cities_at_any_zoom(both: dict[str, Any], db: psycopg.Connection) -> None:
    """Every public layer, zoom 0 to 16 over Jakarta's report: Kupang's tiles hold nothing of
    Jakarta (at zoom 0 one tile holds both cities: each counts only its own report)."""
    import h3

    c, kid, jid = both["client"], both["kupang"], both["jakarta"]
    jakarta_cells = {h3.latlng_to_cell(MONAS[1], MONAS[0], r) for r in range(6, 12)}
    public = [name for name, lyr in LAYERS.items() if not lyr.staff_only and name != "basemap"]
    for z in range(0, 17):
        x, y = tile_of(*MONAS, z)
        shared = tile_of(*LLBK, z) == (x, y)  # up to zoom 3 one tile holds both cities
        for layer in public:
            feats = _features(c, layer, z, x, y, "kupang")
            if not shared:
                assert feats == [], (layer, z)
            if layer in ("reports", "heatmap"):
                assert jid not in [f.get("id") for f in feats if "h3" not in f["properties"]], z
                assert not {f["properties"].get("h3") for f in feats} & jakarta_cells, (layer, z)
        mine = _features(c, "reports", z, x, y, "jakarta")
        if z >= 3:  # (below, a hexagon is smaller than a pixel of the tile and may vanish)
            assert sum(f["properties"].get("count", 1) for f in mine) == 1, z
            assert _features(c, "kelurahan", z, x, y, "jakarta"), z
    # TileJSON per city.
    tj = c.get("/tiles/reports.json?city=jakarta").get_json()
    assert tj["tiles"][0].endswith("?city=jakarta") and 106 < tj["center"][0] < 107
    kx, ky = tile_of(*LLBK, 14)
    assert [f["id"] for f in _features(c, "reports", 14, kx, ky, "kupang")] == [kid]


def test_dispatch_offers_each_report_to_its_own_citys_team(both: dict[str, Any], db: psycopg.Connection,
                                                           two: Settings) -> None:
    c = both["client"]
    _, kupang_dlh = make_user(db, "petugas.kupang", "responder", "DLH", city_id=KUPANG)
    _, jakarta_dlh = make_user(db, "petugas.jakarta", "responder", "DLH", city_id=JAKARTA)
    # Both on shift; the Kupang officer is even placed "nearer" in degrees to nothing in Jakarta.
    for token, point in ((kupang_dlh, east_of(LLBK, 200)), (jakarta_dlh, east_of(MONAS, 200))):
        assert c.post("/api/v1/responders/me/location", json={"lng": point[0], "lat": point[1]},
                      headers=auth(token)).status_code == 200
        assert c.put("/api/v1/responders/me/status", json={"status": "available"}, headers=auth(token)).status_code == 200
    run_jobs(two)
    k_offers = c.get("/api/v1/responders/me/offers", headers=auth(kupang_dlh)).get_json()["offers"]
    j_offers = c.get("/api/v1/responders/me/offers", headers=auth(jakarta_dlh)).get_json()["offers"]
    assert [o["report_id"] for o in k_offers] == [both["kupang"]]
    assert [o["report_id"] for o in j_offers] == [both["jakarta"]]
    tasks = c.get(f"/api/v1/responders/me/tasks?near={MONAS[0]},{MONAS[1]}", headers=auth(kupang_dlh)).get_json()
    assert both["jakarta"] not in [t["id"] for t in tasks["tasks"]]
    # An officer reads times on their own city's clock (WITA, WIB), as the reports list gives them.
    for token, offers, offset in ((kupang_dlh, k_offers, "+08:00"), (jakarta_dlh, j_offers, "+07:00")):
        assert offers[0]["offered_at"].endswith(offset) and offers[0]["expires_at"].endswith(offset), offers[0]
        me = c.get("/api/v1/me", headers=auth(token)).get_json()["responder"]
        assert me["location_at"].endswith(offset), me
    assert {t["created_at"][-6:] for t in tasks["tasks"]} == {"+08:00"}
    team = c.get("/api/v1/responders?city=jakarta", headers=auth(make_user(db, "op.j", "operator", city_id=JAKARTA)[1]))
    assert [r["location_at"][-6:] for r in team.get_json()["responders"]] == ["+07:00"], team.get_json()


def test_kupang_staff_cannot_read_or_act_on_jakarta(both: dict[str, Any], db: psycopg.Connection) -> None:
    """The city dimension of the authorization matrix: each Kupang role against Jakarta's data,
    and Jakarta's own operator as the control that the same calls are allowed there."""
    c, jid = both["client"], both["jakarta"]
    staff = {name: make_user(db, f"{name}.kupang", role, agency, city_id=KUPANG)[1]
             for name, role, agency in (("operator", "operator", None), ("admin", "admin", None),
                                        ("agency_admin", "agency_admin", "DLH"))}
    _, jakarta_op = make_user(db, "operator.jakarta", "operator", city_id=JAKARTA)
    full = c.get(f"/api/v1/reports/{jid}", headers=auth(jakarta_op)).get_json()["properties"]
    assert full["reporter"]["email"] == "warga@example.id"
    for name, token in staff.items():
        h = auth(token)
        seen = c.get(f"/api/v1/reports/{jid}", headers=h).get_json()["properties"]
        assert "reporter" not in seen, name  # the public view, as for anyone outside Jakarta's staff
        calls = [
            c.post(f"/api/v1/reports/{jid}/transitions", json={"to": "verified"}, headers=h),
            c.patch(f"/api/v1/reports/{jid}", json={"priority": "high"}, headers=h),
            c.get(f"/api/v1/reports/{jid}/nearest-responders", headers=h),
            c.get("/api/v1/responders?city=jakarta", headers=h),
            c.get("/api/v1/analytics/runs?city=jakarta", headers=h),
            c.get("/api/v1/analytics/recurring?city=jakarta", headers=h),
            c.get(f"/tiles/responders/12/{'/'.join(map(str, tile_of(*MONAS, 12)))}.mvt?city=jakarta", headers=h),
            c.get(f"/tiles/hotspots/12/{'/'.join(map(str, tile_of(*MONAS, 12)))}.mvt?city=jakarta", headers=h),
        ]
        codes = [(r.status_code, (r.get_json() or {}).get("code")) for r in calls]
        assert all(s == 403 for s, _ in codes), (name, codes)
        assert ("other_city" in {code for _, code in codes}), (name, codes)
    # the refusal names the city asked and the caller's own, with how to ask for it (a Jakarta admin's
    # call without ?city= read "this belongs to another city": a walk)
    refused = c.get("/api/v1/responders", headers=auth(jakarta_op)).get_json()
    assert (refused["code"], refused["details"]) == ("other_city", {"city": "kupang", "your_cities": ["jakarta"]})
    assert refused["message"] == "Data ini milik Kota Kupang; akun Anda bekerja untuk DKI Jakarta (?city=jakarta)."
    made = c.post("/api/v1/users?city=jakarta", json={"email": "x@example.id", "password": "rahasia-123",
                                                      "role": "operator"}, headers=auth(staff["admin"]))
    assert made.status_code == 403
    assert db.execute("SELECT status FROM reports WHERE id = %s", (jid,)).fetchone()["status"] == "submitted"
    ok = c.post(f"/api/v1/reports/{jid}/transitions", json={"to": "verified"}, headers=auth(jakarta_op))
    assert ok.status_code == 200, ok.get_json()


def test_report_urls_name_their_city_and_a_wrong_one_finds_nothing(both: dict[str, Any],
                                                                   db: psycopg.Connection) -> None:
    """A report's links carry its city (one city's data; one shard on Citus): the Location of a
    new report, "my reports" and the notifications say which; a report asked for in a city that
    does not hold it is not found there, and nothing is done to it."""
    c, token, kid, jid = both["client"], both["token"], both["kupang"], both["jakarta"]
    again = submit(c, token, point=MONAS, category="kebakaran", key="monas-2")
    assert again.headers["Location"].endswith(f"/api/v1/reports/{again.get_json()['id']}?city=jakarta")
    mine = c.get("/api/v1/reports?mine=1&city=kupang", headers=auth(token)).get_json()["features"]
    assert {f["id"]: f["properties"]["city"] for f in mine} == {
        kid: "kupang", jid: "jakarta", again.get_json()["id"]: "jakarta"}
    wrong = c.get(f"/api/v1/reports/{jid}?city=kupang", headers=auth(token))
    # not here, and where: /kupang/?report=N (an old or hand-made link) goes on to Jakarta's page with it
    assert (wrong.status_code, wrong.get_json()["code"], wrong.get_json()["details"]["city"]) == (
        404, "report_in_other_city", "jakarta")
    assert wrong.get_json()["message"] == f"Laporan #{jid} ada di DKI Jakarta, bukan di kota ini."
    assert c.get("/api/v1/reports/999999?city=kupang").get_json()["code"] == "report_not_found"
    assert c.get(f"/api/v1/reports/{jid}?city=jakarta").get_json()["properties"]["city"] == "jakarta"
    assert c.get(f"/api/v1/reports/{jid}").get_json()["id"] == jid  # an old link: looked up by id
    _, jakarta_op = make_user(db, "operator.jakarta", "operator", city_id=JAKARTA)
    both_admin_id, both_admin = make_user(db, "admin.both", "admin", city_id=KUPANG)
    from geo.accounts import add_staff_city

    add_staff_city(db, both_admin_id, JAKARTA)
    db.commit()
    for h in (auth(jakarta_op), auth(both_admin)):  # even staff of both cities act in the city named
        calls = [c.post(f"/api/v1/reports/{jid}/transitions?city=kupang", json={"to": "verified"}, headers=h),
                 c.patch(f"/api/v1/reports/{jid}?city=kupang", json={"priority": "high"}, headers=h),
                 c.post(f"/api/v1/reports/{jid}/support?city=kupang", headers=h),
                 c.get(f"/api/v1/reports/{jid}/nearest-responders?city=kupang", headers=h)]
        assert [(r.status_code, r.get_json()["code"]) for r in calls] == [(404, "report_not_found")] * 4
    row = db.execute("SELECT status, priority, support_count FROM reports WHERE id = %s", (jid,)).fetchone()
    assert (row["status"], row["priority"], row["support_count"]) == ("submitted", "normal", 0)
    ok = c.post(f"/api/v1/reports/{jid}/transitions?city=jakarta", json={"to": "verified"}, headers=auth(jakarta_op))
    assert ok.status_code == 200 and ok.get_json()["report"]["properties"]["city"] == "jakarta"
    note = c.get("/api/v1/notifications?city=kupang", headers=auth(token)).get_json()["notifications"][0]
    assert (note["report_id"], note["city"]) == (jid, "jakarta")
    assert note["created_at"].endswith("+07:00"), note  # each in its own city's zone, asked from either
    near = c.get(f"/api/v1/reports/nearby?lng={MONAS[0]}&lat={MONAS[1]}&category=kebakaran").get_json()["reports"]
    assert near and {r["created_at"][-6:] for r in near} == {"+07:00"}, near
    # the point decides the city (the form's pin may lie in another), but a misspelt city is said
    same = c.get(f"/api/v1/reports/nearby?city=kupang&lng={MONAS[0]}&lat={MONAS[1]}&category=kebakaran")
    assert same.get_json()["reports"] == near
    wrong = c.get(f"/api/v1/reports/nearby?city=bandung&lng={MONAS[0]}&lat={MONAS[1]}&category=kebakaran")
    assert (wrong.status_code, wrong.get_json()["code"]) == (404, "city_not_found")
    # a time without its zone: the example is the city's own offset (Jakarta's callers were shown +08:00)
    naive = c.get("/api/v1/reports?city=jakarta&since=2026-12-07T14:50:30").get_json()
    assert "(e.g. 2026-12-07T14:50:30+07:00)" in naive["message_en"], naive
    # a basic-form date with a time glued on is no day (date.fromisoformat took "20261207T0" as one)
    glued = c.get("/api/v1/reports?city=jakarta&since=20261207T0").get_json()
    assert glued["code"] == "invalid_since", glued
    assert c.post(f"/api/v1/notifications/{note['id']}/read?city=kupang", headers=auth(token)).status_code == 404
    assert c.post(f"/api/v1/notifications/{note['id']}/read?city=jakarta", headers=auth(token)).status_code == 204


def test_only_an_admin_is_given_a_second_city(both: dict[str, Any], db: psycopg.Connection, two: Settings,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """`sigap staff-add-city` as a deployer runs it: an admin then acts in both cities; an operator
    stays in the one city whose agency and area are theirs."""
    from api.cli import main

    monkeypatch.setenv("DATABASE_URL", two.database_url)
    monkeypatch.setenv("REDIS_URL", two.redis_url)
    c, jid = both["client"], both["jakarta"]
    make_user(db, "op.kupang", "operator", city_id=KUPANG)
    _, admin = make_user(db, "adm.kupang", "admin", city_id=KUPANG)
    verify = {"to": "verified"}
    assert c.post(f"/api/v1/reports/{jid}/transitions", json=verify, headers=auth(admin)).status_code == 403
    refused = CliRunner().invoke(main, ["staff-add-city", "OP.Kupang@example.id", "--city", "jakarta"])
    assert refused.exit_code != 0 and "Only an admin can work for several cities" in refused.output, refused.output
    added = CliRunner().invoke(main, ["staff-add-city", "adm.kupang@example.id", "--city", "jakarta"])
    assert added.exit_code == 0 and "DKI Jakarta" in added.output, added.output
    moved = c.post(f"/api/v1/reports/{jid}/transitions", json=verify, headers=auth(admin))
    assert moved.status_code == 200, moved.get_json()
    assert c.post(f"/api/v1/reports/{both['kupang']}/transitions", json=verify, headers=auth(admin)).status_code == 200


def test_a_confidential_jakarta_report_stays_coarse_for_kupang_staff(web, db: psycopg.Connection) -> None:
    _, citizen = make_user(db, "warga")
    _, kupang_op = make_user(db, "op.kupang", "operator", city_id=KUPANG)
    _, jakarta_op = make_user(db, "op.jakarta", "operator", city_id=JAKARTA)
    rid = submit(web, citizen, point=MONAS, category="orang_hilang").get_json()["id"]
    outsider = web.get("/api/v1/reports?city=jakarta", headers=auth(kupang_op)).get_json()["features"][0]
    insider = web.get("/api/v1/reports?city=jakarta", headers=auth(jakarta_op)).get_json()["features"][0]
    assert outsider["id"] == insider["id"] == rid
    assert insider["geometry"]["coordinates"] == pytest.approx(list(MONAS))
    assert outsider["geometry"]["coordinates"] != pytest.approx(list(MONAS))


def test_open311_and_the_web_app_are_per_city(web, db: psycopg.Connection) -> None:
    from tests.helpers import jpeg

    _, token = make_user(db, "warga")
    form = {"api_key": token, "service_code": "sampah", "lat": str(MONAS[1]), "long": str(MONAS[0]),
            "description": "Sampah menumpuk"}
    wrong = web.post("/kupang/open311/v2/requests.json", data={**form, "media": (io.BytesIO(jpeg()), "a.jpg")},
                     content_type="multipart/form-data")
    assert wrong.status_code == 422 and wrong.get_json()[0]["code"] == 422
    assert "di DKI Jakarta, bukan Kota Kupang: kirim ke /jakarta/open311/v2/" in wrong.get_json()[0]["description"]
    assert db.execute("SELECT count(*) AS n FROM reports").fetchone()["n"] == 0  # nothing half-written
    right = web.post("/jakarta/open311/v2/requests.json", data={**form, "media": (io.BytesIO(jpeg()), "a.jpg")},
                     content_type="multipart/form-data")
    assert right.status_code == 201, right.get_json()
    services = web.get("/jakarta/open311/v2/services.json").get_json()
    assert "sampah" in {s["service_code"] for s in services}
    for path, slug in (("/jakarta/", "jakarta"), ("/jakarta/ops", "jakarta"), ("/kupang/petugas", "kupang"),
                       ("/", "kupang"), ("/jakarta/transparansi", "jakarta")):
        html = web.get(path).get_data(as_text=True)
        assert f'"slug": "{slug}"' in html, path
    jakarta = web.get("/jakarta/").get_data(as_text=True)
    assert "DKI Jakarta" in jakarta and 'href="/jakarta/manifest.webmanifest"' in jakarta
    manifest = web.get("/jakarta/manifest.webmanifest").get_json()
    assert manifest["start_url"] == "/jakarta/" and manifest["name"].endswith("DKI Jakarta")
    assert 'href="/manifest.webmanifest"' in web.get("/").get_data(as_text=True)
    assert web.get("/bandung/").status_code == 404
    # Addresses as people type and bookmark them: a slash, the English name, a city mistyped.
    for typed, lands in (("/ops/", "/ops"), ("/petugas/?x=1", "/petugas?x=1"), ("/transparency", "/transparansi"),
                         ("/transparency/", "/transparansi"), ("/transparansi/", "/transparansi"),
                         ("/jakarta/ops/", "/jakarta/ops"), ("/jakarta/transparency", "/jakarta/transparansi")):
        moved = web.get(typed)
        assert (moved.status_code, moved.headers["Location"]) == (301, lands), typed
        assert web.get(lands).mimetype == "text/html", lands
    assert web.get("/ops/?city=jakarta").headers["Location"] == "/ops?city=jakarta"  # the address, not ?city=
    assert web.get("/ops/", environ_overrides={"QUERY_STRING": "q=\xff"}).status_code == 301  # not UTF-8
    html = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}  # what a browser asks with
    for typed in ("/kupang/kupnag/", "/ops/foo", "/jakarta/petgas"):
        miss = web.get(typed, headers=html)
        assert (miss.status_code, miss.mimetype) == (404, "text/html"), typed
    assert web.get("/api/v1/nope", headers=html).mimetype == "application/json"  # data stays data
    assert web.get("/ops/foo").mimetype == "application/json"  # a script asking for anything
    typo = web.get("/jakrta/")
    assert typo.status_code == 404 and typo.mimetype == "text/html" and "Halaman tidak ada" in typo.get_data(as_text=True)



def test_a_point_in_the_sea_is_outside_every_city_said_as_such(web) -> None:
    """With two cities the message says "the cities served" and lists them apart ("Kota Kupang,
    DKI Jakarta" read as one address)."""
    body = web.get("/api/v1/locate?lng=106.80&lat=-6.07&city=jakarta").get_json()  # Jakarta Bay
    assert body["code"] == "outside_city"
    assert "di luar wilayah layanan (Kota Kupang dan DKI Jakarta) atau di laut" in body["message"]
    assert "outside the cities served (Kota Kupang and DKI Jakarta), or in the sea" in body["message_en"]


def test_address_search_stays_in_the_city(web) -> None:
    jakarta = web.get("/api/v1/geocode?q=Kel. Gambir&city=jakarta").get_json()["results"]
    assert jakarta and jakarta[0]["name"] == "Gambir" and 106 < jakarta[0]["lng"] < 107
    kupang = web.get("/api/v1/geocode?q=Kel. Gambir&city=kupang").get_json()["results"]
    assert "Gambir" not in [r["name"] for r in kupang]
    assert web.get("/api/v1/geocode?q=Oebobo").get_json()["results"][0]["kecamatan"] == "Oebobo"


def test_the_city_dimension_of_cameras_merges_analyses_and_jobs(both: dict[str, Any], db: psycopg.Connection,
                                                                two: Settings) -> None:
    from geo.accounts import add_staff_city

    c, kid, jid = both["client"], both["kupang"], both["jakarta"]
    _, kupang_op = make_user(db, "op.kupang", "operator", city_id=KUPANG)
    _, jakarta_admin = make_user(db, "admin.jakarta", "admin", city_id=JAKARTA)
    both_id, both_admin = make_user(db, "admin.both", "admin", city_id=KUPANG)
    add_staff_city(db, both_id, JAKARTA)
    db.commit()
    camera = {"name": "Monas Barat", "lng": MONAS[0], "lat": MONAS[1], "source": "https://cctv.example.id/a.jpg"}
    refused = c.post("/api/v1/cameras", json=camera, headers=auth(kupang_op))
    assert (refused.status_code, refused.get_json()["code"]) == (403, "other_city")
    made = c.post("/api/v1/cameras", json=camera, headers=auth(jakarta_admin))
    assert made.status_code == 201, made.get_json()
    cam = made.get_json()["id"]
    assert made.get_json()["created_at"].endswith("+07:00")
    assert c.get(f"/api/v1/traffic/{cam}?city=kupang").status_code == 404
    assert c.get(f"/api/v1/traffic/{cam}?city=jakarta").status_code == 200
    assert [x["id"] for x in c.get("/api/v1/cameras?city=kupang").get_json()["cameras"]] == []
    # Every job names its row's city: a worker's statements run on that city's shard on Citus.
    jobs = {(r["job"], r["args"][0]): r["args"][1] for r in db.execute(
        "SELECT job, args FROM job_outbox WHERE job = 'dispatch_report'")}
    assert jobs == {("dispatch_report", kid): KUPANG, ("dispatch_report", jid): JAKARTA}
    # Two cities' reports never merge, whoever asks: Kupang holds no report `jid`.
    merged = c.post(f"/api/v1/reports/{kid}/merge", json={"into": jid}, headers=auth(both_admin))
    assert (merged.status_code, merged.get_json()["code"]) == (404, "report_not_found")
    assert c.get(f"/api/v1/reports/{jid}?city=jakarta").get_json()["properties"]["status"] == "submitted"
    # "Compute now" is one city's, for its admin; failed jobs are for admins of every city.
    queued = c.post("/api/v1/analytics/runs?city=jakarta", headers=auth(jakarta_admin))
    assert queued.status_code == 202 and queued.get_json()["city"] == "jakarta"
    args = db.execute("SELECT args FROM job_outbox WHERE job = 'analyse_hotspots'").fetchone()["args"]
    assert args == [JAKARTA]
    assert c.post("/api/v1/analytics/runs?city=kupang", headers=auth(jakarta_admin)).status_code == 403
    refused = c.get("/api/v1/admin/jobs/failed", headers=auth(jakarta_admin))
    assert refused.status_code == 403 and refused.get_json()["details"]["cities_missing"] == ["kupang"]
    assert "staff-add-city" in refused.get_json()["message_en"]
    assert c.get("/api/v1/admin/jobs/failed", headers=auth(both_admin)).status_code == 200


def test_a_jakarta_camera_is_calibrated_in_its_own_utm_zone(web, db: psycopg.Connection, two: Settings,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A camera at Monas, calibrated with surveyed points: its homography is fitted in UTM 48S
    (Jakarta's zone, not Kupang's 51S), and the frame job puts the bus and the people of its
    frame on the ground where the survey says, in kelurahan Gambir."""
    import numpy as np
    from rq import SimpleWorker

    from tests.test_vision import MODELS, _ground_truth
    from workers.jobs import POLICY, detect_camera
    from workers.run import queue

    monkeypatch.setenv("SIGAP_MODEL_PATH", str(MODELS / "yolo11n_int8_dynamic.onnx"))
    monkeypatch.setenv("SIGAP_CAMERA_FILES_DIR", str(two.camera_files_dir))
    ground = _ground_truth(MONAS, "EPSG:32748")  # pixels -> metres of UTM 48S around Monas -> lng/lat
    _, admin = make_user(db, "admin.jakarta", "admin", city_id=JAKARTA)
    px = [(0.0, 1080.0), (810.0, 1080.0), (810.0, 200.0), (0.0, 200.0)]  # bus.jpg is 810x1080
    made = web.post("/api/v1/cameras?city=jakarta", headers=auth(admin), json={
        "name": "Monas Barat", "lng": MONAS[0], "lat": MONAS[1], "heading_deg": 90,
        "source": str(two.camera_files_dir / "bus.jpg"),
        "control_points": [{"px": list(p), "lnglat": list(ground(*p))} for p in px]})
    assert made.status_code == 201, made.get_json()
    cam = made.get_json()
    assert cam["calibrated"] and cam["reprojection_error_m"] < 0.01 and cam["kelurahan"] == "Gambir"
    # The stored homography gives metres of UTM 48S: what a GIS user reads against Jakarta's grid.
    stored = np.array(db.execute("SELECT homography FROM cameras WHERE id = %s", (cam["id"],)).fetchone()["homography"])
    e, n, w = stored.reshape(3, 3) @ np.array([405.0, 1000.0, 1.0])
    surveyed = _utm(ground(405.0, 1000.0), 32748)
    assert np.hypot(e / w - surveyed[0], n / w - surveyed[1]) < 0.01
    redis = Redis.from_url(two.redis_url)
    queue(two, redis).enqueue(detect_camera, cam["id"], job_timeout=POLICY["detect_camera"][0])
    SimpleWorker([queue(two, redis)], connection=redis).work(burst=True)
    rows = db.execute("SELECT d.class_name, d.bbox, d.georef, d.city_id, ST_X(d.geom) AS lng, ST_Y(d.geom) AS lat,"
                      " k.name AS kelurahan FROM detections d"
                      " JOIN kelurahan k ON k.id = d.kelurahan_id AND k.city_id = d.city_id").fetchall()
    assert sorted(r["class_name"] for r in rows) == ["bus", "person", "person", "person", "person"]
    for r in rows:  # the bottom-centre of each box, through the homography, in Jakarta
        x1, _, x2, y2 = r["bbox"]
        lng, lat = ground((x1 + x2) / 2, y2)
        assert (r["georef"], r["city_id"], r["kelurahan"]) == ("homography", JAKARTA, "Gambir")
        assert abs(r["lng"] - lng) < 1e-6 and abs(r["lat"] - lat) < 1e-6


def test_a_gis_login_for_one_city_reads_only_that_city(two: Settings, db: psycopg.Connection) -> None:
    import uuid

    from api.cli import main

    env = {"DATABASE_URL": two.database_url, "REDIS_URL": two.redis_url}
    logins = {}
    for cities_ in ([], ["jakarta"]):
        name = f"gis_{uuid.uuid4().hex[:6]}"
        out = CliRunner().invoke(main, ["gis-user", name, *sum((["--city", x] for x in cities_), [])],
                                 input="peta-kota-123\npeta-kota-123\n", env=env)
        assert out.exit_code == 0, out.output
        logins[tuple(cities_)] = name
    base = two.database_url.split("://", 1)[1].split("@", 1)[1]
    seen = {}
    for key, name in logins.items():
        with psycopg.connect(f"postgresql://{name}:peta-kota-123@{base}") as gis:
            seen[key] = dict(gis.execute("SELECT city, count(*) FROM gis.kelurahan GROUP BY city").fetchall())
            # A user's own filter cannot widen what the view lets through.
            assert gis.execute("SELECT count(*) FROM gis.kelurahan WHERE city = 'kupang' OR true").fetchone()[0] == \
                sum(seen[key].values())
    assert seen[()] == {"kupang": 51, "jakarta": 267}
    assert seen[("jakarta",)] == {"jakarta": 267}


def test_loading_one_citys_streets_names_the_city_left_without(two: Settings, db: psycopg.Connection,
                                                                tmp_path) -> None:
    """One OSM import serves every city: a deployer who loads Kupang's cut alone is told at once
    that Jakarta has no streets now (docs/osm.md: merge the cuts)."""
    from api.cli import main
    from tests.osm_extract import write_extract

    env = {"DATABASE_URL": two.database_url, "REDIS_URL": two.redis_url}
    try:
        out = CliRunner().invoke(main, ["load-osm", str(write_extract(tmp_path / "kupang.osm.pbf"))], env=env)
        assert out.exit_code == 0, out.output
        assert "warning: DKI Jakarta" in out.output and "osmium merge" in out.output
        assert "warning: Kota Kupang" not in out.output
    finally:
        db.execute("TRUNCATE osm_roads, osm_areas, osm_waterways, osm_places, osm_search, osm_road_edges,"
                   " osm_road_vertices")
        db.execute("UPDATE reports SET street_name = NULL, public_street_name = NULL, place_name = NULL")
        db.commit()
