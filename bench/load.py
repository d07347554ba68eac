"""Mixed load on the real HTTP API: many concurrent clients submitting reports, reading map
tiles and listing reports, on loopback, for a bounded time.

Each client loops over a weighted mix (default 20 % submissions with a small JPEG, 50 % tile
reads at zoom 10-16 over Kota Kupang, 30 % list/statistics queries) with no think time. The
database is seeded first (COPY, --seed-reports) so tiles and lists have something to show.
Prints requests/s and p50/p95/p99 per kind, and fails (exit 1) on any 5xx or connection error
or when the report rows differ from seeded + accepted.

    .venv/bin/python -m bench.load --clients 100 --seconds 60
"""
from __future__ import annotations

import argparse
import http.client
import random
import threading
import time
import uuid
from collections import defaultdict

import psycopg

from bench.common import (
    api_server,
    citizen_tokens,
    pct,
    relay_process,
    run_clients,
    services,
    table,
    write_json,
)
from bench.ingest import city_points, multipart, small_jpeg
from bench.tiles import load_reports, tile_set

CATEGORIES = ["sampah", "lampu_rambu", "parkir_liar", "pkl_liar", "reklame_liar", "fogging_dbd"]
KUPANG = (123.53, -10.29, 123.68, -10.13)


def list_url(rnd: random.Random) -> str:
    """A list or statistics query as the map, dashboard and GIS users send them."""
    w, s = rnd.uniform(KUPANG[0], KUPANG[2] - 0.02), rnd.uniform(KUPANG[1], KUPANG[3] - 0.02)
    kind = rnd.random()
    if kind < 0.5:
        return f"/api/v1/reports?bbox={w:.4f},{s:.4f},{w + 0.02:.4f},{s + 0.02:.4f}&limit=50"
    if kind < 0.8:
        return f"/api/v1/reports?category={rnd.choice(CATEGORIES)}&status=submitted,verified&limit=50"
    if kind < 0.9:
        return "/api/v1/stats"
    return f"/ogc/collections/reports/items?bbox={w:.4f},{s:.4f},{w + 0.02:.4f},{s + 0.02:.4f}&limit=100"


