"""How cost grows with data: the same measurements at 100k, 1M and 10M reports in one run.

One durable PostGIS grows step by step (COPY of synthetic reports clustered around the 51
kelurahan, aggregates rebuilt, ANALYZE); after each step, with one gunicorn (2x8, tile cache off,
points from z16 as advised for national densities):
  - ingest: 8 clients posting reports with a small JPEG for --ingest-seconds (reports/s, p95);
  - tiles (SQL floor, one client): reports z12 (H3 aggregates), reports z16 (points), heatmap z12;
  - reads over HTTP (one client): a bbox page of 50, a category+status page of 50, statistics.
Prints one table per step and a summary, writes bench/out/growth.json.

    .venv/bin/python -m bench.growth --sizes 100000,1000000,10000000

With --detections: CCTV detections over simulated days instead (issue 19.6). --cameras cameras
write --objects detections per frame at --frames-per-day (scaled down from the real one per 30 s,
2,880 a day, to fit a run), and the retention job (geo.cameras.roll_up_detections, the default
30 days) runs at the end of each simulated day, as the hourly job would, followed by the VACUUM
that autovacuum would have done within a real day. Prints the raw and
hourly tables' rows and sizes every 10 days, and the sizes scaled up to the real frame rate;
writes bench/out/growth_detections.json.

    .venv/bin/python -m bench.growth --detections --days 120

With --two-cities K,J: Kupang with K reports alone, then with Jakarta's J reports in the same
database (bench/two_cities.py, issue 21.6).
"""
from __future__ import annotations

import argparse
import http.client
import random
import threading
import time

import psycopg
from psycopg.rows import dict_row

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


CLASSES = ["car", "motorcycle", "bus", "truck", "person"]
SIM_DAY = """
INSERT INTO detections (camera_id, city_id, class_name, confidence, bbox, frame_at, geom, georef,
                        h3_r6, h3_r7, h3_r8, h3_r9, h3_r10, h3_r11, kelurahan_id)
SELECT c.id, 1, (%(classes)s::text[])[1 + (o %% 5)], 0.6, '{0,0,10,10}',
       %(day)s::timestamptz + f * %(step_s)s * interval '1 second', c.geom, 'camera',
       c.h3_r6, c.h3_r7, c.h3_r8, c.h3_r9, c.h3_r10, c.h3_r11, c.kelurahan_id
FROM bench_cameras c, generate_series(0, %(frames)s - 1) f, generate_series(0, %(objects)s - 1) o
"""


