"""Reports that waited while nobody was on duty: offered to an officer as they become ready (on
duty, their phone's first fresh fix, a decline, a task finished), one at a time. A report filed at
night waited for a dispatcher, and the morning shift was offered nothing (a walk)."""
from __future__ import annotations

import io
from datetime import timedelta

from tests.helpers import LLBK, auth, east_of, jpeg, make_user, submit
from tests.test_dispatch import offers as live
from tests.test_dispatch import put, run_jobs


def offers(client, token: str) -> list[dict]:
    """The offers open to an officer (not the tasks they took)."""
    return [o for o in live(client, token) if o["status"] == "offered"]


def test_the_morning_shift_is_offered_what_waited_one_at_a_time(client, conn, env, monkeypatch) -> None:
    monkeypatch.setenv("SIGAP_OFFER_TIMEOUT_S", "3600")
    _, warga = make_user(conn, "warga")
    _, tetangga = make_user(conn, "tetangga")
    officer_id, officer = make_user(conn, "pagi", "responder", "DLH")
    far = submit(client, warga, point=east_of(LLBK, 900), description="Sampah jauh").get_json()["id"]
    near = submit(client, tetangga, point=east_of(LLBK, 200), description="Sampah dekat").get_json()["id"]
    _, other = make_user(conn, "lain", "citizen")
    fire = submit(client, other, category="kebakaran", point=east_of(LLBK, 100)).get_json()["id"]  # DAMKAR's
    run_jobs(env)  # nobody on duty: nothing offered
    assert conn.execute("SELECT count(*) AS n FROM assignments").fetchone()["n"] == 0

    put(client, officer, LLBK)  # the shift starts: a fix, then "Siap"
    run_jobs(env)
    got = offers(client, officer)
    assert [o["report_id"] for o in got] == [near], got  # the nearest of DLH's, and only one
    assert fire not in [o["report_id"] for o in got]

    # "Tolak": that one goes on (to nobody else here), the officer is offered the next
    assert client.post(f"/api/v1/assignments/{got[0]['assignment_id']}/decline", headers=auth(officer)).status_code == 200
    run_jobs(env)
    got = offers(client, officer)
    assert [o["report_id"] for o in got] == [far], got
    assert client.post(f"/api/v1/assignments/{got[0]['assignment_id']}/accept", headers=auth(officer)).status_code == 200
    run_jobs(env)
    assert offers(client, officer) == []  # busy with it

    # a new report while they work, then the work done: the next one is offered
    _, ketiga = make_user(conn, "ketiga")
    later = submit(client, ketiga, point=east_of(LLBK, 500), description="Sampah lagi").get_json()["id"]
    run_jobs(env)
    assert offers(client, officer) == []
    for step in ({"to": "in_progress"}, {"to": "resolved", "note": "Beres"}):
        data = {**step, **({"photo": (io.BytesIO(jpeg()), "sesudah.jpg")} if step["to"] == "resolved" else {})}
        r = client.post(f"/api/v1/reports/{far}/transitions", data=data, headers=auth(officer),
                        content_type="multipart/form-data")
        assert r.status_code == 200, r.get_json()
    run_jobs(env)
    assert [o["report_id"] for o in offers(client, officer)] == [later]
    assert officer_id


def test_an_officer_whose_phone_finds_the_sky_again_is_offered_what_waits(client, conn, env) -> None:
    """On duty with an old position, dispatch passes an officer by; their first fresh fix brings
    them what waited meanwhile."""
    _, warga = make_user(conn, "warga")
    _, officer = make_user(conn, "pagi", "responder", "DLH")
    put(client, officer, LLBK, age=timedelta(hours=2))  # "Siap", but the phone's last fix is old
    rid = submit(client, warga, point=east_of(LLBK, 300)).get_json()["id"]
    run_jobs(env)
    assert offers(client, officer) == []
    r = client.post("/api/v1/responders/me/location", json={"lng": LLBK[0], "lat": LLBK[1], "accuracy": 8},
                    headers=auth(officer))
    assert r.status_code == 200
    run_jobs(env)
    assert [o["report_id"] for o in offers(client, officer)] == [rid]


