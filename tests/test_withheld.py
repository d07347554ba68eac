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
