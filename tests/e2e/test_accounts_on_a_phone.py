"""Accounts on a phone, by taps: a resident changes her password from "Laporan saya" (her other
phone is signed out) and then deletes her account (her report stays, no one's); a field officer
and an operator change theirs from their name in the header. axe-core on each screen."""
from __future__ import annotations

import json
from pathlib import Path

import psycopg

from tests.e2e.conftest import ARTIFACTS, wait_until
from tests.e2e.test_phone_app import PHONES, axe_clean, open_app, phone, sign_in, staff_sign_in  # noqa: F401
from tests.helpers import auth, make_user, submit


def test_a_resident_changes_her_password_then_deletes_her_account(live: str, phone, client,  # noqa: F811
                                                                  conn: psycopg.Connection) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    uid, other_phone = make_user(conn, "rina")
    rid = submit(client, other_phone).get_json()["id"]
    context, page = phone(PHONES[1])  # 360 x 640
    open_app(page, live)
    page.tap("#report-open")
    sign_in(page, "rina@example.id")
    page.tap("#mine-open")
    page.wait_for_selector(f"#mine-list button[data-report='{rid}']")
    page.locator("#account summary").scroll_into_view_if_needed()
    page.tap("#account summary")
    axe_clean(page, live, "my account")
    # Her name as staff see it on her reports, shown and changed here (there was no way to).
    wait_until(page, "document.getElementById('acc-name').value === 'Rina'")
    page.locator("#acc-name").fill("Rina Manafe")
    page.tap("#acc-name-save")
    wait_until(page, "document.getElementById('acc-msg').textContent === 'Nama tersimpan: Rina Manafe.'")
    assert conn.execute("SELECT full_name FROM users WHERE id = %s", (uid,)).fetchone()["full_name"] == "Rina Manafe"
    conn.commit()
    page.locator("#acc-current").fill("rahasia-123")
    page.locator("#acc-new").fill("pendek")
    page.tap("#acc-save")  # the browser's own check: 8 characters at least; nothing is sent
    assert page.evaluate("!document.getElementById('acc-new').validity.valid")
    page.locator("#acc-current").fill("salah-sandi-1")
    page.locator("#acc-new").fill("kupang-baru-2026")
    page.tap("#acc-save")
    wait_until(page, "document.getElementById('acc-msg').textContent.includes('Kata sandi salah')")
    # said under the form tapped, on screen (it came ~1,000 px down, under "Hapus akun saya": a phone walk)
    assert page.evaluate("document.getElementById('acc-msg').parentElement.id") == "acc-password"
    box = page.locator("#acc-msg").bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 640, box
    page.locator("#acc-current").fill("rahasia-123")
    page.locator("#acc-new").fill("kupang-baru-2026")
    page.tap("#acc-save")
    wait_until(page, "document.getElementById('acc-msg').textContent.includes('Kata sandi diganti')")
    assert "Sesi lain yang diakhiri: 1" in page.locator("#acc-msg").inner_text()
    assert client.get("/api/v1/me", headers=auth(other_phone)).status_code == 401  # her other phone is out
    assert client.post("/api/v1/auth/login", json={"login": "rina@example.id", "password": "kupang-baru-2026"}
                       ).status_code == 200
    page.screenshot(path=str(ARTIFACTS / "phone-account-password.png"))

    # She downloads what is kept about her before she goes.
    page.locator("#acc-data").scroll_into_view_if_needed()
    with page.expect_download() as got:
        page.tap("#acc-data")
    assert got.value.suggested_filename == f"sigap-data-saya-{uid}.json"
    kept = json.loads(Path(got.value.path()).read_text(encoding="utf-8"))
    assert kept["account"]["email"] == "rina@example.id" and [r["id"] for r in kept["reports"]] == [rid]
    wait_until(page, "document.getElementById('acc-msg').textContent.includes('Data Anda telah diunduh')")

    # Deleting asks twice and for the password; her report stays, no longer hers.
    page.locator("#acc-delete-password").scroll_into_view_if_needed()
    page.locator("#acc-delete-password").fill("kupang-baru-2026")
    page.tap("#acc-delete")
    wait_until(page, "document.getElementById('acc-delete').textContent === 'Ya, hapus permanen'")
    assert conn.execute("SELECT deleted_at FROM users WHERE id = %s", (uid,)).fetchone()["deleted_at"] is None
    page.screenshot(path=str(ARTIFACTS / "phone-account-delete.png"))
    page.tap("#acc-delete")
    wait_until(page, "document.getElementById('mine-open').hidden")
    assert "Akun Anda telah dihapus" in page.locator("body").inner_text()
    row = conn.execute("SELECT (SELECT count(*) FROM users WHERE id = %s) AS account, reporter_id FROM reports"
                       " WHERE id = %s", (uid, rid)).fetchone()
    assert row == {"account": 0, "reporter_id": None}  # her account is gone, her report stays
    # The report sheet asks whoever holds the phone to sign in again.
    page.tap("#report-open")
    page.wait_for_selector("#f-login")
    # The one refusal asked for (the wrong password); no revocation of a session already ended.
    assert [e for e in page.errors if "403" not in e] == [], page.errors


