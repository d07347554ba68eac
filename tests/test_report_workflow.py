"""Duplicates, "dukung", merge, and the lifecycle rules per role."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest

from tests.helpers import LLBK, auth, east_of, jpeg, make_user, submit


@pytest.fixture
def people(conn: psycopg.Connection, client) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, role, agency in [("ani", "citizen", None), ("budi", "citizen", None), ("citra", "citizen", None),
                               ("op", "operator", None), ("dlhadmin", "agency_admin", "DLH"),
                               ("damkaradmin", "agency_admin", "DAMKAR"), ("petugas", "responder", "DLH"),
                               ("petugas2", "responder", "DLH"), ("pemadam", "responder", "DAMKAR")]:
        out[name + "_id"], out[name] = make_user(conn, name, role, agency)
    return out


def _move(client, token: str, rid: int, to: str, **form: Any):
    return client.post(f"/api/v1/reports/{rid}/transitions", data={"to": to, **form}, headers=auth(token),
                       content_type="multipart/form-data")


def test_duplicates_suggested_and_supported(client, people) -> None:
    first = submit(client, people["ani"]).get_json()
    near = submit(client, people["budi"], point=east_of(LLBK, 30)).get_json()
    assert [d["id"] for d in near["possible_duplicates"]] == [first["id"]]
    dup = near["possible_duplicates"][0]
    assert 25 < dup["distance_m"] < 35 and (dup["status"], dup["category"], dup["support_count"], dup["city"]) == (
        "submitted", "sampah", 0, "kupang")
    created = datetime.fromisoformat(dup["created_at"])
    assert dup["created_at"].endswith("+08:00"), dup  # Kupang's clock (WITA), as /reports/nearby
    assert abs(datetime.now(UTC) - created) < timedelta(minutes=5)
    far = submit(client, people["budi"], point=east_of(LLBK, 120)).get_json()
    other_cat = submit(client, people["citra"], category="parkir_liar", point=east_of(LLBK, 10)).get_json()
    assert far["possible_duplicates"] == [] and other_cat["possible_duplicates"] == []
    # The form asks before submitting, too.
    lng, lat = east_of(LLBK, 20)
    sugg = client.get(f"/api/v1/reports/nearby?lng={lng}&lat={lat}&category=sampah").get_json()
    assert (first["id"], "kupang") in [(r["id"], r["city"]) for r in sugg["reports"]]
    # a code in another case is the code (it was 422 unknown_category), as the list's filter takes it
    assert client.get(f"/api/v1/reports/nearby?lng={lng}&lat={lat}&category=Sampah").get_json() == sugg
    # Its reporter is told it is theirs (sending again adds to it; supporting it is refused).
    url = f"/api/v1/reports/nearby?lng={lng}&lat={lat}&category=sampah"
    for who, own in ((people["ani"], True), (people["citra"], False)):
        seen = {r["id"]: r["own"] for r in client.get(url, headers=auth(who)).get_json()["reports"]}
        assert seen[first["id"]] is own
    assert not any(r["own"] for r in sugg["reports"])
    # A confidential one is listed by its coarse place: "own" says only what submit would merge
    # into (within the duplicate radius of the exact spot), not every own report in the cell.
    import h3

    ill = submit(client, people["ani"], category="kesehatan").get_json()["id"]
    cell = h3.latlng_to_cell(LLBK[1], LLBK[0], 8)
    far = next(p for p in (east_of(LLBK, d) for d in (150, -150, 120, -120, 100, -100))
               if h3.latlng_to_cell(p[1], p[0], 8) == cell)  # same r8 cell, beyond the 50 m radius
    for point, own in ((far, False), (east_of(LLBK, 10), True)):
        got = client.get(f"/api/v1/reports/nearby?lng={point[0]}&lat={point[1]}&category=kesehatan",
                         headers=auth(people["ani"])).get_json()["reports"]
        assert [(r["id"], r["own"]) for r in got] == [(ill, own)], (point, got)
    # "Dukung" instead of a new report: counted once per citizen, never by the reporter.
    s = client.post(f"/api/v1/reports/{first['id']}/support", headers=auth(people["citra"]))
    assert (s.get_json()["support_count"], s.get_json()["added"]) == (1, True)
    again = client.post(f"/api/v1/reports/{first['id']}/support", headers=auth(people["citra"]))
    assert (again.get_json()["support_count"], again.get_json()["added"]) == (1, False)  # the page says "already"
    own = client.post(f"/api/v1/reports/{first['id']}/support", headers=auth(people["ani"]))
    assert (own.status_code, own.get_json()["code"]) == (409, "own_report")


def test_same_citizen_resubmitting_is_merged_automatically(client, people, conn, run_jobs) -> None:
    first = submit(client, people["ani"]).get_json()
    again = submit(client, people["ani"], point=east_of(LLBK, 15), photo=jpeg((0, 0, 200)))
    assert again.status_code == 200
    body = again.get_json()
    assert body["auto_merged"] and body["id"] == first["id"]
    assert conn.execute("SELECT count(*) AS n FROM reports").fetchone()["n"] == 1
    run_jobs()
    assert len(client.get(f"/api/v1/reports/{first['id']}").get_json()["properties"]["photos"]) == 2
    assert [e["event"] for e in body["report"]["properties"]["timeline"]] == ["created", "resubmitted"]


def test_operator_merges_duplicates(client, people, conn, run_jobs) -> None:
    keep = submit(client, people["ani"]).get_json()["id"]
    dup = submit(client, people["budi"], point=east_of(LLBK, 20)).get_json()["id"]
    client.post(f"/api/v1/reports/{dup}/support", headers=auth(people["citra"]))
    denied = client.post(f"/api/v1/reports/{dup}/merge", json={"into": keep}, headers=auth(people["budi"]))
    assert denied.status_code == 403
    r = client.post(f"/api/v1/reports/{dup}/merge", json={"into": keep}, headers=auth(people["op"]))
    assert r.status_code == 200, r.get_json()
    run_jobs()
    kept = client.get(f"/api/v1/reports/{keep}", headers=auth(people["op"])).get_json()["properties"]
    gone = client.get(f"/api/v1/reports/{dup}").get_json()["properties"]
    assert (gone["status"], gone["duplicate_of"]) == ("duplicate", keep)
    assert kept["support_count"] == 2  # budi (the duplicate's reporter) and citra
    # budi's photo says it came with his report (it looked like ani's own), and stays in his data
    assert [p["from_report"] for p in kept["photos"]] == [None, dup]
    own = [r for r in client.get("/api/v1/me/data", headers=auth(people["budi"])).get_json()["reports"] if r["id"] == dup]
    assert [p["in_report"] for p in own[0]["photos"]] == [keep]
    # The notes the merge wrote on its own switch language with the app; a person's note does not.
    merged_in = [e for e in kept["timeline"] if e["event"] == "merged_in"][0]
    assert (merged_in["note"], merged_in["note_en"]) == (f"Laporan #{dup} digabung ke sini",
                                                         f"Report #{dup} was merged into this one")
    merged = [e for e in gone["timeline"] if e["event"] == "merged"][0]
    assert (merged["note"], merged["note_en"]) == (f"Digabung ke laporan #{keep}", f"Merged into report #{keep}")
    twice = client.post(f"/api/v1/reports/{dup}/merge", json={"into": keep}, headers=auth(people["op"]))
    assert twice.status_code == 409


def test_operator_sees_what_a_report_may_duplicate(client, people, conn) -> None:
    """/ops "Mungkin sama": the open reports of a report's category close to it and near its time,
    at exact distances (confidential ones too: staff see exact places), never itself; resolved, far,
    old and other-category reports are not offered. It is the staff's own answer: an office whose
    public "nearby" limit is used up (one address for every operator) still gets it."""
    rid = submit(client, people["ani"]).get_json()["id"]
    near = submit(client, people["budi"], point=east_of(LLBK, 30)).get_json()["id"]
    nearer = submit(client, people["citra"], point=east_of(LLBK, 12)).get_json()["id"]
    far = submit(client, people["budi"], point=east_of(LLBK, 400)).get_json()["id"]
    other = submit(client, people["citra"], category="parkir_liar", point=east_of(LLBK, 5)).get_json()["id"]
    # other reporters (a reporter's own second report close by is merged as it comes in)
    old = submit(client, make_user(conn, "dedi")[1], point=east_of(LLBK, 20)).get_json()["id"]
    resolved = submit(client, make_user(conn, "eka")[1], point=east_of(LLBK, 22)).get_json()["id"]
    conn.execute("UPDATE reports SET created_at = now() - interval '30 days' WHERE id = %s", (old,))
    conn.execute("UPDATE reports SET status = 'resolved' WHERE id = %s", (resolved,))
    conn.commit()
    for _ in range(61):  # the public limit (60 a minute per address) is used up ...
        last = client.get(f"/api/v1/reports/nearby?lng={LLBK[0]}&lat={LLBK[1]}&category=sampah")
    assert last.status_code == 429
    r = client.get(f"/api/v1/reports/{rid}/similar", headers=auth(people["op"]))  # ... not this one
    assert r.status_code == 200, r.get_json()
    found = [(x["id"], round(x["distance_m"])) for x in r.get_json()["reports"]]
    assert found == [(nearer, 12), (near, 30)], (found, far, other, old, resolved)

    lost = submit(client, people["ani"], category="orang_hilang").get_json()["id"]
    seen = submit(client, people["budi"], category="orang_hilang", point=east_of(LLBK, 40)).get_json()["id"]
    both = client.get(f"/api/v1/reports/{lost}/similar", headers=auth(people["op"])).get_json()["reports"]
    assert [(x["id"], round(x["distance_m"])) for x in both] == [(seen, 40)]  # exact, not rounded to 100 m
    for who, code in (("ani", 403), ("damkaradmin", 403), ("petugas", 403)):
        assert client.get(f"/api/v1/reports/{rid}/similar", headers=auth(people[who])).status_code == code, who
    # An agency admin merges within their agency: another agency's report is not offered to them.
    conn.execute("UPDATE reports SET agency_id = (SELECT id FROM agencies WHERE code = 'DAMKAR' AND city_id = 1)"
                 " WHERE id = %s", (near,))
    conn.commit()
    own = client.get(f"/api/v1/reports/{rid}/similar", headers=auth(people["dlhadmin"]))
    assert [x["id"] for x in own.get_json()["reports"]] == [nearer]
    every = client.get(f"/api/v1/reports/{rid}/similar", headers=auth(people["op"])).get_json()["reports"]
    assert [x["id"] for x in every] == [nearer, near]
    assert client.get("/api/v1/reports/999999/similar", headers=auth(people["op"])).status_code == 404


def test_full_lifecycle_with_roles(client, people, run_jobs) -> None:
    rid = submit(client, people["ani"]).get_json()["id"]
    # Citizens and other agencies cannot verify; a jump to resolved is not a transition.
    assert _move(client, people["budi"], rid, "verified").status_code == 403
    assert _move(client, people["damkaradmin"], rid, "verified").status_code == 403
    skip = _move(client, people["op"], rid, "resolved")
    assert (skip.status_code, skip.get_json()["code"]) == (409, "invalid_transition")
    assert _move(client, people["dlhadmin"], rid, "verified").status_code == 200
    wrong = _move(client, people["op"], rid, "assigned", assignee_id=people["pemadam_id"])
    assert (wrong.status_code, wrong.get_json()["code"]) == (422, "invalid_assignee")
    assert _move(client, people["op"], rid, "assigned", assignee_id=people["petugas_id"]).status_code == 200
    # The reporter follows it without staff members' account numbers (who holds it, who acted).
    own = client.get(f"/api/v1/reports/{rid}", headers=auth(people["ani"])).get_json()["properties"]
    assert "assignee_id" not in own and all("actor_id" not in e for e in own["timeline"])
    staff = client.get(f"/api/v1/reports/{rid}", headers=auth(people["op"])).get_json()["properties"]
    assert staff["assignee_id"] == people["petugas_id"] and any(e.get("actor_id") for e in staff["timeline"])
    # Who verified and who assigned it are named to staff (the reporter is not: a resident's name
    # is not the dashboard's business when they only support a report).
    named = {e["to_status"]: e["actor_name"] for e in staff["timeline"] if e["event"] == "status"}
    assert named == {"verified": "Dlhadmin", "assigned": "Op"}, named
    assert [e["actor_name"] for e in staff["timeline"] if e["event"] == "created"] == [None]
    # and to whom it went, for dispatchers (an officer taking a nearest-officer offer was unnamed)
    assert [e["assignee_name"] for e in staff["timeline"] if e["to_status"] == "assigned"] == ["Petugas"]
    field = client.get(f"/api/v1/reports/{rid}", headers=auth(people["petugas"])).get_json()["properties"]
    assert all("assignee_name" not in e for e in field["timeline"] + own["timeline"])
    assert all("actor_name" not in e for e in own["timeline"])
    # A staff member who reports as a resident is not named to those handling it (an officer or a
    # lurah is not told who reports); what they do as staff on another report is.
    theirs = submit(client, people["petugas2"], point=east_of(LLBK, 300)).get_json()["id"]
    assert _move(client, people["op"], theirs, "verified").status_code == 200
    seen = client.get(f"/api/v1/reports/{theirs}", headers=auth(people["op"])).get_json()["properties"]["timeline"]
    assert [(e["event"], e["actor_name"]) for e in seen] == [("created", None), ("status", "Op")]
    # Only the assignee works on it.
    assert _move(client, people["petugas2"], rid, "in_progress").get_json()["code"] == "not_assignee"
    assert _move(client, people["petugas"], rid, "in_progress").status_code == 200
    no_photo = _move(client, people["petugas"], rid, "resolved", note="Sudah diangkut")
    assert (no_photo.status_code, no_photo.get_json()["code"]) == (400, "after_photo_required")
    import io
    done = _move(client, people["petugas"], rid, "resolved", note="Sudah diangkut",
                 photo=(io.BytesIO(jpeg((20, 160, 20))), "sesudah.jpg"))
    assert done.status_code == 200
    run_jobs()
    # The reporter closes with a rating; someone else's citizen cannot.
    assert _move(client, people["budi"], rid, "closed", rating="5").status_code == 403
    assert _move(client, people["ani"], rid, "closed").get_json()["code"] == "rating_required"
    closed = _move(client, people["ani"], rid, "closed", rating="4")
    assert closed.status_code == 200
    props = closed.get_json()["report"]["properties"]
    assert (props["status"], props["rating"]) == ("closed", 4)
    assert [e["to_status"] for e in props["timeline"] if e["event"] == "status"] == [
        "verified", "assigned", "in_progress", "resolved", "closed"]
    assert [p["kind"] for p in props["photos"]] == ["before", "after"]
    # The routing note the system wrote reads in either language; the responder's note as written.
    routed = props["timeline"][0]
    assert routed["event"] == "created" and routed["note"].startswith("Diteruskan ke Dinas Lingkungan Hidup (")
    assert routed["note_en"].startswith("Routed to Environment Agency (") and " / " not in routed["note"]
    note = next(e for e in props["timeline"] if e["to_status"] == "resolved")
    assert note["note"] == note["note_en"] == "Sudah diangkut"


def test_reject_needs_a_reason_and_priority_changes_are_logged(client, people) -> None:
    rid = submit(client, people["ani"]).get_json()["id"]
    assert _move(client, people["op"], rid, "rejected").get_json()["code"] == "reason_required"
    pr = client.patch(f"/api/v1/reports/{rid}", json={"priority": "high"}, headers=auth(people["op"]))
    assert pr.status_code == 200 and pr.get_json()["properties"]["priority"] == "high"
    bad = client.patch(f"/api/v1/reports/{rid}", json={"priority": "asap"}, headers=auth(people["op"]))
    assert bad.get_json()["code"] == "invalid_priority"
    assert client.patch(f"/api/v1/reports/{rid}", json={"priority": "low"},
                        headers=auth(people["ani"])).status_code == 403
    r = _move(client, people["op"], rid, "rejected", reason="Bukan wilayah kota")
    props = r.get_json()["report"]["properties"]
    assert (props["status"], props["reject_reason"]) == ("rejected", "Bukan wilayah kota")
    changed = next(e for e in props["timeline"] if e["event"] == "priority")
    # in words, each language its own (it read "normal → high" to everyone)
    assert (changed["note"], changed["note_en"]) == ("Normal → Tinggi", "Normal → High")


def test_unknown_report_is_404(client, people) -> None:
    assert client.get("/api/v1/reports/999999").status_code == 404
    assert _move(client, people["op"], 999999, "verified").status_code == 404


def test_retrying_an_automatic_merge_changes_nothing(app, conn) -> None:
    """The same citizen resubmits the same problem (merged into the open report); the phone
    retries that request, in sequence and at once: one "resubmitted" event, one photo."""
    import threading

    from tests.helpers import LLBK, east_of, make_user, submit

    _, token = make_user(conn, "warga")
    client = app.test_client()
    first = submit(client, token, point=LLBK, key="asli").get_json()
    merged = submit(client, token, point=east_of(LLBK, 10), key="ulang")
    assert merged.status_code == 200 and merged.get_json()["auto_merged"]
    again = submit(client, token, point=east_of(LLBK, 10), key="ulang")
    assert again.status_code == 200 and again.get_json()["replayed"] and again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json()["id"] == first["id"]
    codes: list[int] = []

    def retry() -> None:
        codes.append(submit(app.test_client(), token, point=east_of(LLBK, 12), key="serentak").status_code)

    threads = [threading.Thread(target=retry) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes == [200] * 4
    events = [r["event"] for r in conn.execute(
        "SELECT event FROM report_events WHERE report_id = %s ORDER BY id", (first["id"],))]
    assert events.count("resubmitted") == 2  # "ulang" once and "serentak" once
    photos = conn.execute("SELECT count(*) AS n FROM photos WHERE report_id = %s", (first["id"],)).fetchone()
    assert photos["n"] == 3
    assert conn.execute("SELECT count(*) AS n FROM reports").fetchone()["n"] == 1


def test_not_fixed_needs_a_note_and_the_operator_can_reassign(client, people, run_jobs) -> None:
    """"Belum beres": the reporter must say what is still wrong (the responder reads it on their
    task); the reopened report can go to another responder, as before it was started."""
    import io

    def shift(who: str) -> str:
        return client.get("/api/v1/me", headers=auth(people[who])).get_json()["responder"]["status"]

    def told(who: str) -> list[int]:
        notes = client.get("/api/v1/notifications", headers=auth(people[who])).get_json()["notifications"]
        return [n["report_id"] for n in notes if n["kind"] == "reopened"]

    for who in ("petugas", "petugas2"):
        assert client.put("/api/v1/responders/me/status", json={"status": "available"},
                          headers=auth(people[who])).status_code == 200
    rid = submit(client, people["ani"]).get_json()["id"]
    assert _move(client, people["op"], rid, "assigned", assignee_id=people["petugas_id"]).status_code == 200
    assert shift("petugas") == "busy"
    assert _move(client, people["petugas"], rid, "in_progress").status_code == 200
    assert client.get(f"/api/v1/reports/{rid}").get_json()["properties"]["reopened"] is False  # merely started
    assert _move(client, people["petugas"], rid, "resolved",
                 photo=(io.BytesIO(jpeg((20, 160, 20))), "sesudah.jpg")).status_code == 200
    empty = _move(client, people["ani"], rid, "in_progress", note="  ")
    assert (empty.status_code, empty.get_json()["code"]) == (400, "note_required")
    assert empty.get_json()["message_en"] == "Say what is still not fixed."
    assert shift("petugas") == "available" and told("dlhadmin") == []
    reopened = _move(client, people["ani"], rid, "in_progress", note="Masih ada di sisi timur")
    assert reopened.status_code == 200
    # Back on the officer's hands, so out of dispatch for new reports (the page said "busy" and
    # the server "available"), and the agency's admin hears of it: its deadline may be days away.
    assert shift("petugas") == "busy"
    assert told("dlhadmin") == [rid] and told("damkaradmin") == []
    tasks = client.get(f"/api/v1/responders/me/tasks?near={LLBK[0]},{LLBK[1]}", headers=auth(people["petugas"]))
    task = next(t for t in tasks.get_json()["tasks"] if t["id"] == rid)
    assert task["reopen_note"] == "Masih ada di sisi timur"
    again = _move(client, people["op"], rid, "assigned", assignee_id=people["petugas2_id"])
    assert again.status_code == 200, again.get_json()
    assert again.get_json()["report"]["properties"]["assignee"]["id"] == people["petugas2_id"]
    assert (shift("petugas"), shift("petugas2")) == ("available", "busy")  # the first is free again
    # Marked reopened, in the list (the /ops queue) and in the report itself, until resolved again.
    listed = client.get("/api/v1/reports?status=assigned", headers=auth(people["op"])).get_json()["features"]
    assert [f["properties"]["reopened"] for f in listed if f["id"] == rid] == [True]
    assert client.get(f"/api/v1/reports/{rid}").get_json()["properties"]["reopened"] is True


def test_a_report_reopened_after_its_officer_left_goes_to_a_dispatcher(client, people, conn) -> None:
    """Its officer was switched off after resolving it: the reopened report is not put on a dead
    account (where dispatch would never see it again); the agency's admin hears of it."""
    import io

    rid = submit(client, people["ani"]).get_json()["id"]
    assert _move(client, people["op"], rid, "assigned", assignee_id=people["petugas_id"]).status_code == 200
    assert _move(client, people["petugas"], rid, "in_progress").status_code == 200
    assert _move(client, people["petugas"], rid, "resolved",
                 photo=(io.BytesIO(jpeg((20, 160, 20))), "sesudah.jpg")).status_code == 200
    _, admin = make_user(conn, "admin", "admin")
    assert client.patch(f"/api/v1/users/{people['petugas_id']}", json={"disabled": True},
                        headers=auth(admin)).status_code == 200
    assert _move(client, people["ani"], rid, "in_progress", note="Masih ada").status_code == 200
    conn.commit()
    live = conn.execute("SELECT count(*) AS n FROM assignments WHERE report_id = %s"
                        " AND status IN ('offered','accepted','arrived')", (rid,)).fetchone()["n"]
    assert live == 0
    notes = client.get("/api/v1/notifications", headers=auth(people["dlhadmin"])).get_json()["notifications"]
    assert [n["report_id"] for n in notes if n["kind"] == "reopened"] == [rid]


