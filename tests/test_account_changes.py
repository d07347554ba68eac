"""A person's own account (new password, leaving) and an admin's staff (listing, switching off)."""
from __future__ import annotations

import io

import psycopg

from geo.settings import REPO_ROOT
from tests.helpers import LLBK, auth, east_of, make_user, submit
from tests.test_dispatch import offers, put


def login(client, who: str, password: str = "rahasia-123"):
    return client.post("/api/v1/auth/login", json={"login": f"{who}@example.id", "password": password})


def test_a_new_password_ends_every_other_session(client, conn: psycopg.Connection) -> None:
    _, phone = make_user(conn, "ani")
    laptop = login(client, "ani").get_json()["token"]
    wrong = client.post("/api/v1/me/password", json={"current_password": "salah-sekali", "new_password": "baru-rahasia-1"},
                        headers=auth(phone))
    assert (wrong.status_code, wrong.get_json()["code"]) == (403, "wrong_password")
    assert wrong.get_json()["message"] == "Kata sandi salah." and wrong.get_json()["message_en"] == "Wrong password."
    weak = client.post("/api/v1/me/password", json={"current_password": "rahasia-123", "new_password": "pendek"},
                       headers=auth(phone))
    assert (weak.status_code, weak.get_json()["code"]) == (400, "weak_password")
    assert client.get("/api/v1/me", headers=auth(laptop)).status_code == 200  # nothing changed yet
    done = client.post("/api/v1/me/password", json={"current_password": "rahasia-123", "new_password": "baru-rahasia-1"},
                       headers=auth(phone))
    assert done.status_code == 200 and done.get_json() == {"changed": True, "sessions_ended": 1}
    assert client.get("/api/v1/me", headers=auth(phone)).status_code == 200  # the phone that changed it stays in
    assert client.get("/api/v1/me", headers=auth(laptop)).get_json()["code"] == "invalid_token"
    assert login(client, "ani").status_code == 401
    assert login(client, "ani", "baru-rahasia-1").status_code == 200


