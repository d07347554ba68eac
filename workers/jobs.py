"""RQ jobs. Each is small, idempotent, and reads settings from the worker's environment."""
from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from redis import Redis
from rq import Retry, get_current_job
from rq.job import Job

from geo import dispatch, reports, sla
from geo.db import Conn, connect, kept, query, wal_position
from geo.errors import NotFound
from geo.settings import Settings
from tiles.cache import invalidate_reports
from workers.relay import redis_client

log = logging.getLogger("sigap.workers")

SLA_SWEEP_EVERY = timedelta(minutes=5)
# Declared policy per job: (timeout seconds, retry).
CAMERA_SWEEP_TICKS = 10  # sweeps per camera interval: a camera's frame is queued at most interval/10 late
POLICY = {
    "sla_sweep": (120, Retry(max=3, interval=[10, 30, 60])),
    "dispatch_report": (30, Retry(max=5, interval=[2, 5, 15, 30, 60])),
    "expire_offer": (30, Retry(max=5, interval=[2, 5, 15, 30, 60])),
    "offer_waiting": (30, Retry(max=3, interval=[5, 15, 60])),
    "detect_camera": (60, Retry(max=1, interval=[5])),  # a dead camera is not retried here: see detect_camera
    "publish_photo": (120, Retry(max=5, interval=[5, 15, 60, 300, 900])),
    "camera_sweep": (60, Retry(max=2, interval=[5, 15])),
    "detection_retention": (1800, Retry(max=3, interval=[60, 300, 900])),
    "refresh_report_stats": (600, Retry(max=3, interval=[30, 60, 300])),
    "analyse_hotspots": (3600, Retry(max=2, interval=[300, 900])),
    "push_notification": (60, Retry(max=5, interval=[10, 30, 120, 600, 1800])),
    # within the link's hour: a retry after it would send a link that no longer works
    "mail_password_reset": (60, Retry(max=4, interval=[10, 30, 120, 600])),
}
DETECTION_RETENTION_EVERY = timedelta(hours=1)
# Answers add the deltas of changed reports until this job folds them into the rollup: they
# stay current either way, folding keeps them fast. A full refresh (settle yesterday, renew
# the SLA verdicts) runs once a minute of these.
REPORT_STATS_EVERY = timedelta(seconds=10)


def _city_of(conn: Conn, kind: str, row_id: int, city_id: int | None) -> int | None:
    """Jobs name their row and its city (one shard on Citus); a job queued before they did
    (city None) looks its city up once. None: the row is gone."""
    if city_id is not None:
        return city_id
    row = conn.execute(query("job_city"), {"kind": kind, "id": row_id}).fetchone()
    return None if row is None or row["city_id"] is None else int(row["city_id"])


def dispatch_report(report_id: int, city_id: int | None = None) -> dict[str, object] | None:
    """Offer a routed report to the nearest available responder; its timeout job is written
    in the same transaction. Idempotent: a report with a live offer or assignment is left alone."""
    settings = Settings.from_env()
    with connect(settings) as conn:
        try:  # a job queued before jobs named their city (None): the report's own row gives it
            city_id = reports.city_of(conn, report_id, city_id)
        except NotFound:
            return None  # the report is gone
        offer = dispatch.dispatch(conn, settings, report_id, city_id)  # with the offer's timeout job
        conn.commit()
    if offer:
        log.info("report %s offered to responder %s at %.0f m", report_id, offer["responder_id"],
                 offer["distance_m"])
    return offer


def offer_waiting(user_id: int, city_id: int) -> dict[str, object] | None:
    """An officer ready now is offered the report waiting nearest them (geo/dispatch.waiting_for);
    idempotent: one offer open at a time."""
    settings = Settings.from_env()
    with connect(settings) as conn:
        offer = _offer_waiting(conn, settings, user_id, city_id)
    if offer:
        log.info("waiting report offered to responder %s at %.0f m", offer["responder_id"], offer["distance_m"])
    return offer


