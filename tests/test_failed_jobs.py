"""Failed background jobs are visible to admins, with the reason, and can be run again."""
from __future__ import annotations

import shutil

from redis import Redis

from geo.settings import Settings
from tests.helpers import auth, make_user, submit
from tests.test_vision import ASSETS
from workers.jobs import POLICY, publish_photo
from workers.run import queue


def test_admin_sees_a_failed_photo_job_and_requeues_it_after_the_fix(client, conn, env: Settings,
                                                                     run_jobs, tmp_path) -> None:
    _, admin = make_user(conn, "admin", "admin")
    _, op = make_user(conn, "op", "operator")
    _, citizen = make_user(conn, "warga")
    submit(client, citizen, photo=(ASSETS / "zidane.jpg").read_bytes())
    photo = conn.execute("SELECT id, media_key FROM photos").fetchone()
    original = next((env.media_dir / "photos" / photo["media_key"]).glob("original.*"))
    shutil.move(original, tmp_path / original.name)  # the disk lost it (a bad restore, say)
    # As if its retries were used up: RQ moves it to the failed registry.
    queue(env, Redis.from_url(env.redis_url), vision=True).enqueue(
        publish_photo, photo["id"], job_timeout=POLICY["publish_photo"][0])
    run_jobs()

    assert client.get("/api/v1/admin/jobs/failed", headers=auth(op)).status_code == 403
    failed = client.get("/api/v1/admin/jobs/failed", headers=auth(admin)).get_json()
    assert failed["total"] == 1
    job = failed["jobs"][0]
    assert job["job"] == "publish_photo" and job["args"] == [photo["id"]]
    assert "original" in job["error"] and job["ended_at"]
    assert conn.execute("SELECT published_at FROM photos").fetchone()["published_at"] is None

    shutil.move(tmp_path / original.name, original)  # fixed
    again = client.post(f"/api/v1/admin/jobs/failed/{job['id']}/requeue", headers=auth(admin))
    assert again.status_code == 202 and again.get_json()["status"] == "queued"
    run_jobs()
    assert client.get("/api/v1/admin/jobs/failed", headers=auth(admin)).get_json() == {"total": 0, "jobs": []}
    conn.rollback()
    assert conn.execute("SELECT published_at FROM photos").fetchone()["published_at"] is not None
    gone = client.post(f"/api/v1/admin/jobs/failed/{job['id']}/requeue", headers=auth(admin))
    assert gone.status_code == 404 and gone.get_json()["code"] == "job_not_found"


def test_limit_must_be_sane(client, conn) -> None:
    _, admin = make_user(conn, "admin", "admin")
    bad = client.get("/api/v1/admin/jobs/failed?limit=0", headers=auth(admin))
    assert bad.status_code == 400 and bad.get_json()["code"] == "invalid_limit"
