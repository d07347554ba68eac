"""Two cities in one database (issue 21.6): does a small city stay fast when a big one moves in?

One durable PostGIS: Kota Kupang gets --two-cities K reports and 200 responders; Kupang is
measured alone; then DKI Jakarta (sigap city add, BPS 2020) gets J reports and 2,000 responders,
and both cities are measured. Per city:
  - tiles (SQL floor, one client): reports z12 (H3 aggregates), reports z16 (points), heatmap z12,
    over the city's own tiles (Jakarta: the mainland);
  - nearest-responder queries (geo.dispatch.nearest_responders, k=5) for reports of the city;
  - ingest over HTTP: 8 clients posting reports with a small JPEG at points of the city.
Kupang before and after Jakarta is the ratio that answers the question; the two measurements are
minutes apart in one run, not interleaved (the data differ by design). Last, Kupang's ingest at
11M reports with the duplicate search of 0024 and of 0026, interleaved A/B/A/B on the same data.
Loads of 1M reports and more build the reports' secondary indexes after the COPY.

    .venv/bin/python -m bench.growth --two-cities 100000,1000000
"""
from __future__ import annotations

import argparse
import random
import re
import threading
import time

import psycopg
from psycopg.rows import dict_row

from bench.common import api_server, citizen_tokens, pct, run_clients, services, table, write_json
from bench.ingest import client_loop, small_jpeg
from bench.nearest import load_responders
from bench.tiles import CITY, floor_fn, load_reports, run_load, tile_set
from geo import dispatch
from geo.reference import add_city
from geo.settings import REPO_ROOT, Settings
from tiles.filters import TileFilters

JAKARTA_FILE = REPO_ROOT / "data" / "cities" / "jakarta_kelurahan_bps2020.geojson"
BOXES = {"kupang": CITY, "jakarta": (106.69, -6.37, 106.97, -6.09)}  # Jakarta's mainland


def city_points(db_url: str, city: str, n: int, seed: int) -> list[tuple[float, float]]:
    """Points near the kelurahan's inner points (~100 m around), kept only inside the city."""
    rnd = random.Random(seed)
    with psycopg.connect(db_url) as conn:
        rows = conn.execute("SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_PointOnSurface(k.geom) AS p FROM kelurahan k"
                            " JOIN cities c ON c.id = k.city_id WHERE c.slug = %s) q", (city,)).fetchall()
        cand = [(x + rnd.gauss(0, 0.0008), y + rnd.gauss(0, 0.0008)) for x, y in (rnd.choice(rows) for _ in range(2 * n))]
        inside = conn.execute(
            "SELECT p.x, p.y FROM unnest(%s::float8[], %s::float8[]) AS p(x, y) WHERE EXISTS (SELECT 1 FROM kelurahan k"
            " JOIN cities c ON c.id = k.city_id WHERE c.slug = %s AND ST_Intersects(k.geom, ST_SetSRID(ST_MakePoint(p.x, p.y),"
            " 4326)))", ([x for x, _ in cand], [y for _, y in cand], city)).fetchall()
    return [(float(x), float(y)) for x, y in inside[:n]]


def measure(db_url: str, redis_url: str, city: str, phase: str, args: argparse.Namespace) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    with psycopg.connect(db_url, row_factory=dict_row) as conn:
        city_id = conn.execute("SELECT id FROM cities WHERE slug = %s", (city,)).fetchone()["id"]  # type: ignore[index]
        n = conn.execute("SELECT count(*) AS n FROM reports WHERE city_id = %s", (city_id,)).fetchone()["n"]  # type: ignore[index]
    base = {"phase": phase, "city": city, "reports": n}
    for layer, z in (("reports", 12), ("reports", 16), ("heatmap", 12)):
        tiles = tile_set(z, 100, BOXES[city])
        fn = floor_fn(db_url, layer, TileFilters(city_id=city_id))
        run_load(fn, tiles, 1, 20)  # warm the database's cache
        m = run_load(fn, tiles, 1, args.requests)
        rows.append({**base, "what": f"tile {layer} z{z} (SQL)", "per_s": m["tiles_per_s"], "p50_ms": m["p50_ms"],
                     "p95_ms": m["p95_ms"]})
    settings = Settings(database_url=db_url, redis_url=redis_url, responder_stale_s=3600)
    with psycopg.connect(db_url, row_factory=dict_row) as conn:
        conn.execute("SET jit = off")
        ids = [r["id"] for r in conn.execute("SELECT id FROM reports WHERE city_id = %s ORDER BY random() LIMIT 220",
                                             (city_id,))]
        lat = []
        for i, rid in enumerate(ids):
            t0 = time.perf_counter()
            dispatch.nearest_responders(conn, settings, rid, city_id, k=5)
            if i >= 20:  # the first ones warm up
                lat.append((time.perf_counter() - t0) * 1000)
        conn.rollback()
    rows.append({**base, "what": "nearest responders k=5 (SQL + ranking)", "per_s": round(1000 * len(lat) / sum(lat), 1),
                 "p50_ms": round(pct(lat, 50), 1), "p95_ms": round(pct(lat, 95), 1)})
    rows.append({**base, **ingest(db_url, redis_url, city, phase, args)})
    return rows