def _offer_waiting(conn: Conn, settings: Settings, user_id: int, city_id: int) -> dict[str, Any] | None:
    """The reports waiting nearest the officer, dispatched in turn until one is offered to them;
    each in a transaction of its own, so one report and one officer are locked at a time (two
    officers' tries, each holding a report and wanting the other's, deadlocked)."""
    waiting = dispatch.waiting_for(conn, settings, user_id, city_id)
    conn.commit()
    for report_id in waiting:
        offer = dispatch.dispatch(conn, settings, report_id, city_id)
        conn.commit()  # its offer's two minutes start now
        if offer is not None and int(offer["responder_id"]) == user_id:
            return offer
    return None


def expire_offer(assignment_id: int, city_id: int | None = None) -> int | None:
    """An offer nobody answered in time moves on to the next nearest responder."""
    settings = Settings.from_env()
    with connect(settings) as conn:
        city_id = _city_of(conn, "assignment", assignment_id, city_id)
        if city_id is None:
            return None
        expired = dispatch.expire(conn, assignment_id, city_id)
        conn.commit()
    if expired is None:
        return None
    return int(expired["report_id"])


def sla_sweep() -> dict[str, int]:
    """Escalate overdue reports, auto-close stale resolved ones and offer ready officers what waits
    near them, then schedule the next sweep."""
    settings = Settings.from_env()
    with connect(settings) as conn:
        result = sla.escalate_overdue(conn)
        closed = sla.auto_close(conn, settings.auto_close_days)
        touched = reports.points(conn, closed, None)  # the sweep spans every city
        conn.commit()
        position = wal_position(conn, settings)
        result["waiting_offered"] = 0
        for user_id, city_id in dispatch.ready_officers(conn, settings):  # each try its own transaction:
            # an offer's two minutes start when it is made, not at the sweep's end
            result["waiting_offered"] += _offer_waiting(conn, settings, user_id, city_id) is not None
    result["auto_closed"] = len(closed)
    redis = redis_client(settings.redis_url)
    invalidate_reports(redis, touched, position)
    log.info("sla sweep: %s", result)
    schedule_sla_sweep(settings, redis)
    return result


def _schedule_once(settings: Settings, redis: Redis | None, name: str, every_s: int) -> bool:
    """Keep exactly one future run of a periodic job queued, however many workers start:
    a Redis NX key that expires when the run is due."""
    from workers.run import VISION_JOBS, queue

    redis = redis or redis_client(settings.redis_url)
    # RQ keeps a scheduled time in whole seconds, so the run may start up to a second before
    # every_s has passed: the key lapses a second early, or the run would find it still there,
    # schedule nothing, and end the chain (seen with the camera sweep every 3 s under load).
    # A worker starting in that second may add a second chain; the next NX merges them again.
    # (Hence every_s >= 2: a 1 s period would leave the key no time at all.)
    if not redis.set(f"sigap:{name}:scheduled", "1", nx=True, px=max(1000, every_s * 1000 - 1000)):
        return False
    timeout, retry = POLICY[name]
    queue(settings, redis, vision=name in VISION_JOBS).enqueue_in(
        timedelta(seconds=every_s), globals()[name], job_timeout=timeout, retry=retry)
    return True


def schedule_sla_sweep(settings: Settings, redis: Redis | None = None) -> bool:
    return _schedule_once(settings, redis, "sla_sweep", int(SLA_SWEEP_EVERY.total_seconds()))


