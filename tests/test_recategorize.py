"""A dispatcher corrects a report's category (the resident chose the wrong one): the report goes
to the right agency with that category's deadline and priority, an officer of the old agency no
longer holds it, and a move into a confidential category hides its place and photos at once."""
from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.helpers import LLBK, auth, east_of, make_user, submit


@pytest.fixture
def people(conn: psycopg.Connection) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, role, agency in [("ani", "citizen", None), ("op", "operator", None),
                               ("dlhadmin", "agency_admin", "DLH"), ("dishubadmin", "agency_admin", "DISHUB"),
                               ("petugas", "responder", "DLH"), ("dishub", "responder", "DISHUB")]:
        out[name + "_id"], out[name] = make_user(conn, name, role, agency)
    return out


def _recategorize(client, token: str, rid: int, code: str):
    return client.patch(f"/api/v1/reports/{rid}", json={"category": code}, headers=auth(token))


def _when(s: str) -> datetime:
    return datetime.fromisoformat(s)


def test_a_street_light_filed_as_garbage_goes_to_dishub_with_its_deadline(client, people, conn) -> None:
    assert client.put("/api/v1/responders/me/status", json={"status": "available"},
                      headers=auth(people["petugas"])).status_code == 200
    rid = submit(client, people["ani"], description="Lampu jalan mati").get_json()["id"]
    assert client.post(f"/api/v1/reports/{rid}/transitions", json={"to": "assigned", "assignee_id": people["petugas_id"]},
                       headers=auth(people["op"])).status_code == 200
    tasks = client.get(f"/api/v1/responders/me/tasks?near={LLBK[0]},{LLBK[1]}", headers=auth(people["petugas"]))
    assert rid in [t["id"] for t in tasks.get_json()["tasks"]]

    # DLH's admin passes it on: the category names the agency (and its deadline: 72 h from filing)
    moved = _recategorize(client, people["dlhadmin"], rid, "lampu_rambu")
    assert moved.status_code == 200, moved.get_json()
    p = moved.get_json()["properties"]
    assert (p["category"], p["agency"], p["status"], p.get("assignee_id")) == ("lampu_rambu", "DISHUB", "verified", None)
    assert _when(p["due_at"]) - _when(p["created_at"]) == timedelta(hours=72)
    # the timeline says what changed and who did it, in both languages; the officer's hand-back too
    staff = client.get(f"/api/v1/reports/{rid}", headers=auth(people["op"])).get_json()["properties"]["timeline"]
    change = next(e for e in staff if e["event"] == "category")
    assert change["note"] == "Sampah → Lampu Jalan & Rambu Rusak; diteruskan ke Dinas Perhubungan", change
    assert change["note_en"].startswith("Garbage → Broken street light or traffic sign; routed to ")
    assert change["actor_name"] == "Dlhadmin"
    assert any(e["to_status"] == "verified" and "kembali ke antrean" in e["note"] for e in staff)
    # and who had held it, still named (the assignment's end overwrote the time it was taken)
    assert [e["assignee_name"] for e in staff if e["to_status"] == "assigned"] == ["Petugas"]
    # the reporter hears of the move in its own words (not "Laporan #1 (Sampah): Diverifikasi", a
    # step back with the old name, when the officer let go)
    news = client.get("/api/v1/notifications", headers=auth(people["ani"])).get_json()["notifications"]
    said = [n["message_id"] for n in news if n["report_id"] == rid]
    moved_news = f"Laporan #{rid} dipindah ke kategori Lampu Jalan & Rambu Rusak dan diteruskan ke Dinas Perhubungan."
    assert moved_news in said and not [m for m in said if "Diverifikasi" in m], said
    # the officer's page, not yet redrawn: a tap says the task is no longer theirs
    late = client.post(f"/api/v1/reports/{rid}/transitions", json={"to": "in_progress"}, headers=auth(people["petugas"]))
    assert (late.status_code, late.get_json()["code"]) == (403, "not_assignee")
    # the reporter reads it too, without who did it
    own = client.get(f"/api/v1/reports/{rid}", headers=auth(people["ani"])).get_json()["properties"]["timeline"]
    assert [e["note"] for e in own if e["event"] == "category"] == [change["note"]]

    # DLH's officer no longer holds it and is free for other work; DISHUB's sees it among theirs
    tasks = client.get(f"/api/v1/responders/me/tasks?near={LLBK[0]},{LLBK[1]}", headers=auth(people["petugas"]))
    unread = client.get("/api/v1/notifications?unread=1", headers=auth(people["petugas"])).get_json()["notifications"]
    assert [n for n in unread if n["report_id"] == rid] == []  # "Tugas baru untuk Anda" is no longer news
    assert rid not in [t["id"] for t in tasks.get_json()["tasks"]]
    assert conn.execute("SELECT status FROM responders WHERE user_id = %s",
                        (people["petugas_id"],)).fetchone()["status"] == "available"  # was "busy" with it
    assert conn.execute("SELECT count(*) AS n FROM job_outbox WHERE job = 'offer_waiting' AND args->>0 = %s",
                        (str(people["petugas_id"]),)).fetchone()["n"] >= 2  # on "Siap", and freed now
    theirs = client.get(f"/api/v1/responders/me/tasks?near={LLBK[0]},{LLBK[1]}", headers=auth(people["dishub"]))
    assert rid in [t["id"] for t in theirs.get_json()["tasks"]]
    # DLH's admin no longer acts on it; DISHUB's does; the public list files it under its new category
    again = client.patch(f"/api/v1/reports/{rid}", json={"priority": "high"}, headers=auth(people["dlhadmin"]))
    assert (again.status_code, again.get_json()["code"]) == (403, "other_agency")
    assert client.patch(f"/api/v1/reports/{rid}", json={"priority": "high"},
                        headers=auth(people["dishubadmin"])).status_code == 200
    listed = client.get("/api/v1/reports?category=lampu_rambu").get_json()["features"]
    assert [f["id"] for f in listed] == [rid]
    assert rid not in [f["id"] for f in client.get("/api/v1/reports?category=sampah").get_json()["features"]]