def detections_year(args: argparse.Namespace) -> int:
    """Raw detections stay bounded by the retention period; hourly counts grow by cameras x
    hours x classes a day, whatever the frame rate."""
    from datetime import UTC, datetime, timedelta

    from geo.cameras import roll_up_detections
    from geo.hexes import cells_for_point
    from geo.settings import Settings

    retention = Settings().detection_retention_days
    points = city_points(args.cameras, seed=19)
    rows: list[dict[str, object]] = []
    with services() as (db_url, _), psycopg.connect(db_url, row_factory=dict_row) as conn:
        conn.execute("CREATE TABLE bench_cameras AS SELECT id, geom, h3_r6, h3_r7, h3_r8, h3_r9, h3_r10, h3_r11,"
                     " kelurahan_id FROM detections WHERE false")
        for i, (lng, lat) in enumerate(points):
            cam = conn.execute("INSERT INTO cameras (city_id, name, geom, source) VALUES (1, %s,"
                               " ST_SetSRID(ST_MakePoint(%s, %s), 4326),"
                               " 'https://cctv.example.id/x.jpg') RETURNING id", (f"kamera {i}", lng, lat)).fetchone()
            cells = cells_for_point(lng, lat, (6, 7, 8, 9, 10, 11))
            conn.execute("INSERT INTO bench_cameras SELECT %s, ST_SetSRID(ST_MakePoint(%s, %s), 4326), %s, %s, %s, %s, %s, %s,"
                         " (SELECT id FROM kelurahan WHERE ST_Intersects(geom, ST_SetSRID(ST_MakePoint(%s, %s), 4326))"
                         " LIMIT 1)", (cam["id"], lng, lat, *(cells[r] for r in range(6, 12)), lng, lat))  # type: ignore[index]
        conn.commit()
        start = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=args.days)
        t0 = time.perf_counter()
        for d in range(args.days):
            day = start + timedelta(days=d)
            conn.execute(SIM_DAY, {"classes": CLASSES, "day": day, "step_s": 86400 // args.frames_per_day,
                                   "frames": args.frames_per_day, "objects": args.objects})
            conn.commit()
            roll_up_detections(conn, retention, now=day + timedelta(days=1))
            # A simulated day passes in a second; a real one gives autovacuum (1 min naptime)
            # ample time to make the rolled-up rows' space reusable. Do what it would.
            conn.autocommit = True
            conn.execute("VACUUM detections, detection_counts_hourly")
            conn.autocommit = False
            if (d + 1) % 10 == 0 or d + 1 == args.days:
                raw, raw_mb, hourly, hourly_mb = conn.execute(
                    "SELECT (SELECT count(*) FROM detections) AS a, pg_total_relation_size('detections') / 1048576.0 AS b,"
                    " (SELECT count(*) FROM detection_counts_hourly) AS c,"
                    " pg_total_relation_size('detection_counts_hourly') / 1048576.0 AS d").fetchone().values()  # type: ignore[union-attr]
                rows.append({"day": d + 1, "raw_rows": raw, "raw_mb": round(float(raw_mb)),
                             "hourly_rows": hourly, "hourly_mb": round(float(hourly_mb), 1)})
                print(table(rows[-1:], list(rows[-1])).split("\n", 2)[2], flush=True)
    scale = 2880 / args.frames_per_day
    plateau = max(r["raw_mb"] for r in rows)  # type: ignore[type-var]
    per_day_hourly = float(rows[-1]["hourly_mb"]) / args.days  # type: ignore[arg-type]
    real = {"raw_bounded_gb": round(float(plateau) * scale / 1024, 1),  # type: ignore[arg-type]
            "raw_bounded_rows": int(max(r["raw_rows"] for r in rows) * scale),  # type: ignore[type-var]
            "hourly_mb_per_year": round(per_day_hourly * 365), "retention_days": retention}
    print(table(rows, ["day", "raw_rows", "raw_mb", "hourly_rows", "hourly_mb"]))
    print(f"{args.cameras} cameras, {args.objects} objects a frame, {args.frames_per_day} frames a day simulated "
          f"({time.perf_counter() - t0:.0f} s); at one frame per 30 s: raw detections bounded at "
          f"~{real['raw_bounded_rows']:,} rows / {real['raw_bounded_gb']} GB, hourly counts "
          f"~{real['hourly_mb_per_year']} MB a year")
    print(f"wrote {write_json('growth_detections', {'args': vars(args), 'rows': rows, 'at_real_rate': real})}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="100000,1000000,10000000")
    ap.add_argument("--requests", type=int, default=100)
    ap.add_argument("--ingest-seconds", type=float, default=15)
    ap.add_argument("--detections", action="store_true", help="CCTV detections over simulated days instead")
    ap.add_argument("--days", type=int, default=120)
    ap.add_argument("--cameras", type=int, default=300)
    ap.add_argument("--frames-per-day", type=int, default=24)
    ap.add_argument("--objects", type=int, default=8)
    ap.add_argument("--two-cities", metavar="KUPANG,JAKARTA",
                    help="report counts of a two-city run instead (bench/two_cities.py), e.g. 1000000,10000000")
    ap.add_argument("--check-two-cities", metavar="FILE", help="a kept two-city JSON against the goals")
    args = ap.parse_args()
    if args.check_two_cities:
        from bench.two_cities import check

        return check(args.check_two_cities)
    if args.detections:
        return detections_year(args)
    if args.two_cities:
        from bench.two_cities import run

        return run(args)
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
