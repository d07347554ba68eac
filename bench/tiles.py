"""Tile throughput and latency over 1M synthetic reports clustered in Kota Kupang.

First a sweep: every reports tile over the city at zooms 10-16 is rendered (floor, one
client, median of a few renders each), so the worst tile and the p95 over all tiles of a zoom
are known, not a sample that can miss the dense centre; the slowest tile's plan is checked
with EXPLAIN ANALYZE (an aggregate re-run in a loop, or a large row misestimate, is printed).
Then for zooms 10, 12, 14, 16 (reports layer) and the heatmap, at concurrency 1 and 8:
  - floor: the same named SQL statement over psycopg, no HTTP (what the database can do);
  - http cold: our endpoint with the Redis tile cache off (every request renders);
  - http warm: our endpoint with the cache primed (every request is a cache hit).
Prints a table, the HTTP/floor throughput ratio, and writes bench/out/tiles.json.

    .venv/bin/python -m bench.tiles --reports 1000000
    .venv/bin/python -m bench.tiles --db-url postgresql://...  # a database loaded before (10M)
"""
from __future__ import annotations

import argparse
import http.client
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
from psycopg.rows import dict_row
from psycopg.sql import SQL, Identifier

from bench.common import pct, services, table, write_json
from bench.stats import existing_database
from geo.db import query
from geo.hexes import REPORT_RESOLUTIONS, register_cells
from geo.privacy import public_point
from geo.settings import REPO_ROOT
from sigap_local.services import free_port
from tiles.filters import TileFilters
from tiles.layers import DEFAULT_MAX_POINTS, LAYERS, h3_res_for_zoom
from tiles.render import BUFFER, EXTENT, render, statement
from tiles.tilemath import tiles_over

STATUSES = ["submitted", "verified", "assigned", "in_progress", "resolved", "closed", "rejected"]


def load_reports(db_url: str, n: int, seed: int = 11, city: str = "kupang") -> float:
    """COPY n reports of one city (slug), clustered around its kelurahan's centres; returns
    seconds spent."""
    t0 = time.perf_counter()
    rnd = random.Random(seed)
    with psycopg.connect(db_url, row_factory=dict_row) as conn:
        city_id = conn.execute("SELECT id FROM cities WHERE slug = %s", (city,)).fetchone()["id"]  # type: ignore[index]
        kel = conn.execute("SELECT id, kecamatan_id, ST_X(p) AS x, ST_Y(p) AS y FROM"
                           " (SELECT id, kecamatan_id, ST_PointOnSurface(geom) AS p FROM kelurahan"
                           "  WHERE city_id = %s ORDER BY code) k", (city_id,)).fetchall()
        cats = conn.execute("SELECT id, agency_id, confidential, sla_hours FROM categories WHERE city_id = %s"
                            " ORDER BY code", (city_id,)).fetchall()
        centres = []
        for k in kel:
            weight = rnd.choice([1, 2, 4, 8])  # some kelurahan report far more than others
            centres += [(k["x"], k["y"], k["id"], k["kecamatan_id"])] * weight
        now = datetime.now(UTC)
        res = REPORT_RESOLUTIONS
        seen: dict[int, int] = {}
        conn.execute("ALTER TABLE reports DISABLE TRIGGER reports_aggregates")
        rebuild = _drop_secondary_indexes(conn) if n >= 1_000_000 else []
        with conn.cursor().copy(
            "COPY reports (city_id, source, category_id, agency_id, kecamatan_id, kelurahan_id, status, priority,"
            " description, geom, public_geom, h3_r6, h3_r7, h3_r8, h3_r9, h3_r10, h3_r11,"
            " created_at, updated_at, due_at, public_kelurahan_id) FROM STDIN") as copy:
            for _ in range(n):
                cx, cy, kid, kcid = rnd.choice(centres)
                lng, lat = cx + rnd.gauss(0, 0.004), cy + rnd.gauss(0, 0.004)
                cat = cats[rnd.randrange(len(cats))]
                plng, plat, cells = public_point(lng, lat, cat["confidential"], res)
                for r in (6, 7, 8, 9, 10):
                    seen[cells[r]] = r
                created = now - timedelta(seconds=rnd.randrange(365 * 86400))
                copy.write_row((city_id, "citizen", cat["id"], cat["agency_id"], kcid, kid, rnd.choice(STATUSES), "normal",
                                "", f"SRID=4326;POINT({lng} {lat})", f"SRID=4326;POINT({plng} {plat})",
                                *(cells[r] for r in res), created, created,
                                created + timedelta(hours=cat["sla_hours"]), kid))
        conn.execute("SET maintenance_work_mem = '1GB'")
        for definition in rebuild:  # the same definitions, built once over all rows
            conn.execute(definition)
        known = list(seen)
        for j in range(0, len(known), 5000):
            register_cells(conn, known[j:j + 5000])
        conn.execute(query("rebuild_report_aggregates"))
        conn.execute("ALTER TABLE reports ENABLE TRIGGER reports_aggregates")
        conn.commit()
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return time.perf_counter() - t0