def test_a_fire_filed_as_garbage_becomes_urgent_and_its_hour_counts(client, people, conn) -> None:
    _, camat = make_user(conn, "camat", "operator", kecamatan="Kota Lama")
    rid = submit(client, people["ani"], point=LLBK, description="Asap tebal dari gudang").get_json()["id"]
    p = _recategorize(client, people["op"], rid, "kebakaran").get_json()["properties"]
    assert (p["agency"], p["priority"]) == ("DAMKAR", "urgent")  # the category's own, none was chosen by hand
    assert _when(p["due_at"]) - _when(p["created_at"]) == timedelta(hours=1)
    box = client.get("/api/v1/notifications", headers=auth(camat)).get_json()["notifications"]
    assert [n["kind"] for n in box if n["report_id"] == rid] == ["urgent_report"]
    # a priority chosen by hand stays when the category changes again
    assert client.patch(f"/api/v1/reports/{rid}", json={"priority": "high"}, headers=auth(people["op"])).status_code == 200
    p = _recategorize(client, people["op"], rid, "sampah").get_json()["properties"]
    assert (p["agency"], p["priority"]) == ("DLH", "high")


def test_moved_into_a_confidential_category_the_public_loses_its_place_and_photo(client, people, conn, run_jobs) -> None:
    point = east_of(LLBK, 130)
    rid = submit(client, people["ani"], category="gepeng", point=point,
                 description="Anak kecil sendirian di depan toko, mencari ibunya").get_json()["id"]
    _, budi = make_user(conn, "budi")
    dup = submit(client, budi, category="gepeng", point=east_of(point, 40),
                 description="Anak baju merah menangis di depan toko Z").get_json()["id"]
    assert client.post(f"/api/v1/reports/{dup}/merge", json={"into": rid}, headers=auth(people["op"])).status_code == 200
    run_jobs()  # the photos are published
    before = client.get(f"/api/v1/reports/{rid}").get_json()
    old_photo = before["properties"]["photo_url"]
    assert before["geometry"]["coordinates"] == pytest.approx(list(point)) and client.get(old_photo).status_code == 200

    p = _recategorize(client, people["op"], rid, "orang_hilang").get_json()["properties"]
    assert (p["category"], p["agency"], p["priority"]) == ("orang_hilang", "DINSOS", "urgent")
    public = client.get(f"/api/v1/reports/{rid}").get_json()
    pp = public["properties"]
    assert pp["location_coarsened"] and pp["description"] is None and pp["photo_url"] is None and pp["photos"] == []
    moved_m = ((public["geometry"]["coordinates"][0] - point[0]) ** 2
               + (public["geometry"]["coordinates"][1] - point[1]) ** 2) ** 0.5 * 111_000
    assert moved_m > 1, "the public point is the r8 cell's centre, not the exact one"
    assert [e["note"] for e in pp["timeline"]] == [""] * len(pp["timeline"])  # notes hidden as for any such report
    # the old link stops working; the reporter's new one is signed
    gone = client.get(old_photo)
    assert (gone.status_code, gone.get_json()["code"]) == (404, "photo_not_found")
    mine = client.get(f"/api/v1/reports/{rid}", headers=auth(people["ani"])).get_json()["properties"]
    assert "&sig=" in mine["photo_url"] and client.get(mine["photo_url"]).status_code == 200
    assert client.get(mine["photo_url"].split("?")[0]).status_code == 404
    # OGC API Features (QGIS) gives the coarse point and no description
    ogc = client.get(f"/ogc/collections/reports/items/{rid}").get_json()
    assert ogc["geometry"]["coordinates"] == pytest.approx(public["geometry"]["coordinates"], abs=1e-7)
    assert ogc["properties"]["description"] is None
    # the report merged into it goes along: "duplicate of #n" with its exact place and words
    # would point at it
    d = client.get(f"/api/v1/reports/{dup}").get_json()
    assert d["properties"]["location_coarsened"] and d["properties"]["description"] is None
    assert d["geometry"]["coordinates"] != pytest.approx(list(east_of(point, 40)))
    kinds = [e["event"] for e in conn.execute("SELECT event FROM report_events WHERE report_id = %s ORDER BY id",
                                              (dup,)).fetchall()]
    assert "category" in kinds and "priority" not in kinds, kinds  # a closed duplicate is nobody's to hurry
    # between two confidential categories the public place stays where it was (moving it would
    # tell more: geo/reindex.py)
    health = _recategorize(client, people["op"], rid, "kesehatan")
    assert health.status_code == 200 and health.get_json()["properties"]["agency"] == "DINKES"
    assert client.get(f"/api/v1/reports/{rid}").get_json()["geometry"] == public["geometry"]
    # the promise holds: never moved back to a category shown exactly
    back = _recategorize(client, people["op"], rid, "gepeng")  # (from kesehatan now)
    assert (back.status_code, back.get_json()["code"]) == (409, "confidential_stays")
    assert "disamarkan" in back.get_json()["message"] and back.get_json()["message_en"]


