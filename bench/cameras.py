"""CCTV at city scale: N simulated cameras through the whole pipeline.

A local HTTP server plays N cameras with real street photos (ultralytics' bus.jpg and
zidane.jpg, rescaled to 1280x720): half answer snapshot requests, half stream MJPEG. Each camera is
calibrated (a homography), has a road zone with a congestion rule, and is analysed once per
--interval seconds (the sweep, as in production); `sigap worker --vision` processes (the model
loaded once each) grab, detect, store detections, per-frame traffic counts and evaluate rules
in PostGIS, beside a plain worker and the outbox relay, all on this machine's cores.

Reports, in the steady state after --warmup seconds (the first sweep queues every camera at
once; afterwards each camera's frame is due at its own phase of the interval): frames analysed
per second, whether the backlog stays near zero (sampled queue length), latency from the sweep's
enqueue to the stored detections (p50/p95), where a frame's time goes (grab+decode, model,
store, rules, from each job's timings), and cameras served per core at one frame per interval.
Writes bench/out/cameras.json.

    .venv/bin/python -m bench.cameras --cameras 300 --interval 30 --seconds 150
"""
from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psycopg
from PIL import Image
from psycopg.rows import dict_row
from redis import Redis
from rq.job import Job
from rq.registry import FinishedJobRegistry

from bench.common import pct, rq_workers, services, table, write_json
from geo import cameras as camera_service
from geo import cctv_rules
from geo.cameras import ControlPoint
from geo.settings import Settings
from sigap_local.services import free_port

FRAME_SIZE = (1280, 720)


def frames() -> list[bytes]:
    import sysconfig

    assets = Path(sysconfig.get_paths()["purelib"]) / "ultralytics" / "assets"
    out = []
    for name in ("bus.jpg", "zidane.jpg"):
        buf = io.BytesIO()
        Image.open(assets / name).convert("RGB").resize(FRAME_SIZE, Image.Resampling.LANCZOS).save(buf, "JPEG", quality=85)
        out.append(buf.getvalue())
    return out


def camera_server(images: list[bytes]) -> tuple[ThreadingHTTPServer, int]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            i = int(self.path.rsplit("/", 1)[1].split(".")[0])
            img = images[i % len(images)]
            if self.path.endswith(".mjpg"):
                self.send_response(200)
                self.send_header("Content-Type", "multipart/x-mixed-replace; boundary=f")
                self.end_headers()
                try:
                    for _ in range(50):
                        self.wfile.write(b"--f\r\nContent-Type: image/jpeg\r\n\r\n" + img + b"\r\n")
                        self.wfile.flush()
                        time.sleep(0.2)
                except OSError:
                    pass
            else:
                self.send_response(200)
                self.send_header("Content-Type", "image/jpeg")
                self.send_header("Content-Length", str(len(img)))
                self.end_headers()
                self.wfile.write(img)

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_port


