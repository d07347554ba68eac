"""Processes that tests start (workers, the relay): stopped as a supervisor stops them, and
never left running. A worker left alive by a failed test keeps taking the jobs of every later
test on the session's Redis, and the run then fails everywhere for one cause."""
from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from pathlib import Path


def kill_session(sid: int) -> None:
    """kill -9 every process of a session (a worker, its work horses, its scheduler; RQ puts
    a horse in its own process group but in the worker's session): what a dead machine or an
    OOM-killed container does."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid:  # the session id (field 6 of /proc/PID/stat)
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(stat.parent.name), signal.SIGKILL)


def stop(proc: subprocess.Popen[bytes], timeout_s: float) -> int:
    """SIGTERM a process started with `start_new_session=True` and return its exit status.
    One that is still running after `timeout_s` has ignored the stop: its whole session is
    killed, so it cannot outlive the test, and the test fails saying so."""
    if proc.poll() is not None:
        return proc.returncode
    proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(timeout_s)
    except subprocess.TimeoutExpired:
        kill_session(proc.pid)
        proc.wait(10)
        raise AssertionError(f"{' '.join(map(str, proc.args))} did not stop within {timeout_s} s of SIGTERM") from None
