"""Per-request observability: a request id (the proxy's X-Request-Id when it sends a sane one,
else a new one) returned in the X-Request-Id header, written on the job rows the request
causes (job_outbox.request_id, via the `sigap.request_id` session setting), and one JSON log
line per request; plus the Prometheus request counters and latency histograms."""
from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid

from flask import Flask, Response, g, request
from prometheus_client import Counter, Histogram

log = logging.getLogger("sigap.access")
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

REQUESTS = Counter("sigap_http_requests_total", "HTTP requests answered / permintaan HTTP yang dijawab",
                   ["method", "endpoint", "status"])
LATENCY = Histogram("sigap_http_request_duration_seconds", "Time to answer a request / waktu menjawab permintaan",
                    ["method", "endpoint"],
                    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
TILE_CACHE = Counter("sigap_tile_cache_total", "Tile requests by Redis cache result / tile menurut hasil cache",
                     ["result"])
# Where rendered tiles came from: "replica", "primary" (the replica had not replayed the newest
# invalidation yet) or "database" (no replica configured).
TILE_RENDERS = Counter("sigap_tile_renders_total", "Rendered tiles by database / tile yang dirender menurut basis data",
                       ["source"])


def request_id() -> str:
    """This request's id (made on first use)."""
    if "request_id" not in g:
        incoming = request.headers.get("X-Request-Id", "")
        g.request_id = incoming if _SANE_ID.match(incoming) else uuid.uuid4().hex
    return str(g.request_id)


def log_to_stderr() -> None:
    """The service's own log lines (sigap.*: jobs done, offers made, per-frame timings, errors)
    on stderr with time, level and source. Nothing set this up for `sigap worker`, so its INFO
    lines promised by docs/cctv.md were dropped, and errors came without a time."""
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def init_app(app: Flask) -> None:
    @app.before_request
    def _start() -> None:
        g.started = time.perf_counter()
        request_id()

    @app.after_request
    def _finish(resp: Response) -> Response:
        rid = request_id()
        resp.headers["X-Request-Id"] = rid
        seconds = time.perf_counter() - g.get("started", time.perf_counter())
        endpoint = request.endpoint or "unmatched"  # never the raw path: bounded label values
        REQUESTS.labels(request.method, endpoint, str(resp.status_code)).inc()
        LATENCY.labels(request.method, endpoint).observe(seconds)
        log.info(json.dumps({"request_id": rid, "method": request.method, "path": request.path,
                             "endpoint": endpoint, "status": resp.status_code, "ms": round(seconds * 1000, 1),
                             "client": request.remote_addr, "bytes": resp.calculate_content_length()},
                            separators=(",", ":")))
        return resp