def register(db_url: str, n: int, port: int) -> None:
    """n calibrated cameras around Kupang, each with a road zone and a congestion rule."""
    s = Settings()
    w, h = FRAME_SIZE
    from bench.ingest import city_points

    with psycopg.connect(db_url, row_factory=dict_row) as conn:
        for i, (lng, lat) in enumerate(city_points(n, seed=19)):  # inside the kelurahan, not the sea
            def ground(x: float, y: float, lng: float = lng, lat: float = lat) -> tuple[float, float]:
                return lng + (x - w / 2) * 3e-7, lat - (y - h) * 3e-7  # ~40 m of road across the frame

            corners = [(0.0, float(h)), (float(w), float(h)), (float(w), 200.0), (0.0, 200.0)]
            src = f"http://127.0.0.1:{port}/cam/{i}.{'mjpg' if i % 2 else 'jpg'}"
            cam = camera_service.register(conn, s, name=f"Kamera {i}", lng=lng, lat=lat, source=src,
                                          control_points=[ControlPoint(p, ground(*p)) for p in corners])
            ring = [list(ground(*p)) for p in corners] + [list(ground(*corners[0]))]
            zone = cctv_rules.add_zone(conn, cam["id"], cam["city_id"], "jalan", "road",
                                       {"type": "Polygon", "coordinates": [ring]})
            cctv_rules.add_rule(conn, cam["id"], cam["city_id"], zone, "congestion", "kemacetan", {"min_count": 50, "frames": 3})
        conn.commit()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cameras", type=int, default=300)
    ap.add_argument("--interval", type=int, default=30, help="seconds between frames of one camera")
    ap.add_argument("--seconds", type=int, default=150, help="how long to run")
    ap.add_argument("--vision-workers", type=int, default=2)
    ap.add_argument("--warmup", type=int, help="seconds left out of the steady state (default: three intervals, "
                    "by which the first sweep's burst of every camera has drained at 300 cameras)")
    args = ap.parse_args()
    warmup = args.warmup if args.warmup is not None else 3 * args.interval
    images = frames()
    server, port = camera_server(images)
    env = {"SIGAP_CAMERA_INTERVAL_S": str(args.interval), "OMP_NUM_THREADS": "1"}
    with services() as (db_url, redis_url):
        register(db_url, args.cameras, port)
        vision_q = f"rq:queue:{Settings().queue_name}-vision"
        redis = Redis.from_url(redis_url)
        backlog: list[tuple[float, int]] = []
        t0, wall0 = time.monotonic(), time.time()
        with rq_workers(db_url, redis_url, 1, args.vision_workers, env):
            while time.monotonic() - t0 < args.seconds:
                backlog.append((round(time.monotonic() - t0, 1), int(redis.llen(vision_q))))
                time.sleep(2)
            elapsed = time.monotonic() - t0
            ids = FinishedJobRegistry(f"{Settings().queue_name}-vision", connection=redis).get_job_ids()
        jobs = [j for j in Job.fetch_many([i for i in ids if i.startswith("camera-")], connection=redis) if j]
        with psycopg.connect(db_url) as conn:
            frames_stored = conn.execute("SELECT count(*) FROM camera_frames").fetchone()[0]  # type: ignore[index]
            offline = conn.execute("SELECT count(*) FROM cameras WHERE failures > 0").fetchone()[0]  # type: ignore[index]
    server.shutdown()
    steady = [j for j in jobs if j.ended_at and j.enqueued_at and j.enqueued_at.timestamp() >= wall0 + warmup]
    lat = [(j.ended_at - j.enqueued_at).total_seconds() for j in steady]
    stages = {k: statistics.median([j.meta["ms"][k] for j in (steady or jobs) if "ms" in j.meta])
              for k in ("grab", "detect", "store", "rules")}
    fps = len(steady) / max(1.0, elapsed - warmup)
    need = args.cameras / args.interval
    tail = [b for t, b in backlog if t >= warmup]
    cores = os.cpu_count() or 1
    result = {
        "cameras": args.cameras, "interval_s": args.interval, "seconds": round(elapsed), "vision_workers": args.vision_workers,
        "cores": cores, "frames": frames_stored, "warmup_s": warmup, "steady_frames": len(steady),
        "frames_per_s": round(fps, 2), "needed_per_s": round(need, 2),
        "keeps_up": fps >= need * 0.97 and (max(tail) if tail else 0) <= args.cameras * 0.1,
        "backlog_steady_max": max(tail) if tail else 0, "backlog_end": backlog[-1][1] if backlog else 0,
        "latency_p50_s": round(pct(lat, 50), 2), "latency_p95_s": round(pct(lat, 95), 2),
        "stage_median_ms": {k: round(v, 1) for k, v in stages.items()},
        "cameras_per_core_at_interval": round(fps * args.interval / cores),
        "offline_cameras": offline, "backlog_samples": backlog,
    }
    print(table([result], ["cameras", "interval_s", "vision_workers", "steady_frames", "frames_per_s", "needed_per_s", "keeps_up",
                           "backlog_steady_max", "latency_p50_s", "latency_p95_s", "cameras_per_core_at_interval"]))
    print("median ms per frame:", json.dumps(result["stage_median_ms"]))
    print(f"wrote {write_json('cameras', result)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
