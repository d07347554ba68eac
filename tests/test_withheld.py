"""A rejected report's words and photos withheld from the public (abuse, a neighbour's name and
house number): an operator could only reject it, and the map, lists, OGC API Features and Open311
went on showing it. Its category, place, status and the reason stay public; its reporter and the
staff handling it see it whole."""
from __future__ import annotations

from geo import medialinks
from tests.helpers import LLBK, auth, make_user, submit

WORDS = "Rumah Pak Yohanes di Jl. Kenari no. 12 buang sampah sembarangan, orangnya kurang ajar"


def test_a_rejected_reports_words_and_photo_leave_every_public_surface(client, conn, run_jobs, monkeypatch) -> None:
    _, warga = make_user(conn, "warga")
    _, operator = make_user(conn, "operator", "operator")
    rid = submit(client, warga, point=LLBK, description=WORDS).get_json()["id"]
    _, tetangga = make_user(conn, "tetangga")
    dup = submit(client, tetangga, point=LLBK, description="Pak Yohanes lagi, Jl. Kenari 12").get_json()["id"]
    assert client.post(f"/api/v1/reports/{dup}/merge", json={"into": rid}, headers=auth(operator)).status_code == 200
    run_jobs()  # the photos are published
    shown = client.get(f"/api/v1/reports/{rid}").get_json()["properties"]
    photo = shown["photo_url"]
    assert shown["description"] == WORDS and client.get(photo).status_code == 200

    # only with a rejection
    alone = client.post(f"/api/v1/reports/{rid}/transitions", json={"to": "verified", "withhold": True},
                        headers=auth(operator))
    assert (alone.status_code, alone.get_json()["code"]) == (400, "withhold_needs_reject")
    r = client.post(f"/api/v1/reports/{rid}/transitions", headers=auth(operator),
                    json={"to": "rejected", "reason": "Berisi data pribadi warga lain", "withhold": True})
    assert r.status_code == 200, r.get_json()

    public = client.get(f"/api/v1/reports/{rid}").get_json()
    p = public["properties"]
    assert (p["status"], p["withheld"], p["description"], p["photo_url"], p["photos"]) == (
        "rejected", True, None, None, [])
    assert p["reject_reason"] == "Berisi data pribadi warga lain"  # why: said to everyone
    assert public["geometry"]["coordinates"] == list(LLBK)  # its place, as before
    assert all(WORDS not in (e["note"] or "") for e in p["timeline"])
    # the report merged into it told the same story: withheld with it
    merged = client.get(f"/api/v1/reports/{dup}").get_json()["properties"]
    assert merged["status"] == "duplicate" and merged["withheld"] and merged["description"] is None
    listed = next(f for f in client.get("/api/v1/reports?status=rejected").get_json()["features"] if f["id"] == rid)
    assert listed["properties"]["description"] is None and listed["properties"]["thumb_url"] is None
    assert client.get(f"/ogc/collections/reports/items/{rid}").get_json()["properties"]["description"] is None
    req = client.get(f"/open311/v2/requests/{rid}.json").get_json()[0]
    assert req["description"] is None and req["media_url"] is None and req["status_notes"] == "Berisi data pribadi warga lain"

    # the old link: refused once the process asks again (within a minute), never served unsigned after
    monkeypatch.setattr(medialinks, "PUBLIC_TTL_S", 0.0)
    gone = client.get(photo)
    assert (gone.status_code, gone.get_json()["code"]) == (404, "photo_not_found")
    # its reporter and the operator see it whole, the photo by a signed link
    for token in (warga, operator):
        whole = client.get(f"/api/v1/reports/{rid}", headers=auth(token)).get_json()["properties"]
        assert whole["description"] == WORDS and "&sig=" in whole["photo_url"]
        assert client.get(whole["photo_url"]).status_code == 200


