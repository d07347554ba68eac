"""Failed background jobs are visible to admins, with the reason, and can be run again."""
from __future__ import annotations

import shutil

from redis import Redis

from geo.settings import Settings
from tests.helpers import LLBK, auth, make_user
from tests.test_vision import ASSETS
from workers.jobs import POLICY, detect_camera
from workers.run import queue


def test_admin_sees_a_failed_camera_job_and_requeues_it_after_the_fix(client, conn, env: Settings,  # type: ignore[no-untyped-def]
                                                                      run_jobs, tmp_path) -> None:
    _, admin = make_user(conn, "admin", "admin")
    _, op = make_user(conn, "op", "operator")
    snapshot = env.camera_files_dir / "snapshot.jpg"  # the camera's snapshot file is not there yet
    snapshot.unlink(missing_ok=True)
    cam = client.post("/api/v1/cameras", headers=auth(op), json={
        "name": "Bundaran PU", "lng": LLBK[0], "lat": LLBK[1], "source": str(snapshot)}).get_json()
    # As if its retries were used up: RQ moves it to the failed registry.
    queue(env, Redis.from_url(env.redis_url)).enqueue(detect_camera, cam["id"], job_timeout=POLICY["detect_camera"][0])
    run_jobs()

    assert client.get("/api/v1/admin/jobs/failed", headers=auth(op)).status_code == 403
    failed = client.get("/api/v1/admin/jobs/failed", headers=auth(admin)).get_json()
    assert failed["total"] == 1
    job = failed["jobs"][0]
    assert job["job"] == "detect_camera" and job["args"] == [cam["id"]]
    assert "snapshot.jpg" in job["error"] and job["ended_at"]
    assert conn.execute("SELECT count(*) AS n FROM detections").fetchone()["n"] == 0

    shutil.copy(ASSETS / "bus.jpg", snapshot)  # the camera is fixed
    again = client.post(f"/api/v1/admin/jobs/failed/{job['id']}/requeue", headers=auth(admin))
    assert again.status_code == 202 and again.get_json()["status"] == "queued"
    run_jobs()
    assert client.get("/api/v1/admin/jobs/failed", headers=auth(admin)).get_json() == {"total": 0, "jobs": []}
    assert conn.execute("SELECT count(*) AS n FROM detections").fetchone()["n"] == 5  # bus + 4 people
    gone = client.post(f"/api/v1/admin/jobs/failed/{job['id']}/requeue", headers=auth(admin))
    assert gone.status_code == 404 and gone.get_json()["code"] == "job_not_found"


def test_limit_must_be_sane(client, conn) -> None:  # type: ignore[no-untyped-def]
    _, admin = make_user(conn, "admin", "admin")
    bad = client.get("/api/v1/admin/jobs/failed?limit=0", headers=auth(admin))
    assert bad.status_code == 400 and bad.get_json()["code"] == "invalid_limit"
