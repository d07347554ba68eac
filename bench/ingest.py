"""Sustained report submissions through the real HTTP API (gunicorn), N concurrent clients.

Each client logs in once, then posts multipart reports with a small real JPEG at
random points inside Kota Kupang for --seconds, while `sigap relay` hands the jobs to
Redis. Prints reports/s and latency percentiles, and checks the database holds exactly
the accepted submissions and Redis exactly their jobs.

    .venv/bin/python -m bench.ingest --clients 16 --seconds 30
"""
from __future__ import annotations

import argparse
import http.client
import io
import json
import random
import threading
import time
import uuid

import psycopg
from PIL import Image
from shapely.geometry import shape

from bench.common import (
    api_server,
    citizen_tokens,
    cpu_probe_ms,
    jobs_handed_over,
    machine_cpu,
    pct,
    relay_process,
    run_clients,
    services,
    table,
    write_json,
)
from geo.settings import REPO_ROOT


def small_jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (640, 480), (120, 90, 60)).save(buf, "JPEG", quality=70)
    return buf.getvalue()


def city_points(n: int, seed: int = 7) -> list[tuple[float, float]]:
    """Random points inside the kelurahan polygons (rejection sampling)."""
    fc = json.loads((REPO_ROOT / "data/reference/kupang_kelurahan.geojson").read_text())
    from shapely import prepared
    from shapely.ops import unary_union

    city = prepared.prep(unary_union([shape(f["geometry"]) for f in fc["features"]]).buffer(-0.0003))
    rnd = random.Random(seed)
    out: list[tuple[float, float]] = []
    while len(out) < n:
        x, y = rnd.uniform(123.527, 123.684), rnd.uniform(-10.293, -10.13)
        from shapely.geometry import Point

        if city.contains(Point(x, y)):
            out.append((x, y))
    return out


def multipart(fields: dict[str, str], photo: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="photo"; filename="p.jpg"\r\n'
                 f"Content-Type: image/jpeg\r\n\r\n".encode() + photo + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def client_loop(port: int, token: str, points: list[tuple[float, float]], photo: bytes, stop: float,
                lat_ok: list[float], codes: dict[int, int], lock: threading.Lock) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    cats = ["sampah", "lampu_rambu", "parkir_liar", "pkl_liar", "reklame_liar", "fogging_dbd"]
    i = 0
    while time.monotonic() < stop:
        lng, lat = points[i % len(points)]
        i += 1
        body, ctype = multipart({"category": random.choice(cats), "description": "bench",
                                 "lng": f"{lng:.7f}", "lat": f"{lat:.7f}"}, photo)
        t0 = time.perf_counter()
        try:
            conn.request("POST", "/api/v1/reports", body=body, headers={
                "Content-Type": ctype, "Authorization": f"Bearer {token}",
                "Idempotency-Key": uuid.uuid4().hex})
            resp = conn.getresponse()
            resp.read()
            status = resp.status
        except (OSError, http.client.HTTPException):
            status = 0
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        dt = (time.perf_counter() - t0) * 1000
        with lock:
            codes[status] = codes.get(status, 0) + 1
            if status == 201:
                lat_ok.append(dt)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--workers", type=int, default=2, help="gunicorn processes")
    ap.add_argument("--threads", type=int, default=8, help="threads per gunicorn process")
    args = ap.parse_args()
    rate_off = {"SIGAP_RATE_SUBMIT_PER_MIN": "0", "SIGAP_RATE_SUBMIT_ADDRESS_PER_MIN": "0"}  # a load test, not an abuser
    with services() as (db_url, redis_url), relay_process(db_url, redis_url), \
            api_server(db_url, redis_url, workers=args.workers, threads=args.threads, env=rate_off) as port:
        tokens = citizen_tokens(db_url, port, args.clients)
        photo = small_jpeg()
        points = city_points(5000)
        lat_ok: list[float] = []
        codes: dict[int, int] = {}
        lock = threading.Lock()
        probe_before = cpu_probe_ms()
        stop = time.monotonic() + args.seconds
        busy0, steal0 = machine_cpu()
        elapsed, client_cpu = run_clients(client_loop, [
            (port, tokens[i], points[i::args.clients], photo, stop, lat_ok, codes, lock) for i in range(args.clients)])
        busy, steal = (a - b for a, b in zip(machine_cpu(), (busy0, steal0)))
        probe_after = cpu_probe_ms()
        with psycopg.connect(db_url) as conn:
            rows = conn.execute("SELECT count(*) FROM reports").fetchone()[0]  # type: ignore[index]
        job_rows, jobs_pending, jobs_queued = jobs_handed_over(db_url, redis_url)
    accepted = codes.get(201, 0)
    result = {
        "clients": args.clients, "seconds": round(elapsed, 1), "gunicorn": f"{args.workers}x{args.threads}",
        "accepted": accepted, "merged": codes.get(200, 0), "status_codes": codes, "rows_in_db": rows, "lost": accepted - rows,
        "reports_per_s": round(accepted / elapsed, 1),
        "p50_ms": round(pct(lat_ok, 50), 1), "p95_ms": round(pct(lat_ok, 95), 1),
        "p99_ms": round(pct(lat_ok, 99), 1), "photo_bytes": len(photo),
        # Share of one core the load generator itself burned (it runs on the same 2 cores).
        "client_cpu_cores": round(client_cpu / elapsed, 2),
        # Whole-machine CPU per accepted report (server, database, Redis and this load generator):
        # what decides reports/s on 2 cores, steadier than reports/s itself; and the share of the
        # 2 cores the hypervisor gave to others during the run.
        "cpu_ms_per_report": round(1000 * busy / max(accepted, 1), 2),
        "steal_cores": round(steal / elapsed, 2),
        "cpu_probe_ms": f"{probe_before}/{probe_after}",
        # Every job row (dispatch + photo per report, a photo job per merge) reached RQ via the relay.
        "job_rows": job_rows, "jobs_pending": jobs_pending, "jobs_in_redis": jobs_queued,
    }
    print(table([result], ["clients", "gunicorn", "seconds", "accepted", "rows_in_db", "lost",
                           "reports_per_s", "p50_ms", "p95_ms", "p99_ms", "client_cpu_cores", "cpu_ms_per_report",
                           "steal_cores", "cpu_probe_ms"]))
    print(f"status codes: {codes}; job rows {job_rows}, in Redis {jobs_queued}, still pending {jobs_pending}")
    print(f"wrote {write_json('ingest', result)}")
    # 200 = the same client resubmitted the same place and category: merged into its open report.
    ok = (result["lost"] == 0 and set(codes) <= {200, 201} and jobs_pending == 0
          and job_rows == jobs_queued == 2 * accepted + codes.get(200, 0))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
