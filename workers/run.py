"""Run an RQ worker bound to SIGAP's queues and settings.

Two queues: the main one (dispatch, offers, SLA, statistics, push) and the vision one
(camera frames and photo publishing, which need the detection model). A plain `sigap worker`
serves the main queue, and the vision queue too while no vision worker runs, in RQ's forking
work-horses; `sigap worker --vision` serves
only the vision queue without forking, so the ONNX session is loaded once per process and kept
across jobs (a forked work-horse would load it again for every frame and photo, and an ONNX
session loaded before a fork is not safe to use in the child: its thread pool does not survive).
A burst of camera frames then never delays a dispatch."""
from __future__ import annotations

import contextlib
import logging
import math
import os
import signal
import time
from collections.abc import Callable
from typing import Any

from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, SimpleWorker, Worker
from rq.exceptions import StopRequested
from rq.job import Job
from rq.worker import BaseWorker

from geo.settings import Settings

log = logging.getLogger("sigap.worker")


# Jobs that take seconds of CPU each go to the vision queue, so none delays a dispatch job:
# the detector's frames and photos, and the planners' hot spot analysis (minutes, 4x a day).
VISION_JOBS = frozenset({"detect_camera", "publish_photo", "analyse_hotspots"})
VISION_SUFFIX = "-vision"


def queue(settings: Settings, connection: Redis | None = None, *, vision: bool = False) -> Queue:
    from workers.relay import redis_client

    name = settings.queue_name + VISION_SUFFIX if vision else settings.queue_name
    return Queue(name, connection=connection or redis_client(settings.redis_url))


def queues(settings: Settings, connection: Redis | None = None) -> list[Queue]:
    """Both queues, the main one first (what a plain worker serves, in this order)."""
    return [queue(settings, connection), queue(settings, connection, vision=True)]