def test_staff_change_their_password_from_their_name(live: str, phone, conn: psycopg.Connection) -> None:  # noqa: F811
    make_user(conn, "petugas", "responder", "DLH")  # signed in elsewhere too (make_user logs in)
    make_user(conn, "operator", "operator")
    for url, email, size in ((live + "/petugas", "petugas@example.id", PHONES[1]),
                             (live + "/ops", "operator@example.id", PHONES[0])):
        context, page = phone(size)
        staff_sign_in(page, url, email)
        wait_until(page, "window.sigapReady === true")
        who = page.locator("#who")
        box = who.bounding_box()
        assert box and box["height"] >= 44 and box["x"] + box["width"] <= size["width"], box
        page.tap("#who")
        page.wait_for_selector("dialog.account-dialog[open]")
        assert page.locator("#acc-delete").count() == 0  # staff are switched off by their admin
        axe_clean(page, live, f"account dialog {url}")
        page.locator("#acc-current").fill("rahasia-123")
        page.locator("#acc-new").fill("petugas-baru-2026")
        page.tap("#acc-save")
        wait_until(page, "document.getElementById('acc-msg').textContent.includes('Kata sandi diganti')")
        page.screenshot(path=str(ARTIFACTS / f"phone-staff-account-{size['width']}.png"))
        page.tap("dialog.account-dialog .close")
        wait_until(page, "!document.querySelector('dialog.account-dialog')")
        assert page.evaluate("document.activeElement && document.activeElement.id") == "who"
        page.reload()
        wait_until(page, "window.sigapReady === true")
        assert page.locator("#who").inner_text()
        assert page.errors == [], page.errors
        context.close()
    row = conn.execute("SELECT count(*) AS n FROM api_tokens t JOIN users u ON u.id = t.user_id"
                       " WHERE u.email = 'petugas@example.id'").fetchone()
    assert row["n"] == 1  # only the phone that changed it: the other sign-in ended