def test_one_offer_at_a_time_and_a_pass_is_not_for_ever(client, conn, env, monkeypatch) -> None:
    """Dispatch offered an officer a new report while another offer waited on their phone (three at
    once, a walk); and a report an officer had passed on was never offered to them again, though
    nobody else could take it."""
    from workers.jobs import sla_sweep

    monkeypatch.setenv("SIGAP_OFFER_TIMEOUT_S", "3600")
    _, warga = make_user(conn, "warga")
    _, tetangga = make_user(conn, "tetangga")
    officer_id, officer = make_user(conn, "pagi", "responder", "DLH")
    put(client, officer, LLBK)
    first = submit(client, warga, point=east_of(LLBK, 100)).get_json()["id"]
    run_jobs(env)
    second = submit(client, tetangga, point=east_of(LLBK, 200)).get_json()["id"]
    run_jobs(env)
    got = offers(client, officer)
    assert [o["report_id"] for o in got] == [first], got  # the second waits for their answer
    # ... unless it is more urgent: a report raised to Darurat reaches one weighing a garbage report
    _, ketiga = make_user(conn, "ketiga")
    urgent = submit(client, ketiga, point=east_of(LLBK, 300), description="Sampah terbakar").get_json()["id"]
    conn.execute("UPDATE reports SET priority = 'urgent' WHERE id = %s", (urgent,))
    conn.commit()
    run_jobs(env)
    assert {o["report_id"] for o in offers(client, officer)} == {first, urgent}
    took = next(o for o in offers(client, officer) if o["report_id"] == urgent)
    assert client.post(f"/api/v1/assignments/{took['assignment_id']}/decline", headers=auth(officer)).status_code == 200
    run_jobs(env)
    got = offers(client, officer)
    assert client.post(f"/api/v1/assignments/{got[0]['assignment_id']}/decline", headers=auth(officer)).status_code == 200
    run_jobs(env)
    got = offers(client, officer)
    assert [o["report_id"] for o in got] == [second], got
    assert client.post(f"/api/v1/assignments/{got[0]['assignment_id']}/decline", headers=auth(officer)).status_code == 200
    run_jobs(env)
    assert offers(client, officer) == []  # both passed on lately
    # half an hour on, nobody else took them: the sweep offers them again
    conn.execute("UPDATE assignments SET responded_at = now() - interval '31 minutes' WHERE responder_id = %s",
                 (officer_id,))
    conn.commit()
    assert sla_sweep()["waiting_offered"] == 1
    run_jobs(env)
    assert [o["report_id"] for o in offers(client, officer)] == [urgent]  # the most urgent first


def test_two_dispatches_at_once_do_not_offer_one_officer_two_reports(client, conn, env) -> None:
    """Two workers dispatching two reports at the same moment both found the same officer free and
    offered them both. The second now waits for the first and offers the next nearest officer."""
    import threading

    import psycopg
    from psycopg.rows import dict_row

    from geo import dispatch

    _, warga = make_user(conn, "warga")
    _, tetangga = make_user(conn, "tetangga")
    near_id, near = make_user(conn, "dekat", "responder", "DLH")
    far_id, far = make_user(conn, "jauh", "responder", "DLH")
    put(client, near, LLBK)
    put(client, far, east_of(LLBK, 900))
    one = submit(client, warga, point=east_of(LLBK, 100)).get_json()["id"]
    two = submit(client, tetangga, point=east_of(LLBK, 150)).get_json()["id"]
    # (their dispatch jobs wait in the outbox: these dispatches run by hand, two workers' worth)
    first = psycopg.connect(env.database_url, row_factory=dict_row)
    try:
        assert dispatch.dispatch(first, env, one, 1)["responder_id"] == near_id  # not yet committed
        got: list[object] = []

        def second() -> None:
            with psycopg.connect(env.database_url, row_factory=dict_row) as c:
                got.append(dispatch.dispatch(c, env, two, 1))
                # the officer it found taken is let go at once, not at its commit (two dispatches
                # trying officers in opposite orders held one each and waited for the other)
                with psycopg.connect(env.database_url) as third:
                    third.execute("SELECT 1 FROM responders WHERE user_id = %s FOR UPDATE NOWAIT", (near_id,))
                    got.append("free")
                c.commit()

        worker = threading.Thread(target=second)
        worker.start()
        worker.join(1.0)  # the second worker is at the officer's row while the first holds it
        first.commit()
        worker.join(30)
    finally:
        first.close()
    assert not worker.is_alive()
    assert [o["report_id"] for o in offers(client, near)] == [one]
    assert [o["report_id"] for o in offers(client, far)] == [two], got
    assert got[1] == "free", got