def detect_camera(camera_id: int, city_id: int | None = None) -> int:
    """Grab a frame from a camera, detect objects, store them as georeferenced features.
    Returns the number of detections stored. A camera that is down, slow or sends garbage is
    marked offline (why, and when it was last seen) and skipped by the sweep for a backoff
    that doubles per failure: that is its retry, so the job itself succeeds and no worker
    waits on it again before then."""
    from geo import cameras, cctv_rules
    from vision import detector, frames

    settings = Settings.from_env()
    with kept(settings) as conn:
        camera = cameras.get(conn, camera_id, city_id)
    city_id = int(camera["city_id"])
    if not camera["active"]:
        return 0
    source = cameras.check_source(camera["source"], settings)  # rows from before the check too
    t0 = time.perf_counter()
    try:
        frame = frames.grab(source, timeout_s=settings.camera_timeout_s)
    except OSError as exc:
        with kept(settings) as conn:
            failed = cameras.mark_failed(conn, settings, camera_id, city_id, str(exc))
            conn.commit()
        log.warning("camera %s offline (%d failures in a row, next try %s): %s", camera_id,
                    failed["failures"], failed["next_try_at"], exc)
        return 0
    frame_at = datetime.now(UTC)
    t1 = time.perf_counter()
    model = detector.configured(settings)
    found = model.detect([frame])[0]
    t2 = time.perf_counter()
    with kept(settings) as conn:
        cameras.mark_seen(conn, camera_id, city_id, frame_at)
        ids = cameras.store_detections(conn, settings, camera, frame_at, found)
        cameras.record_frame(conn, camera_id, city_id, frame_at)  # the public traffic status (no people)
        t3 = time.perf_counter()
        filed = cctv_rules.evaluate(conn, settings, camera, frame_at)
        touched = reports.points(conn, filed, city_id)
        conn.commit()
        position = wal_position(conn, settings) if touched else 0
    invalidate_reports(redis_client(settings.redis_url), touched, position)
    # Where a frame's time goes (grab+decode, model, store, rules): kept on the RQ job for
    # monitoring and bench/cameras.py.
    ms = {"grab": (t1 - t0) * 1000, "detect": (t2 - t1) * 1000, "store": (t3 - t2) * 1000,
          "rules": (time.perf_counter() - t3) * 1000}
    job = get_current_job()
    if job is not None:
        job.meta["ms"] = {k: round(v, 1) for k, v in ms.items()}
        job.save_meta()
    log.info("camera %s: %d detection(s), %d report(s) filed (%s)", camera_id, len(ids), len(filed),
             ", ".join(f"{k} {v:.0f} ms" for k, v in ms.items()))
    return len(ids)


def publish_photo(photo_id: int, city_id: int | None = None) -> int:
    """Make a photo public: detect people, blur them, write the EXIF-free copy and thumbnail.
    Fails closed: if detection cannot run, the photo stays unpublished (RQ retries)."""
    import numpy as np

    from geo import photos
    from vision import detector

    settings = Settings.from_env()
    with kept(settings) as conn:
        city_id = _city_of(conn, "photo", photo_id, city_id)
        row = conn.execute(query("photo_media_key"), {"id": photo_id, "city_id": city_id}).fetchone()
    if row is None:
        return 0
    pixels = photos.original_upright(settings.media_dir, row["media_key"])
    model = detector.configured(settings)
    frame = np.ascontiguousarray(np.asarray(pixels)[..., ::-1])
    people = [d.bbox for d in model.detect([frame])[0] if d.class_name == "person"]
    photos.publish(settings.media_dir, row["media_key"], pixels, people)
    with kept(settings) as conn:
        conn.execute(query("photo_published"), {"blurred": len(people), "id": photo_id, "city_id": city_id})
        conn.commit()
    return len(people)


def camera_phase(camera_id: int, interval_s: int) -> float:
    """Where in each interval a camera's frame is due: cameras spread evenly over it (golden-ratio
    spacing of their ids), so 300 cameras at one frame per 30 s ask for 10 frames every second
    instead of 300 at once, and a frame waits for the frames before it, not for the whole city."""
    return (camera_id * 0.6180339887498949) % 1.0 * interval_s


def camera_sweep() -> int:
    """Queue a frame job for every active camera whose frame is due, then schedule the next sweep
    (CAMERA_SWEEP_TICKS a camera interval). Returns the number of active cameras."""
    from workers.run import queue

    settings = Settings.from_env()
    with connect(settings) as conn:
        ids = [(r["id"], r["city_id"]) for r in conn.execute(query("active_camera_ids"))]
    redis = redis_client(settings.redis_url)
    timeout, retry = POLICY["detect_camera"]
    q = queue(settings, redis, vision=True)
    now, interval = datetime.now(UTC).timestamp(), max(1, settings.camera_interval_s)
    # One frame job per camera and interval of its own: a slow camera never piles up a backlog
    # (RQ would re-queue an existing job id, so look first, all cameras in one round trip).
    due = [(cid, city_id, f"camera-{cid}-{int((now - camera_phase(cid, interval)) // interval)}") for cid, city_id in ids]
    pipe = redis.pipeline()
    for _, _, job_id in due:
        pipe.exists(Job.key_for(job_id))
    for (cid, city_id, job_id), exists in zip(due, pipe.execute()):
        if not exists:  # the finished job stays findable for the rest of its interval (RQ's default is 500 s)
            q.enqueue(detect_camera, cid, city_id, job_id=job_id, job_timeout=timeout, retry=retry,
                      result_ttl=max(500, 2 * interval))
    schedule_camera_sweep(settings, redis)
    return len(ids)


