"""GET /metrics in Prometheus' text format, for the city's monitoring only: answered when the
caller sends `Authorization: Bearer $SIGAP_METRICS_TOKEN`, 404 when no token is configured
(the shipped Caddyfile also refuses /metrics from outside). Request counters and latency
come from api/observe.py (summed over gunicorn's processes via PROMETHEUS_MULTIPROC_DIR, which
`sigap serve` sets); queue depths, failed jobs, the outbox lag and reports per status are read
when scraped."""
from __future__ import annotations

import hmac
import os
from collections.abc import Iterator

from flask import Blueprint, Response, request
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from redis import Redis
from redis.exceptions import RedisError

from api.deps import read, settings
from geo import monitoring
from geo.errors import NotFound, Unauthorized
from geo.settings import Settings

bp = Blueprint("metrics", __name__)


class StateCollector(Collector):
    """Gauges read at scrape time from Redis (RQ) and the database (geo.monitoring)."""

    def __init__(self, s: Settings, snapshot: monitoring.Snapshot) -> None:
        self.s, self.snap = s, snapshot

    def collect(self) -> Iterator[Metric]:
        from rq.registry import FailedJobRegistry, ScheduledJobRegistry

        from workers.run import queues

        queued = GaugeMetricFamily("sigap_queue_jobs", "Jobs waiting in RQ / pekerjaan menunggu di antrean",
                                   labels=["queue", "state"])
        failed = GaugeMetricFamily("sigap_failed_jobs", "Jobs that used up their retries / pekerjaan gagal")
        try:
            redis = Redis.from_url(self.s.redis_url, socket_timeout=2)
            n_failed = 0
            for q in queues(self.s, redis):  # main and vision
                queued.add_metric([q.name, "queued"], q.count)
                queued.add_metric([q.name, "scheduled"], ScheduledJobRegistry(queue=q).count)
                n_failed += FailedJobRegistry(queue=q).count
            failed.add_metric([], n_failed)
        except RedisError:
            pass  # no sample: absent() alerts on it
        yield queued
        yield failed
        yield GaugeMetricFamily("sigap_outbox_pending_jobs", "Job rows not yet handed to Redis",
                                value=self.snap.outbox_pending)
        yield GaugeMetricFamily("sigap_outbox_lag_seconds", "Age of the oldest job row not yet in Redis (0: none)",
                                value=self.snap.outbox_oldest_s)
        reports = GaugeMetricFamily("sigap_reports", "Reports per city and status / laporan per kota dan status",
                                    labels=["city", "status"])
        for city, by_status in sorted(self.snap.reports_by_city.items()):
            for status, n in sorted(by_status.items()):
                reports.add_metric([city, status], n)
        yield reports


@bp.get("/metrics")
def metrics() -> Response:
    s = settings()
    if not s.metrics_token:
        raise NotFound("Tidak ditemukan.", "Not found.", code="not_found")
    sent = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(sent.encode(), s.metrics_token.encode()):
        raise Unauthorized("Token metrik salah.", "Wrong metrics token.", code="metrics_token")
    with read() as conn:
        snap = monitoring.snapshot(conn)
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
        parts = [generate_latest(registry)]
    else:
        parts = [generate_latest(REGISTRY)]
    state = CollectorRegistry()
    state.register(StateCollector(s, snap))
    parts.append(generate_latest(state))
    return Response(b"".join(parts), mimetype=CONTENT_TYPE_LATEST)