def test_a_citizen_deletes_her_account_and_her_reports_stay_no_ones(client, conn: psycopg.Connection,
                                                                   run_jobs) -> None:
    uid, token = make_user(conn, "budi")
    first = submit(client, token).get_json()["id"]
    submit(client, token, point=east_of(LLBK, 400))
    run_jobs()  # the photos published
    _, op = make_user(conn, "op", "operator")
    _, ani = make_user(conn, "ani")
    supported = submit(client, ani, point=east_of(LLBK, 2000)).get_json()["id"]
    assert client.post(f"/api/v1/reports/{supported}/support", headers=auth(token)).status_code == 200
    assert client.get(f"/api/v1/reports/{first}", headers=auth(op)).get_json()["properties"]["reporter"]["email"] \
        == "budi@example.id"
    client.post(f"/api/v1/reports/{first}/transitions", json={"to": "verified"}, headers=auth(op))
    assert client.get("/api/v1/notifications", headers=auth(token)).get_json()["notifications"]
    # Before leaving she takes her data with her: everything held about her, and nobody else's.
    mine = client.get("/api/v1/me/data", headers=auth(token))
    assert mine.status_code == 200 and mine.headers["Content-Disposition"] == \
        f'attachment; filename="sigap-data-saya-{uid}.json"'
    data = mine.get_json()
    assert data["account"]["email"] == "budi@example.id" and len(data["reports"]) == 2
    report = next(r for r in data["reports"] if r["id"] == first)
    assert (report["category"], report["city"], report["status"], round(report["lng"], 5)) == (
        "sampah", "kupang", "verified", round(LLBK[0], 5))  # her own exact place
    assert [e["event"] for e in report["timeline"]][:1] == ["created"] and report["timeline"][-1]["to"] == "verified"
    assert [s["report_id"] for s in data["supported"]] == [supported] and data["notifications"]
    # The photo she took, as published (faces blurred, no EXIF), at an address that works from the file.
    [photo] = report["photos"]
    assert photo["kind"] == "before" and photo["url"].startswith("http://localhost/media/")
    got = client.get(photo["url"].removeprefix("http://localhost"))
    assert got.status_code == 200 and got.data[:2] == b"\xff\xd8"
    assert supported not in {r["id"] for r in data["reports"]}  # ani's report: not hers
    refused = client.delete("/api/v1/me", json={"password": "bukan-ini-123"}, headers=auth(token))
    assert (refused.status_code, refused.get_json()["code"]) == (403, "wrong_password")
    gone = client.delete("/api/v1/me", json={"password": "rahasia-123"}, headers=auth(token))
    assert gone.status_code == 200 and gone.get_json() == {"deleted": True, "reports_kept": 2}
    # Signed out everywhere, and the login is free for a new account.
    assert client.get("/api/v1/me", headers=auth(token)).status_code == 401
    assert login(client, "budi").status_code == 401
    # Nothing of hers is left to tie her reports together: her row, sessions, notifications and
    # "dukung" rows are gone; her timeline events and photos are the shared former resident's.
    left = conn.execute("SELECT (SELECT count(*) FROM users WHERE id = %(id)s) AS rows,"
                        " (SELECT count(*) FROM notifications WHERE user_id = %(id)s) AS notes,"
                        " (SELECT count(*) FROM report_supporters WHERE user_id = %(id)s) AS supports,"
                        " (SELECT count(*) FROM report_events WHERE actor_id = %(id)s) AS events,"
                        " (SELECT count(*) FROM photos WHERE uploader_id = %(id)s) AS photos,"
                        " (SELECT count(*) FROM reports WHERE reporter_id = %(id)s) AS linked", {"id": uid}).fetchone()
    assert left == {"rows": 0, "notes": 0, "supports": 0, "events": 0, "photos": 0, "linked": 0}
    former = conn.execute("SELECT id, email, phone, full_name, disabled FROM users WHERE deleted_at IS NOT NULL").fetchall()
    assert len(former) == 1 and (former[0]["email"], former[0]["phone"], former[0]["disabled"]) == (None, None, True)
    assert conn.execute("SELECT count(*) AS n FROM report_events WHERE actor_id = %s AND report_id = %s",
                        (former[0]["id"], first)).fetchone()["n"] == 1  # her "created" event
    assert conn.execute("SELECT support_count FROM reports WHERE id = %s", (supported,)).fetchone()["support_count"] == 1
    # The reports are still the city's, and the operator sees no one behind them.
    seen = client.get(f"/api/v1/reports/{first}", headers=auth(op)).get_json()["properties"]
    assert seen["status"] == "verified" and seen["reporter"] == {"name": None, "email": None, "phone": None}
    assert seen["timeline"][0]["actor_role"] == "warga"  # who acted is still told: a resident
    again = client.post("/api/v1/auth/register", json={"email": "budi@example.id", "password": "rahasia-baru-1"})
    assert again.status_code == 201 and again.get_json()["id"] != uid
    # A second resident leaving joins the same former resident; her own row goes too.
    cid, citra = make_user(conn, "citra")
    submit(client, citra, point=east_of(LLBK, 800))
    assert client.delete("/api/v1/me", json={"password": "rahasia-123"}, headers=auth(citra)).status_code == 200
    assert [r["id"] for r in conn.execute("SELECT id FROM users WHERE deleted_at IS NOT NULL")] == [former[0]["id"]]
    assert conn.execute("SELECT count(*) AS n FROM users WHERE id = %s", (cid,)).fetchone()["n"] == 0


def test_staff_do_not_delete_themselves(client, conn: psycopg.Connection) -> None:
    _, op = make_user(conn, "op", "operator")
    r = client.delete("/api/v1/me", json={"password": "rahasia-123"}, headers=auth(op))
    assert (r.status_code, r.get_json()["code"]) == (403, "staff_account")
    assert client.get("/api/v1/me", headers=auth(op)).status_code == 200