def _drop_secondary_indexes(conn: psycopg.Connection) -> list[str]:
    """Drop the reports' indexes that back no constraint and return their definitions: COPY of
    10M rows into a table keeping ~20 indexes up to date row by row took 106 minutes, building
    each index once afterwards takes a fraction of that. Constraint indexes (primary key, the
    reporter key) stay, so the load is checked as it goes."""
    rows = conn.execute(
        "SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def FROM pg_index i"
        " WHERE i.indrelid = 'reports'::regclass"
        "   AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)").fetchall()
    for r in rows:
        conn.execute(SQL("DROP INDEX {}").format(Identifier(*r["name"].split("."))))
    return [r["def"] for r in rows]


CITY = (123.53, -10.29, 123.68, -10.13)
KUPANG = TileFilters(city_id=1)  # every tile is one city's (Kota Kupang is city 1)


def tile_set(z: int, limit: int = 200, bbox: tuple[float, float, float, float] = CITY) -> list[tuple[int, int, int]]:
    tiles = [(z, x, y) for x, y in tiles_over(bbox, z)]
    random.Random(z).shuffle(tiles)
    return tiles[:limit]


def _nodes(plan: dict) -> list[dict]:
    out = [plan]
    for child in plan.get("Plans", []):
        out += _nodes(child)
    return out


def plan_check(conn: psycopg.Connection, zxy: tuple[int, int, int]) -> dict[str, object]:
    """EXPLAIN ANALYZE of one reports tile: execution time, the most-looped aggregate and the
    worst row misestimate (what made one dense z12 tile take 820 ms)."""
    z, x, y = zxy
    params = {"z": z, "x": x, "y": y, "extent": EXTENT, "buffer": BUFFER, "margin": BUFFER / EXTENT,
              "res": h3_res_for_zoom(z), "max_points": DEFAULT_MAX_POINTS, **KUPANG.params()}
    sql = query(statement(LAYERS["reports"], z, KUPANG, POINTS_FROM_ZOOM))
    plan = conn.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params).fetchone()
    root = (next(iter(plan.values())) if isinstance(plan, dict) else plan[0])[0]  # type: ignore[index]
    nodes = _nodes(root["Plan"])
    aggs = [n for n in nodes if n["Node Type"] == "Aggregate" and n.get("Actual Loops", 0) > 0]
    looped = max(aggs, key=lambda n: n["Actual Loops"], default=None)
    ran = [n for n in nodes if n.get("Actual Loops", 0) > 0]
    worst = max(ran, key=lambda n: max(n["Actual Rows"] + 1, n["Plan Rows"] + 1) / min(n["Actual Rows"] + 1, n["Plan Rows"] + 1))
    return {"tile": f"{z}/{x}/{y}", "statement": statement(LAYERS["reports"], z, KUPANG, POINTS_FROM_ZOOM),
            "execution_ms": round(root["Execution Time"], 1),
            "max_aggregate_loops": looped["Actual Loops"] if looped else 0,
            "worst_estimate": f"{worst['Node Type']}: planned {worst['Plan Rows']}, "
                              f"got {worst['Actual Rows']} x {worst['Actual Loops']} loops"}


