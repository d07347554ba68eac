"""Responders and dispatch with a real RQ worker in-process: distance order against real
Kupang points, stale positions, the decline/timeout chain, races and retries."""
from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from redis import Redis

from geo import dispatch
from geo.settings import Settings
from tests.helpers import LLBK, auth, east_of, make_user, submit
from tests.processes import stop
from workers.run import BurstWorker, drain, queues


def churches(settings: Settings) -> dict[str, tuple[float, float]]:
    fc = json.loads((settings.reference_dir / "kupang_gmit_churches.geojson").read_text())
    return {f["properties"]["nama"]: tuple(f["geometry"]["coordinates"]) for f in fc["features"]}


def run_jobs(settings: Settings) -> None:
    redis = Redis.from_url(settings.redis_url)
    drain(settings, lambda: BurstWorker(queues(settings, redis), connection=redis))


def put(client, token: str, point: tuple[float, float], status: str = "available",
        age: timedelta = timedelta(0)) -> None:
    when = (datetime.now(UTC) - age).isoformat()
    r = client.post("/api/v1/responders/me/location", json={"lng": point[0], "lat": point[1], "accuracy": 8,
                                                            "timestamp": when}, headers=auth(token))
    assert r.status_code == 200, r.get_json()
    assert client.put("/api/v1/responders/me/status", json={"status": status}, headers=auth(token)).status_code == 200


def offers(client, token: str) -> list[dict]:
    return client.get("/api/v1/responders/me/offers", headers=auth(token)).get_json()["offers"]


def test_nearest_tasks_ordered_by_true_distance(client, conn, env) -> None:
    _, citizen = make_user(conn, "warga")
    _, officer = make_user(conn, "petugas", "responder", "DLH")
    ids = {}
    for metres in (900, 100, 400, 2500):
        ids[metres] = submit(client, citizen, point=east_of(LLBK, metres)).get_json()["id"]
    submit(client, citizen, category="kebakaran", point=east_of(LLBK, 50))  # another agency's task
    r = client.get(f"/api/v1/responders/me/tasks?near={LLBK[0]},{LLBK[1]}", headers=auth(officer))
    tasks = r.get_json()["tasks"]
    assert [t["id"] for t in tasks] == [ids[100], ids[400], ids[900], ids[2500]]
    for t, metres in zip(tasks, (100, 400, 900, 2500)):
        assert abs(t["distance_m"] - metres) < metres * 0.005 + 1  # geodesic metres, not degrees
    page2 = client.get(f"/api/v1/responders/me/tasks?near={LLBK[0]},{LLBK[1]}&limit=2&offset=2",
                       headers=auth(officer)).get_json()["tasks"]
    assert [t["id"] for t in page2] == [ids[900], ids[2500]]
    assert client.get("/api/v1/responders/me/tasks?near=x", headers=auth(officer)).status_code == 400
    assert client.get(f"/api/v1/responders/me/tasks?near={LLBK[0]},{LLBK[1]}",
                      headers=auth(citizen)).status_code == 403