def test_who_may_change_a_category_and_when(client, people, conn) -> None:
    rid = submit(client, people["ani"]).get_json()["id"]
    for who, code in (("ani", "forbidden"), ("petugas", "forbidden"), ("dishubadmin", "other_agency")):
        r = _recategorize(client, people[who], rid, "lampu_rambu")
        assert (r.status_code, r.get_json()["code"]) == (403, code), who
    _, one_agency = make_user(conn, "opdishub", "operator", "DISHUB")  # an operator of one agency
    r = _recategorize(client, one_agency, rid, "lampu_rambu")
    assert (r.status_code, r.get_json()["code"]) == (403, "other_agency")
    none = client.patch(f"/api/v1/reports/{rid}", json={"category": None}, headers=auth(people["op"]))
    assert (none.status_code, none.get_json()["code"]) == (400, "category_required")
    unknown = _recategorize(client, people["op"], rid, "gajah")
    assert (unknown.status_code, unknown.get_json()["code"]) == (422, "unknown_category")
    same = _recategorize(client, people["op"], rid, "sampah")
    assert same.status_code == 200 and not [e for e in same.get_json()["properties"]["timeline"] if e["event"] == "category"]
    empty = client.patch(f"/api/v1/reports/{rid}", json={}, headers=auth(people["op"]))
    assert (empty.status_code, empty.get_json()["code"]) == (400, "invalid_fields")
    assert client.post(f"/api/v1/reports/{rid}/transitions", json={"to": "rejected", "reason": "Bukan masalah kota"},
                       headers=auth(people["op"])).status_code == 200
    done = _recategorize(client, people["op"], rid, "lampu_rambu")
    assert (done.status_code, done.get_json()["code"]) == (409, "report_not_open")