def test_an_admin_switches_off_staff_who_left(client, conn: psycopg.Connection) -> None:
    _, admin = make_user(conn, "admin", "admin")
    _, dlh_admin = make_user(conn, "admin.dlh", "agency_admin", "DLH")
    officer_id, officer = make_user(conn, "petugas", "responder", "DLH")
    other_id, _ = make_user(conn, "petugas.damkar", "responder", "DAMKAR")
    op_id, op = make_user(conn, "op", "operator")
    citizen_id, _ = make_user(conn, "warga")
    assert client.put("/api/v1/responders/me/status", json={"status": "available"}, headers=auth(officer)).status_code == 200
    everyone = client.get("/api/v1/users", headers=auth(admin)).get_json()["users"]
    assert {u["email"] for u in everyone} >= {"admin@example.id", "petugas@example.id", "op@example.id"}
    assert citizen_id not in {u["id"] for u in everyone}
    assert all(u["created_at"].endswith("+08:00") for u in everyone)
    own = client.get("/api/v1/users", headers=auth(dlh_admin)).get_json()["users"]
    assert [(u["id"], u["role"], u["agency"]) for u in own] == [(officer_id, "responder", "DLH")]
    assert client.get("/api/v1/users", headers=auth(op)).status_code == 403
    # An agency admin: their own officers only; nobody their own account.
    for who, target, code in ((dlh_admin, other_id, 403), (dlh_admin, op_id, 403), (admin, citizen_id, 404)):
        assert client.patch(f"/api/v1/users/{target}", json={"disabled": True}, headers=auth(who)).status_code == code
    selfish = client.patch("/api/v1/users/{}".format(
        client.get("/api/v1/me", headers=auth(admin)).get_json()["id"]), json={"disabled": True}, headers=auth(admin))
    assert (selfish.status_code, selfish.get_json()["code"]) == (409, "own_account")
    bad = client.patch(f"/api/v1/users/{officer_id}", json={"disabled": "ya"}, headers=auth(dlh_admin))
    assert (bad.status_code, bad.get_json()["code"]) == (400, "invalid_disabled")
    _, warga = make_user(conn, "warga.lapor")
    task = submit(client, warga).get_json()["id"]
    conn.execute("UPDATE reports SET status = 'assigned', assignee_id = %s WHERE id = %s", (officer_id, task))
    conn.commit()
    phone = {"endpoint": "https://push.example/officer-phone", "keys": {"p256dh": "BAAA", "auth": "AAAA"}}
    subscribed = client.post("/api/v1/push/subscriptions", json=phone, headers=auth(officer))
    off = client.patch(f"/api/v1/users/{officer_id}", json={"disabled": True}, headers=auth(dlh_admin))
    assert off.status_code == 200 and off.get_json() == {"id": officer_id, "disabled": True, "sessions_ended": 1,
                                                          "requeued": [task]}  # back to the dispatcher
    assert client.get("/api/v1/me", headers=auth(officer)).status_code == 401
    assert login(client, "petugas").status_code == 401
    assert conn.execute("SELECT status FROM responders WHERE user_id = %s", (officer_id,)).fetchone()["status"] == "off"
    # Their phone gets no more task pushes: the notices of a job they left are not theirs.
    assert subscribed.status_code == 201, subscribed.get_json()
    assert conn.execute("SELECT count(*) AS n FROM push_subscriptions WHERE user_id = %s",
                        (officer_id,)).fetchone()["n"] == 0
    listed = {u["id"]: u for u in client.get("/api/v1/users", headers=auth(admin)).get_json()["users"]}
    assert listed[officer_id]["disabled"] is True and listed[op_id]["disabled"] is False
    back = client.patch(f"/api/v1/users/{officer_id}", json={"disabled": False}, headers=auth(admin))
    assert back.status_code == 200 and login(client, "petugas").status_code == 200


