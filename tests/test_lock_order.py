"""An officer's "Terima" at the moment staff act on the same offer: an admin switching the officer's
account off, an operator merging the offered report. The accept takes its offer, then the report,
then the officer's row; both actions took them the other way round, and PostgreSQL broke the
deadlock by failing one of the two (a 503). Now each takes them in the accept's order and waits."""
from __future__ import annotations

import threading
from collections.abc import Callable

import psycopg
import pytest
from psycopg.rows import dict_row

from geo import accounts, dispatch
from geo.db import query
from tests.helpers import LLBK, auth, east_of, make_user, submit
from tests.test_dispatch import offers, put, run_jobs


def _accept_while(env, officer: str, assignment_id: int, act: Callable[[], object]) -> tuple[object, list]:
    """The officer's accept takes its offer; `act` (an admin's or operator's request) starts
    meanwhile; the accept goes on and commits. What the accept said and what `act` answered."""
    got: list = []
    with psycopg.connect(env.database_url, row_factory=dict_row) as accepting:
        user = accounts.user_for_token(accepting, officer)
        offer = accepting.execute(query("lock_assignment"), {"id": assignment_id, "city_id": user.home_city}).fetchone()
        assert offer is not None and offer["status"] == "offered"  # held, as dispatch.respond holds it first
        worker = threading.Thread(target=lambda: got.append(act()))
        worker.start()
        worker.join(1.5)  # the request is at the offer (or, before, past the officer's row)
        said = dispatch.respond(accepting, env, user, assignment_id, True)
        accepting.commit()
    worker.join(30)
    assert not worker.is_alive()
    return said, got


def _offered_with_one_behind(client, conn, env) -> tuple[int, str, str, int, dict]:
    """A report offered to an officer 100 m away ("pergi"), and a second officer on shift 1.5 km
    off ("pengganti") to take it next: their ids, tokens, the report and the offer."""
    _, warga = make_user(conn, "warga")
    gone_id, gone = make_user(conn, "pergi", "responder", "DLH")
    _, nxt = make_user(conn, "pengganti", "responder", "DLH")
    put(client, gone, LLBK)
    rid = submit(client, warga, point=east_of(LLBK, 100)).get_json()["id"]
    run_jobs(env)
    (offer,) = offers(client, gone)
    put(client, nxt, east_of(LLBK, 1500))
    return gone_id, gone, nxt, rid, offer


def test_an_officer_switched_off_as_they_accept_an_offer_loses_the_task_and_nobody_a_503(
        client, conn, env, monkeypatch) -> None:
    monkeypatch.setenv("SIGAP_OFFER_TIMEOUT_S", "3600")
    _, admin = make_user(conn, "admin", "admin")
    gone_id, gone, nxt, rid, offer = _offered_with_one_behind(client, conn, env)

    said, got = _accept_while(env, gone, offer["assignment_id"], lambda: client.patch(
        f"/api/v1/users/{gone_id}", json={"disabled": True}, headers=auth(admin)))
    assert said["status"] == "accepted"
    off = got[0]
    assert off.status_code == 200, off.get_json()  # was 503 (a deadlock) for one of the two
    assert off.get_json()["requeued"] == [rid]  # the task accepted a moment before goes back
    report = client.get(f"/api/v1/reports/{rid}", headers=auth(admin)).get_json()["properties"]
    assert (report["status"], report["assignee"]) == ("verified", None)
    assert conn.execute("SELECT status FROM responders WHERE user_id = %s", (gone_id,)).fetchone()["status"] == "off"
    run_jobs(env)
    assert [o["report_id"] for o in offers(client, nxt)] == [rid]