def test_an_open_reports_words_and_photo_can_be_withheld_and_shown_again(client, conn, run_jobs, monkeypatch) -> None:
    """A genuine problem told with a neighbour's name and house number could only stay public or be
    rejected. Its words and photos are withheld while it is handled; shown again, they come back."""
    _, warga = make_user(conn, "warga")
    _, operator = make_user(conn, "operator", "operator")
    _, dishub_admin = make_user(conn, "dishubadmin", "agency_admin", "DISHUB")
    _, officer = make_user(conn, "petugas", "responder", "DLH")
    rid = submit(client, warga, point=LLBK, description=WORDS).get_json()["id"]
    _, tetangga = make_user(conn, "tetangga")
    run_jobs()  # the photo is published
    photo = client.get(f"/api/v1/reports/{rid}").get_json()["properties"]["photo_url"]
    assert client.get(photo).status_code == 200

    # only a dispatcher who handles it; a yes or no
    for token, code in ((warga, 403), (officer, 403), (dishub_admin, 403)):
        assert client.patch(f"/api/v1/reports/{rid}", json={"withheld": True}, headers=auth(token)).status_code == code
    bad = client.patch(f"/api/v1/reports/{rid}", json={"withheld": "mungkin"}, headers=auth(operator))
    assert (bad.status_code, bad.get_json()["code"]) == (400, "invalid_withheld")
    r = client.patch(f"/api/v1/reports/{rid}", json={"withheld": True}, headers=auth(operator))
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["properties"]["description"] == WORDS  # the operator sees it whole

    monkeypatch.setattr(medialinks, "PUBLIC_TTL_S", 0.0)
    p = client.get(f"/api/v1/reports/{rid}").get_json()["properties"]
    assert (p["status"], p["withheld"], p["description"], p["photo_url"]) == ("submitted", True, None, None)
    said = [(e["event"], e["note"], e["note_en"]) for e in p["timeline"] if e["event"] == "withheld"]
    assert said == [("withheld", "Deskripsi dan foto disembunyikan dari publik",
                     "Words and photos withheld from the public")]  # everyone is told why
    assert client.get(photo).status_code == 404
    assert client.get(f"/ogc/collections/reports/items/{rid}").get_json()["properties"]["description"] is None
    assert client.get(f"/open311/v2/requests/{rid}.json").get_json()[0]["description"] is None
    # the form's "support instead" list shows no thumbnail of it
    near = client.get(f"/api/v1/reports/nearby?lng={LLBK[0]}&lat={LLBK[1]}&category=sampah").get_json()["reports"]
    assert [(r["id"], r["thumb_url"]) for r in near] == [(rid, None)]
    # the officer sent there sees the photo, by a signed link (an unsigned one is refused now)
    task = next(t for t in client.get(f"/api/v1/responders/me/tasks?near={LLBK[0]},{LLBK[1]}",
                                      headers=auth(officer)).get_json()["tasks"] if t["id"] == rid)
    assert "&sig=" in task["photo_url"] and client.get(task["photo_url"]).status_code == 200
    # it is still handled: verified, and a neighbour's report of it merged in is withheld with it
    assert client.post(f"/api/v1/reports/{rid}/transitions", json={"to": "verified"},
                       headers=auth(operator)).status_code == 200
    dup = submit(client, tetangga, point=LLBK, description="Pak Yohanes lagi, Jl. Kenari 12").get_json()["id"]
    assert client.post(f"/api/v1/reports/{dup}/merge", json={"into": rid}, headers=auth(operator)).status_code == 200
    assert client.get(f"/api/v1/reports/{dup}").get_json()["properties"]["description"] is None
    # a withheld report merged into one shown would show its photos there: refused
    _, ketiga = make_user(conn, "ketiga")
    other = submit(client, ketiga, point=LLBK, description="Sampah di Jl. Kenari").get_json()["id"]
    refused = client.post(f"/api/v1/reports/{rid}/merge", json={"into": other}, headers=auth(operator))
    assert (refused.status_code, refused.get_json()["code"]) == (409, "withheld_mismatch")
    # a report merged into a shown one: its photos are there now, so it is that one to withhold
    _, keempat = make_user(conn, "keempat")
    into_other = submit(client, keempat, point=LLBK, description="Sampah Jl. Kenari, rumah no. 12").get_json()["id"]
    assert client.post(f"/api/v1/reports/{into_other}/merge", json={"into": other}, headers=auth(operator)).status_code == 200
    merged = client.patch(f"/api/v1/reports/{into_other}", json={"withheld": True}, headers=auth(operator))
    assert (merged.status_code, merged.get_json()["code"]) == (409, "merged_report")
    assert f"#{other}" in merged.get_json()["message"]
    # one withheld on its own, then merged into this one: this one is not shown again while it is
    _, kelima = make_user(conn, "kelima")
    apart = submit(client, kelima, point=LLBK, description="Yohanes Jl. Kenari 12, nomor HP 0812xxxx").get_json()["id"]
    assert client.patch(f"/api/v1/reports/{apart}", json={"withheld": True}, headers=auth(operator)).status_code == 200
    assert client.post(f"/api/v1/reports/{apart}/merge", json={"into": rid}, headers=auth(operator)).status_code == 200
    held = client.patch(f"/api/v1/reports/{rid}", json={"withheld": False}, headers=auth(operator))
    assert (held.status_code, held.get_json()["code"], held.get_json()["details"]) == (
        409, "merged_withheld", {"reports": [apart]})
    assert client.patch(f"/api/v1/reports/{apart}", json={"withheld": False}, headers=auth(operator)).status_code == 200

    # shown again (the words were fine after all): back on every surface, said in the timeline
    assert client.patch(f"/api/v1/reports/{rid}", json={"withheld": False}, headers=auth(operator)).status_code == 200
    p = client.get(f"/api/v1/reports/{rid}").get_json()["properties"]
    assert (p["withheld"], p["description"]) == (False, WORDS) and client.get(p["photo_url"]).status_code == 200
    assert [e["event"] for e in p["timeline"] if e["event"] in ("withheld", "shown")] == ["withheld", "shown"]
    assert client.get(f"/api/v1/reports/{dup}").get_json()["properties"]["description"] == "Pak Yohanes lagi, Jl. Kenari 12"