def test_backers_hear_of_progress_and_find_it_among_their_reports(client, people, run_jobs) -> None:
    """A resident who pressed "Dukung" heard nothing after, and the report was nowhere in "Laporan
    saya": they hear when work starts, when it is done or rejected (not each step of the desk's),
    and list what they back, in every city, signed in only."""
    import io

    def news(who: str) -> list[tuple[int, str, str]]:
        notes = client.get("/api/v1/notifications", headers=auth(people[who])).get_json()["notifications"]
        return [(n["report_id"], n["kind"], n["message_id"]) for n in notes]

    rid = submit(client, people["ani"]).get_json()["id"]
    other = submit(client, people["ani"], point=east_of(LLBK, 400)).get_json()["id"]
    for who in ("budi", "citra"):
        assert client.post(f"/api/v1/reports/{rid}/support", headers=auth(people[who])).status_code == 200
    assert client.post(f"/api/v1/reports/{other}/support", headers=auth(people["citra"])).status_code == 200
    backed = client.get("/api/v1/reports?supported=1", headers=auth(people["citra"])).get_json()["features"]
    assert [f["id"] for f in backed] == [other, rid]  # newest first
    assert [f["id"] for f in client.get("/api/v1/reports?supported=1", headers=auth(people["budi"])).get_json()[
        "features"]] == [rid]
    assert client.get("/api/v1/reports?supported=1", headers=auth(people["ani"])).get_json()["features"] == []
    for which in ("mine", "supported"):  # it gave the whole city's list to nobody in particular
        anon = client.get(f"/api/v1/reports?{which}=1")
        assert (anon.status_code, anon.get_json()["code"]) == (401, "unauthorized"), which

    assert _move(client, people["op"], rid, "verified").status_code == 200
    assert _move(client, people["op"], rid, "assigned", assignee_id=people["petugas_id"]).status_code == 200
    assert news("budi") == []  # the desk's steps are the reporter's to hear
    assert _move(client, people["petugas"], rid, "in_progress").status_code == 200
    assert _move(client, people["petugas"], rid, "resolved",
                 photo=(io.BytesIO(jpeg((20, 160, 20))), "sesudah.jpg")).status_code == 200
    for who in ("budi", "citra"):
        assert news(who) == [(rid, "supported_changed", f"Laporan yang Anda dukung #{rid} (Sampah): Selesai"),
                             (rid, "supported_changed", f"Laporan yang Anda dukung #{rid} (Sampah): Dikerjakan")]
    assert [k for _, k, _ in news("ani")] == ["status_changed"] * 4  # the reporter's, as before, once each
    assert _move(client, people["op"], other, "rejected", reason="Bukan wewenang kota").status_code == 200
    assert news("citra")[0] == (other, "supported_changed", f"Laporan yang Anda dukung #{other} (Sampah): Ditolak")
    # and by Web Push like the reporter's: one job per notice
    run_jobs()