def test_raised_to_urgent_a_report_is_due_within_the_citys_urgent_hours(client, people, conn) -> None:
    """Darurat by hand read "sisa 46 jam": now it is due as a missing person's report is (2 h)."""
    rid = submit(client, people["ani"], description="Sampah menutup jalan setelah banjir").get_json()["id"]
    p = client.patch(f"/api/v1/reports/{rid}", json={"priority": "urgent"}, headers=auth(people["op"])).get_json()
    left = _when(p["properties"]["due_at"]) - datetime.now(_when(p["properties"]["due_at"]).tzinfo)
    assert timedelta(hours=1, minutes=59) < left <= timedelta(hours=2), left
    p = client.patch(f"/api/v1/reports/{rid}", json={"priority": "normal"}, headers=auth(people["op"])).get_json()
    assert _when(p["properties"]["due_at"]) - _when(p["properties"]["created_at"]) == timedelta(hours=48)
    # already late: raising it never gives it more time, and it stays escalated
    conn.execute("UPDATE reports SET created_at = now() - interval '3 days', due_at = now() - interval '1 day',"
                 " escalated_at = now() WHERE id = %s", (rid,))
    conn.commit()
    p = client.patch(f"/api/v1/reports/{rid}", json={"priority": "urgent"}, headers=auth(people["op"])).get_json()
    props = p["properties"]
    assert _when(props["due_at"]) - _when(props["created_at"]) == timedelta(hours=48) and props["escalated"]


def test_an_agency_passes_on_a_late_report_with_its_priority_and_the_new_one_hears(client, people, conn) -> None:
    from geo.sla import escalate_overdue

    rid = submit(client, people["ani"], description="Lampu jalan mati").get_json()["id"]
    conn.execute("UPDATE reports SET created_at = now() - interval '5 days', due_at = now() - interval '3 days'"
                 " WHERE id = %s", (rid,))
    conn.commit()
    assert escalate_overdue(conn)["escalated"] == 1
    conn.commit()
    told = "SELECT user_id FROM notifications WHERE report_id = %s AND kind = 'sla_overdue'"
    assert {r["user_id"] for r in conn.execute(told, (rid,))} == {people["dlhadmin_id"]}
    # DLH's admin sets its priority and passes it on in one step (the priority is checked while
    # the report is still DLH's)
    both = client.patch(f"/api/v1/reports/{rid}", json={"priority": "high", "category": "lampu_rambu"},
                        headers=auth(people["dlhadmin"]))
    assert both.status_code == 200, both.get_json()
    assert (both.get_json()["properties"]["agency"], both.get_json()["properties"]["priority"]) == ("DISHUB", "high")
    # still late (72 h from filing): DISHUB hears of it at the next sweep, as DLH did
    assert escalate_overdue(conn)["escalated"] == 1
    conn.commit()
    assert {r["user_id"] for r in conn.execute(told, (rid,))} == {people["dlhadmin_id"], people["dishubadmin_id"]}