def sweep(db_url: str, zooms: tuple[int, ...] = (10, 11, 12, 13, 14, 15, 16)) -> list[dict[str, object]]:
    """Every reports tile over the city at each zoom: per-tile median of a few renders."""
    rows = []
    with psycopg.connect(db_url, row_factory=dict_row, autocommit=True) as conn:
        for sql in ("SET max_parallel_workers_per_gather = 0", "SET plan_cache_mode = force_custom_plan", "SET jit = off"):
            conn.execute(sql)
        for z in zooms:
            tiles = [(z, x, y) for x, y in tiles_over(CITY, z)]
            repeats = 5 if len(tiles) < 100 else 2
            per_tile: dict[tuple[int, int, int], float] = {}
            sizes: dict[tuple[int, int, int], int] = {}
            for zxy in tiles:
                times = []
                for _ in range(repeats + 1):  # the first render warms the cache and is not counted
                    t0 = time.perf_counter()
                    sizes[zxy] = len(render(conn, LAYERS["reports"], *zxy, KUPANG, POINTS_FROM_ZOOM))
                    times.append((time.perf_counter() - t0) * 1000)
                per_tile[zxy] = statistics.median(times[1:])
            slowest = max(per_tile, key=per_tile.__getitem__)
            biggest = max(sizes, key=sizes.__getitem__)
            check = plan_check(conn, slowest)
            rows.append({"z": z, "tiles": len(tiles), "p50_ms": round(pct(list(per_tile.values()), 50), 1),
                         "p95_ms": round(pct(list(per_tile.values()), 95), 1),
                         "worst_ms": round(per_tile[slowest], 1), "worst_tile": f"{z}/{slowest[1]}/{slowest[2]}",
                         "max_kb": round(sizes[biggest] / 1024, 1), "max_kb_tile": f"{z}/{biggest[1]}/{biggest[2]}",
                         "plan": check})
            print(f"z{z}: {len(tiles)} tiles, p95 {rows[-1]['p95_ms']} ms, worst {rows[-1]['worst_ms']} ms "
                  f"({rows[-1]['worst_tile']}), largest {rows[-1]['max_kb']} KB; plan of the slowest: "
                  f"{check['execution_ms']} ms, aggregate loops {check['max_aggregate_loops']}, "
                  f"worst estimate {check['worst_estimate']}", flush=True)
    return rows


def run_load(fn, tiles: list[tuple[int, int, int]], concurrency: int, requests: int) -> dict[str, float]:
    lat: list[float] = []
    sizes: list[int] = []
    lock = threading.Lock()
    counter = iter(range(requests))

    def worker() -> None:
        state: dict[str, object] = {}
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            t0 = time.perf_counter()
            size = fn(state, tiles[i % len(tiles)])
            dt = (time.perf_counter() - t0) * 1000
            with lock:
                lat.append(dt)
                sizes.append(size)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    return {"tiles_per_s": round(requests / wall, 1), "p50_ms": round(pct(lat, 50), 2),
            "p95_ms": round(pct(lat, 95), 2), "p99_ms": round(pct(lat, 99), 2),
            "max_kb": round(max(sizes) / 1024, 1)}


POINTS_FROM_ZOOM = 14


def _median_run(runs: list[dict[str, float]]) -> dict[str, float]:
    """Per-key median of repeated run_load results (rounds measured alternately)."""
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def floor_fn(db_url: str, layer: str, filters: TileFilters = KUPANG):
    def fn(state: dict, zxy: tuple[int, int, int]) -> int:
        if "conn" not in state:
            state["conn"] = psycopg.connect(db_url, row_factory=dict_row, autocommit=True)
            state["conn"].execute("SET max_parallel_workers_per_gather = 0")
            state["conn"].execute("SET plan_cache_mode = force_custom_plan")
            state["conn"].execute("SET jit = off")  # as the tile pool (geo.db)
        return len(render(state["conn"], LAYERS[layer], *zxy, filters, POINTS_FROM_ZOOM))
    return fn


def http_fn(port: int, layer: str, city: str = "kupang"):
    def fn(state: dict, zxy: tuple[int, int, int]) -> int:
        if "c" not in state:
            state["c"] = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        c = state["c"]
        c.request("GET", f"/tiles/{layer}/{zxy[0]}/{zxy[1]}/{zxy[2]}.mvt?city={city}")
        r = c.getresponse()
        body = r.read()
        if r.status != 200:
            raise RuntimeError(f"{zxy}: HTTP {r.status}")
        return len(body)
    return fn


