"""A confidential report's photo (a missing person) is reached only by a signed link that runs out
and is cached privately: a GIS walk opened one logged out with a link taken from the admin view,
served "public, max-age=86400, immutable". Public reports' photos keep their lasting links, kept by
browsers no longer than a minute (an operator may withhold them at any time), then revalidated."""
from __future__ import annotations

import time

from geo import medialinks
from tests.helpers import LLBK, auth, make_user, submit


def test_a_missing_persons_photo_is_reached_by_a_link_that_runs_out(client, conn, run_jobs) -> None:
    _, family = make_user(conn, "keluarga")
    _, officer = make_user(conn, "petugas", "responder", "DINSOS")
    rid = submit(client, family, category="orang_hilang", point=LLBK).get_json()["id"]
    public_rid = submit(client, family, category="sampah", point=LLBK).get_json()["id"]
    run_jobs()  # the photos are published (people blurred)

    mine = client.get(f"/api/v1/reports/{rid}", headers=auth(family)).get_json()["properties"]
    url = mine["photo_url"]
    assert "?until=" in url and "&sig=" in url, url
    got = client.get(url)
    assert got.status_code == 200 and got.mimetype == "image/jpeg"
    cache = got.headers["Cache-Control"]
    assert cache.startswith("private, max-age=") and int(cache.split("=")[1]) <= 3600, cache
    assert client.get(mine["thumb_url"]).status_code == 200
    bare = url.split("?")[0]
    for wrong in (bare, url[:-1] + ("0" if url[-1] != "0" else "1"), bare.replace("public.jpg", "thumb.jpg")
                  + "?" + url.split("?")[1]):  # no signature, a wrong one, another size's
        r = client.get(wrong)
        assert (r.status_code, r.get_json()["code"]) == (404, "photo_not_found"), wrong
    key = bare.removeprefix("/media/").removesuffix("/public.jpg")
    old = medialinks.signer(conn, now=time.time() - 8 * 3600)(key, "public")
    assert client.get(old).status_code == 404  # run out
    # The public never gets it (as before), and the officer who handles it does, signed.
    assert client.get(f"/api/v1/reports/{rid}").get_json()["properties"]["photo_url"] is None
    task = next(t for t in client.get(f"/api/v1/responders/me/tasks?near={LLBK[0]},{LLBK[1]}",
                                      headers=auth(officer)).get_json()["tasks"] if t["id"] == rid)
    assert "&sig=" in task["photo_url"] and client.get(task["photo_url"]).status_code == 200
    # Her own data: the photo's path works too.
    data = client.get("/api/v1/me/data", headers=auth(family)).get_json()
    kept = next(r for r in data["reports"] if r["id"] == rid)["photos"][0]["url"]
    assert "&sig=" in kept and client.get(kept.removeprefix("http://localhost")).status_code == 200, kept

    # A public report's photo: the same lasting link as ever, cached by anyone, but only as long as
    # the server itself would serve it after an operator withholds it (a day before: a browser kept
    # a withheld photo); asked again with its ETag, it costs a 304.
    plain = client.get(f"/api/v1/reports/{public_rid}").get_json()["properties"]["photo_url"]
    assert "?" not in plain
    shown = client.get(plain)
    assert shown.status_code == 200
    assert shown.headers["Cache-Control"] == f"public, max-age={int(medialinks.PUBLIC_TTL_S)}, must-revalidate"
    again = client.get(plain, headers={"If-None-Match": shown.headers["ETag"]})
    assert again.status_code == 304 and not again.data