class Tally:
    """Latencies and status codes per kind of request, shared by the client threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.codes: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))

    def add(self, kind: str, status: int, ms: float) -> None:
        with self.lock:
            self.codes[kind][status] += 1
            if 200 <= status < 400:
                self.latency[kind].append(ms)


def client_loop(port: int, token: str, seed: int, stop: float, mix: tuple[float, float], tally: Tally,
                points: list[tuple[float, float]], tiles: list[tuple[int, int, int]], photo: bytes) -> None:
    rnd = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    while time.monotonic() < stop:
        roll = rnd.random()
        headers: dict[str, str] = {}
        body: bytes | None = None
        if roll < mix[0]:
            kind, method, url = "submit", "POST", "/api/v1/reports"
            lng, lat = rnd.choice(points)
            body, ctype = multipart({"category": rnd.choice(CATEGORIES), "description": "load",
                                     "lng": f"{lng:.7f}", "lat": f"{lat:.7f}"}, photo)
            headers = {"Content-Type": ctype, "Authorization": f"Bearer {token}",
                       "Idempotency-Key": uuid.uuid4().hex}
        elif roll < mix[0] + mix[1]:
            z, x, y = rnd.choice(tiles)
            layer = "heatmap" if rnd.random() < 0.15 else "reports"
            kind, method, url = "tile", "GET", f"/tiles/{layer}/{z}/{x}/{y}.mvt"
        else:
            kind, method, url = "list", "GET", list_url(rnd)
        t0 = time.perf_counter()
        try:
            conn.request(method, url, body=body, headers=headers)
            resp = conn.getresponse()
            resp.read()
            status = resp.status
        except (OSError, http.client.HTTPException):
            status = 0  # a refused or dropped connection counts as a failure
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        tally.add(kind, status, (time.perf_counter() - t0) * 1000)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--clients", type=int, default=100)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--seed-reports", type=int, default=20000)
    ap.add_argument("--mix", default="20,50,30", help="percent submit,tile,list")
    ap.add_argument("--workers", type=int, default=2, help="gunicorn processes")
    ap.add_argument("--threads", type=int, default=8, help="threads per gunicorn process")
    args = ap.parse_args()
    sub, til, _ = (float(p) / 100 for p in args.mix.split(","))
    # 100 clients, no think time, one address: not abusers
    rate_off = {"SIGAP_RATE_SUBMIT_PER_MIN": "0", "SIGAP_RATE_SUBMIT_ADDRESS_PER_MIN": "0"}
    with services() as (db_url, redis_url):
        load_reports(db_url, args.seed_reports)
        with relay_process(db_url, redis_url), \
                api_server(db_url, redis_url, workers=args.workers, threads=args.threads, env=rate_off) as port:
            tokens = citizen_tokens(db_url, port, args.clients)
            points = city_points(5000)
            tiles = [t for z in (10, 12, 13, 14, 15, 16) for t in tile_set(z, 60)]
            photo, tally = small_jpeg(), Tally()
            stop = time.monotonic() + args.seconds
            elapsed, client_cpu = run_clients(client_loop, [
                (port, tokens[i], i, stop, (sub, til), tally, points, tiles, photo) for i in range(args.clients)])
        with psycopg.connect(db_url) as conn:
            rows = conn.execute("SELECT count(*) FROM reports").fetchone()[0]  # type: ignore[index]
            queued = conn.execute("SELECT count(*) FROM job_outbox WHERE job = 'dispatch_report'").fetchone()[0]  # type: ignore[index]
    out = []
    for kind in ("submit", "tile", "list"):
        codes, lat = dict(tally.codes[kind]), tally.latency[kind]
        out.append({"kind": kind, "requests": sum(codes.values()), "per_s": round(sum(codes.values()) / elapsed, 1),
                    "p50_ms": round(pct(lat, 50), 1), "p95_ms": round(pct(lat, 95), 1),
                    "p99_ms": round(pct(lat, 99), 1), "codes": codes})
    everything = [ms for k in tally.latency.values() for ms in k]
    total = sum(r["requests"] for r in out)
    out.append({"kind": "all", "requests": total, "per_s": round(total / elapsed, 1),
                "p50_ms": round(pct(everything, 50), 1), "p95_ms": round(pct(everything, 95), 1),
                "p99_ms": round(pct(everything, 99), 1),
                "codes": {c: sum(r["codes"].get(c, 0) for r in out) for c in {c for r in out for c in r["codes"]}}})
    accepted = tally.codes["submit"].get(201, 0)
    merged = tally.codes["submit"].get(200, 0)  # a client's resubmission at the same place: auto-merged
    failures = sum(n for r in out[:3] for c, n in r["codes"].items() if c >= 500 or c == 0)
    result = {"clients": args.clients, "seconds": round(elapsed, 1), "gunicorn": f"{args.workers}x{args.threads}",
              "mix": args.mix, "seed_reports": args.seed_reports, "rows": out, "accepted": accepted, "merged": merged,
              "rows_in_db": rows, "expected_rows": args.seed_reports + accepted, "dispatch_jobs": queued,
              "server_errors": failures, "client_cpu_cores": round(client_cpu / elapsed, 2)}
    print(table(out, ["kind", "requests", "per_s", "p50_ms", "p95_ms", "p99_ms", "codes"]))
    print(f"accepted {accepted} new + {merged} merged into the same citizen's earlier report, rows {rows}"
          f" (expected {args.seed_reports + accepted}), dispatch jobs {queued},"
          f" 5xx/connection errors {failures}, load generator {result['client_cpu_cores']} cores")
    print(f"wrote {write_json('load', result)}")
    ok = failures == 0 and rows == args.seed_reports + accepted and queued == accepted
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