def start_nginx(upstream: int, tmp: str) -> tuple[subprocess.Popen, int]:
    """nginx as docs/operations.md configures it: a micro-cache for public tiles in front of the
    app (which sends s-maxage=5), answering repeats itself."""
    port = free_port()
    temps = "\n".join(f"  {k}_temp_path {tmp}/{k};" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf = Path(tmp) / "nginx.conf"
    conf.write_text(f"""daemon off; {"user root;" if os.geteuid() == 0 else ""} worker_processes 2;
pid {tmp}/nginx.pid; error_log {tmp}/error.log;
events {{ worker_connections 1024; }}
http {{ access_log off;
{temps}
  proxy_cache_path {tmp}/tiles keys_zone=tiles:50m;
  upstream app {{ server 127.0.0.1:{upstream}; keepalive 16; }}
  server {{ listen 127.0.0.1:{port};
    location /tiles/ {{ proxy_pass http://app; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_cache tiles; proxy_cache_revalidate on; proxy_cache_lock on; }} }} }}
""")
    p = subprocess.Popen(["nginx", "-p", tmp, "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    return p, port


def start_server(db_url: str, redis_url: str, cache: bool) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": db_url, "REDIS_URL": redis_url, "SIGAP_PORT": str(port),
           "SIGAP_TILE_CACHE": "1" if cache else "0", "SIGAP_POOL_MAX": "10",
           "SIGAP_TILE_POINTS_FROM_ZOOM": str(POINTS_FROM_ZOOM), "SIGAP_TILE_SHARED_MAX_AGE": "5" if cache else "0"}
    p = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--workers", "2", "--threads", "8"],
                         env=env, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/healthz")
            if c.getresponse().status == 200:
                return p, port
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server did not start")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--reports", type=int, default=1_000_000)
    ap.add_argument("--requests", type=int, default=200, help="requests per measurement")
    ap.add_argument("--points-from-zoom", type=int, default=14, help="SIGAP_TILE_POINTS_FROM_ZOOM")
    ap.add_argument("--db-url", help="a database loaded before (by this bench's load_reports): skips the load")
    ap.add_argument("--sweep-only", action="store_true", help="only the every-tile sweep")
    ap.add_argument("--no-sweep", action="store_true", help="only the throughput table")
    ap.add_argument("--zooms", default="10,12,14,16", help="reports layer zooms for the throughput table")
    ap.add_argument("--rounds", type=int, default=1,
                    help="floor / http cold pairs per case, alternating; the medians are reported")
    args = ap.parse_args()
    global POINTS_FROM_ZOOM
    POINTS_FROM_ZOOM = args.points_from_zoom
    rows: list[dict[str, object]] = []
    with existing_database(args.db_url) if args.db_url else services() as (db_url, redis_url):
        load_s = 0.0 if args.db_url else load_reports(db_url, args.reports)
        with psycopg.connect(db_url) as conn:
            n_reports = conn.execute("SELECT count(*) FROM reports").fetchone()[0]  # type: ignore[index]
        print(f"{n_reports} reports (loaded in {load_s:.0f} s)", flush=True)
        swept = [] if args.no_sweep else sweep(db_url)
        if args.sweep_only:
            print(f"wrote {write_json(f'tiles_sweep_{n_reports}', {'reports': n_reports, 'sweep': swept})}")
            return 0
        cold, cold_port = start_server(db_url, redis_url, cache=False)
        warm, warm_port = start_server(db_url, redis_url, cache=True)
        nginx_dir = tempfile.mkdtemp(prefix="sigap-bench-nginx-")
        proxy, proxy_port = start_nginx(warm_port, nginx_dir)
        try:
            cases = [("reports", int(z)) for z in args.zooms.split(",")]
            cases += [] if args.no_sweep else [("heatmap", 12), ("heatmap", 14)]
            for layer, z in cases:
                tiles = tile_set(z)
                for conc in (1, 8):
                    pairs = [(run_load(floor_fn(db_url, layer), tiles, conc, args.requests),
                              run_load(http_fn(cold_port, layer), tiles, conc, args.requests))
                             for _ in range(args.rounds)]
                    floor, hc = (_median_run([p[i] for p in pairs]) for i in (0, 1))
                    run_load(http_fn(warm_port, layer), tiles, 1, len(tiles))  # prime the cache
                    hw = run_load(http_fn(warm_port, layer), tiles, conc, args.requests)
                    run_load(http_fn(proxy_port, layer), tiles, 1, len(tiles))  # prime nginx
                    hp = run_load(http_fn(proxy_port, layer), tiles, conc, args.requests)
                    for mode, m in (("floor", floor), ("http cold", hc), ("http warm", hw), ("nginx cache", hp)):
                        rows.append({"layer": layer, "z": z, "conc": conc, "mode": mode, **m,
                                     "ratio": round(m["tiles_per_s"] / floor["tiles_per_s"], 2)})
                    print(table(rows[-4:], ["layer", "z", "conc", "mode", "tiles_per_s", "p50_ms", "p95_ms",
                                            "p99_ms", "max_kb", "ratio"]).split("\n", 2)[2], flush=True)
        finally:
            for p in (cold, warm, proxy):
                p.terminate()
                p.wait(20)
    cols = ["layer", "z", "conc", "mode", "tiles_per_s", "p50_ms", "p95_ms", "p99_ms", "max_kb", "ratio"]
    print("\n" + table(rows, cols))
    out = {"reports": n_reports, "points_from_zoom": POINTS_FROM_ZOOM, "max_points": DEFAULT_MAX_POINTS,
           "load_s": round(load_s), "sweep": swept, "rows": rows}
    print(f"wrote {write_json(f'tiles_points{POINTS_FROM_ZOOM}', out)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
