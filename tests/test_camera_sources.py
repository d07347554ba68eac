"""Camera frame sources as cameras really serve them, from a local HTTP server: a snapshot
endpoint, an MJPEG stream (multipart/x-mixed-replace that never ends), a camera that is too
slow and one that is down. Good cameras give detections and are online; bad ones are marked
offline with the reason and when they were last seen, and are skipped with a growing backoff
while the others keep being served."""
from __future__ import annotations

import base64
import logging
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from redis import Redis
from rq.job import Job

from geo.settings import Settings
from sigap_local.services import free_port
from tests.helpers import LLBK, auth, east_of, make_user
from tests.test_vision import ASSETS
from workers.jobs import camera_sweep
from workers.run import queue

BUS = (ASSETS / "bus.jpg").read_bytes()
LOGIN = base64.b64encode(b"kamera:r@hasia").decode()


class CameraHandler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/private.jpg" and self.headers.get("Authorization") != "Basic " + LOGIN:
            self.send_response(401)  # as an IP camera's snapshot URL asks for its login
            self.send_header("WWW-Authenticate", 'Basic realm="IPCam"')
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path in ("/snapshot.jpg", "/private.jpg"):
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Length", str(len(BUS)))
            self.end_headers()
            self.wfile.write(BUS)
        elif self.path == "/video.mjpg":  # like an IP camera's MJPEG endpoint: frames forever
            self.send_response(200)
            self.send_header("Content-Type", "multipart/x-mixed-replace; boundary=frame")
            self.end_headers()
            try:
                for _ in range(200):
                    self.wfile.write(b"--frame\r\nContent-Type: image/jpeg\r\n"
                                     + f"Content-Length: {len(BUS)}\r\n\r\n".encode() + BUS + b"\r\n")
                    self.wfile.flush()
                    time.sleep(0.1)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the worker took its frame and hung up
        elif self.path in ("/moved.jpg", "/to-ftp.jpg"):  # a camera's snapshot URL that moved
            self.send_response(302)
            self.send_header("Location", "/drip.jpg" if self.path == "/moved.jpg" else "ftp://127.0.0.1:9/snap.jpg")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/drip.jpg":  # its headers a byte at a time: each read is quick, the whole never comes
            try:
                self.wfile.write(b"HTTP/1.0 200 OK\r\nX-Pad: ")
                for _ in range(120):
                    self.wfile.write(b"a")
                    self.wfile.flush()
                    time.sleep(0.25)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif self.path == "/slow.jpg":  # answers, then trickles too slowly to be useful
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.end_headers()
            try:
                for i in range(0, len(BUS), 4096):
                    self.wfile.write(BUS[i:i + 4096])
                    self.wfile.flush()
                    time.sleep(0.5)
            except (BrokenPipeError, ConnectionResetError):
                pass
        else:
            self.send_error(404)


def _add_cameras(client: Any, token: str, sources: dict[str, str]) -> dict[str, int]:
    """Each source as a camera 100 m apart, added by `token`'s operator: name -> id."""
    ids = {}
    for i, (name, source) in enumerate(sources.items()):
        r = client.post("/api/v1/cameras", headers=auth(token), json={
            "name": name, "lng": east_of(LLBK, 100 * i)[0], "lat": LLBK[1], "source": source})
        assert r.status_code == 201, r.get_json()
        ids[name] = r.get_json()["id"]
    return ids


@pytest.fixture
def cameras_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), CameraHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_snapshot_and_mjpeg_cameras_work_and_dead_ones_back_off(client, conn, env: Settings, run_jobs,
                                                                cameras_server: str, monkeypatch) -> None:
    monkeypatch.setenv("SIGAP_CAMERA_TIMEOUT_S", "2")
    _, op = make_user(conn, "op-kamera", "operator")
    sources = {"Snapshot": f"{cameras_server}/snapshot.jpg", "MJPEG": f"{cameras_server}/video.mjpg",
               "Lambat": f"{cameras_server}/slow.jpg", "Mati": f"http://127.0.0.1:{free_port()}/snapshot.jpg"}
    ids = _add_cameras(client, op, sources)
    assert camera_sweep() == 4
    run_jobs()
    # A slow or dead camera holds the vision worker for at most its timeout (2 s here; the slow
    # one would take ~17 s to trickle its frame). Each job's own run, as RQ recorded it, so a
    # loaded CI machine's worker start-up does not count.
    vision = queue(env, Redis.from_url(env.redis_url), vision=True)
    runs = {job.args[0]: (job.ended_at - job.started_at).total_seconds()
            for job in Job.fetch_many(vision.finished_job_registry.get_job_ids(), connection=vision.connection)
            if job and job.started_at and job.ended_at}
    assert set(runs) == set(ids.values())
    assert runs[ids["Lambat"]] < 8 and runs[ids["Mati"]] < 8, runs
    cams = {c["name"]: c for c in client.get("/api/v1/cameras", headers=auth(op)).get_json()["cameras"]}
    for good in ("Snapshot", "MJPEG"):
        assert cams[good]["status"] == "online" and cams[good]["last_seen_at"], cams[good]
        n = conn.execute("SELECT count(*) AS n FROM detections WHERE camera_id = %s", (ids[good],)).fetchone()["n"]
        assert n == 5  # the bus and four people, from either kind of source
    assert cams["Lambat"]["status"] == "offline" and "slow" in cams["Lambat"]["last_error"]
    assert cams["Mati"]["status"] == "offline" and "refused" in cams["Mati"]["last_error"].lower()
    assert cams["Mati"]["last_seen_at"] is None and cams["Mati"]["failures"] == 1 and cams["Mati"]["next_try_at"]
    # The public sees which cameras work, not why one fails (errors name the camera's address).
    public = {c["name"]: c for c in client.get("/api/v1/cameras").get_json()["cameras"]}
    assert public["Mati"]["status"] == "offline" and "last_error" not in public["Mati"]
    # Their next sweep skips the dead ones (backoff) but keeps serving the good ones.
    conn.execute("DELETE FROM detections")
    conn.commit()
    Redis.from_url(env.redis_url).flushdb()  # a new interval: the sweep's per-interval job ids are gone
    assert camera_sweep() == 2
    run_jobs()
    # Once the backoff has passed they are tried again, and wait twice as long after another failure.
    conn.execute("UPDATE cameras SET next_try_at = now() - interval '1 second' WHERE name IN ('Lambat', 'Mati')")
    conn.commit()
    Redis.from_url(env.redis_url).flushdb()
    assert camera_sweep() == 4
    run_jobs()
    conn.rollback()
    rows = {r["name"]: r for r in conn.execute(
        "SELECT name, failures, extract(epoch FROM next_try_at - last_error_at) AS wait_s FROM cameras").fetchall()}
    assert rows["Mati"]["failures"] == 2 and rows["Mati"]["wait_s"] == pytest.approx(2 * env.camera_interval_s, abs=2)