def test_a_report_merged_as_its_officer_accepts_it_is_merged_and_the_officer_freed(
        client, conn, env, monkeypatch) -> None:
    monkeypatch.setenv("SIGAP_OFFER_TIMEOUT_S", "3600")
    _, operator = make_user(conn, "operator", "operator")
    _, warga = make_user(conn, "warga")
    _, tetangga = make_user(conn, "tetangga")
    officer_id, officer = make_user(conn, "petugas", "responder", "DLH")
    put(client, officer, LLBK)
    dup = submit(client, warga, point=east_of(LLBK, 100)).get_json()["id"]
    run_jobs(env)
    (offer,) = offers(client, officer)
    assert offer["report_id"] == dup
    keep = submit(client, tetangga, point=east_of(LLBK, 120)).get_json()["id"]

    said, got = _accept_while(env, officer, offer["assignment_id"], lambda: client.post(
        f"/api/v1/reports/{dup}/merge", json={"into": keep}, headers=auth(operator)))
    assert said["status"] == "accepted"
    merged = got[0]
    assert merged.status_code == 200, merged.get_json()  # was 503 (a deadlock) for one of the two
    props = client.get(f"/api/v1/reports/{dup}", headers=auth(operator)).get_json()["properties"]
    assert props["status"] == "duplicate"
    # the task it became is over: the officer is free for the report it was merged into
    assert conn.execute("SELECT status FROM responders WHERE user_id = %s", (officer_id,)).fetchone()["status"] \
        == "available"
    assert conn.execute("SELECT count(*) AS n FROM assignments WHERE report_id = %s AND status IN "
                        "('offered','accepted','arrived')", (dup,)).fetchone()["n"] == 0


def test_a_task_reassigned_while_its_officer_is_switched_off_stays_with_the_new_officer(
        client, conn, env, monkeypatch) -> None:
    """The switch-off waits for an operator reassigning one of the officer's tasks, then reads the
    tasks anew: the report stays with the officer it went to (it was taken from them, a review)."""
    from geo import lifecycle

    monkeypatch.setenv("SIGAP_OFFER_TIMEOUT_S", "3600")
    _, admin = make_user(conn, "admin", "admin")
    _, operator = make_user(conn, "operator", "operator")
    _, warga = make_user(conn, "warga")
    gone_id, gone = make_user(conn, "pergi", "responder", "DLH")
    other_id, other = make_user(conn, "lain", "responder", "DLH")
    put(client, gone, LLBK)
    put(client, other, east_of(LLBK, 1500))
    rid = submit(client, warga, point=east_of(LLBK, 100)).get_json()["id"]
    assert client.post(f"/api/v1/reports/{rid}/transitions", json={"to": "assigned", "assignee_id": gone_id},
                       headers=auth(operator)).status_code == 200
    got: list = []
    with psycopg.connect(env.database_url, row_factory=dict_row) as reassigning:
        user = accounts.user_for_token(reassigning, operator)
        lifecycle.transition(reassigning, env, rid, user.home_city, user,
                             lifecycle.Transition(to="assigned", assignee_id=other_id))  # not yet committed
        worker = threading.Thread(target=lambda: got.append(client.patch(
            f"/api/v1/users/{gone_id}", json={"disabled": True}, headers=auth(admin))))
        worker.start()
        worker.join(1.5)  # the switch-off waits at the task's assignment
        reassigning.commit()
    worker.join(30)
    assert not worker.is_alive()
    off = got[0]
    assert off.status_code == 200 and off.get_json()["requeued"] == [], off.get_json()
    report = client.get(f"/api/v1/reports/{rid}", headers=auth(operator)).get_json()["properties"]
    assert (report["status"], report["assignee"]["id"]) == ("assigned", other_id)