def ingest(db_url: str, redis_url: str, city: str, phase: str, args: argparse.Namespace) -> dict[str, object]:
    """8 citizens posting reports with a small JPEG at points of the city, over HTTP."""
    env = {"SIGAP_RATE_SUBMIT_PER_MIN": "0", "SIGAP_RATE_SUBMIT_ADDRESS_PER_MIN": "0", "SIGAP_RATE_LOGIN_PER_MIN": "0",
           "SIGAP_TILE_CACHE": "0"}
    with api_server(db_url, redis_url, env=env) as port:
        tokens = citizen_tokens(db_url, port, 8, prefix=f"{phase}-{city}-")
        points, photo = city_points(db_url, city, 2000, seed=len(phase)), small_jpeg()
        ok: list[float] = []
        codes: dict[int, int] = {}
        lock = threading.Lock()
        stop = time.monotonic() + args.ingest_seconds
        wall, _ = run_clients(client_loop, [(port, tokens[i], points[i::8], photo, stop, ok, codes, lock)
                                            for i in range(8)])
    if any(c not in (200, 201) for c in codes):
        raise RuntimeError(f"ingest {city}: {codes}")
    return {"what": "ingest, 8 clients (HTTP)", "per_s": round(codes.get(201, 0) / wall, 1),
            "p50_ms": round(pct(ok, 50), 1), "p95_ms": round(pct(ok, 95), 1)}


def _function_from(migration: str) -> str:
    """The CREATE statement of the duplicate search as a migration wrote it."""
    text = (REPO_ROOT / "sql" / "migrations" / migration).read_text()
    found = re.search(r"CREATE (OR REPLACE )?FUNCTION sigap_open_reports_near\(", text)
    assert found, migration
    return "CREATE OR REPLACE FUNCTION sigap_open_reports_near(" + text[found.end():text.index("$$;", found.end()) + 3]


SEARCHES = {  # the duplicate search of every submission as 0024 wrote it, and as 0026 does
    "0024 (two branches: GiST / H3 r8)": "0024_open_reports_near_indexed.sql",
    "0026 (candidates by place, fenced)": "0026_open_reports_near_fenced.sql",
}


def search_ab(db_url: str, redis_url: str, args: argparse.Namespace) -> list[dict[str, object]]:
    """Kupang's ingest with each duplicate search, interleaved A/B/A/B on the same 11M reports:
    does the search that still read every city's open window (0024) explain what is left?"""
    rows: list[dict[str, object]] = []
    with psycopg.connect(db_url) as conn:
        n = conn.execute("SELECT count(*) FROM reports").fetchone()[0]  # type: ignore[index]
    for variant in [*SEARCHES, *SEARCHES]:
        with psycopg.connect(db_url, autocommit=True) as conn:
            conn.execute(_function_from(SEARCHES[variant]))
        got = {"phase": "search A/B", "city": "kupang", "reports": n,
               **ingest(db_url, redis_url, "kupang", f"ab{len(rows)}", args)}
        got["what"] = f"ingest, duplicate search {variant}"
        rows.append(got)
    return rows  # ends on 0026's, as migrated


# The goals each city must hold (issue 21.6 takes them from the project's others): a tile in
# 50 ms at p95 (issue 17.1), 200 accepted reports/s (issue 17.4), a nearest-responder answer
# well inside an operator's click (50 ms p95: our own bar, no issue states one), and the small
# city not slower for sharing: shared/alone p50 within this VM's run-to-run noise (1.25).
GOALS = {"tile": ("p95_ms", "<=", 50.0), "nearest": ("p95_ms", "<=", 50.0), "ingest": ("per_s", ">=", 200.0)}
NOISE = 1.25