def test_moved_into_a_confidential_category_staffs_notices_stop_naming_its_place(client, people, conn) -> None:
    """A child reported as "gelandangan" at a shop on a named street, given to an officer and raised
    to urgent, then moved to "Orang Hilang": the officer's and the camat's bells kept the street and
    the true kelurahan (a review). They read as notices of a confidential report do."""
    _, camat = make_user(conn, "camat", "operator", kecamatan="Kota Lama")
    assert client.put("/api/v1/responders/me/status", json={"status": "available"},
                      headers=auth(people["petugas"])).status_code == 200
    rid = submit(client, people["ani"], point=LLBK, description="Anak sendirian di depan toko").get_json()["id"]
    conn.execute("UPDATE reports SET street_name = 'Jl. Soekarno, Blok B' WHERE id = %s", (rid,))
    conn.commit()
    true_kel = client.get(f"/api/v1/reports/{rid}").get_json()["properties"]["kelurahan"]
    assert client.post(f"/api/v1/reports/{rid}/transitions", json={"to": "assigned", "assignee_id": people["petugas_id"]},
                       headers=auth(people["op"])).status_code == 200
    assert client.patch(f"/api/v1/reports/{rid}", json={"priority": "urgent"}, headers=auth(people["op"])).status_code == 200

    def notices(token: str) -> list[tuple[str, str]]:
        box = client.get("/api/v1/notifications", headers=auth(token)).get_json()["notifications"]
        return [(n["message_id"], n["message_en"]) for n in box if n["report_id"] == rid and n["kind"] != "status_changed"]

    task, = notices(people["petugas"])
    assert task == (f"Tugas baru untuk Anda: #{rid} Sampah, Jl. Soekarno, Blok B, Kel. {true_kel}.",
                    f"A new task for you: #{rid} Garbage, Jl. Soekarno, Blok B, Kel. {true_kel}.")
    urgent, = notices(camat)
    assert f"di Kel. {true_kel} dinaikkan" in urgent[0] and f"in Kel. {true_kel} raised" in urgent[1]

    assert _recategorize(client, people["op"], rid, "orang_hilang").status_code == 200
    public_kel = client.get(f"/api/v1/reports/{rid}").get_json()["properties"]["kelurahan"]
    assert notices(people["petugas"]) == [(f"Tugas baru untuk Anda: #{rid} Sampah, Kel. {public_kel}.",
                                           f"A new task for you: #{rid} Garbage, Kel. {public_kel}.")]
    urgent, = notices(camat)
    assert "Kel." not in urgent[0] + urgent[1] and "dinaikkan ke Darurat oleh" in urgent[0], urgent
    assert urgent[1].startswith(f"Report #{rid} (Garbage) raised to Urgent by "), urgent
    # A database moved before this (its notices as they were): migration 0059 mends them the same way.
    redacted = notices(people["petugas"]) + notices(camat)
    conn.execute("UPDATE notifications SET message_id = replace(message_id, ', Kel. ', ', Jl. Soekarno, Blok B, Kel. '),"
                 " message_en = replace(message_en, ', Kel. ', ', Jl. Soekarno, Blok B, Kel. ') WHERE report_id = %s"
                 " AND kind = 'task_assigned'", (rid,))
    conn.execute("UPDATE notifications SET message_id = replace(message_id, ' dinaikkan', %s),"
                 " message_en = replace(message_en, ' raised', %s) WHERE report_id = %s AND kind = 'urgent_report'",
                 (f" di Kel. {true_kel} dinaikkan", f" in Kel. {true_kel} raised", rid))
    conn.commit()
    assert "Jl. Soekarno" in notices(people["petugas"])[0][0] and f"Kel. {true_kel}" in notices(camat)[0][0]
    conn.execute((Path(__file__).parents[1] / "sql/migrations/0059_confidential_notices.sql").read_text())
    conn.commit()
    assert notices(people["petugas"]) + notices(camat) == redacted
