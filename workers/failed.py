"""Failed jobs, for people: what failed, why, and a way to run it again.

RQ keeps a job that used up its retries in the queue's FailedJobRegistry (with its traceback,
for `failed_job_ttl`). Admins read that list through the API instead of a separate RQ
dashboard; requeueing is safe because every job is idempotent.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from redis.exceptions import RedisError
from rq.exceptions import InvalidJobOperation, NoSuchJobError
from rq.job import Job
from rq.registry import FailedJobRegistry

from geo.errors import NotFound, ServiceUnavailable
from geo.settings import Settings
from workers.run import queues


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _summary(job: Job) -> dict[str, Any]:
    result = job.latest_result()
    trace = result.exc_string if result is not None else None
    exc = (trace or "").strip().splitlines()
    return {
        "id": job.id,
        "job": (job.func_name or "?").rsplit(".", 1)[-1],
        "args": list(job.args),
        "enqueued_at": _iso(job.enqueued_at),
        "started_at": _iso(job.started_at),
        "ended_at": _iso(job.ended_at),
        "error": exc[-1] if exc else None,
        "traceback": trace,
    }


def _unavailable() -> ServiceUnavailable:
    return ServiceUnavailable("Antrean pekerjaan (Redis) tidak dapat dihubungi.",
                              "The job queue (Redis) is unreachable.", code="queue_unavailable")


def failed_jobs(settings: Settings, limit: int = 100) -> dict[str, Any]:
    """The newest failed jobs first, with the total count."""
    try:
        total, jobs = 0, []
        for q in queues(settings):  # main and vision
            registry = FailedJobRegistry(queue=q)
            total += registry.count
            ids = registry.get_job_ids(0, limit - 1, desc=True)
            jobs += [j for j in Job.fetch_many(ids, connection=q.connection) if j]
    except RedisError as exc:
        raise _unavailable() from exc
    jobs.sort(key=lambda j: j.ended_at.timestamp() if j.ended_at else 0.0, reverse=True)
    return {"total": total, "jobs": [_summary(j) for j in jobs[:limit]]}


def requeue_failed(settings: Settings, job_id: str) -> dict[str, Any]:
    """Put one failed job back on the queue (jobs are idempotent, so a rerun is safe)."""
    try:
        registry = next((r for r in (FailedJobRegistry(queue=q) for q in queues(settings)) if job_id in r.get_job_ids()), None)
        if registry is None:
            raise NotFound("Pekerjaan gagal tidak ditemukan.", "Failed job not found.", code="job_not_found")
        job = registry.requeue(job_id)
    except (NoSuchJobError, InvalidJobOperation) as exc:
        raise NotFound("Pekerjaan gagal tidak ditemukan.", "Failed job not found.", code="job_not_found") from exc
    except RedisError as exc:
        raise _unavailable() from exc
    return {"id": job.id, "status": job.get_status()}