def test_an_admin_adds_a_field_officer_and_switches_off_one_who_left(live: str, phone, client,  # noqa: F811
                                                                      conn: psycopg.Connection, tmp_path) -> None:
    _, admin = make_user(conn, "admin", "admin")
    make_user(conn, "admin.dlh", "agency_admin", "DLH")
    left_id, left = make_user(conn, "petugas.lama", "responder", "DLH")
    _, warga = make_user(conn, "warga")
    held = submit(client, warga).get_json()["id"]  # rubbish the one who left had been given
    assert client.post(f"/api/v1/reports/{held}/transitions", data={"to": "assigned", "assignee_id": left_id},
                       headers=auth(admin), content_type="multipart/form-data").status_code == 200
    context, page = phone(PHONES[0])  # 390 x 844
    staff_sign_in(page, live + "/ops", "admin@example.id")
    wait_until(page, "window.sigapReady === true")
    page.tap("#tab-staff")
    page.wait_for_selector(f"#sf-list li[data-user-row='{left_id}']")
    axe_clean(page, live, "staff tab")
    # A new field officer of Dinas Perhubungan, with a first password to hand over.
    assert page.locator("#sf-name").is_hidden()  # folded: the tab opens to the team
    page.tap("#sf-add-box summary")
    page.locator("#sf-name").fill("Yohanes Bria")
    page.locator("#sf-login").fill("yohanes@kupang.go.id")
    page.select_option("#sf-role", "responder")
    page.select_option("#sf-agency", "DISHUB")
    assert page.locator("#sf-area").is_hidden()
    page.select_option("#sf-role", "operator")  # a lurah: an operator of one kelurahan
    assert page.locator("#sf-area").is_visible() and page.locator("#sf-agency").is_hidden()
    page.select_option("#sf-role", "responder")
    page.locator("#sf-password").fill("awal-dishub-1")
    page.locator("#sf-save").scroll_into_view_if_needed()
    page.tap("#sf-save")
    wait_until(page, "document.getElementById('sf-msg').textContent.includes('Yohanes Bria ditambahkan')")
    assert page.locator("#sf-name").is_visible() and page.locator("#sf-name").input_value() == ""  # ready for the next
    new = conn.execute("SELECT u.id, u.role, a.code FROM users u JOIN staff s ON s.user_id = u.id"
                       " JOIN agencies a ON a.id = s.agency_id WHERE u.email = 'yohanes@kupang.go.id'").fetchone()
    assert (new["role"], new["code"]) == ("responder", "DISHUB")
    assert "Yohanes Bria" in page.locator(f"#sf-list li[data-user-row='{new['id']}']").inner_text()
    first = client.post("/api/v1/auth/login", json={"login": "yohanes@kupang.go.id", "password": "awal-dishub-1"})
    assert first.status_code == 200 and first.get_json()["user"]["must_change_password"] is True
    # The one who left: two taps switch them off; their phone is signed out at once.
    button = f"#sf-list button[data-user='{left_id}']"
    page.locator(button).scroll_into_view_if_needed()
    page.tap(button)
    assert page.locator(button).inner_text().startswith("Ya, nonaktifkan")
    page.tap(button)
    wait_until(page, "document.getElementById('sf-msg').textContent.includes('dinonaktifkan')")
    assert "1 laporan yang dipegangnya kembali ke antrean" in page.locator("#sf-msg").inner_text()
    assert conn.execute("SELECT status, assignee_id FROM reports WHERE id = %s", (held,)).fetchone() == {
        "status": "verified", "assignee_id": None}
    assert "Nonaktif" in page.locator(f"#sf-list li[data-user-row='{left_id}']").inner_text()
    assert conn.execute("SELECT disabled FROM users WHERE id = %s", (left_id,)).fetchone()["disabled"] is True
    assert client.get("/api/v1/me", headers=auth(left)).status_code == 401
    page.screenshot(path=str(ARTIFACTS / "phone-staff-tab-390.png"))
    # Yohanes forgot the password he was given: the admin sets another one to hand over.
    reset = f"#sf-list button[data-reset='{new['id']}']"
    page.locator(reset).scroll_into_view_if_needed()
    page.tap(reset)
    page.locator(f"#sf-reset-{new['id']}").fill("lagi-dari-admin")
    page.tap(f"form[data-reset-form='{new['id']}'] button[type=submit]")
    wait_until(page, "document.getElementById('sf-msg').textContent.includes('Kata sandi Yohanes Bria diganti')")
    assert "belum ganti kata sandi awal" in page.locator(f"#sf-list li[data-user-row='{new['id']}']").inner_text()
    assert client.get("/api/v1/me", headers=auth(first.get_json()["token"])).status_code == 401
    axe_clean(page, live, "staff tab after a password reset")
    # The rest of the team from the office spreadsheet, saved as CSV: two officers at once.
    sheet = tmp_path / "petugas-dlh.csv"
    sheet.write_text("nama;email;peran;opd\nMaria Fernandes;maria@kupang.go.id;petugas;DLH\n"
                     "Yakob Ndun;yakob@kupang.go.id;petugas;DLH\n", encoding="utf-8-sig")
    # Its heading wraps at 360 px: two lines, not two lines 44 px apart (a staff walk)
    page.set_viewport_size({"width": 360, "height": 640})
    fs = page.evaluate("parseFloat(getComputedStyle(document.querySelector('#sf-import-box summary')).fontSize)")
    height = page.locator("#sf-import-box summary").bounding_box()["height"]
    assert 44 <= height <= 4 * 1.3 * fs, (height, fs)
    page.set_viewport_size(PHONES[0])
    page.tap("#sf-import-box summary")
    with page.expect_file_chooser() as chooser:
        page.tap("#sf-csv")
    chooser.value.set_files(str(sheet))
    page.tap("#sf-import-go")
    wait_until(page, "document.getElementById('sf-msg').textContent.includes('2 staf ditambahkan')")
    assert "Maria Fernandes" in page.locator("#sf-list").inner_text()
    with page.expect_download() as download:
        page.tap("#sf-handout")
    handed = download.value.path().read_text(encoding="utf-8-sig").splitlines()
    assert handed[0] == '"nama","login","peran","opd","wilayah","kata_sandi"' and len(handed) == 3
    assert handed[1].startswith('"Maria Fernandes","maria@kupang.go.id","petugas","DLH","",')
    password = handed[1].split(",")[-1].strip('"')
    assert client.post("/api/v1/auth/login", json={"login": "maria@kupang.go.id", "password": password}
                       ).get_json()["user"]["must_change_password"] is True
    axe_clean(page, live, "staff tab after an import")
    # In English, the tab and its words follow, and a half-typed name stays (the switch erased it).
    if not page.locator("#sf-name").is_visible():
        page.tap("#sf-add-box summary")
    page.locator("#sf-name").fill("Setengah Diisi")
    page.tap("#lang")
    wait_until(page, "document.getElementById('tab-staff').textContent === 'Staff'"
                     " && document.getElementById('sf-save').textContent === 'Add'")
    assert page.locator("#sf-name").input_value() == "Setengah Diisi" and page.locator("#sf-name").is_visible()
    assert "2 staff added" in page.locator("#sf-msg").inner_text()  # the outcome too (it stayed Indonesian)
    assert page.errors == [], page.errors
    context.close()

    # An agency admin at 360 px: only their own agency's field officers, only field officers to add.
    context, page = phone(PHONES[1])
    staff_sign_in(page, live + "/ops", "admin.dlh@example.id")
    wait_until(page, "window.sigapReady === true")
    page.tap("#tab-staff")
    page.wait_for_selector(f"#sf-list li[data-user-row='{left_id}']")
    listed = page.locator("#sf-list").inner_text()  # DLH's three officers: not DISHUB's new one, nor the admins
    assert page.locator("#sf-list li").count() == 3 and "Maria Fernandes" in listed and "Yohanes" not in listed
    page.tap("#sf-add-box summary")
    assert page.eval_on_selector_all("#sf-role option", "os => os.map(o => o.value)") == ["responder"]
    assert page.locator("#sf-agency").input_value() == "DLH" and page.locator("#sf-agency").is_disabled()
    axe_clean(page, live, "staff tab, agency admin")
    page.screenshot(path=str(ARTIFACTS / "phone-staff-tab-360.png"))
    assert page.errors == [], page.errors
    context.close()

    # Yohanes on his phone: the password his admin chose opens nothing until he has chosen his own.
    context, page = phone(PHONES[1])
    staff_sign_in(page, live + "/petugas", "yohanes@kupang.go.id", "lagi-dari-admin")
    page.wait_for_selector("#first-password")
    assert page.locator("#resp-view").is_hidden()
    assert "dipilih oleh admin" in page.locator("#first-password").inner_text()
    axe_clean(page, live, "first password")
    page.screenshot(path=str(ARTIFACTS / "phone-first-password-360.png"))
    page.locator("#acc-current").fill("lagi-dari-admin")
    page.locator("#acc-new").fill("lagi-dari-admin")
    page.tap("#acc-save")
    wait_until(page, "document.getElementById('acc-msg').textContent.includes('berbeda')")
    page.locator("#acc-new").fill("hanya-yohanes-tahu")
    page.tap("#acc-save")
    page.wait_for_selector("#resp-view", state="visible")
    assert page.locator("#first-password").count() == 0
    wait_until(page, "document.getElementById('who').textContent.includes('Yohanes Bria')")
    assert client.post("/api/v1/auth/login", json={"login": "yohanes@kupang.go.id", "password": "hanya-yohanes-tahu"}
                       ).get_json()["user"]["must_change_password"] is False
    assert [e for e in page.errors if "400" not in e] == [], page.errors  # the refused same password