def test_a_withheld_reports_reopening_words_and_who_filed_it_stay_with_those_who_handle_it(client, conn) -> None:
    """The reporter's "belum beres" on a withheld report is their words too (a status event: it was
    shown to everyone, and in Open311's status_notes); and a report an agency's admin filed read
    "agency_admin" on its public timeline (one such admin per agency: a person). A privacy review."""
    from tests.helpers import move, resolved_by

    _, warga = make_user(conn, "warga")
    _, operator = make_user(conn, "operator", "operator")
    officer_id, officer = make_user(conn, "petugas", "responder", "DLH")
    rid = submit(client, warga, point=LLBK, description=WORDS).get_json()["id"]
    assert client.patch(f"/api/v1/reports/{rid}", json={"withheld": True}, headers=auth(operator)).status_code == 200
    move(client, rid, [*resolved_by(operator, officer_id, officer),
                       (warga, {"to": "in_progress", "note": "Masih ada di depan rumah Ibu Sari No. 9"})])
    public = client.get(f"/api/v1/reports/{rid}").get_json()["properties"]["timeline"]
    assert all("Ibu Sari" not in (e["note"] or "") + (e["note_en"] or "") for e in public), public
    assert "Ibu Sari" not in (client.get(f"/open311/v2/requests/{rid}.json").get_json()[0]["status_notes"] or "")
    handled = client.get(f"/api/v1/reports/{rid}", headers=auth(operator)).get_json()["properties"]["timeline"]
    assert any("Ibu Sari" in (e["note"] or "") for e in handled)  # the staff handling it read it

    _, dlh_admin = make_user(conn, "admin.dlh", "agency_admin", "DLH")
    filed = submit(client, dlh_admin, point=LLBK, category="gepeng").get_json()["id"]
    first = client.get(f"/api/v1/reports/{filed}").get_json()["properties"]["timeline"][0]
    assert (first["event"], first["actor_role"]) == ("created", "warga")


def test_a_withheld_reports_merge_suggestions_are_withheld_ones(client, conn) -> None:
    """"Mungkin sama" offered a shown report the merge then refused (withheld_mismatch, a walk)."""
    _, warga = make_user(conn, "warga")
    _, tetangga = make_user(conn, "tetangga")
    _, operator = make_user(conn, "operator", "operator")
    rid = submit(client, warga, point=LLBK, description=WORDS).get_json()["id"]
    other = submit(client, tetangga, point=LLBK).get_json()["id"]

    def suggested() -> list[int]:
        got = client.get(f"/api/v1/reports/{rid}/similar", headers=auth(operator)).get_json()
        return [r["id"] for r in got["reports"]]

    assert suggested() == [other]
    assert client.patch(f"/api/v1/reports/{rid}", json={"withheld": True}, headers=auth(operator)).status_code == 200
    assert suggested() == []
    assert client.patch(f"/api/v1/reports/{other}", json={"withheld": True}, headers=auth(operator)).status_code == 200
    assert suggested() == [other]


def test_staff_who_file_and_handle_a_report_show_as_staff_for_their_handling(client, conn) -> None:
    """Filing reads "warga" whoever filed; an operator's own verification of what they filed
    reads "operator" (it read "warga": a resident cannot verify, so it told who filed it)."""
    _, operator = make_user(conn, "operator", "operator")
    rid = submit(client, operator, point=LLBK).get_json()["id"]
    assert client.post(f"/api/v1/reports/{rid}/transitions", json={"to": "verified"},
                       headers=auth(operator)).status_code == 200
    roles = [(e["event"], e["to_status"], e["actor_role"])
             for e in client.get(f"/api/v1/reports/{rid}").get_json()["properties"]["timeline"]]
    assert roles[0][2] == "warga" and roles[-1] == ("status", "verified", "operator"), roles