def test_a_camera_behind_a_login_is_read_and_its_password_never_shown(client, conn, run_jobs, cameras_server: str,
                                                                      caplog: pytest.LogCaptureFixture) -> None:
    """IP cameras' snapshot URLs carry their login (http://user:password@host/...): urllib took
    "user:password@host" for the host name, so such a camera was never read, and the RTSP error
    in the worker's log named the password (an admin walk). The right login gives detections;
    a wrong one or a dead stream leaves the camera offline, and neither the log nor the
    operators' list shows the password."""
    _, op = make_user(conn, "op-kamera", "operator")
    host = cameras_server.removeprefix("http://")
    sources = {"Gerbang": f"http://kamera:r%40hasia@{host}/private.jpg",
               "Pasar": f"http://kamera:r@hasia@{host}/private.jpg",  # "@" as typed: split at the last one
               "Salah": f"http://kamera:salahsandi@{host}/private.jpg",
               "RTSP": f"rtsp://admin:rtsp@rahasia@127.0.0.1:{free_port()}/stream"}
    cut = client.post("/api/v1/cameras", headers=auth(op), json={  # a "/" in it cuts the host short: said
        "name": "Garis", "lng": LLBK[0], "lat": LLBK[1], "source": f"rtsp://admin:ra/hasia@{host}/s"}).get_json()
    assert cut["code"] == "invalid_camera_source" and "%2F" in cut["message"] and "ra/hasia" not in str(cut), cut
    ids = _add_cameras(client, op, sources)
    with caplog.at_level(logging.INFO):
        assert camera_sweep() == 4
        run_jobs()
    cams = {c["name"]: c for c in client.get("/api/v1/cameras", headers=auth(op)).get_json()["cameras"]}
    for good in ("Gerbang", "Pasar"):
        assert cams[good]["status"] == "online", cams[good]
        n = conn.execute("SELECT count(*) AS n FROM detections WHERE camera_id = %s", (ids[good],)).fetchone()["n"]
        assert n == 5, good
    assert cams["Salah"]["status"] == "offline" and "401" in cams["Salah"]["last_error"], cams["Salah"]
    assert cams["RTSP"]["status"] == "offline" and "rtsp://127.0.0.1:" in cams["RTSP"]["last_error"], cams["RTSP"]
    assert f"camera {ids['RTSP']} offline" in caplog.text  # logged, without its login
    for secret in ("r@hasia", "r%40hasia", "salahsandi", "rahasia", "hasia@"):
        assert secret not in caplog.text and secret not in str(cams), secret


def test_a_camera_dripping_its_headers_is_cut_at_the_timeout(cameras_server: str) -> None:
    """urllib's timeout bounds each read: a camera sending its headers a byte every 2 s held the
    only vision worker for the whole 60 s job, every interval, and photos waited (a walk). The
    grab is cut at its timeout, headers included, and says the camera is too slow."""
    from vision import frames

    for path in ("/drip.jpg", "/moved.jpg"):  # also behind a redirect (a review)
        start = time.monotonic()
        with pytest.raises(TimeoutError, match="too slow"):
            frames.grab(f"{cameras_server}{path}", timeout_s=1.5)
        assert time.monotonic() - start < 3, path
    with pytest.raises(OSError, match="non-web address"):
        frames.grab(f"{cameras_server}/to-ftp.jpg", timeout_s=1.5)
    assert frames.grab(f"{cameras_server}/snapshot.jpg", timeout_s=1.5).shape[2] == 3  # a good one is untouched