def goal_rows(result: dict[str, object]) -> list[dict[str, object]]:
    """Each city's figures against GOALS, and Kupang shared over alone against NOISE."""
    out: list[dict[str, object]] = []
    for r in result["rows"]:  # type: ignore[attr-defined]
        if r["phase"] not in ("alone", "shared"):
            continue
        kind = "tile" if str(r["what"]).startswith("tile") else "nearest" if "nearest" in r["what"] else "ingest"
        key, op, bar = GOALS[kind]
        met = r[key] <= bar if op == "<=" else r[key] >= bar
        out.append({"city": r["city"], "phase": r["phase"], "what": r["what"], "value": f"{key} {r[key]}",
                    "goal": f"{op} {bar:g}", "met": "yes" if met else "NO"})
    for r in result["kupang_ratios"]:  # type: ignore[attr-defined]
        p50 = float(r["kupang_p50_shared_over_alone"])  # of latencies (ingest too: a report's round trip)
        out.append({"city": "kupang", "phase": "shared/alone", "what": r["what"], "value": f"p50 x{p50}",
                    "goal": f"<= x{NOISE}", "met": "yes" if p50 <= NOISE else "NO"})
    return out


def check(path: str) -> int:
    """`python -m bench.growth --check-two-cities FILE`: a kept run's figures against the goals."""
    import json
    from pathlib import Path

    rows = goal_rows(json.loads(Path(path).read_text()))
    print(table(rows, list(rows[0])))
    return 0 if all(r["met"] == "yes" for r in rows) else 1


def run(args: argparse.Namespace) -> int:
    kupang_n, jakarta_n = (int(v) for v in args.two_cities.split(","))
    cols = ["phase", "city", "reports", "what", "per_s", "p50_ms", "p95_ms"]
    rows: list[dict[str, object]] = []
    with services() as (db_url, redis_url):
        with psycopg.connect(db_url, row_factory=dict_row) as conn:
            add_city(conn, JAKARTA_FILE, code="31", name="DKI Jakarta", reference_dir=Settings().reference_dir)
            conn.commit()
        load_s = {"kupang": round(load_reports(db_url, kupang_n, seed=1, city="kupang"))}
        load_responders(db_url, 200, "kupang")
        rows += measure(db_url, redis_url, "kupang", "alone", args)
        print(table(rows, cols), flush=True)
        load_s["jakarta"] = round(load_reports(db_url, jakarta_n, seed=2, city="jakarta"))
        load_responders(db_url, 2000, "jakarta")
        with psycopg.connect(db_url, autocommit=True) as conn:  # what autovacuum does over years of inserts
            conn.execute("VACUUM (ANALYZE) reports")
        for city in ("kupang", "jakarta"):
            got = measure(db_url, redis_url, city, "shared", args)
            rows += got
            print(table(got, cols), flush=True)
        got = search_ab(db_url, redis_url, args)
        rows += got
        print(table(got, cols), flush=True)
        with psycopg.connect(db_url) as conn:
            db_mb = conn.execute("SELECT pg_database_size(current_database()) / 1048576").fetchone()[0]  # type: ignore[index]
    alone = {r["what"]: r for r in rows if r["phase"] == "alone"}
    def ratio(r: dict[str, object], key: str) -> float:
        return round(float(r[key]) / float(alone[str(r["what"])][key]), 2)  # type: ignore[arg-type]

    ratios = [{"what": r["what"], "kupang_p50_shared_over_alone": ratio(r, "p50_ms"),
               "kupang_p95_shared_over_alone": ratio(r, "p95_ms")}
              for r in rows if r["phase"] == "shared" and r["city"] == "kupang" and r["what"] in alone]
    print(table(rows, cols))
    print(table(ratios, list(ratios[0])))
    result: dict[str, object] = {"kupang_reports": kupang_n, "jakarta_reports": jakarta_n, "load_s": load_s,
                                 "db_mb": db_mb, "rows": rows, "kupang_ratios": ratios}
    result["goals"] = goal_rows(result)
    print(table(result["goals"], list(result["goals"][0])))
    path = write_json("growth_two_cities", result)
    print(f"wrote {path}")
    return 0