def test_a_switched_off_officer_hands_their_work_to_the_next_nearest(client, conn: psycopg.Connection, run_jobs) -> None:
    """An officer who left holds nothing: the report they had accepted goes back to the queue with
    a timeline entry that says why, their unanswered offer is withdrawn, and the next nearest
    officer on shift is offered both in turn, without an operator having to notice."""
    _, admin = make_user(conn, "admin", "admin")
    gone_id, gone = make_user(conn, "pergi", "responder", "DLH")
    next_id, nxt = make_user(conn, "pengganti", "responder", "DLH")
    _, warga = make_user(conn, "warga")
    put(client, gone, east_of(LLBK, 100))
    accepted, offered = (submit(client, warga, point=east_of(LLBK, m)).get_json()["id"] for m in (150, 250))
    run_jobs()
    mine = {o["report_id"]: o["assignment_id"] for o in offers(client, gone)}
    assert set(mine) == {accepted}  # one offer at a time: the nearer
    assert client.post(f"/api/v1/assignments/{mine[accepted]}/accept", headers=auth(gone)).status_code == 200
    # "Siap" again with the task in hand (their choice): the next is offered them
    assert client.put("/api/v1/responders/me/status", json={"status": "available"}, headers=auth(gone)).status_code == 200
    run_jobs()
    mine = {o["report_id"]: o["assignment_id"] for o in offers(client, gone)}
    assert set(mine) == {accepted, offered}
    put(client, nxt, east_of(LLBK, 2000))
    off = client.patch(f"/api/v1/users/{gone_id}", json={"disabled": True}, headers=auth(admin))
    assert off.status_code == 200 and off.get_json()["requeued"] == [accepted, offered]
    report = client.get(f"/api/v1/reports/{accepted}", headers=auth(admin)).get_json()["properties"]
    assert (report["status"], report["assignee"]) == ("verified", None)
    seen = client.get(f"/api/v1/reports/{accepted}", headers=auth(warga)).get_json()["properties"]["timeline"][-1]
    assert (seen["from_status"], seen["to_status"]) == ("assigned", "verified")
    assert "kembali ke antrean" in seen["note"] and "back in the queue" in seen["note_en"]
    states = conn.execute("SELECT id, status FROM assignments WHERE responder_id = %s", (gone_id,)).fetchall()
    assert {r["id"]: r["status"] for r in states} == {mine[accepted]: "cancelled", mine[offered]: "cancelled"}
    run_jobs()
    first = offers(client, nxt)  # one at a time, the other when they answer
    assert len(first) == 1 and first[0]["report_id"] in (accepted, offered), first
    assert client.post(f"/api/v1/assignments/{first[0]['assignment_id']}/decline", headers=auth(nxt)).status_code == 200
    run_jobs()
    assert [o["report_id"] for o in offers(client, nxt)] == list({accepted, offered} - {first[0]["report_id"]})
    assert conn.execute("SELECT status FROM responders WHERE user_id = %s", (next_id,)).fetchone()["status"] == "available"