def test_dispatch_offers_the_nearest_fresh_available_responder(client, conn, env) -> None:
    places = churches(env)
    _, citizen = make_user(conn, "warga")
    team = {}
    for name in ("dekat", "basi"):
        team[name] = make_user(conn, name, "responder", "DLH")
    far_id, far = make_user(conn, "jauh", "responder", "DLH")
    off_id, off = make_user(conn, "libur", "responder", "DLH")
    _, other_agency = make_user(conn, "pemadam", "responder", "DAMKAR")
    near_point = east_of(LLBK, 300)
    put(client, team["dekat"][1], near_point)
    put(client, team["basi"][1], east_of(LLBK, 10), age=timedelta(hours=1))  # nearest, but stale
    put(client, far, places["GMIT Jemaat Kota Kupang"] if False else east_of(LLBK, 3000))
    put(client, off, east_of(LLBK, 20), status="off")
    put(client, other_agency, east_of(LLBK, 5))
    rid = submit(client, citizen).get_json()["id"]
    run_jobs(env)
    mine = offers(client, team["dekat"][1])
    assert [o["report_id"] for o in mine] == [rid] and mine[0]["status"] == "offered"
    assert abs(mine[0]["distance_m"] - 300) < 3
    for token in (team["basi"][1], far, off, other_agency):
        assert offers(client, token) == []
    # Operators see the ranking (only dispatchable officers by default).
    _, op = make_user(conn, "op", "operator")
    ranking = client.get(f"/api/v1/reports/{rid}/nearest-responders", headers=auth(op)).get_json()
    assert [r["name"] for r in ranking["responders"]] == ["Dekat", "Jauh"]
    # its dispatchers see the offer waiting for an answer (they saw only "Tersimpan"), not the public
    offer = client.get(f"/api/v1/reports/{rid}", headers=auth(op)).get_json()["properties"]["offer"]
    assert offer["name"] == "Dekat" and offer["expires_at"].endswith("+08:00")
    assert "offer" not in client.get(f"/api/v1/reports/{rid}", headers=auth(citizen)).get_json()["properties"]
    assert client.get(f"/api/v1/reports/{rid}/nearest-responders", headers=auth(citizen)).status_code == 403
    # "Everyone": the off-duty too, and after them those whose position is old or was never sent,
    # to be assigned all the same (an officer whose phone lost its fix could not be, from /ops).
    baru_id, _ = make_user(conn, "baru", "responder", "DLH")
    everyone = client.get(f"/api/v1/reports/{rid}/nearest-responders?all=1&k=10", headers=auth(op)).get_json()["responders"]
    assert [(r["name"], r["stale"]) for r in everyone] == [
        ("Libur", False), ("Dekat", False), ("Jauh", False), ("Basi", True), ("Baru", True)]
    assert everyone[-1]["distance_m"] is None and everyone[-1]["location_at"] is None
    assigned = client.post(f"/api/v1/reports/{rid}/transitions", data={"to": "assigned", "assignee_id": baru_id},
                           headers=auth(op), content_type="multipart/form-data")
    assert assigned.status_code == 200, assigned.get_json()


def test_an_officer_whose_phone_is_in_another_city_is_not_offered_a_report(client, conn, env) -> None:
    """A Kupang officer whose phone said Jakarta (a wrong fix, a trip) was offered a Kupang report
    1,899 km away and held it for the offer's two minutes. Beyond SIGAP_DISPATCH_MAX_KM nobody is
    offered it; the dispatcher still sees them in the ranking, with the distance."""
    _, citizen = make_user(conn, "warga")
    _, away = make_user(conn, "jauh", "responder", "DLH")
    put(client, away, (106.8272, -6.1754))  # Monas
    rid = submit(client, citizen).get_json()["id"]
    run_jobs(env)
    assert offers(client, away) == []
    assert conn.execute("SELECT count(*) AS n FROM assignments").fetchone()["n"] == 0
    _, op = make_user(conn, "op", "operator")
    ranking = client.get(f"/api/v1/reports/{rid}/nearest-responders", headers=auth(op)).get_json()["responders"]
    assert [r["name"] for r in ranking] == ["Jauh"] and ranking[0]["distance_m"] > 1_800_000


