"""A job longer than the heartbeat on the non-forking vision worker (the planners' analysis takes
minutes) is not taken for abandoned while it runs: nobody renews a SimpleWorker's heartbeat
during a job, so its heartbeat must outlast the job's timeout (found on review: the analysis was
re-queued by the next maintenance pass and ran again and again)."""
from __future__ import annotations

import threading
import time

from redis import Redis
from rq.registry import FailedJobRegistry, ScheduledJobRegistry, StartedJobRegistry

from geo.settings import Settings
from workers.run import VisionWorker, queue


def test_a_long_job_on_the_vision_worker_is_not_retried_while_it_runs(clean: Settings) -> None:
    redis = Redis.from_url(clean.redis_url)
    q = queue(clean, redis, vision=True)
    from rq import Retry

    job = q.enqueue(time.sleep, 5, job_timeout=60, retry=Retry(max=2, interval=[300]))
    seen: dict[str, object] = {}

    def maintenance_meanwhile() -> None:  # what any worker's maintenance pass does, mid-job
        time.sleep(4)  # past the ~3 s heartbeat of recover_s=4, while the job still runs
        seen["before"] = job.get_status(refresh=True)
        StartedJobRegistry(queue=q).cleanup()
        seen["after"] = job.get_status(refresh=True)

    other = threading.Thread(target=maintenance_meanwhile)
    other.start()
    # RQ installs signal handlers: the worker runs in the main thread, the maintenance beside it.
    VisionWorker([q], connection=redis, recover_s=4).work(burst=True, with_scheduler=False)
    other.join(10)
    assert seen == {"before": "started", "after": "started"}, "the running job was taken for abandoned"
    job.refresh()
    assert job.get_status() == "finished"
    assert job.id not in ScheduledJobRegistry(queue=q).get_job_ids()
    assert job.id not in FailedJobRegistry(queue=q).get_job_ids()