def test_a_resident_signs_out_where_she_looks_for_it(live: str, phone, conn: psycopg.Connection) -> None:  # noqa: F811
    """"Keluar" was only at the foot of the report form, full width right under "Kirim laporan" (a
    phone walk looked for it under "Akun saya", and a mis-tap was easy): it is in "Akun saya" now,
    and the form's own is small and apart from the send button."""
    make_user(conn, "rina")
    context, page = phone(PHONES[1])  # 360 x 640
    open_app(page, live)
    page.tap("#report-open")
    sign_in(page, "rina@example.id")
    send, leave = page.locator("#f-send").bounding_box(), page.locator("#f-logout").bounding_box()
    assert send and leave and leave["width"] < send["width"] / 2 and leave["y"] > send["y"] + send["height"] + 20
    page.tap("#mine-open")
    page.locator("#account summary").scroll_into_view_if_needed()
    page.tap("#account summary")
    page.tap("#acc-logout")
    wait_until(page, "document.getElementById('toast').textContent === 'Anda sudah keluar.'")
    assert page.locator("#mine").is_hidden() and page.evaluate("localStorage.getItem('sigap.token')") is None
    assert page.url == live + "/"  # still on the map (a second close of its sheet went back off the page)
    page.tap("#report-open")  # signed out: the report sheet asks who she is
    page.wait_for_selector("#f-login")
    assert page.errors == []
    context.close()


def test_my_account_is_a_tap_away_above_a_long_list(live: str, phone, client,  # noqa: F811
                                                   conn: psycopg.Connection) -> None:
    """Under twenty reports "Akun saya", with "Keluar", lay five screens down a half-height sheet
    (a phone walk): "Akun saya ↓" on top opens it and goes there."""
    from tests.helpers import LLBK, east_of

    _, token = make_user(conn, "sari")
    for i, category in enumerate(("sampah", "lampu_rambu", "parkir_liar", "reklame_liar")):
        assert submit(client, token, point=east_of(LLBK, 400 * i), category=category).status_code == 201
    context, page = phone(PHONES[1])  # 360 x 640
    open_app(page, live)
    page.tap("#report-open")
    sign_in(page, "sari@example.id")
    page.tap("#mine-open")
    page.wait_for_selector("#mine-list")
    assert page.locator("#to-account").inner_text() == "Akun saya ↓"
    page.tap("#to-account")
    wait_until(page, "document.getElementById('account').open && document.activeElement?.tagName === 'SUMMARY'")
    logout = page.locator("#acc-logout").bounding_box()
    assert logout and logout["y"] >= 0 and logout["y"] + logout["height"] <= 640, logout
    assert page.errors == []
    context.close()