def test_accept_assigns_and_decline_and_timeout_move_on(client, conn, env, monkeypatch) -> None:
    # The test expires the offer it means to expire itself: a real two-minute window could close
    # on an accept when the machine stalls (a CI run answered the third officer's accept with 409).
    monkeypatch.setenv("SIGAP_OFFER_TIMEOUT_S", "3600")
    _, citizen = make_user(conn, "warga")
    a_id, a = make_user(conn, "satu", "responder", "DLH")
    b_id, b = make_user(conn, "dua", "responder", "DLH")
    c_id, c = make_user(conn, "tiga", "responder", "DLH")
    put(client, a, east_of(LLBK, 100))
    put(client, b, east_of(LLBK, 200))
    put(client, c, east_of(LLBK, 300))
    rid = submit(client, citizen).get_json()["id"]
    run_jobs(env)
    first = offers(client, a)[0]
    r = client.post(f"/api/v1/assignments/{first['assignment_id']}/decline", headers=auth(a))
    assert r.get_json()["status"] == "declined"
    run_jobs(env)
    second = offers(client, b)[0]
    assert second["report_id"] == rid
    # Nobody answers: the offer expires and goes to the third.
    conn.execute("UPDATE assignments SET expires_at = now() - interval '1 second' WHERE id = %s",
                 (second["assignment_id"],))
    conn.commit()
    from workers.jobs import expire_offer
    assert expire_offer(second["assignment_id"]) == rid
    run_jobs(env)
    third = offers(client, c)[0]
    # The operator's list still has the two who passed, saying so: it said "nobody near" with
    # one available 100 m away (dispatch itself offers it to neither again).
    _, op = make_user(conn, "operator", "operator")
    listed = client.get(f"/api/v1/reports/{rid}/nearest-responders", headers=auth(op)).get_json()["responders"]
    assert {r["responder_id"]: r["passed"] for r in listed if r["responder_id"] in (a_id, b_id)} == {
        a_id: "declined", b_id: "expired"}
    # and when, in the city's time (the pass holds for half an hour only)
    assert all(r["passed_at"].endswith("+08:00") for r in listed if r["responder_id"] in (a_id, b_id)), listed
    late = client.post(f"/api/v1/assignments/{second['assignment_id']}/accept", headers=auth(b))
    assert (late.status_code, late.get_json()["code"]) == (409, "offer_closed")
    ok = client.post(f"/api/v1/assignments/{third['assignment_id']}/accept", headers=auth(c))
    assert ok.status_code == 200, ok.get_json()
    report = client.get(f"/api/v1/reports/{rid}", headers=auth(c)).get_json()["properties"]
    assert (report["status"], report["assignee_id"]) == ("assigned", c_id)
    # the operator's history names the officer who took it (the one of three who did), not who passed
    history = client.get(f"/api/v1/reports/{rid}", headers=auth(op)).get_json()["properties"]["timeline"]
    assert [e["assignee_name"] for e in history if e["to_status"] == "assigned"] == ["Tiga"]
    rows = conn.execute("SELECT responder_id, status, distance_m FROM assignments WHERE report_id = %s"
                        " ORDER BY id", (rid,)).fetchall()
    assert [(r["responder_id"], r["status"]) for r in rows] == [
        (a_id, "declined"), (b_id, "expired"), (c_id, "accepted")]
    assert conn.execute("SELECT status FROM responders WHERE user_id = %s", (c_id,)).fetchone()["status"] == "busy"
    # Someone else's offer is not yours to answer.
    assert client.post(f"/api/v1/assignments/{third['assignment_id']}/decline",
                       headers=auth(a)).status_code == 404