def schedule_camera_sweep(settings: Settings, redis: Redis | None = None) -> bool:
    return _schedule_once(settings, redis, "camera_sweep", max(2, settings.camera_interval_s // CAMERA_SWEEP_TICKS))


def detection_retention() -> int:
    """Roll raw CCTV detections past the retention period up into hourly counts, then schedule
    the next run."""
    from geo import cameras

    settings = Settings.from_env()
    with connect(settings) as conn:
        rolled = cameras.roll_up_detections(conn, settings.detection_retention_days)
    log.info("detection retention: %d raw detection(s) rolled up", rolled)
    schedule_detection_retention(settings)
    return rolled


def schedule_detection_retention(settings: Settings, redis: Redis | None = None) -> bool:
    return _schedule_once(settings, redis, "detection_retention", int(DETECTION_RETENTION_EVERY.total_seconds()))


def refresh_report_stats() -> dict[str, int]:
    """Roll settled and changed days into the statistics rollup, then schedule the next run (a
    year of days at most per run: a rollup built from nothing at 10M reports took longer than
    the 600 s timeout, and each attempt was lost; the next run goes on where this one stopped)."""
    from geo import stats

    settings = Settings.from_env()
    with connect(settings) as conn:
        done = stats.refresh(conn)
        conn.commit()
    if done["days"]:
        log.info("report statistics: %s", done)
    schedule_report_stats(settings)
    return done


def schedule_report_stats(settings: Settings, redis: Redis | None = None) -> bool:
    return _schedule_once(settings, redis, "refresh_report_stats", int(REPORT_STATS_EVERY.total_seconds()))


def analyse_hotspots(city_id: int | None = None) -> dict[str, object]:
    """Hot spots and emerging hot spots for planners (geo/analytics.py): every city's every
    SIGAP_ANALYSIS_EVERY_H hours, one city's when its admin asks; all runs in one transaction,
    so /ops never shows a mix."""
    from geo import analytics

    settings = Settings.from_env()
    with connect(settings) as conn:
        done = analytics.analyse(conn, settings, city_id)
        conn.commit()
    log.info("analysis: %d run(s) stored", len(done))
    if city_id is None:  # the schedule's own run plans the next one
        schedule_analysis(settings)
    return done


def schedule_analysis(settings: Settings, redis: Redis | None = None) -> bool:
    return _schedule_once(settings, redis, "analyse_hotspots", settings.analysis_every_h * 3600)


def push_notification(notification_id: int, city_id: int | None = None) -> dict[str, int]:
    """Push one notification to its user's phones (Web Push); gone subscriptions are deleted.
    A push service that fails raises, so RQ retries."""
    from geo import push

    settings = Settings.from_env()
    with connect(settings) as conn:
        done = push.send(conn, settings, notification_id,
                         _city_of(conn, "notification", notification_id, city_id))
        conn.commit()
    return done


def mail_password_reset(reset_id: int, city_id: int) -> bool:
    """E-mail a resident their password reset link (geo/passwordreset.py); an SMTP server that
    fails raises, so RQ retries. False: the link can no longer be used (used, over an hour old,
    the password changed), so nothing is sent."""
    from geo import mail, passwordreset

    settings = Settings.from_env()
    with connect(settings) as conn:
        message = passwordreset.mail(conn, settings, reset_id, city_id)
    if message is None:
        return False
    mail.send(settings, message["to"], message["subject"], message["body"])
    return True
