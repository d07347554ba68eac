"""How cost grows with data: the same measurements at 100k, 1M and 10M reports in one run.

One durable PostGIS grows step by step (COPY of synthetic reports clustered around the 51
kelurahan, aggregates rebuilt, ANALYZE); after each step, with one gunicorn (2x8, tile cache off,
points from z16 as advised for national densities):
  - ingest: 8 clients posting reports with a small JPEG for --ingest-seconds (reports/s, p95);
  - tiles (SQL floor, one client): reports z12 (H3 aggregates), reports z16 (points), heatmap z12;
  - reads over HTTP (one client): a bbox page of 50, a category+status page of 50, statistics.
Prints one table per step and a summary, writes bench/out/growth.json.

    .venv/bin/python -m bench.growth --sizes 100000,1000000,10000000
"""
from __future__ import annotations

import argparse
import http.client
import random
import threading
import time

import psycopg

from bench.common import (
    api_server,
    citizen_tokens,
    pct,
    run_clients,
    services,
    table,
    write_json,
)
from bench.ingest import city_points, client_loop, small_jpeg
from bench.load import CATEGORIES, KUPANG
from bench.tiles import floor_fn, load_reports, run_load, tile_set

POINTS_FROM_ZOOM = 16


def ingest(db_url: str, port: int, step: int, seconds: float, clients: int = 8) -> dict[str, float]:
    tokens = citizen_tokens(db_url, port, clients, prefix=f"g{step}-")
    points, photo = city_points(2000, seed=step), small_jpeg()
    lat: list[float] = []
    codes: dict[int, int] = {}
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    wall, _ = run_clients(client_loop, [(port, tokens[i], points[i::clients], photo, stop, lat, codes, lock)
                                        for i in range(clients)])
    return {"per_s": round(codes.get(201, 0) / wall, 1), "p50_ms": round(pct(lat, 50), 1),
            "p95_ms": round(pct(lat, 95), 1), "errors": sum(n for c, n in codes.items() if c not in (200, 201))}


def http_reads(port: int, urls: list[str]) -> dict[str, float]:
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    lat = []
    for url in urls:
        t0 = time.perf_counter()
        c.request("GET", url)
        r = c.getresponse()
        r.read()
        if r.status != 200:
            raise RuntimeError(f"{url}: HTTP {r.status}")
        lat.append((time.perf_counter() - t0) * 1000)
    return {"per_s": round(1000 * len(lat) / sum(lat), 1), "p50_ms": round(pct(lat, 50), 1),
            "p95_ms": round(pct(lat, 95), 1)}


def read_urls(kind: str, n: int) -> list[str]:
    rnd = random.Random(kind)
    out = []
    for _ in range(n):
        w, s = rnd.uniform(KUPANG[0], KUPANG[2] - 0.02), rnd.uniform(KUPANG[1], KUPANG[3] - 0.02)
        if kind == "list bbox":
            out.append(f"/api/v1/reports?bbox={w:.4f},{s:.4f},{w + 0.02:.4f},{s + 0.02:.4f}&limit=50")
        elif kind == "list filter":
            out.append(f"/api/v1/reports?category={rnd.choice(CATEGORIES)}&status=submitted,verified&limit=50")
        else:
            out.append("/api/v1/stats")
    return out


def measure(db_url: str, redis_url: str, step: int, n: int, args: argparse.Namespace) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for layer, z in (("reports", 12), ("reports", 16), ("heatmap", 12)):
        tiles = tile_set(z, 100)
        run_load(floor_fn(db_url, layer), tiles, 1, 20)  # warm the cache of the database
        m = run_load(floor_fn(db_url, layer), tiles, 1, args.requests)
        rows.append({"reports": n, "what": f"tile {layer} z{z} (SQL)", "per_s": m["tiles_per_s"],
                     "p50_ms": m["p50_ms"], "p95_ms": m["p95_ms"]})
    env = {"SIGAP_RATE_SUBMIT_PER_MIN": "0", "SIGAP_RATE_SUBMIT_ADDRESS_PER_MIN": "0", "SIGAP_TILE_CACHE": "0",
           "SIGAP_TILE_POINTS_FROM_ZOOM": str(POINTS_FROM_ZOOM)}
    with api_server(db_url, redis_url, env=env) as port:
        for kind, count in (("list bbox", args.requests), ("list filter", args.requests), ("stats", 10)):
            m = http_reads(port, read_urls(kind, count))
            rows.append({"reports": n, "what": f"{kind} (HTTP)", **m})
        m = ingest(db_url, port, step, args.ingest_seconds)
        rows.append({"reports": n, "what": "ingest, 8 clients (HTTP)", "per_s": m["per_s"], "p50_ms": m["p50_ms"],
                     "p95_ms": m["p95_ms"]})
        if m["errors"]:
            raise RuntimeError(f"ingest errors at {n}: {m}")
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="100000,1000000,10000000")
    ap.add_argument("--requests", type=int, default=100)
    ap.add_argument("--ingest-seconds", type=float, default=15)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows: list[dict[str, object]] = []
    steps: list[dict[str, object]] = []
    with services() as (db_url, redis_url):
        have = 0
        for step, target in enumerate(sizes):
            load_s = load_reports(db_url, target - have, seed=step + 1)
            with psycopg.connect(db_url) as conn:
                have = conn.execute("SELECT count(*) FROM reports").fetchone()[0]  # type: ignore[index]
                db_mb = conn.execute("SELECT pg_database_size(current_database()) / 1048576").fetchone()[0]  # type: ignore[index]
            steps.append({"reports": have, "load_s": round(load_s), "db_mb": db_mb})
            print(f"{have} reports (loaded in {load_s:.0f} s), database {db_mb} MB", flush=True)
            got = measure(db_url, redis_url, step, have, args)
            rows += got
            print(table(got, ["reports", "what", "per_s", "p50_ms", "p95_ms"]), flush=True)
    print(table(rows, ["reports", "what", "per_s", "p50_ms", "p95_ms"]))
    print(f"wrote {write_json('growth', {'steps': steps, 'rows': rows})}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