def test_an_officer_ready_when_the_first_waiting_report_is_nearer_another_is_offered_the_next(
        client, conn, env) -> None:
    """The report waiting first for a ready officer (the most urgent) goes to an officer nearer to
    it; the ready one was offered nothing until the next sweep. The next waiting report is theirs."""
    from workers.jobs import offer_waiting

    _, warga = make_user(conn, "warga")
    _, tetangga = make_user(conn, "tetangga")
    ready_id, ready = make_user(conn, "siap", "responder", "DLH")
    other_id, other = make_user(conn, "lain", "responder", "DLH")
    put(client, ready, LLBK)
    put(client, other, east_of(LLBK, 900))
    urgent = submit(client, warga, point=east_of(LLBK, 880), description="Sampah terbakar").get_json()["id"]
    normal = submit(client, tetangga, point=east_of(LLBK, 100)).get_json()["id"]
    conn.execute("UPDATE reports SET priority = 'urgent' WHERE id = %s", (urgent,))
    conn.commit()
    # (the jobs wait in the outbox: the ready officer's offer_waiting job runs by hand, first)
    got = offer_waiting(ready_id, 1)
    assert got is not None and got["responder_id"] == ready_id
    assert [o["report_id"] for o in offers(client, ready)] == [normal]
    assert [o["report_id"] for o in offers(client, other)] == [urgent]  # the nearer officer's, as dispatch decides
    assert other_id


def test_a_lapsed_offer_brings_its_officer_what_waited_meanwhile(client, conn, env, monkeypatch) -> None:
    """A report filed while the one officer weighed an offer waited for the sweep after that offer
    lapsed, and /ops said nobody was free (a walk). A lapse now brings them the next, as a decline."""
    from workers.jobs import expire_offer

    monkeypatch.setenv("SIGAP_OFFER_TIMEOUT_S", "3600")
    _, warga = make_user(conn, "warga")
    _, tetangga = make_user(conn, "tetangga")
    _, officer = make_user(conn, "pagi", "responder", "DLH")
    put(client, officer, LLBK)
    first = submit(client, warga, point=east_of(LLBK, 100)).get_json()["id"]
    run_jobs(env)
    second = submit(client, tetangga, point=east_of(LLBK, 200)).get_json()["id"]
    run_jobs(env)
    got = offers(client, officer)
    assert [o["report_id"] for o in got] == [first]  # the second waits for their answer
    conn.execute("UPDATE assignments SET expires_at = now() - interval '1 second' WHERE id = %s",
                 (got[0]["assignment_id"],))
    conn.commit()
    assert expire_offer(got[0]["assignment_id"]) == first
    run_jobs(env)
    got = offers(client, officer)
    assert [o["report_id"] for o in got] == [second]
    # a second lapse in a row: away from the phone, not offered the next at once (the sweep will)
    _, ketiga = make_user(conn, "ketiga")
    submit(client, ketiga, point=east_of(LLBK, 300)).get_json()["id"]
    run_jobs(env)
    conn.execute("UPDATE assignments SET expires_at = now() - interval '1 second' WHERE id = %s",
                 (got[0]["assignment_id"],))
    conn.commit()
    assert expire_offer(got[0]["assignment_id"]) == second
    run_jobs(env)
    assert offers(client, officer) == []


def test_an_officer_given_a_task_by_hand_lets_their_open_offer_go_on(client, conn, env, monkeypatch) -> None:
    """Given a task by an operator while an offer waited on their phone, an officer kept both (a
    walk): the offer now goes on to the next nearest at once."""
    monkeypatch.setenv("SIGAP_OFFER_TIMEOUT_S", "3600")
    _, warga = make_user(conn, "warga")
    _, tetangga = make_user(conn, "tetangga")
    _, operator = make_user(conn, "operator", "operator")
    near_id, near = make_user(conn, "dekat", "responder", "DLH")
    _, far = make_user(conn, "jauh", "responder", "DLH")
    put(client, near, LLBK)
    offered = submit(client, warga, point=east_of(LLBK, 100)).get_json()["id"]
    run_jobs(env)
    assert [o["report_id"] for o in offers(client, near)] == [offered]
    put(client, far, east_of(LLBK, 1500))  # on duty now, farther
    task = submit(client, tetangga, point=east_of(LLBK, 300)).get_json()["id"]
    r = client.post(f"/api/v1/reports/{task}/transitions", json={"to": "assigned", "assignee_id": near_id},
                    headers=auth(operator))
    assert r.status_code == 200, r.get_json()
    run_jobs(env)
    assert offers(client, near) == []  # the task only
    assert [o["report_id"] for o in offers(client, far)] == [offered]
