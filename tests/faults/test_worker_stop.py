"""A SIGTERM that lands while the worker writes a log line still stops it. RQ raises its stop
from the signal handler; inside a log call `logging` swallows it ("--- Logging error ---"), and
RQ 3.0 then ran on, taking job after job: in CI a worker told to stop kept emptying the queues of
every later test for 15 minutes. A deployment sees the same as a `docker stop` that waits out
its grace period and kills the worker mid-job."""
from __future__ import annotations

import io
import logging
import os
import signal
from collections.abc import Iterator

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


@pytest.fixture
def signal_handlers() -> Iterator[None]:
    """RQ installs its own SIGTERM/SIGINT handlers; pytest's are put back afterwards."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
    yield
    for s, handler in saved.items():
        signal.signal(s, handler)


def test_a_sigterm_during_a_log_line_still_stops_the_worker(clean: Settings, signal_handlers: None) -> None:
    redis = Redis.from_url(clean.redis_url)
    q = queue(clean, redis)
    first, second = q.enqueue("os.getpid"), q.enqueue("os.getcwd")
    worker = SigapWorker([q], connection=redis, recover_s=8)
    handler = logging.StreamHandler(io.StringIO())
    handler.setFormatter(_StopWhileLogging())
    logging.getLogger("rq.worker").addHandler(handler)
    try:
        worker.work(max_idle_time=6, with_scheduler=False)  # without the stop it idles 6 s and quits
    finally:
        logging.getLogger("rq.worker").removeHandler(handler)
    assert _StopWhileLogging.fired
    assert first.get_status(refresh=True) == "finished"  # the job it had taken is finished (warm stop)
    assert second.get_status(refresh=True) == "queued", "the worker ran on after its SIGTERM"