def test_a_password_an_admin_chose_must_be_replaced_before_anything_else(client, conn: psycopg.Connection) -> None:
    """A first password (or a reset one) is known to the admin who typed it: until its owner has
    chosen their own, the account can only see who it is, change the password, or sign out."""
    _, admin = make_user(conn, "admin", "admin")
    _, dishub_admin = make_user(conn, "admin.dishub", "agency_admin", "DISHUB")
    made = client.post("/api/v1/users", headers=auth(admin), json={
        "full_name": "Yohanes", "email": "yohanes@example.id", "role": "responder", "agency": "DLH",
        "password": "awal-dari-admin"})
    assert made.status_code == 201
    officer_id = made.get_json()["id"]
    signed = client.post("/api/v1/auth/login", json={"login": "yohanes@example.id", "password": "awal-dari-admin"})
    assert signed.get_json()["user"]["must_change_password"] is True
    token = signed.get_json()["token"]
    assert client.get("/api/v1/me", headers=auth(token)).get_json()["must_change_password"] is True
    for url in ("/api/v1/responders/me/offers", "/api/v1/reports", "/api/v1/notifications"):
        r = client.get(url, headers=auth(token))
        assert (r.status_code, r.get_json()["code"]) == (403, "password_change_required"), url
        assert "kata sandi" in r.get_json()["message"] and r.get_json()["message_en"]
    assert client.get("/api/v1/reports").status_code == 200  # the public map is not theirs to block
    same = client.post("/api/v1/me/password", headers=auth(token),
                       json={"current_password": "awal-dari-admin", "new_password": "awal-dari-admin"})
    assert (same.status_code, same.get_json()["code"]) == (400, "same_password")
    own = client.post("/api/v1/me/password", headers=auth(token),
                      json={"current_password": "awal-dari-admin", "new_password": "hanya-saya-tahu"})
    assert own.status_code == 200
    assert client.get("/api/v1/responders/me/offers", headers=auth(token)).status_code == 200
    assert client.get("/api/v1/me", headers=auth(token)).get_json()["must_change_password"] is False
    # Forgotten: the admin sets one to hand over; every session ends, and the first rule is back.
    for who, body, code in ((dishub_admin, {"password": "dari-admin-lain"}, 403), (admin, {"password": "pendek"}, 400),
                            (admin, {}, 400)):
        r = client.patch(f"/api/v1/users/{officer_id}", json=body, headers=auth(who))
        assert r.status_code == code, (body, r.get_json())
    reset = client.patch(f"/api/v1/users/{officer_id}", json={"password": "baru-dari-admin"}, headers=auth(admin))
    assert reset.status_code == 200 and reset.get_json() == {"id": officer_id, "password_reset": True, "sessions_ended": 1}
    assert client.get("/api/v1/me", headers=auth(token)).status_code == 401
    assert login(client, "yohanes", "hanya-saya-tahu").status_code == 401
    again = login(client, "yohanes", "baru-dari-admin").get_json()
    assert again["user"]["must_change_password"] is True
    listed = {u["id"]: u for u in client.get("/api/v1/users", headers=auth(admin)).get_json()["users"]}
    assert listed[officer_id]["must_change_password"] is True
    assert client.get("/api/v1/responders/me/offers", headers=auth(again["token"])).status_code == 403
    mine = client.get("/api/v1/me", headers=auth(admin)).get_json()["id"]
    selfish = client.patch(f"/api/v1/users/{mine}", json={"password": "sendiri-saja-1"}, headers=auth(admin))
    assert (selfish.status_code, selfish.get_json()["code"]) == (409, "own_account")


STAFF_CSV = """\ufeffNama;Email;HP;Peran;OPD;Kelurahan;Kata sandi
Maria Fernandes;maria@kupang.go.id;;petugas;dlh;;
Yakob Ndun;;0812 3456 7001;Petugas;DLH;;awal-yakob-1
Lurah Oebobo;lurah.oebobo@kupang.go.id;;operator;;oebobo;

"""