def test_an_offer_is_told_until_answered_and_going_off_duty_hands_it_on(client, conn, env, monkeypatch) -> None:
    """An offer is a notice (pushed: its two minutes ran out in a pocket, unheard) that is read once
    the offer closes; an officer who goes off duty with an offer open hands it to the next nearest
    at once (it stayed theirs until it expired, and "Terima" still took it, off duty: a walk)."""
    monkeypatch.setenv("SIGAP_OFFER_TIMEOUT_S", "3600")
    _, citizen = make_user(conn, "warga")
    a_id, a = make_user(conn, "satu", "responder", "DLH")
    b_id, b = make_user(conn, "dua", "responder", "DLH")
    put(client, a, east_of(LLBK, 100))
    put(client, b, east_of(LLBK, 200))
    rid = submit(client, citizen).get_json()["id"]
    run_jobs(env)
    first = offers(client, a)[0]

    def notices(token: str) -> list[tuple[str, bool]]:
        return [(n["message_id"], n["read_at"] is None) for n in client.get(
            "/api/v1/notifications", headers=auth(token)).get_json()["notifications"] if n["kind"] == "task_offered"]

    told = notices(a)
    assert len(told) == 1 and told[0][1] and told[0][0].startswith(f"Tawaran tugas, jawab segera: #{rid} Sampah, ")
    pushes = conn.execute("SELECT count(*) AS n FROM job_outbox o JOIN notifications n ON n.id = (o.args->>0)::bigint"
                          " WHERE o.job = 'push_notification' AND n.kind = 'task_offered'").fetchone()["n"]
    assert pushes == 1

    off = client.put("/api/v1/responders/me/status", json={"status": "off"}, headers=auth(a))
    assert off.get_json() == {"status": "off", "handed_back": [rid]}
    assert notices(a) == [(told[0][0], False)]  # no longer news
    late = client.post(f"/api/v1/assignments/{first['assignment_id']}/accept", headers=auth(a))
    assert (late.status_code, late.get_json()["code"]) == (409, "offer_closed")
    run_jobs(env)
    second = offers(client, b)[0]
    assert second["report_id"] == rid and notices(b)[0][1]
    assert client.post(f"/api/v1/assignments/{second['assignment_id']}/accept", headers=auth(b)).status_code == 200
    assert notices(b)[0][1] is False  # answered: read
    # Back on shift with nothing open: nothing to hand back.
    assert client.put("/api/v1/responders/me/status", json={"status": "busy"},
                      headers=auth(a)).get_json()["handed_back"] == []

    # An offer closed by the operator (verified: the offer is cancelled) is no news either, whatever
    # path closes it (0052's trigger), and its push, run late, sends nothing.
    put(client, a, east_of(LLBK, 100))
    _, op = make_user(conn, "operator", "operator")
    _, neighbour = make_user(conn, "tetangga")  # (the same resident's next report near their own backs it)
    other = submit(client, neighbour, point=east_of(LLBK, 30), description="Sampah di selokan").get_json()["id"]
    run_jobs(env)
    assert [o["report_id"] for o in offers(client, a)] == [other]
    assert client.post(f"/api/v1/reports/{other}/transitions", json={"to": "verified"}, headers=auth(op)).status_code == 200
    conn.commit()
    left = conn.execute("SELECT n.read_at IS NOT NULL AS read, a.status FROM notifications n JOIN assignments a"
                        " ON a.report_id = n.report_id AND a.responder_id = n.user_id WHERE n.kind = 'task_offered'"
                        " AND n.report_id = %s ORDER BY a.id", (other,)).fetchall()
    assert left and left[0]["status"] != "offered" and all(r["read"] for r in left), left
    # Off duty by a path that handed nothing back (dispatch picked them as they left): not theirs to take.
    put(client, a, east_of(LLBK, 100))
    _, third_resident = make_user(conn, "warga3")
    third = submit(client, third_resident, point=east_of(LLBK, 50), description="Sampah di taman").get_json()["id"]
    run_jobs(env)
    offered = next(o for o in offers(client, a) if o["report_id"] == third)
    conn.execute("UPDATE responders SET status = 'off' WHERE user_id = %s", (a_id,))
    conn.commit()
    took = client.post(f"/api/v1/assignments/{offered['assignment_id']}/accept", headers=auth(a))
    assert (took.status_code, took.get_json()["code"]) == (409, "off_duty")
    # and the offer goes on at once (it stayed theirs until it expired: minutes a fire lost)
    assert client.get(f"/api/v1/reports/{third}", headers=auth(op)).get_json()["properties"]["offer"] is None
    assert conn.execute("SELECT status FROM assignments WHERE id = %s",
                        (offered["assignment_id"],)).fetchone()["status"] == "cancelled"
    assert client.get("/api/v1/responders/me/offers", headers=auth(a)).get_json()["offers"] == []


