"""A SIGTERM that lands while the worker writes a log line still stops it. RQ raises its stop
from the signal handler; inside a log call `logging` swallows it ("--- Logging error ---"), and
RQ 3.0 then ran on, taking job after job: in CI a worker told to stop kept emptying the queues of
every later test for 15 minutes. A deployment sees the same as a `docker stop` that waits out
its grace period and kills the worker mid-job.

Each worker runs in a forked child: these SIGTERMs raise from a signal handler at whatever line
the worker is on, and one that lands inside `logging`'s module lock leaks that lock; in the test
session's own process every later log call then blocked (seen in CI: the session hung at the
next test that logged). The child takes that risk alone."""
from __future__ import annotations

import io
import logging
import multiprocessing
import os
import signal
import time
from collections.abc import Callable

import pytest
from redis import Redis

from geo.settings import Settings
from workers.run import SigapWorker, queue


class _StopWhileLogging(logging.Formatter):
    """Delivers SIGTERM to this process while the worker formats the line that names the job it
    has just taken, i.e. between dequeue and execute, in the middle of a log call."""

    fired = False

    def format(self, record: logging.LogRecord) -> str:
        if not self.fired and record.args and "os.getpid" in str(record.args):
            type(self).fired = True
            os.kill(os.getpid(), signal.SIGTERM)  # the handler runs here, inside the formatter
        return super().format(record)


def _in_child(body: Callable[[], dict[str, object]], timeout_s: float = 50) -> dict[str, object]:
    """`body()`'s observations, run in a forked child (see the module's docstring); a child that
    does not finish in time is a worker that did not stop."""
    ctx = multiprocessing.get_context("fork")
    results, sender = ctx.Pipe(duplex=False)

    def run() -> None:
        try:
            sender.send(body())
        except BaseException as exc:  # reported to the parent as the test's failure
            sender.send({"error": repr(exc)})
        finally:
            os._exit(0)

    child = ctx.Process(target=run)
    child.start()
    if not results.poll(timeout_s):
        child.kill()
        child.join()
        pytest.fail(f"the worker did not stop within {timeout_s:.0f} s")
    got: dict[str, object] = results.recv()
    child.join(10)
    assert "error" not in got, got["error"]
    return got


def test_a_sigterm_during_a_log_line_still_stops_the_worker(clean: Settings) -> None:
    redis = Redis.from_url(clean.redis_url)
    q = queue(clean, redis)
    first, second = q.enqueue("os.getpid"), q.enqueue("os.getcwd")

    def body() -> dict[str, object]:
        worker = SigapWorker([q], connection=Redis.from_url(clean.redis_url), recover_s=8)
        handler = logging.StreamHandler(io.StringIO())
        handler.setFormatter(_StopWhileLogging())
        logging.getLogger("rq.worker").addHandler(handler)
        worker.work(max_idle_time=6, with_scheduler=False)  # without the stop it idles 6 s and quits
        return {"fired": _StopWhileLogging.fired}

    assert _in_child(body)["fired"]
    assert first.get_status(refresh=True) == "finished"  # the job it had taken is finished (warm stop)
    assert second.get_status(refresh=True) == "queued", "the worker ran on after its SIGTERM"


class _SchedulerMissesItsStop(logging.Formatter):
    """In the scheduler process, while it writes its first line ("Scheduler for ... started"):
    stops the worker (its parent), then lingers, so the stop the worker sends its scheduler lands
    in this log call. There the handler inherited from the worker raises, and `logging` swallows
    it: the race a SIGTERM right after a scheduler starts runs into."""

    def __init__(self, parent: int) -> None:
        super().__init__()
        self.parent = parent

    def format(self, record: logging.LogRecord) -> str:
        if os.getpid() != self.parent and record.getMessage().startswith("Scheduler for"):
            os.kill(self.parent, signal.SIGTERM)
            time.sleep(3)
        return super().format(record)


@pytest.mark.timeout(60)  # without the fix the worker waits for its scheduler for ever
def test_a_worker_stopped_as_its_scheduler_starts_still_stops(clean: Settings) -> None:
    from rq.scheduler import RQScheduler

    redis = Redis.from_url(clean.redis_url)
    q = queue(clean, redis)
    # Another worker's scheduler holds the lock for a second: this worker's scheduler starts from
    # its maintenance pass, after its own signal handlers are installed (as in production).
    redis.set(RQScheduler.get_locking_key(q.name), "another", px=1000)

    def body() -> dict[str, object]:
        worker = SigapWorker([q], connection=Redis.from_url(clean.redis_url), recover_s=8)
        # The scheduler lingers 3 s in its log line; the worker's 3 s before killing it raced
        # with that, and on a loaded CI machine the kill won once. Here it must stop by itself.
        # (10 s was not enough once on a slow CI machine: what is tested is that it stops by itself)
        worker.scheduler_stop_s = 25
        handler = logging.StreamHandler(io.StringIO())
        handler.setFormatter(_SchedulerMissesItsStop(os.getpid()))  # this child: the worker
        logging.getLogger("rq.scheduler").addHandler(handler)
        try:
            worker.work(max_idle_time=30, with_scheduler=True)  # without the stop it idles 30 s and quits
        finally:
            process = worker.scheduler._process if worker.scheduler else None
            if process is not None and process.is_alive():
                process.kill()
        return {"started": process is not None, "stop_requested": worker._stop_requested,
                "exitcode": process.exitcode if process is not None else None}

    seen = _in_child(body)
    assert seen["started"], "the scheduler never started"
    assert seen["stop_requested"], "the worker idled out instead of stopping on its SIGTERM"
    assert seen["exitcode"] == 0, "the scheduler did not stop on a SIGTERM (it was killed)"
    assert not redis.exists(RQScheduler.get_locking_key(q.name)), "the scheduler kept its lock"


def test_a_worker_that_loses_the_cpu_as_it_leaves_its_channel_still_stops_at_once(
        clean: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """Leaving, RQ sends UNSUBSCRIBE on the worker's command channel and then stops the thread
    that listens on it. When the worker loses the CPU between the two (as on a loaded CI machine),
    the thread reads the reply first and goes back to wait 60 s for a subscription: the worker
    took a minute to exit, past a supervisor's grace period (seen in CI: a worker that did not
    stop within 50 s). A pause after the UNSUBSCRIBE makes that order certain."""
    from redis.client import PubSub

    sent = PubSub.unsubscribe

    def unsubscribe_then_pause(self: PubSub, *args: object) -> object:
        result = sent(self, *args)
        time.sleep(0.5)  # the listening thread reads the reply now, before it is stopped
        return result

    monkeypatch.setattr(PubSub, "unsubscribe", unsubscribe_then_pause)  # in the forked child too
    q = queue(clean, Redis.from_url(clean.redis_url))

    def body() -> dict[str, object]:
        worker = SigapWorker([q], connection=Redis.from_url(clean.redis_url), recover_s=8)
        started = time.monotonic()
        worker.work(max_idle_time=1, with_scheduler=False)  # idles 1 s, then leaves
        return {"took_s": time.monotonic() - started}

    took = _in_child(body, timeout_s=40)["took_s"]
    assert isinstance(took, float) and took < 8, f"the worker took {took} s to leave"