def test_an_admin_adds_a_team_from_a_spreadsheet(client, conn: psycopg.Connection) -> None:
    """Kupang's 200 field officers are a spreadsheet, not 200 forms: a CSV as Excel saves it
    (semicolons, a BOM, Indonesian headers) adds them all, each with a first password to hand
    over; one bad line and none is added, every bad line named."""
    _, admin = make_user(conn, "admin", "admin")
    _, dishub = make_user(conn, "admin.dishub", "agency_admin", "DISHUB")
    bad = STAFF_CSV.replace("dlh;;\n", "DLHX;;\n").replace("Yakob Ndun;;", "Yakob Ndun;admin@example.id;")
    refused = client.post("/api/v1/users/import", data=bad.encode(), content_type="text/csv", headers=auth(admin))
    assert (refused.status_code, refused.get_json()["code"]) == (400, "invalid_staff_file")
    lines = {p["line"]: p["code"] for p in refused.get_json()["details"]["lines"]}
    assert lines == {2: "unknown_agency", 3: "account_exists"}
    assert "tidak ada staf yang ditambahkan" in refused.get_json()["message"]
    assert conn.execute("SELECT count(*) AS n FROM users WHERE email = 'lurah.oebobo@kupang.go.id'").fetchone()["n"] == 0
    geojson = (REPO_ROOT / "data" / "reference" / "kupang_kecamatan.geojson").read_bytes()  # the wrong file: a 500
    for body in (b"", b"foo,bar\n1,2\n", geojson, bytes(range(256)) * 40):
        r = client.post("/api/v1/users/import", data=body, content_type="text/csv", headers=auth(admin))
        assert (r.status_code, r.get_json()["code"]) == (400, "invalid_staff_file"), r.get_json()
    # What is wrong with a line as a line is said as such (an admin walk): a login twice in the file
    # (0812… and +62812… are one), a value more than the columns (a comma in a name), a quote never
    # closed (it swallowed the lines after it, and only "give an e-mail or a phone" was said).
    lines_of = client.post("/api/v1/users/import", headers=auth(admin), content_type="text/csv", data=(
        b"No,nama,hp,peran,opd\n1,Ana,081234500001,petugas,DLH\n2,Ani,+6281234500001,petugas,DLH\n"
        b"3,Yohanes, S.Pd,081234500003,petugas,DLH\n\n4,\"Yohana\nNdun\",081234500006,petugas,DLH\n"
        b"5,\"Beni,081234500004,petugas,DLH\n6,Budi,081234500005,petugas,DLH\n"
    )).get_json()
    assert [(p["line"], p["code"]) for p in lines_of["details"]["lines"]] == [
        (3, "repeated_login"), (4, "extra_values"), (8, "open_quote")], lines_of  # a cell of two lines is fine
    assert lines_of["details"]["lines"][0]["message"] == "Login yang sama dengan baris 2."
    unknown = client.post("/api/v1/users/import", headers=auth(admin), content_type="text/csv",
                          data=b"nama,email,peran,jabatan,kata sandi\nAna,ana@kupang.go.id,petugas,Staf,awal-ana-123\n")
    assert (unknown.status_code, unknown.get_json()["details"]["unknown"]) == (400, ["jabatan"])
    # the handout's own words for a coordinator, with the area they need
    words = client.post("/api/v1/users/import", headers=auth(admin), content_type="text/csv", data=(
        b"nama;email;peran;kecamatan;kelurahan\nCamat A;camat.a@kupang.go.id;camat;;\n"
        b"Lurah B;lurah.b@kupang.go.id;Lurah;;\n"))
    assert [p["code"] for p in words.get_json()["details"]["lines"]] == ["area_required", "area_required"]
    camat = client.post("/api/v1/users/import", headers=auth(admin), content_type="text/csv", data=(
        b"nama;email;peran;kecamatan\nCamat Oebobo;camat.o@kupang.go.id;camat;Oebobo\n"))
    assert camat.status_code == 201 and camat.get_json()["added"][0]["role"] == "operator", camat.get_json()
    assert camat.get_json()["added"][0]["kecamatan"] == "Oebobo"
    done = client.post("/api/v1/users/import", headers=auth(admin), content_type="multipart/form-data",
                       data={"file": (io.BytesIO(STAFF_CSV.encode()), "staf.csv")})
    assert done.status_code == 201, done.get_json()
    added = {a["login"]: a for a in done.get_json()["added"]}
    assert done.get_json()["count"] == 3 and set(added) == {"maria@kupang.go.id", "0812 3456 7001",
                                                            "lurah.oebobo@kupang.go.id"}
    assert (added["maria@kupang.go.id"]["role"], added["maria@kupang.go.id"]["agency"]) == ("responder", "DLH")
    assert added["0812 3456 7001"]["password"] == "awal-yakob-1" and len(added["maria@kupang.go.id"]["password"]) >= 12
    first = client.post("/api/v1/auth/login", json={"login": "maria@kupang.go.id",
                                                    "password": added["maria@kupang.go.id"]["password"]}).get_json()
    assert first["user"]["must_change_password"] is True
    assert client.post("/api/v1/auth/login", json={"login": "081234567001", "password": "awal-yakob-1"}).status_code == 200
    lurah = client.get("/api/v1/users", headers=auth(admin)).get_json()["users"]
    assert {u["email"]: u["kelurahan"] for u in lurah if u["email"]}["lurah.oebobo@kupang.go.id"] == "Oebobo"
    # An agency admin: their own agency's field officers only.
    theirs = client.post("/api/v1/users/import", data=STAFF_CSV.replace("kupang.go.id", "dishub.id").replace(
        "0812 3456 7001", "0812 3456 7002").encode(), content_type="text/csv", headers=auth(dishub))
    assert (theirs.status_code, theirs.get_json()["code"]) == (403, "forbidden")
    assert {p["line"] for p in theirs.get_json()["details"]["lines"]} == {2, 3, 4}