class _Heartbeats(BaseWorker):
    """Heartbeats sized by `settings.worker_recover_s`, for both worker kinds below.

    A worker that dies mid-job (kill -9, a lost machine) stops heartbeating; once its job's
    heartbeat expires, the next maintenance pass of any live worker retries the job (jobs are
    idempotent) or, with no retries left, moves it to the failed registry. RQ's defaults (a
    60 s grace on top of the heartbeat, maintenance every 10 minutes, a 405 s idle poll)
    would leave such a job stranded for up to ~8 minutes. A retry with a delay then waits for
    the scheduler: if the dead worker ran it, its lock lapses after RQ's fixed ~61 s and a live
    worker's scheduler takes over (tests/faults/test_worker_kill.py measures the whole path).
    """

    # How long a scheduler that missed its stop gets before it is killed (see stop_scheduler).
    scheduler_stop_s = 3.0

    def __init__(self, queues: list[Queue], *, recover_s: int = 60, **kwargs: Any) -> None:
        self.grace_s = max(2, recover_s // 2)
        quarter = max(1, recover_s // 4)
        super().__init__(queues, job_monitoring_interval=quarter, maintenance_interval=quarter,
                         worker_ttl=quarter + 15, **kwargs)

    def get_heartbeat_ttl(self, job: Job, working_time: float = 0.0) -> int:
        if job.timeout and job.timeout > 0:
            return int(min(job.timeout - working_time, self.job_monitoring_interval)) + self.grace_s
        return self.job_monitoring_interval + self.grace_s

    def dequeue_job_and_maintain_ttl(self, timeout: int | None,
                                     max_idle_time: int | None = None) -> tuple[Job, Queue] | None:
        """RQ's listening loop, one dequeue timeout at a time, stopping between turns when a stop
        was asked for. RQ's own loop looks at the flag (see _shutdown) only once it leaves: a
        swallowed SIGTERM waited out the whole `max_idle_time` (or for ever without one)."""
        if timeout is None:  # burst: one pass that does not block
            return super().dequeue_job_and_maintain_ttl(timeout, max_idle_time)
        started = time.monotonic()
        while True:
            left = None if max_idle_time is None else max_idle_time - (time.monotonic() - started)
            if left is not None and left <= 0:
                return None
            turn = timeout if left is None else max(1, min(timeout, math.ceil(left)))
            result = super().dequeue_job_and_maintain_ttl(turn, turn)
            if result is not None:
                return result
            if self._stop_requested:
                raise StopRequested()

    _in_maintenance = False

    def run_maintenance_tasks(self) -> None:
        """RQ's maintenance pass, which may start the scheduler process, shielded from a stop
        raised inside it (see _shutdown): RQ's loop stops right after the pass."""
        self._in_maintenance = True
        try:
            super().run_maintenance_tasks()
        finally:
            self._in_maintenance = False

    def _shutdown(self) -> None:
        """Remember a SIGTERM before RQ raises StopRequested from its signal handler. Raised
        while a log line is being written, the exception is swallowed by `logging` ("--- Logging
        error ---"), and RQ 3.0 then ran on, deaf to the stop, until killed (seen in CI: a worker
        kept taking jobs for 15 minutes after its SIGTERM). With the flag set, its loop stops at
        the next turn (at most one dequeue timeout later). During a maintenance pass nothing is
        raised: raised inside multiprocessing's start() of the scheduler, after the fork and
        before the process object held its pid, it left a scheduler that nothing could stop
        (seen in CI: alive until Redis went away, the test's worker long gone)."""
        self._stop_requested = True
        if self._in_maintenance:
            return
        super()._shutdown()

    def unsubscribe(self) -> None:
        """Leave the worker's command channel without waiting a minute. RQ sends UNSUBSCRIBE and
        then stops the listening thread, waiting for it with no limit; when the thread read the
        reply before the stop (the main thread lost the CPU between the two), it went back to
        wait up to 60 s for a subscription that never comes, and the worker's exit with it (seen
        in CI: a worker told to stop still running 50 s later). Here the thread is told to stop
        first, so the reply is its last read; it closes the channel itself when it leaves."""
        thread, pubsub = self.pubsub_thread, self.pubsub
        if thread is None or pubsub is None:
            return
        log.debug("worker %s: leaving its command channel", self.name)
        try:
            thread.stop(timeout=0)  # only clears its flag
        except TypeError:  # redis-py before 8: stop() takes no timeout and only clears its flag
            thread.stop()
        if thread.is_alive():  # gone already: it closed the channel, and its connection is back in the pool
            with contextlib.suppress(RedisError, OSError):
                pubsub.unsubscribe()
        thread.join(timeout=2)
        if not thread.is_alive():  # closed already by the thread; a second close is harmless
            pubsub.close()

    def stop_scheduler(self) -> None:
        """Stop the scheduler process, sending SIGTERM again until it is gone. RQ sends one and
        waits forever: a scheduler forked a moment before still runs the worker's inherited
        handler in its first log line, where `logging` swallows the stop, and the scheduler then
        runs on, its parent waiting for it (seen in CI: a worker that did not stop within 20 s
        of its SIGTERM, right after its scheduler started). Killed after 3 s (its loop turns every
        second), well inside a supervisor's grace period: its locks then lapse by themselves."""
        process = self.scheduler._process if self.scheduler else None
        if process is None or not process.pid:
            return
        for _ in range(max(1, round(self.scheduler_stop_s / 0.5))):
            if not process.is_alive():  # gone (and reaped): its pid may be another process's now
                return
            with contextlib.suppress(OSError):
                os.kill(process.pid, signal.SIGTERM)
            process.join(0.5)
        if process.is_alive():
            log.warning("scheduler %d ignored SIGTERM for %.0f s: killed", process.pid, self.scheduler_stop_s)
            process.kill()
            process.join()


class SigapWorker(_Heartbeats, Worker):
    """RQ's forking worker (a work-horse per job) with SIGAP's heartbeats. It takes vision jobs
    only while no vision worker runs (a deployment without one still publishes its photos): a
    work-horse loads the model again for every frame and photo, so under a camera load its
    help cost the vision workers more CPU than it gave (bench/RESULTS.md, CCTV pipeline)."""

    def serving(self) -> list[Queue]:
        """The queues to listen on now: the vision queue only when no vision worker serves it."""
        vision = [q for q in self.queues if q.name.endswith(VISION_SUFFIX)]
        for q in vision:
            if any(w.queue_names() == [q.name] for w in Worker.all(connection=self.connection, queue=q)):
                return [q for q in self.queues if q not in vision]
        return self.queues[:]

    def dequeue_job_and_maintain_ttl(self, timeout: int | None,
                                     max_idle_time: int | None = None) -> tuple[Job, Queue] | None:
        self._ordered_queues = self.serving()  # RQ listens on these until a job or its timeout
        return super().dequeue_job_and_maintain_ttl(timeout, max_idle_time)

    def prepare_job_execution(self, job: Job, remove_from_intermediate_queue: bool = False) -> None:
        """Always out of the intermediate list. Listening on one queue, RQ moves a job through it,
        but empties it only for a worker made with one queue (`len(self.queues) == 1`); this one has
        two and may listen on one (serving()), so every job stayed there and the next maintenance
        pass failed it as "stuck" and ran it again, up to its retries (a walk saw offers and pushes
        repeated up to seven times). Removing what is not there changes nothing."""
        super().prepare_job_execution(job, remove_from_intermediate_queue=True)


class VisionWorker(_Heartbeats, SimpleWorker):
    """Runs vision jobs in its own process (no fork): the detector loaded by the first job (or
    preloaded at start) serves every later one.

    No work-horse means nobody renews the job's heartbeat while it runs, so the heartbeat must
    outlast the job's timeout (plus the grace): with the short heartbeat of a forking worker, a
    job longer than it (the planners' analysis: minutes) was taken for abandoned by the next
    maintenance pass and retried while still running. A vision worker killed mid-job has its
    job retried after that timeout instead (a photo: 120 s + grace)."""

    def get_heartbeat_ttl(self, job: Job, working_time: float = 0.0) -> int:
        if job.timeout and job.timeout > 0:
            return int(job.timeout - working_time) + self.grace_s
        return super().get_heartbeat_ttl(job, working_time)


class BurstWorker(_Heartbeats, SimpleWorker):
    """Every queue's jobs in this process, no fork: what `drain` needs to run what is queued now
    in one go (the tests' run_jobs). RQ's own SimpleWorker could wait a minute to leave its
    command channel after each burst (_Heartbeats.unsubscribe): a test suite's minutes."""


def run_worker(settings: Settings, *, burst: bool = False, vision: bool = False) -> bool:
    from workers.relay import start_relay_thread

    conn = Redis.from_url(settings.redis_url)

    def make_worker() -> BaseWorker:
        if vision:
            return VisionWorker([queue(settings, conn, vision=True)], connection=conn, recover_s=settings.worker_recover_s)
        return SigapWorker(queues(settings, conn), connection=conn, recover_s=settings.worker_recover_s)

    if vision:
        preload_detector(settings)

    if burst:
        drain(settings, make_worker)
        return True
    start_relay_thread(settings)
    return supervise(settings, make_worker)


def preload_detector(settings: Settings) -> None:
    """Load the model before the first job; a missing model is logged, not fatal (jobs then
    fail closed and are retried, as in any worker)."""
    from vision import detector

    try:
        detector.configured(settings)
        log.info("vision worker: model %s loaded", settings.model_path)
    except Exception as exc:  # reported; the jobs will say the same
        log.warning("vision worker: model %s not loaded: %s", settings.model_path, exc)


def supervise(settings: Settings, make_worker: Callable[[], BaseWorker], *, max_backoff_s: float = 10.0) -> bool:
    """Run the worker until it is asked to stop, surviving outages. RQ's worker quits on a
    Redis error ("found an unhandled exception, quitting..."), which would take the outbox
    relay thread down with the process and leave jobs waiting until someone restarts it. Here
    it waits for Redis with backoff, schedules the periodic jobs again (idempotent) and starts
    a fresh worker; jobs left running by the old one are retried by RQ's abandoned-job handling."""
    from workers.jobs import (
        schedule_analysis,
        schedule_camera_sweep,
        schedule_detection_retention,
        schedule_report_stats,
        schedule_sla_sweep,
    )

    backoff = 0.5
    while True:
        while True:  # Redis answers (at start, or again after an outage): periodic jobs, then work
            try:
                redis = Redis.from_url(settings.redis_url, socket_timeout=2, socket_connect_timeout=2)
                schedule_sla_sweep(settings, redis)
                schedule_camera_sweep(settings, redis)
                schedule_detection_retention(settings, redis)
                schedule_report_stats(settings, redis)
                schedule_analysis(settings, redis)
                break
            except (RedisError, OSError) as exc:
                log.info("waiting for Redis: %s", exc)
                time.sleep(backoff)
                backoff = min(max_backoff_s, backoff * 2)
        backoff = 0.5
        worker = make_worker()
        try:
            worked = worker.work(with_scheduler=True)
        except (RedisError, OSError) as exc:  # the teardown itself can fail while Redis is away
            log.warning("worker stopped by an outage: %s", exc)
            worked = False
        if getattr(worker, "_shutdown_requested_date", None) is not None or getattr(worker, "_stop_requested", False):
            return bool(worked)  # SIGTERM/SIGINT: a real shutdown
        log.warning("worker quit (Redis or PostgreSQL away?): a fresh one starts when Redis answers")
        time.sleep(backoff)


def drain(settings: Settings, make_worker: Callable[[], BaseWorker]) -> None:
    """Relay what is pending, run everything queued, and again while jobs add jobs
    (a dispatch writes its offer's timeout, a camera its reports' jobs). Jobs due later go to
    RQ's scheduler and are not waited for."""
    from workers.relay import relay_all

    relay_all(settings)
    while True:
        make_worker().work(burst=True)
        if not relay_all(settings):
            return
