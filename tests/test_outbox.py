"""The outbox: jobs reach Redis through the relay as their transactions commit; a Redis outage
at submission time delays them, never loses them."""
from __future__ import annotations

import dataclasses
import threading
import time

import psycopg
from redis import Redis

from api import create_app
from geo.outbox import pending_count
from geo.settings import Settings
from sigap_local.services import free_port
from tests.helpers import LLBK, auth, east_of, make_user, submit, wait_for_outbox
from workers.relay import relay, relay_forever
from workers.run import BurstWorker, drain, queue, queues


def test_reports_accepted_while_redis_is_down_get_their_jobs_later(clean, conn: psycopg.Connection,
                                                                    env: Settings) -> None:
    dead = dataclasses.replace(env, redis_url=f"redis://127.0.0.1:{free_port()}/0")  # nothing listens
    app = create_app(dead)
    client = app.test_client()
    try:
        _, citizen = make_user(conn, "warga")
        officer_id, officer = make_user(conn, "petugas", "responder", "DLH")
        client.post("/api/v1/responders/me/location", json={"lng": east_of(LLBK, 80)[0], "lat": LLBK[1]},
                    headers=auth(officer))
        client.put("/api/v1/responders/me/status", json={"status": "available"}, headers=auth(officer))
        ids = [submit(client, citizen, point=east_of(LLBK, 400 * i)).get_json()["id"] for i in range(3)]
        assert len(ids) == 3  # accepted (201) although Redis is unreachable
    finally:
        app.extensions["sigap.pool"].close()
        app.extensions["sigap.tile_pool"].close()
    waiting = conn.execute("SELECT job, args FROM job_outbox WHERE enqueued_at IS NULL ORDER BY id").fetchall()
    assert [(w["job"], w["args"]) for w in waiting if w["job"] == "dispatch_report"] == [
        ("dispatch_report", [i, 1]) for i in ids]  # each job names its row and the row's city
    assert sum(w["job"] == "publish_photo" for w in waiting) == 3  # each report's photo, too
    # Redis is back: the relay hands every waiting job over, once (and the officer's "Siap": what
    # waits for them, offer_waiting).
    assert sum(w["job"] == "offer_waiting" for w in waiting) == 1
    redis = Redis.from_url(env.redis_url)
    assert relay(env, redis) == 7
    assert relay(env, redis) == 0
    drain(env, lambda: BurstWorker(queues(env, redis), connection=redis))
    offered = conn.execute("SELECT report_id FROM assignments WHERE responder_id = %s ORDER BY report_id",
                           (officer_id,)).fetchall()
    # one offer at a time: the nearest; the others wait for the officer's answer
    assert [o["report_id"] for o in offered] == ids[:1]
    # The offer's timeout job went through the outbox too, scheduled for later.
    timeouts = conn.execute("SELECT count(*) AS n FROM job_outbox WHERE job = 'expire_offer'"
                            " AND enqueued_at IS NOT NULL AND run_after > now()").fetchone()
    assert timeouts["n"] == 1
    assert len(queue(env, redis).scheduled_job_registry) == 1
    assert len(queue(env, redis).failed_job_registry) == 0
    published = conn.execute("SELECT count(*) AS n FROM photos WHERE published_at IS NOT NULL").fetchone()
    assert published["n"] == 3


def test_the_relay_pushes_a_new_reports_jobs_when_it_commits(client, conn: psycopg.Connection, env: Settings) -> None:
    """The API only writes job rows; the relay thread of a worker is woken by the commit
    (LISTEN/NOTIFY, not its poll, which is set to a minute here) and hands them to RQ."""
    redis = Redis.from_url(env.redis_url)
    stop = threading.Event()
    thread = threading.Thread(target=relay_forever, args=(env, stop), kwargs={"every_s": 60.0}, daemon=True)
    thread.start()
    try:
        time.sleep(0.5)  # listening
        _, citizen = make_user(conn, "warga")
        report_id = submit(client, citizen).get_json()["id"]
        waited = wait_for_outbox(conn, 5)
        assert pending_count(conn) == 0 and waited < 2, waited
        jobs = [q.fetch_job(i) for q in queues(env, redis) for i in q.job_ids]
        assert sorted(j.func_name.rsplit(".", 1)[1] for j in jobs) == ["dispatch_report", "publish_photo"]
        # The photo waits on the vision queue: a burst of camera frames never delays a dispatch.
        assert [j.func_name for j in queue(env, redis, vision=True).jobs] == ["workers.jobs.publish_photo"]
        assert [j.args for j in jobs if j.func_name.endswith("dispatch_report")] == [[report_id, 1]]
    finally:
        stop.set()
        thread.join(5)


def test_plain_workers_leave_photos_and_frames_to_a_running_vision_worker(env: Settings) -> None:
    """A plain worker's work-horse would load the model again for every photo and frame, so it
    takes vision jobs only while no vision worker runs (a small deployment without one still
    publishes its photos); a vision worker that stops hands them back."""
    from workers.run import SigapWorker, VisionWorker

    redis = Redis.from_url(env.redis_url)
    plain = SigapWorker(queues(env, redis), connection=redis, recover_s=env.worker_recover_s)
    names = [q.name for q in queues(env, redis)]
    assert [q.name for q in plain.serving()] == names  # nobody else for the photos
    vision = VisionWorker([queue(env, redis, vision=True)], connection=redis, recover_s=env.worker_recover_s)
    plain.register_birth()
    vision.register_birth()
    try:
        assert [q.name for q in plain.serving()] == names[:1]
        vision.register_death()
        assert [q.name for q in plain.serving()] == names
    finally:
        plain.register_death()


def test_a_plain_worker_beside_a_vision_worker_runs_each_job_once(env: Settings) -> None:
    """Listening on the main queue alone (a vision worker serves the other), RQ moves each job
    through an intermediate list that it empties only for a worker made with one queue: every job
    stayed there, and the next maintenance pass failed it as "stuck" and ran it again, up to its
    retries (a walk saw offers and pushes repeated up to seven times)."""
    from workers.run import SigapWorker, VisionWorker

    redis = Redis.from_url(env.redis_url)
    main = queue(env, redis)
    vision = VisionWorker([queue(env, redis, vision=True)], connection=redis, recover_s=env.worker_recover_s)
    vision.register_birth()
    try:
        job = main.enqueue("workers.jobs.camera_phase", 1, 30)
        plain = SigapWorker(queues(env, redis), connection=redis, recover_s=env.worker_recover_s)
        assert [q.name for q in plain.serving()] == [main.name]
        plain.work(burst=True)
        assert job.get_status(refresh=True) == "finished"
        assert redis.llen(main.intermediate_queue_key) == 0  # nothing left for maintenance to call stuck
    finally:
        vision.register_death()