def test_the_deployer_imports_the_first_team_at_the_shell(client, conn: psycopg.Connection, env, tmp_path) -> None:
    """`sigap import-staff` before anyone can sign in: the same file and rules as the Staf tab;
    the first passwords go to a file only the server's user can read, never to the terminal."""
    import csv
    import stat

    from click.testing import CliRunner

    from api.cli import main

    sheet, out = tmp_path / "staf.csv", tmp_path / "kata-sandi.csv"
    sheet.write_bytes(STAFF_CSV.replace("dlh;;\n", "DLHX;;\n").encode("utf-8"))
    refused = CliRunner().invoke(main, ["import-staff", str(sheet), "--out", str(out)])
    assert refused.exit_code != 0 and "baris/line 2" in refused.output and "tidak ada staf" in refused.output
    assert not out.exists()
    assert conn.execute("SELECT count(*) AS n FROM users WHERE email = 'lurah.oebobo@kupang.go.id'").fetchone()["n"] == 0
    conn.commit()
    sheet.write_bytes(STAFF_CSV.encode("cp1252", errors="ignore").replace(b"Maria", b"M\xe1ria"))  # Excel on Windows
    done = CliRunner().invoke(main, ["import-staff", str(sheet), "--city", "kupang", "--out", str(out)])
    assert done.exit_code == 0, done.output
    assert "3 staf ditambahkan" in done.output and "awal-yakob-1" not in done.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    nowhere = CliRunner().invoke(main, ["import-staff", str(sheet), "--out", str(tmp_path / "no" / "such.csv")])
    assert nowhere.exit_code != 0 and "--out" in nowhere.output  # said before anyone is added
    handout = out.read_bytes()  # a second import to the same file overwrote the first passwords
    other = tmp_path / "staf2.csv"
    other.write_text("nama,email,peran,opd\nAnsel,ansel@kupang.go.id,petugas,DLH\n", encoding="utf-8")
    kept = CliRunner().invoke(main, ["import-staff", str(other), "--out", str(out)])
    assert kept.exit_code == 1 and "already exists" in kept.output and out.read_bytes() == handout
    assert conn.execute("SELECT count(*) AS n FROM users WHERE email = 'ansel@kupang.go.id'").fetchone()["n"] == 0
    wrong = CliRunner().invoke(main, ["import-staff", str(REPO_ROOT / "data" / "cities" / "jakarta_kelurahan_bps2020.geojson"),
                                      "--out", str(tmp_path / "x.csv")])
    assert wrong.exit_code == 1 and "not a spreadsheet's CSV" in wrong.output and "Traceback" not in wrong.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    rows = {r["login"]: r for r in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))}
    assert rows["maria@kupang.go.id"]["nama"] == "Mária Fernandes" and rows["maria@kupang.go.id"]["opd"] == "DLH"
    assert rows["0812 3456 7001"]["kata_sandi"] == "awal-yakob-1"
    # in the words the import takes, and the lurah as lurah of her kelurahan as the city names it (it said
    # "operator", no area)
    assert (rows["maria@kupang.go.id"]["peran"], rows["maria@kupang.go.id"]["wilayah"]) == ("petugas", "")
    assert (rows["lurah.oebobo@kupang.go.id"]["peran"], rows["lurah.oebobo@kupang.go.id"]["wilayah"]) == (
        "lurah", "Kel. Oebobo")
    first = client.post("/api/v1/auth/login", json={"login": "maria@kupang.go.id",
                                                    "password": rows["maria@kupang.go.id"]["kata_sandi"]})
    assert first.status_code == 200 and first.get_json()["user"]["must_change_password"] is True


