"""kill -9 a worker in the middle of a dispatch job: after another worker starts, the job runs
again and its effect happens exactly once (one offer), with nothing stuck or failed."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from typing import IO

import psycopg
from psycopg.rows import dict_row
from redis import Redis
from rq.job import Job

from geo.settings import Settings
from tests.helpers import LLBK, auth, east_of, make_user, submit
from tests.processes import kill_session, stop
from workers.run import queue


def _start_worker(env: Settings, log: IO[bytes]) -> subprocess.Popen[bytes]:
    environ = {**os.environ, "DATABASE_URL": env.database_url, "REDIS_URL": env.redis_url,
               "SIGAP_MEDIA_DIR": str(env.media_dir), "SIGAP_WORKER_RECOVER_S": "6"}
    # Its own session, so that kill -9 can take the work horse too, as when a machine dies.
    log.write(b"--- starting a worker\n")
    log.flush()
    return subprocess.Popen([sys.executable, "-u", "-m", "api.cli", "worker"], env=environ, start_new_session=True,
                            stdout=log, stderr=subprocess.STDOUT)


def _wait(what: str, check: Callable[[], object], timeout_s: float = 60.0) -> object:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        got = check()
        if got:
            return got
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_killed_dispatch_job_runs_again_exactly_once(client, conn, env: Settings, tmp_path) -> None:
    worker_log = (tmp_path / "workers.log").open("wb")  # kept by pytest for a failing run
    _, citizen = make_user(conn, "warga")
    officer_id, officer = make_user(conn, "petugas", "responder", "DLH")
    client.post("/api/v1/responders/me/location", json={"lng": east_of(LLBK, 60)[0], "lat": LLBK[1]},
                headers=auth(officer))
    # on duty without "Siap"'s own job (offer_waiting would take the report first): the job killed
    # here is the report's dispatch
    conn.execute("UPDATE responders SET status = 'available' WHERE user_id = %s", (officer_id,))
    conn.commit()

    watch = psycopg.connect(env.database_url, autocommit=True)  # statistics views snapshot per transaction
    with psycopg.connect(env.database_url, row_factory=dict_row) as blocker:
        report_id = submit(client, citizen).get_json()["id"]  # its dispatch job is queued now
        blocker.execute("SELECT id FROM reports WHERE id = %s FOR UPDATE", (report_id,))  # hold the job mid-way
        first = _start_worker(env, worker_log)
        try:
            _wait("the worker to be inside the dispatch job", lambda: watch.execute(
                "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE %s",
                ("%FROM reports r WHERE r.id = % FOR UPDATE%",)).fetchone())
        finally:
            kill_session(first.pid)
            first.wait(10)
        blocker.rollback()  # the dead worker's transaction never commits

    row = conn.execute("SELECT id FROM job_outbox WHERE job = 'dispatch_report'").fetchone()
    job_id = f"outbox-{row['id']}"
    watch.close()
    redis = Redis.from_url(env.redis_url)
    assert Job.fetch(job_id, connection=redis).get_status() == "started"  # stranded with its dead worker
    assert conn.execute("SELECT count(*) AS n FROM assignments").fetchone()["n"] == 0

    second = _start_worker(env, worker_log)
    try:
        _wait("the job to finish on the new worker",
              lambda: Job.fetch(job_id, connection=redis).get_status() == "finished", timeout_s=150)
        offers = conn.execute("SELECT report_id, responder_id, status FROM assignments").fetchall()
        assert offers == [{"report_id": report_id, "responder_id": officer_id, "status": "offered"}]
        assert len(queue(env, redis).failed_job_registry) == 0
        listed = client.get("/api/v1/responders/me/offers", headers=auth(officer)).get_json()
        assert [o["report_id"] for o in listed["offers"]] == [report_id]
    finally:
        stop(second, 20)