def test_an_offer_accepted_by_an_officer_switched_off_meanwhile_goes_on_at_once(app, client, conn, env, monkeypatch) -> None:
    """A dispatch offered the officer a report while their account was being switched off (so the
    switch-off skipped it), and they tapped "Terima": refused (account_disabled), and the offer stayed
    open on nobody's phone until it expired. It goes on to the next nearest officer at once."""
    from api.deps import transaction
    from geo.errors import Conflict

    monkeypatch.setenv("SIGAP_OFFER_TIMEOUT_S", "3600")
    gone_id, gone, nxt, rid, offer = _offered_with_one_behind(client, conn, env)
    with psycopg.connect(env.database_url, row_factory=dict_row) as before:
        user = accounts.user_for_token(before, gone)  # signed in as the switch-off commits
    assert user is not None
    conn.execute("UPDATE users SET disabled = true WHERE id = %s", (gone_id,))
    conn.commit()
    # the API's own transaction: the refusal's hand-on is kept
    with app.test_request_context(), pytest.raises(Conflict) as refused, transaction() as c:
        dispatch.respond(c, env, user, offer["assignment_id"], True)
    assert refused.value.code == "account_disabled"
    run_jobs(env)
    assert [o["report_id"] for o in offers(client, nxt)] == [rid]
    assert conn.execute("SELECT assignee_id FROM reports WHERE id = %s", (rid,)).fetchone()["assignee_id"] is None


def test_an_accept_that_waits_for_a_switch_off_is_refused_and_its_offer_goes_on(app, client, conn, env,
                                                                                monkeypatch) -> None:
    """The accept had passed its first look (the account on) and waited for the officer's row
    while an admin's switch-off held it: refused once it goes on (account_disabled), its own
    changes undone by its savepoint and the offer handed on at once (a review: only the first
    look was tested)."""
    from api.deps import transaction
    from geo.errors import Conflict

    monkeypatch.setenv("SIGAP_OFFER_TIMEOUT_S", "3600")
    gone_id, gone, nxt, rid, offer = _offered_with_one_behind(client, conn, env)
    with psycopg.connect(env.database_url, row_factory=dict_row) as before:
        user = accounts.user_for_token(before, gone)
    assert user is not None
    got: list = []

    def accept() -> None:
        with app.test_request_context():
            try:
                with transaction() as c:
                    got.append(dispatch.respond(c, env, user, offer["assignment_id"], True))
            except Conflict as refused:
                got.append(refused)

    with psycopg.connect(env.database_url) as admin:  # the switch-off, holding the officer's row
        admin.execute("SELECT 1 FROM responders WHERE user_id = %s FOR UPDATE", (gone_id,))
        worker = threading.Thread(target=accept)
        worker.start()
        worker.join(1.5)
        assert worker.is_alive()  # the accept waits at the officer's row, past its first look
        admin.execute("UPDATE users SET disabled = true WHERE id = %s", (gone_id,))
        admin.commit()
    worker.join(30)
    assert not worker.is_alive() and isinstance(got[0], Conflict) and got[0].code == "account_disabled", got
    conn.rollback()
    row = conn.execute("SELECT status, assignee_id FROM reports WHERE id = %s", (rid,)).fetchone()
    assert row["assignee_id"] is None and row["status"] != "assigned"  # the accept's own changes undone
    assert conn.execute("SELECT status FROM assignments WHERE id = %s",
                        (offer["assignment_id"],)).fetchone()["status"] == "cancelled"
    run_jobs(env)
    assert [o["report_id"] for o in offers(client, nxt)] == [rid]


def test_an_offer_accepted_too_late_goes_on_at_once(client, conn, env, monkeypatch) -> None:
    """"Terima" after the offer's time: refused (offer_expired), and the offer expired and handed
    on then, not left for its expiry job."""
    monkeypatch.setenv("SIGAP_OFFER_TIMEOUT_S", "3600")
    _, gone, nxt, rid, offer = _offered_with_one_behind(client, conn, env)
    conn.execute("UPDATE assignments SET expires_at = now() - interval '1 second' WHERE id = %s",
                 (offer["assignment_id"],))
    conn.commit()
    late = client.post(f"/api/v1/assignments/{offer['assignment_id']}/accept", headers=auth(gone))
    assert (late.status_code, late.get_json()["code"]) == (409, "offer_expired")
    assert conn.execute("SELECT status FROM assignments WHERE id = %s",
                        (offer["assignment_id"],)).fetchone()["status"] == "expired"
    run_jobs(env)
    assert [o["report_id"] for o in offers(client, nxt)] == [rid]