def test_a_name_with_a_semicolon_does_not_change_the_file_s_separator() -> None:
    """A comma file whose quoted names hold semicolons ("Yohanes; S.Pd", as titles are written) was
    read as a semicolon file and refused for lacking its header; a semicolon file with commas in
    its names stays a semicolon file."""
    from geo.staff_import import parse

    comma = ('nama,email,peran,opd\n"Yohanes Ndun; S.Pd",yohanes@kupang.go.id,petugas,DLH\n'
             '"Maria; S.T.",maria@kupang.go.id,petugas,DLH\n')
    assert [r.fields["full_name"] for r in parse(comma)] == ["Yohanes Ndun; S.Pd", "Maria; S.T."]
    semi = 'Nama;Email;Peran;OPD\n"Ndun, Yohanes";yohanes@kupang.go.id;petugas;DLH\n'
    assert parse(semi)[0].fields == {"full_name": "Ndun, Yohanes", "email": "yohanes@kupang.go.id", "role": "petugas",
                                     "agency": "DLH"}


def test_first_passwords_open_as_text_in_a_spreadsheet() -> None:
    """A generated password that starts with "-" is a formula to Excel (#NAME?): never one."""
    from geo.staff_import import _first_password

    assert all(_first_password()[0].isalnum() for _ in range(2000))


def test_an_agency_admin_without_an_agency_is_not_taken_for_the_city_s_admin(client, conn: psycopg.Connection) -> None:
    uid, lost = make_user(conn, "admin.tanpa.opd", "agency_admin", "DLH")
    conn.execute("UPDATE staff SET agency_id = NULL WHERE user_id = %s", (uid,))  # the schema allows it
    conn.commit()
    made = client.post("/api/v1/users", headers=auth(lost), json={"email": "baru@example.id", "password": "rahasia-123",
                                                                  "role": "admin"})
    assert made.status_code == 403, made.get_json()


def test_a_resident_names_herself_and_operators_see_it(client, conn: psycopg.Connection) -> None:
    """Signed up without a name (it may stay empty), or with a typo, a resident had no way to set
    it: operators saw her reports without one. Staff names stay their admin's."""
    uid, maria = make_user(conn, "maria")
    conn.execute("UPDATE users SET full_name = '' WHERE id = %s", (uid,))  # signed up without one
    conn.commit()
    _, op = make_user(conn, "op", "operator")
    rid = submit(client, maria, point=LLBK).get_json()["id"]
    r = client.patch("/api/v1/me", json={"full_name": "  Maria   Nenobais "}, headers=auth(maria))
    assert r.status_code == 200 and r.get_json() == {"full_name": "Maria Nenobais"}
    assert client.get("/api/v1/me", headers=auth(maria)).get_json()["full_name"] == "Maria Nenobais"
    reporter = client.get(f"/api/v1/reports/{rid}", headers=auth(op)).get_json()["properties"]["reporter"]
    assert reporter["name"] == "Maria Nenobais"
    for body, code in (({"full_name": "x" * 201}, "name_too_long"), ({"full_name": 7}, "invalid_full_name"),
                       ({}, "invalid_full_name")):
        r = client.patch("/api/v1/me", json=body, headers=auth(maria))
        assert r.status_code == 400 and r.get_json()["code"] == code, r.get_json()
        assert r.get_json()["message"] and r.get_json()["message_en"]
    assert client.get("/api/v1/me", headers=auth(maria)).get_json()["full_name"] == "Maria Nenobais"  # kept
    r = client.patch("/api/v1/me", json={"full_name": ""}, headers=auth(maria))  # none, as at sign-up
    assert r.status_code == 200 and client.get("/api/v1/me", headers=auth(maria)).get_json()["full_name"] == ""
    r = client.patch("/api/v1/me", json={"full_name": "Bos"}, headers=auth(op))
    assert r.status_code == 403 and r.get_json()["code"] == "staff_account"
    assert client.get("/api/v1/me", headers=auth(op)).get_json()["full_name"] == "Op"