def test_no_double_dispatch_under_races_and_retries(client, conn, env) -> None:
    _, citizen = make_user(conn, "warga")
    for i in range(4):
        _, tok = make_user(conn, f"p{i}", "responder", "DLH")
        put(client, tok, east_of(LLBK, 100 + 50 * i))
    rid = submit(client, citizen).get_json()["id"]
    Redis.from_url(env.redis_url).flushdb()  # run the dispatches ourselves, concurrently
    results: list[object] = []

    def go() -> None:
        with psycopg.connect(env.database_url, row_factory=psycopg.rows.dict_row) as c:
            results.append(dispatch.dispatch(c, env, rid, 1))
            c.commit()

    threads = [threading.Thread(target=go) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(1 for r in results if r) == 1
    live = conn.execute("SELECT count(*) AS n FROM assignments WHERE report_id = %s", (rid,)).fetchone()
    assert live["n"] == 1
    # A retried job (e.g. after its worker died before reporting success) changes nothing.
    from workers.jobs import dispatch_report
    assert dispatch_report(rid) is None
    assert conn.execute("SELECT count(*) AS n FROM assignments").fetchone()["n"] == 1
    # An operator assigning by hand replaces the pending offer; still one live assignment.
    _, op = make_user(conn, "op", "operator")
    other = conn.execute("SELECT user_id FROM responders ORDER BY user_id DESC LIMIT 1").fetchone()["user_id"]
    r = client.post(f"/api/v1/reports/{rid}/transitions", data={"to": "assigned", "assignee_id": str(other)},
                    headers=auth(op))
    assert r.status_code == 200
    live = conn.execute("SELECT responder_id, status FROM assignments WHERE report_id = %s"
                        " AND status IN ('offered','accepted','arrived')", (rid,)).fetchall()
    assert [(x["responder_id"], x["status"]) for x in live] == [(other, "accepted")]


def test_assignment_records_arrival_and_completion(client, conn, env) -> None:
    import io

    from tests.helpers import jpeg
    _, citizen = make_user(conn, "warga")
    officer_id, officer = make_user(conn, "petugas", "responder", "DLH")
    put(client, officer, east_of(LLBK, 120))
    rid = submit(client, citizen).get_json()["id"]
    run_jobs(env)
    offer = offers(client, officer)[0]
    client.post(f"/api/v1/assignments/{offer['assignment_id']}/accept", headers=auth(officer))
    client.post(f"/api/v1/reports/{rid}/transitions", data={"to": "in_progress"}, headers=auth(officer))
    client.post(f"/api/v1/reports/{rid}/transitions", data={
        "to": "resolved", "photo": (io.BytesIO(jpeg()), "after.jpg")}, headers=auth(officer),
        content_type="multipart/form-data")
    row = conn.execute("SELECT status, offered_at, responded_at, arrived_at, done_at, distance_m"
                       " FROM assignments WHERE report_id = %s", (rid,)).fetchone()
    assert row["status"] == "done"
    assert row["offered_at"] <= row["responded_at"] <= row["arrived_at"] <= row["done_at"]
    assert abs(row["distance_m"] - 120) < 2
    assert conn.execute("SELECT status FROM responders WHERE user_id = %s",
                        (officer_id,)).fetchone()["status"] == "available"
    # The agency admin sees the team and its workload.
    _, kadis = make_user(conn, "kadis", "agency_admin", "DLH")
    gone_id, _ = make_user(conn, "pindah", "responder", "DLH")
    conn.execute("UPDATE users SET disabled = true WHERE id = %s", (gone_id,))  # switched off: not in the team
    conn.commit()
    team = client.get("/api/v1/responders", headers=auth(kadis)).get_json()["responders"]
    assert [(t["name"], t["resolved_30d"], t["stale"]) for t in team] == [("Petugas", 1, False)]


def test_an_officers_own_task_across_town_comes_first(client, conn, env) -> None:
    """An operator assigns a report far from where the officer stands: past the nearest open
    reports of a busy agency it was never listed, so the officer never learnt of it."""
    _, citizen = make_user(conn, "warga")
    officer_id, officer = make_user(conn, "petugas", "responder", "DLH")
    _, op = make_user(conn, "op", "operator")
    near = [submit(client, citizen, point=east_of(LLBK, m)).get_json()["id"] for m in (100, 200, 300, 400)]
    far = submit(client, citizen, point=east_of(LLBK, 4000)).get_json()["id"]
    r = client.post(f"/api/v1/reports/{far}/transitions", data={"to": "assigned", "assignee_id": officer_id},
                    headers=auth(op), content_type="multipart/form-data")
    assert r.status_code == 200, r.get_json()
    tasks = client.get(f"/api/v1/responders/me/tasks?near={LLBK[0]},{LLBK[1]}&limit=3",
                       headers=auth(officer)).get_json()["tasks"]
    assert [(t["id"], t["mine"]) for t in tasks] == [(far, True), (near[0], False), (near[1], False)]
    assert abs(tasks[0]["distance_m"] - 4000) < 25


def test_location_validation(client, conn) -> None:
    _, officer = make_user(conn, "petugas", "responder", "DLH")
    _, citizen = make_user(conn, "warga")
    bad = [({"lng": "x", "lat": 1}, "invalid_coordinates"),
           ({"lng": 123.6, "lat": -10.2, "timestamp": "kemarin"}, "invalid_timestamp"),
           ({"lng": 123.6, "lat": -10.2, "timestamp": "2099-01-01T00:00:00Z"}, "invalid_timestamp")]
    for body, code in bad:
        r = client.post("/api/v1/responders/me/location", json=body, headers=auth(officer))
        assert (r.status_code, r.get_json()["code"]) == (400, code)
    r = client.post("/api/v1/responders/me/location", json={"lng": 123.6, "lat": -10.2}, headers=auth(citizen))
    assert r.status_code == 403
    # An old fix arriving late is kept in the track but does not replace a newer position.
    now = datetime.now(UTC)
    client.post("/api/v1/responders/me/location", json={"lng": 123.60, "lat": -10.20, "timestamp": now.isoformat()},
                headers=auth(officer))
    late = client.post("/api/v1/responders/me/location", json={
        "lng": 123.50, "lat": -10.25, "timestamp": (now - timedelta(minutes=5)).isoformat()}, headers=auth(officer))
    assert late.get_json() == {"stored": True, "latest": False}
    pos = conn.execute("SELECT ST_X(geom) AS x FROM responders").fetchone()
    assert pos["x"] == pytest.approx(123.60)
    assert conn.execute("SELECT count(*) AS n FROM responder_track").fetchone()["n"] == 2


def test_an_offer_always_moves_on_even_when_its_expiry_runs_early(client, conn, env, tmp_path,
                                                                  monkeypatch) -> None:
    """expires_at has sub-second precision and RQ schedules to the whole second (rounding
    down): an expiry job that comes early must not end the chain. A live `sigap worker` with
    1-second offers, and nobody answering, must pass the report from one responder to the next."""
    import re
    import subprocess
    import sys
    import time

    from workers.jobs import expire_offer

    monkeypatch.setenv("SIGAP_OFFER_TIMEOUT_S", "1")
    _, citizen = make_user(conn, "warga")
    ids = [make_user(conn, f"petugas{i}", "responder", "DLH") for i in range(3)]
    for i, (_, token) in enumerate(ids):
        put(client, token, east_of(LLBK, 100 * (i + 1)))
    rid = submit(client, citizen).get_json()["id"]
    conn.execute("SELECT 1")
    conn.commit()
    from workers.jobs import dispatch_report

    first = dispatch_report(rid)
    assert first is not None
    # Early, as RQ's rounding makes it: the offer stays open, and the expiry is queued again.
    assert expire_offer(first["assignment_id"]) is None
    row = conn.execute("SELECT status FROM assignments WHERE id = %s", (first["assignment_id"],)).fetchone()
    assert row["status"] == "offered"
    again = conn.execute("SELECT args, run_after > now() AS later FROM job_outbox WHERE job = 'expire_offer'"
                         " ORDER BY id DESC LIMIT 1").fetchone()
    assert again["args"] == [first["assignment_id"], 1] and again["later"]  # the job names the city
    conn.commit()

    log = (tmp_path / "worker.log").open("wb")
    environ = {**__import__("os").environ, "DATABASE_URL": env.database_url, "REDIS_URL": env.redis_url,
               "SIGAP_MEDIA_DIR": str(env.media_dir), "SIGAP_OFFER_TIMEOUT_S": "1"}
    worker = subprocess.Popen([sys.executable, "-u", "-m", "api.cli", "worker"], env=environ,
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 40
        statuses: list[str] = []
        while time.monotonic() < deadline:
            statuses = [r["status"] for r in conn.execute(
                "SELECT status FROM assignments WHERE report_id = %s ORDER BY id", (rid,))]
            conn.commit()
            if statuses[:3] == ["expired", "expired", "expired"]:
                break
            time.sleep(0.3)
        assert statuses[:3] == ["expired", "expired", "expired"], statuses
        # what the worker did is in its log, with the time (nothing set logging up: none of its
        # own lines were written, only RQ's)
        said = (tmp_path / "worker.log").read_text()
        assert re.search(rf"\d\d:\d\d:\d\d\S* INFO sigap.workers: report {rid} offered to responder", said), said[-3000:]
    finally:
        stop(worker, 20)


def test_a_busy_the_officer_chose_outlasts_a_task_taken_from_them(client, conn, env) -> None:
    """Two officers each hold a task; one of them then says "Sibuk" (a break). The operator hands
    both tasks to a third officer: the one the task alone had made busy is free for dispatch again,
    the one on a break stays busy until they say otherwise (before, both became "available")."""
    _, citizen = make_user(conn, "warga")
    _, op = make_user(conn, "op", "operator")
    tired_id, tired = make_user(conn, "istirahat", "responder", "DLH")
    ready_id, ready = make_user(conn, "siap", "responder", "DLH")
    other_id, other = make_user(conn, "lain", "responder", "DLH")
    for token, metres in ((tired, 100), (ready, 200), (other, 300)):
        put(client, token, east_of(LLBK, metres))
    held = {}
    for officer_id, metres in ((tired_id, 0), (ready_id, 900)):
        rid = submit(client, citizen, point=east_of(LLBK, metres)).get_json()["id"]
        done = client.post(f"/api/v1/reports/{rid}/transitions", data={"to": "assigned", "assignee_id": str(officer_id)},
                           headers=auth(op))
        assert done.status_code == 200, done.get_json()
        held[officer_id] = rid
    status = lambda uid: conn.execute("SELECT status FROM responders WHERE user_id = %s",  # noqa: E731
                                      (uid,)).fetchone()["status"]
    assert (status(tired_id), status(ready_id)) == ("busy", "busy")
    conn.commit()
    assert client.put("/api/v1/responders/me/status", json={"status": "busy"}, headers=auth(tired)).status_code == 200
    for rid in held.values():
        moved = client.post(f"/api/v1/reports/{rid}/transitions",
                            data={"to": "assigned", "assignee_id": str(other_id)}, headers=auth(op))
        assert moved.status_code == 200, moved.get_json()
    conn.commit()
    assert (status(tired_id), status(ready_id), status(other_id)) == ("busy", "available", "busy")
    # What the officer's phone shows after a reload is what the server holds.
    me = client.get("/api/v1/me", headers=auth(tired)).get_json()
    assert me["responder"]["status"] == "busy"
