"""The responder's view on a phone (360x640, touch), as a field officer uses it through a shift:
found on a walk of the staff side, each of these once failed a responder in the field.
- Off duty, the phone's position is not sent to the server; on shift it is, with its accuracy.
- The shift status follows the server (an assignment makes the responder busy) without a reload.
- A photo being chosen and a note being typed survive the list's refresh every 20 s.
- Standing still, the position is sent again before dispatch counts it stale (10 minutes).
- A message after a tap far down the list shows on screen; the after-photo is resized like a
  citizen's (a 4000x3000 camera photo arrives at most 1600 px).
- The login card and the position line follow the language switch.
"""
from __future__ import annotations

import io
from typing import Any

import pytest

from bench.photos import phone_photo
from tests.e2e.conftest import ARGS, ARTIFACTS, CHROMIUM, wait_until, watch_errors
from tests.e2e.test_phone_app import axe_clean
from tests.helpers import LLBK, auth, east_of, make_user, move, submit

# South of the task, as a responder walking up to it: the map's bottom edge, where its credit is.
RESPONDER_POINT = (LLBK[0], LLBK[1] - 0.00135)  # ~150 m
SIZE = {"width": 360, "height": 640}


@pytest.fixture
def responder_phone():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(
            viewport=SIZE, has_touch=True, is_mobile=True, device_scale_factor=2, locale="id-ID",
            geolocation={"longitude": RESPONDER_POINT[0], "latitude": RESPONDER_POINT[1], "accuracy": 8},
            permissions=["geolocation"])
        page = watch_errors(context.new_page())
        page.clock.install()  # time runs as usual; fast_forward stands for a wait in the field
        yield page
        browser.close()


def _refreshed(phone, report_id: int) -> None:
    """The list's 20 s refresh, come and drawn: the task's card is a new one."""
    phone.evaluate(f"document.querySelector(\"[data-task='{report_id}']\").dataset.old = 'yes'")
    phone.clock.fast_forward("00:21")
    wait_until(phone, f"!document.querySelector(\"[data-task='{report_id}']\").dataset.old", timeout_s=60)


def officer_with_a_task(phone: Any, live: str, client: Any, conn: Any, citizen: str, operator: str,
                        on_duty: bool = False, **report: Any) -> int:
    """A report assigned to a new DLH officer, "petugas", who signs in on `phone`: the report's id.
    `on_duty`: busy with it (a new officer is off duty, and a page opened so says the task is held)."""
    officer_id, _ = make_user(conn, "petugas", "responder", "DLH")
    rid = int(submit(client, citizen, **report).get_json()["id"])
    move(client, rid, [(operator, {"to": "verified"}), (operator, {"to": "assigned", "assignee_id": officer_id})])
    if on_duty:
        conn.execute("UPDATE responders SET status = 'busy' WHERE user_id = %s", (officer_id,))
        conn.commit()
    phone.goto(live + "/petugas")
    phone.locator("#s-login").fill("petugas@example.id")
    phone.locator("#s-password").fill("rahasia-123")
    phone.tap("#s-submit")
    wait_until(phone, "window.sigapReady === true")
    return rid


def _responder_row(conn: Any, user_id: int) -> dict[str, Any]:
    conn.commit()  # a fresh snapshot
    return conn.execute("SELECT status, geom IS NOT NULL AS located, accuracy_m, location_at FROM responders"
                        " WHERE user_id = %s", (user_id,)).fetchone()


def _on_screen(page: Any, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= SIZE["height"]


def test_a_shift_on_the_responders_phone(live: str, responder_phone, client, conn, run_jobs, tmp_path) -> None:
    phone = responder_phone
    _, citizen = make_user(conn, "warga")
    _, operator = make_user(conn, "operator", "operator")
    officer_id, _ = make_user(conn, "petugas", "responder", "DLH")
    report_id = submit(client, citizen, point=LLBK, description="Sampah menumpuk").get_json()["id"]
    run_jobs()
    verified = client.post(f"/api/v1/reports/{report_id}/transitions", json={"to": "verified"}, headers=auth(operator))
    assert verified.status_code == 200, verified.get_json()

    # The login card follows the language switch (it kept its first words before).
    phone.goto(live + "/petugas")
    phone.wait_for_selector("#staff-login")
    phone.tap("#lang")
    assert (phone.locator("#s-submit").inner_text(), phone.locator("#staff-login h2").inner_text()) == (
        "Log in", "Field responder")
    phone.tap("#lang")
    assert phone.locator("#s-submit").inner_text() == "Masuk"
    phone.locator("#s-login").fill("petugas@example.id")
    phone.locator("#s-password").fill("rahasia-123")
    phone.tap("#s-submit")
    wait_until(phone, "window.sigapReady === true")

    # The map says what its dots are; the boundary credit is in both languages.
    legend = phone.locator("#r-legend").inner_text()
    assert all(w in legend for w in ("Anda", "Diterima", "Dikerjakan", "Tugas saya")), legend
    assert "Batas / Boundaries" in phone.locator(".maplibregl-ctrl-attrib-inner").text_content()

    # Off duty: the phone knows where it is, the server is not told.
    wait_until(phone, "document.getElementById('r-where').textContent.includes('Tidak bertugas')")
    # The map opens on the responder and the task, neither dot under the map's credit (it hid
    # the responder's own dot) nor outside the map.
    wait_until(phone, "window.sigapMap.getZoom() > 14 && !window.sigapMap.isMoving()")
    for lng, lat in (RESPONDER_POINT, LLBK):
        x, y, credit, frame = phone.evaluate(f"""(() => {{
            const m = window.sigapMap, p = m.project([{lng}, {lat}]);
            const r = document.getElementById('map').getBoundingClientRect();
            const a = document.querySelector('.maplibregl-ctrl-attrib').getBoundingClientRect();
            return [p.x + r.left, p.y + r.top, [a.left, a.top, a.right, a.bottom], [r.left, r.top, r.right, r.bottom]];
        }})()""")
        assert frame[0] + 8 < x < frame[2] - 8 and frame[1] + 8 < y < frame[3] - 8, (x, y, frame)
        assert not (credit[0] - 10 <= x <= credit[2] + 10 and credit[1] - 10 <= y <= credit[3] + 10), (x, y, credit)
    # The credit folds to its "i" after the map's first seconds (open, it covered a quarter of this
    # map: a staff walk); a tap on it opens it again.
    wait_until(phone, "window.sigapMap.loaded()")
    phone.clock.fast_forward("00:09")
    credit = ".maplibregl-ctrl-attrib"
    wait_until(phone, f"!document.querySelector('{credit}').classList.contains('maplibregl-compact-show')")
    phone.tap(f"{credit}-button")
    wait_until(phone, f"document.querySelector('{credit}').classList.contains('maplibregl-compact-show')")
    assert _responder_row(conn, officer_id)["located"] is False

    # On shift: the position goes to dispatch, with the GPS accuracy.
    phone.select_option("#r-status", "available")
    phone.locator("#r-status").focus()  # as a phone's picker leaves it: the box keeps the focus
    wait_until(phone, "document.getElementById('r-where').textContent.includes('Lokasi terkirim')")
    row = _responder_row(conn, officer_id)
    assert (row["status"], row["located"], row["accuracy_m"]) == ("available", True, 8)

    # The operator assigns the report; within a refresh the phone shows the server's "Sibuk".
    assigned = client.post(f"/api/v1/reports/{report_id}/transitions",
                           json={"to": "assigned", "assignee_id": officer_id}, headers=auth(operator))
    assert assigned.status_code == 200, assigned.get_json()
    assert _responder_row(conn, officer_id)["status"] == "busy"
    phone.clock.fast_forward("00:21")
    wait_until(phone, "document.getElementById('r-status').value === 'task'")
    assert phone.locator("#r-status option:checked").inner_text() == "Sibuk (ada tugas)"
    wait_until(phone, f"!!document.querySelector(\"button[data-start='{report_id}']\")")
    wait_until(phone, f"document.querySelector(\"[data-task='{report_id}'] .before-photo img\")?.naturalWidth > 0")
    # ... and says so at the top of the screen, where the responder looks, with what and where.
    wait_until(phone, "!document.getElementById('r-new').hidden")
    news = phone.locator("#r-new").inner_text()
    assert f"#{report_id} Sampah" in news and "Sibuk sampai tugas selesai" in news, news
    # A break after this task: "Sibuk" is still a choice (the task's own busy was shown as
    # "Sibuk", so picking it changed nothing and the task's end made them "Siap").
    phone.select_option("#r-status", "busy")
    wait_until(phone, "document.getElementById('r-msg').textContent !== ''")
    assert conn.execute("SELECT busy_by_choice FROM responders WHERE user_id = %s", (officer_id,)).fetchone()[
        "busy_by_choice"] is True
    assert _on_screen(phone, "#r-new")
    # the news no longer says the task's busy (it said so under a "Siap" chosen, too: a staff walk)
    wait_until(phone, "!document.getElementById('r-new').textContent.includes('Sibuk sampai')")
    assert f"#{report_id} Sampah" in phone.locator("#r-new").inner_text()
    phone.screenshot(path=str(ARTIFACTS / "petugas-phone-new-task.png"))
    phone.tap("#r-new-show")
    assert phone.locator("#r-new").is_hidden()
    wait_until(phone, f"document.activeElement === document.querySelector(\"[data-task='{report_id}']\")")
    _refreshed(phone, report_id)  # and the list's refresh keeps it there (it fell to the page's top)
    assert phone.evaluate(f"document.activeElement === document.querySelector(\"[data-task='{report_id}']\")")
    assert _on_screen(phone, f"button[data-start='{report_id}']")
    phone.tap(f"button[data-start='{report_id}']")
    phone.wait_for_selector(f"button[data-resolve='{report_id}']")
    # what comes next is in sight, not under "Tersimpan." nor below the screen (a staff walk)
    wait_until(phone, "(() => { const b = document.querySelector"
                      f"(\"button[data-resolve='{report_id}']\").getBoundingClientRect();"
                      " const m = document.getElementById('r-msg').getBoundingClientRect();"
                      " return b.top >= 0 && b.bottom <= innerHeight && (m.height === 0 || b.bottom <= m.top); })()")

    # "Selesai" without the photo, far down the page: the message is on screen, not above it.
    phone.tap(f"button[data-resolve='{report_id}']")
    wait_until(phone, "document.getElementById('r-msg').textContent.includes('Foto sesudah wajib')")
    assert _on_screen(phone, "#r-msg")
    phone.screenshot(path=str(ARTIFACTS / "petugas-phone-photo-needed.png"))
    phone.tap("#lang")  # the message on screen follows the switch (it stayed Indonesian)
    assert phone.locator("#r-msg").inner_text() == "The after photo is required."
    phone.tap("#lang")
    assert phone.locator("#r-msg").inner_text() == "Foto sesudah wajib diisi."

    # A camera photo and a note, then the list refreshes (20 s) before "Selesai": both are kept.
    photo = phone_photo(tmp_path / "sesudah.jpg", RESPONDER_POINT)
    # The responder taps the big photo button (the camera opens) and sees the photo taken.
    pick = phone.locator(f"[data-task='{report_id}'] label.photo-pick")
    assert pick.inner_text().strip() == "Ambil foto sesudah" and pick.bounding_box()["height"] >= 44
    with phone.expect_file_chooser() as chooser:
        pick.tap()
    chooser.value.set_files(str(photo))
    wait_until(phone, f"document.querySelector(\"img[data-preview='{report_id}']\").naturalWidth > 0")
    assert pick.inner_text().strip() == "Ganti foto sesudah"  # taken: another replaces it (it still said "Ambil")
    # upright (EXIF orientation 6 applied) and at most 1600 px, as it will be sent
    assert phone.evaluate(f"(() => {{ const i = document.querySelector(\"img[data-preview='{report_id}']\");"
                          " return [i.naturalWidth, i.naturalHeight]; })()") == [1200, 1600]
    phone.locator(f"textarea[data-note='{report_id}']").fill("Sudah diangkut truk DLH")
    assert phone.locator("#r-msg").inner_text() == ""  # "photo required" is answered: it goes
    phone.locator(f"img[data-preview='{report_id}']").scroll_into_view_if_needed()
    phone.screenshot(path=str(ARTIFACTS / "petugas-phone-after-photo.png"))
    _refreshed(phone, report_id)
    assert phone.evaluate(f"document.querySelector(\"input[data-photo='{report_id}']\").files.length") == 1
    assert phone.locator(f"textarea[data-note='{report_id}']").input_value() == "Sudah diangkut truk DLH"
    # The language switch relabels the kept form too (it kept its Indonesian words), and keeps what is in it.
    phone.tap("#lang")
    card = phone.locator(f"[data-task='{report_id}']")
    assert phone.locator(f"button[data-resolve='{report_id}']").inner_text() == "Mark resolved"
    assert "Retake the after photo" in card.inner_text() and "Ganti foto" not in card.inner_text()
    assert phone.locator(f"img[data-preview='{report_id}']").get_attribute("alt") == "After photo"
    assert phone.locator(f"textarea[data-note='{report_id}']").get_attribute("placeholder") == "Note"
    assert phone.evaluate(f"document.querySelector(\"input[data-photo='{report_id}']\").files.length") == 1
    assert phone.locator(f"img[data-preview='{report_id}']").is_visible()
    phone.tap("#lang")

    # Standing still for five minutes: the phone sends its position again before it goes stale.
    # Its answer is held until the clock has moved on below: the server has the position, the
    # phone hears so late (a slow network; on a loaded CI machine it once happened by itself).
    held: list[Any] = []  # (route, its fetched response)
    phone.route("**/api/v1/responders/me/location*", lambda route: held.append((route, route.fetch())))
    before = _responder_row(conn, officer_id)["location_at"]
    phone.clock.fast_forward("04:30")
    deadline = 60
    while _responder_row(conn, officer_id)["location_at"] == before and deadline:
        phone.wait_for_timeout(1000)
        deadline -= 1
    assert _responder_row(conn, officer_id)["location_at"] > before

    # The GPS goes quiet (no fix, the resend fails): before dispatch forgets the position at 10
    # minutes, the line says how old it is and what to do (it said "Lokasi terkirim" on and on).
    # The late answer counts from when the position was sent, not from when the answer came.
    phone.context.clear_permissions()
    phone.clock.fast_forward("07:00")
    assert held, "the resend went out while the answer was held"
    for route, response in held:
        route.fulfill(response=response)
    phone.unroute("**/api/v1/responders/me/location*")
    # seven minutes of 20 s refreshes, each asking the server: on a loaded CI machine over 20 s once
    # (7 minutes, 8 on a machine slow enough: the held send's; the one before it, 11 minutes old,
    # was still on the line)
    wait_until(phone, "document.getElementById('r-where').className === 'msg warn'"
                      " && /Sudah [78] menit/.test(document.getElementById('r-where').textContent)", timeout_s=60)
    assert "menit tidak terkirim: periksa GPS" in phone.locator("#r-where").inner_text()
    phone.context.grant_permissions(["geolocation"])
    phone.tap("#r-locate")
    wait_until(phone, "document.getElementById('r-where').className === 'hint'"
                      " && document.getElementById('r-where').textContent.includes('Lokasi terkirim')")

    # Resolved with the photo, resized on the phone as a citizen's is.
    phone.tap(f"button[data-resolve='{report_id}']")
    # said at once (and gone after 4 s), before the list that follows drops the task
    wait_until(phone, f"document.getElementById('r-msg').textContent === 'Laporan #{report_id} selesai. Terima kasih.'",
               timeout_s=60)
    assert _on_screen(phone, "#r-msg")
    wait_until(phone, f"!document.querySelector(\"button[data-resolve='{report_id}']\")", timeout_s=60)
    conn.commit()
    event = conn.execute("SELECT e.note, p.width, p.height FROM report_events e JOIN photos p ON p.id = e.photo_id"
                         " WHERE e.report_id = %s AND e.to_status = 'resolved'", (report_id,)).fetchone()
    assert event["note"] == "Sudah diangkut truk DLH"
    assert max(event["width"], event["height"]) <= 1600
    assert _responder_row(conn, officer_id)["status"] == "busy"  # the break they chose outlasts the task
    phone.screenshot(path=str(ARTIFACTS / "petugas-phone-resolved.png"))

    # English: the position line and the labels follow.
    phone.tap("#lang")
    wait_until(phone, "document.getElementById('r-where').textContent.includes('Location sent')")
    assert "Shift status" in phone.locator(".resp-bar").inner_text()
    assert "You" in phone.locator("#r-legend").inner_text() and "Anda" not in phone.locator("#r-legend").inner_text()
    phone.reload()  # and the break is still theirs after a reload
    wait_until(phone, "document.getElementById('r-status').value === 'busy'")
    assert phone.locator("#r-status option:checked").inner_text() == "Busy"
    assert phone.errors == []


def test_the_operators_report_detail_on_a_phone(live: str, responder_phone, client, conn, run_jobs) -> None:
    """/ops at 360x640: a tapped report's detail comes into view (it is below the queue and the
    map), with every photo and the timeline (routing and merge notes, in the chosen language);
    a report whose photo is not yet public shows no stray "null"; "Gabungkan" without a number
    says what is missing; a report offers the open ones of its category close by, and a tap on
    one merges into it; the statistics do not widen the page."""
    ops = responder_phone
    _, ani = make_user(conn, "ani")
    _, budi = make_user(conn, "budi")
    _, operator = make_user(conn, "operator", "operator")
    keep = submit(client, ani, point=LLBK).get_json()["id"]
    dup = submit(client, budi, point=east_of(LLBK, 15)).get_json()["id"]
    merged = client.post(f"/api/v1/reports/{dup}/merge", json={"into": keep}, headers=auth(operator))
    assert merged.status_code == 200, merged.get_json()
    run_jobs()  # photos published
    fresh = submit(client, ani, point=east_of(LLBK, 700), category="lampu_rambu").get_json()["id"]  # photo not yet public
    _, citra = make_user(conn, "citra")
    again = submit(client, citra, point=east_of(LLBK, 25)).get_json()["id"]  # the same pile, a third time

    # DLH's one officer near is busy: not offered at first, but the operator may still pick them
    busy_id, _ = make_user(conn, "yakob", "responder", "DLH")
    conn.execute("UPDATE responders SET status = 'busy', geom = ST_SetSRID(ST_MakePoint(%s, %s), 4326),"
                 " location_at = now() WHERE user_id = %s", (*east_of(LLBK, 300), busy_id))
    conn.commit()
    # and one whose phone never sent a position: listed last, to be assigned all the same (was never listed)
    blind_id, _ = make_user(conn, "markus", "responder", "DLH")

    ops.goto(live + "/ops")
    ops.wait_for_selector("#staff-login")
    ops.locator("#s-login").fill("operator@example.id")
    ops.locator("#s-password").fill("rahasia-123")
    ops.tap("#s-submit")
    wait_until(ops, "window.sigapReady === true")
    ops.tap(f"#queue li[data-id='{keep}']")
    wait_until(ops, f"document.querySelector('#detail h3')?.textContent.startsWith('#{keep}')")
    wait_until(ops, "(() => { const r = document.getElementById('detail').getBoundingClientRect();"
                    " return r.top >= 0 && r.top < innerHeight / 2; })()")
    detail = ops.locator("#detail")
    assert ops.locator("#detail img").count() == 2  # its own photo and the merged report's, each saying so
    assert ops.locator("#detail figcaption").all_inner_texts() == [
        "Foto laporan", f"Foto dari laporan #{dup} (digabung ke sini)"]
    assert "Diteruskan ke Dinas Lingkungan Hidup" in detail.inner_text()  # in words, as the receipt said
    assert f"Laporan lain digabung ke sini — Laporan #{dup} digabung ke sini" in detail.inner_text()
    ops.screenshot(path=str(ARTIFACTS / "ops-phone-detail.png"))
    ops.tap("#a-find")
    wait_until(ops, "document.getElementById('responders').textContent.includes('Tidak ada petugas yang siap')")
    ops.tap("#a-find-all")
    ops.wait_for_selector(f"#responders button[data-assign='{busy_id}']")
    assert "(sibuk)" in ops.locator("#responders").inner_text() and ops.locator("#a-find-all").count() == 0
    assert "Semua petugas OPD ini" in ops.locator("#responders li").last.inner_text()  # said: nobody is left out
    last = ops.locator("#responders li:has(button)").last
    assert "Markus" in last.inner_text() and "(lokasi belum pernah dikirim)" in last.inner_text()
    # each "Tugaskan" named with its officer for a screen reader (five read "Tugaskan" alike)
    assert last.get_by_role("button", name="Tugaskan Markus").get_attribute("data-assign") == str(blind_id)
    ops.tap("#lang")
    wait_until(ops, f"document.getElementById('detail').textContent.includes('Report #{dup} was merged into this one')")
    wait_until(ops, "document.getElementById('responders').textContent.includes('(busy)')")  # kept, all of them
    assert "Another report merged in" in detail.inner_text() and "Routed to Environment Agency" in detail.inner_text()
    assert ops.locator("#o-search").get_attribute("placeholder") == "Search a street or place"
    ops.tap("#lang")

    ops.tap(f"#queue li[data-id='{fresh}']")
    wait_until(ops, f"document.querySelector('#detail h3')?.textContent.startsWith('#{fresh}')")
    assert "null" not in detail.inner_text()
    # DISHUB has no officers here: said, with what to do, and no search that finds nobody (a staff walk)
    assert ops.locator("#d-offer").inner_text().startswith("DISHUB belum punya petugas lapangan di SIGAP")
    assert ops.locator("#a-find").count() == 0
    ops.tap("#a-merge")
    wait_until(ops, "document.getElementById('detail-msg').textContent.includes('Isi nomor laporan')")

    ops.tap(f"#queue li[data-id='{again}']")
    ops.wait_for_selector(f"#a-similar button[data-similar='{keep}']")
    assert f"#{keep} · 25 m" in ops.locator("#a-similar").inner_text()
    ops.tap(f"#a-similar button[data-similar='{keep}']")
    assert ops.locator("#a-merge").inner_text() == f"Gabungkan ke #{keep}"  # says what the tap will do
    assert ops.evaluate("document.documentElement.scrollWidth <= innerWidth"), "the detail pans sideways"
    # A merge closes the report for good: one tap asks, naming the report it would join (a staff walk)
    ops.tap("#a-merge")
    ops.wait_for_selector("#a-merge-confirm:not([hidden])")
    asked = ops.locator("#a-merge-confirm").inner_text()
    assert f"Laporan #{again} akan ditutup sebagai duplikat dari laporan #{keep} (Sampah · " in asked, asked
    assert "Kel. Lahilai Bissi Kopan · Diterima; 25 m dari laporan ini)" in asked and "pelapornya diberi tahu" in asked
    assert ops.evaluate("document.activeElement.id") == "a-merge-no"  # the harmless answer first
    from playwright.sync_api import expect
    expect(ops.locator("#a-merge-yes")).to_have_accessible_description(asked.split("\n")[0])
    ops.screenshot(path=str(ARTIFACTS / "ops-phone-merge-ask.png"))
    conn.commit()
    assert conn.execute("SELECT status FROM reports WHERE id = %s", (again,)).fetchone()["status"] == "submitted"
    ops.tap("#a-merge-no")  # not yet
    assert ops.locator("#a-merge-confirm").is_hidden()
    # what the server would refuse is said at once, nothing asked (it was asked, then refused: a staff walk)
    for number, said in (("999999", "tidak ditemukan"), (str(again), "tidak bisa digabung ke dirinya sendiri"),
                         (str(dup), f"laporan #{dup} sudah duplikat: hanya laporan yang masih berjalan")):
        ops.locator("#a-into").fill(number)
        ops.tap("#a-merge")
        wait_until(ops, "document.getElementById('detail-msg').textContent !== ''")
        assert ops.locator("#a-merge-confirm").is_hidden()
        assert said in ops.locator("#detail-msg").inner_text().lower(), ops.locator("#detail-msg").inner_text()
    ops.locator("#a-into").fill(str(fresh))  # another kind of problem, 700 m off: said in the question
    ops.tap("#a-merge")
    ops.wait_for_selector("#a-merge-confirm:not([hidden])")
    asked = ops.locator("#a-merge-confirm").inner_text()
    assert asked.startswith("Jenis masalahnya lain: Sampah di sini, Lampu Jalan & Rambu Rusak di sana.") and \
        "; 674 m dari laporan ini)" in asked, asked
    ops.tap("#a-merge-no")
    ops.tap(f"#a-similar button[data-similar='{keep}']")
    ops.tap("#a-merge")
    ops.tap("#a-merge-yes")
    ops.wait_for_selector("#detail-msg.ok")
    assert ops.locator("#detail-msg").inner_text() == f"Digabung ke laporan #{keep}; pelapornya diberi tahu."
    # out of the queue: said as done with, not as if a filter hid it (a staff walk)
    assert ops.locator("#d-not-listed").inner_text().startswith("Laporan ini kini berstatus Duplikat: tidak lagi di antrean")
    # ... and in the list of finished ones, newest first and without a deadline (found by number only: a staff walk)
    # the map says what its dots are (it had no key: a staff walk), for the list shown
    legend = ops.locator("#o-legend").inner_text()
    assert all(k in legend for k in ("Diterima", "Diverifikasi", "Terlambat (cincin hitam)", "Laporan yang dibuka")), legend
    ops.locator("#q-choices > summary").tap()  # folded on a phone
    ops.select_option("#q-status", label="Ditolak atau duplikat")
    wait_until(ops, "document.getElementById('o-legend').textContent.includes('Ditutup, ditolak, duplikat')")
    assert "Terlambat" not in ops.locator("#o-legend").inner_text()
    wait_until(ops, f"!!document.querySelector(\"#queue li[data-id='{again}']\")")
    entry = ops.locator(f"#queue li[data-id='{again}']").inner_text()
    assert "Duplikat" in entry and "Terlambat" not in entry and "sisa" not in entry, entry
    assert ops.locator("#q-order").is_disabled() and ops.locator("#q-order option:checked").inner_text() == "Terbaru"
    ops.select_option("#q-status", label="Belum selesai")
    wait_until(ops, f"!document.querySelector(\"#queue li[data-id='{again}']\")")
    assert ops.locator("#q-order").is_enabled()
    conn.commit()
    assert conn.execute("SELECT status, duplicate_of FROM reports WHERE id = %s", (again,)).fetchone() == {
        "status": "duplicate", "duplicate_of": keep}
    # The operator follows it to the report it joined, one tap (its number was only in the history)
    assert ops.locator("#d-merged-into").inner_text() == f"Digabung ke laporan #{keep}: buka"
    ops.tap("#d-merged-into")
    wait_until(ops, f"document.querySelector('#detail h3')?.textContent.startsWith('#{keep} ')")
    # Its reporter, opening the merged report, can follow the one it joined.
    reporter = watch_errors(ops.context.new_page())
    reporter.goto(live + f"/?report={again}")
    reporter.wait_for_selector("#see-kept")
    assert reporter.locator("#see-kept").inner_text() == f"Lihat laporan #{keep}"
    reporter.tap("#see-kept")
    wait_until(reporter, f"document.getElementById('info-title').textContent.startsWith('#{keep} ')")
    assert reporter.errors == []
    reporter.close()

    ops.tap("#tab-stats")
    ops.wait_for_selector("#chart-agency svg")
    ops.locator("#table-agency").scroll_into_view_if_needed()
    # wider than the phone: said in words under it (a shadow at its edge went unseen: a staff walk)
    swipe = ops.locator("#table-agency + .swipe")
    wait_until(ops, "!document.querySelector('#table-agency + .swipe').hidden")
    assert swipe.inner_text() == "Geser tabel ke samping untuk kolom lainnya →"
    ops.screenshot(path=str(ARTIFACTS / "ops-phone-stats.png"))
    axe_clean(ops, live, "statistics on a phone")  # a table that scrolls and the charts have text for all
    assert ops.locator("#chart-agency svg").get_attribute("aria-label").startswith("Dinas")
    assert ops.evaluate("document.documentElement.scrollWidth <= innerWidth"), "the page scrolls sideways"
    assert "Selesai" in ops.locator("#stats-view").inner_text()
    ops.tap("#lang")  # the charts' legends and the tables' headings follow
    wait_until(ops, "document.getElementById('stats-view').textContent.includes('Resolved')")
    assert "Selesai" not in ops.locator("#stats-view").inner_text()
    assert swipe.inner_text() == "Swipe the table sideways for more columns →"
    assert [e for e in ops.errors if "status of 404" not in e] == []  # the mistyped number's answer


def test_not_fixed_from_the_phone_reaches_the_operator_and_the_responder(live: str, responder_phone, client, conn,
                                                                         run_jobs) -> None:
    """The resolved pile is still there. The reporter says so from "Laporan saya" (a note is
    required: the responder needs it); the operator's timeline says the reporter reopened it,
    with the note, and offers to assign it again; the responder's task shows the note."""
    from tests.helpers import move, resolved_by

    citizen = responder_phone  # a phone like the responder's (360x640, touch)
    _, ani = make_user(conn, "ani")
    _, operator = make_user(conn, "operator", "operator")
    officer_id, officer = make_user(conn, "petugas", "responder", "DLH")
    rid = submit(client, ani, point=LLBK).get_json()["id"]
    move(client, rid, resolved_by(operator, officer_id, officer))
    run_jobs()
    # The officer is on shift with the app open when the report comes back to them.
    petugas = watch_errors(citizen.context.new_page())  # the same phone: its GPS
    petugas.goto(live + "/petugas")
    petugas.locator("#s-login").fill("petugas@example.id")
    petugas.locator("#s-password").fill("rahasia-123")
    petugas.click("#s-submit")
    wait_until(petugas, "window.sigapReady === true")
    petugas.select_option("#r-status", "available")
    wait_until(petugas, "document.getElementById('r-msg').textContent === 'Status kerja: Siap.'")

    citizen.bring_to_front()
    citizen.goto(live + "/")
    citizen.tap("#report-open")
    citizen.locator("#f-login").fill("ani@example.id")
    citizen.locator("#f-password").fill("rahasia-123")
    citizen.tap("#f-login-btn")
    citizen.wait_for_selector("#report-form")
    citizen.tap("#mine-open")
    citizen.tap(f"#mine-list button[data-report='{rid}']")
    citizen.wait_for_selector("#follow-up")
    citizen.tap("#not-fixed")  # no note yet
    wait_until(citizen, "document.querySelector('#follow-up .msg.error')?.textContent.includes('belum beres')")
    conn.commit()
    assert conn.execute("SELECT status FROM reports WHERE id = %s", (rid,)).fetchone()["status"] == "resolved"
    citizen.locator("#not-fixed-note").fill("Sampah masih ada di sisi timur")
    citizen.tap("#not-fixed")
    wait_until(citizen, "!document.getElementById('follow-up') && !!document.querySelector('#mine .timeline')")
    assert "Dibuka lagi: belum beres — Sampah masih ada di sisi timur" in citizen.locator("#mine .timeline").inner_text()
    citizen.screenshot(path=str(ARTIFACTS / "phone-not-fixed.png"))

    ops = watch_errors(citizen.context.browser.new_page(viewport={"width": 1000, "height": 800}))
    ops.goto(live + "/ops")
    ops.locator("#s-login").fill("operator@example.id")
    ops.locator("#s-password").fill("rahasia-123")
    ops.click("#s-submit")
    wait_until(ops, "window.sigapReady === true")
    # The queue marks it: the operator must not take it for work that simply started.
    assert ops.locator(f"#queue li[data-id='{rid}'] .reopened").inner_text() == "Dibuka lagi"
    assert "Dibuka lagi Dikerjakan" in ops.evaluate(  # as read aloud: not "Dibuka lagiDikerjakan"
        f"document.querySelector(\"#queue li[data-id='{rid}'] small\").textContent")
    ops.click(f"#queue li[data-id='{rid}']")
    wait_until(ops, "document.getElementById('detail').textContent.includes('Dibuka lagi: belum beres')")
    assert "Sampah masih ada di sisi timur" in ops.locator("#detail").inner_text()
    assert ops.locator("#a-find").is_visible()  # it can go to another responder

    # Its next refresh (20 s) brings it back: said as the reporter's, not as "from the operator",
    # and the shift status is the server's "busy" (it said busy in words and "Siap" in the box).
    petugas.bring_to_front()
    wait_until(petugas, "document.getElementById('r-new').textContent.startsWith("
                        "'Kembali kepada Anda, belum beres menurut pelapor:#')", timeout_s=60)
    wait_until(petugas, "document.getElementById('r-status').value === 'task'")
    wait_until(petugas, f"document.querySelector(\"[data-task='{rid}'] .reopened\")?.textContent"
                        " === 'Belum beres menurut pelapor: Sampah masih ada di sisi timur'")
    for pg in (citizen, ops, petugas):
        assert pg.errors == [], pg.url


def test_a_task_given_while_the_app_was_closed_is_news_when_it_opens(live: str, responder_phone, client,
                                                                     conn) -> None:
    """The officer's phone was in a pocket, /petugas closed, when the operator tapped "Tugaskan":
    on opening the app the task is said at the top, as it is to an open page (before, it sat in the
    list without a word). Once looked at, it is no longer news, also after a reload."""
    phone = responder_phone
    _, citizen = make_user(conn, "warga")
    _, operator = make_user(conn, "operator", "operator")
    officer_id, officer = make_user(conn, "petugas", "responder", "DLH")
    client.post("/api/v1/responders/me/location", headers=auth(officer),
                json={"lng": RESPONDER_POINT[0], "lat": RESPONDER_POINT[1], "accuracy": 8})
    rid, second = (submit(client, citizen, point=east_of(LLBK, m)).get_json()["id"] for m in (0, 1500))
    for report in (rid, second):
        given = client.post(f"/api/v1/reports/{report}/transitions", json={"to": "assigned",
                            "assignee_id": officer_id}, headers=auth(operator))
        assert given.status_code == 200, given.get_json()

    phone.goto(live + "/petugas")
    phone.locator("#s-login").fill("petugas@example.id")
    phone.locator("#s-password").fill("rahasia-123")
    phone.tap("#s-submit")
    wait_until(phone, "window.sigapReady === true")
    wait_until(phone, f"!!document.querySelector(\"#r-new [data-news='{second}']\")")
    news = phone.locator("#r-new").inner_text()
    assert news.startswith(f"Tugas baru untuk Anda dari operator:\n#{rid} Sampah"), news
    assert f"#{second} Sampah" in news
    assert "Sibuk" not in news  # off duty, the assignment left them off duty: the news does not say busy
    assert _on_screen(phone, "#r-new")
    phone.screenshot(path=str(ARTIFACTS / "petugas-phone-task-while-closed.png"))
    # Two tasks told of: each is a way to its own card ("Lihat tugas" reached only the first).
    phone.tap(f"#r-new [data-news='{second}']")
    wait_until(phone, f"document.activeElement === document.querySelector(\"[data-task='{second}']\")")
    assert _on_screen(phone, f"[data-task='{second}']")
    news = phone.locator("#r-new").inner_text()
    assert f"#{rid} Sampah" in news and f"#{second} " not in news, news  # the other is still news
    phone.tap("#r-new-show")
    assert phone.locator("#r-new").is_hidden()
    wait_until(phone, f"document.activeElement === document.querySelector(\"[data-task='{rid}']\")")
    for _ in range(50):  # the notices are marked read behind the taps
        conn.commit()
        if conn.execute("SELECT bool_and(read_at IS NOT NULL) AS done FROM notifications WHERE user_id = %s"
                        " AND kind = 'task_assigned'", (officer_id,)).fetchone()["done"]:
            break
        phone.wait_for_timeout(100)
    else:
        raise AssertionError("the task notice stayed unread")
    phone.reload()
    wait_until(phone, "window.sigapReady === true")
    wait_until(phone, f"!!document.querySelector(\"[data-task='{rid}']\")")
    assert phone.locator("#r-new").is_hidden()
    # Starting a task is looking at it: its news goes without "Lihat tugas".
    phone.tap(f"button[data-start='{rid}']")
    phone.wait_for_selector(f"button[data-resolve='{rid}']")
    other = submit(client, citizen, point=east_of(LLBK, 300)).get_json()["id"]
    assert client.post(f"/api/v1/reports/{other}/transitions", json={"to": "assigned", "assignee_id": officer_id},
                       headers=auth(operator)).status_code == 200
    phone.clock.fast_forward("00:21")
    wait_until(phone, f"document.getElementById('r-new').textContent.includes('#{other} ')")
    phone.tap(f"button[data-start='{other}']")
    wait_until(phone, "document.getElementById('r-new').hidden")
    assert phone.errors == []


def test_signing_out_without_signal_ends_the_session_when_it_returns(live: str, responder_phone, client,
                                                                     conn) -> None:
    """An officer taps Keluar where there is no signal: the phone says they are signed out (it
    reloaded into the browser's offline page), and the session ends on the server once the signal
    is back (before, the token kept working until it expired)."""
    phone = responder_phone
    make_user(conn, "petugas", "responder", "DLH")
    phone.goto(live + "/petugas")
    phone.locator("#s-login").fill("petugas@example.id")
    phone.locator("#s-password").fill("rahasia-123")
    phone.tap("#s-submit")
    wait_until(phone, "window.sigapReady === true")
    token = phone.evaluate("localStorage.getItem('sigap.staff')")
    phone.context.set_offline(True)
    phone.tap("#logout")
    wait_until(phone, "!!document.getElementById('signed-out')")
    assert "Anda sudah keluar" in phone.locator("#signed-out").inner_text()
    assert client.get("/api/v1/me", headers=auth(token)).status_code == 200  # the server was not reached
    phone.context.set_offline(False)
    for _ in range(100):
        if client.get("/api/v1/me", headers=auth(token)).status_code == 401:
            break
        phone.wait_for_timeout(100)
    else:
        raise AssertionError("the session did not end when the signal came back")


def test_off_duty_with_a_task_in_hand_is_said_to_both(live: str, responder_phone, client, conn) -> None:
    """An officer who went "Tidak bertugas" holding a task was told nothing, and the operator's
    detail still just named them as its holder (a staff walk). The task stays theirs: the phone
    says so, and the operator sees them off duty beside their name."""
    from tests.e2e.test_staff_views import _staff_login

    phone = responder_phone
    _, citizen = make_user(conn, "warga")
    _, operator = make_user(conn, "operator", "operator")
    # on duty with it (opened off duty, the page said so at once, and the wait below saw that,
    # not the answer to going off duty: its "Tersimpan" came after, and the test read that)
    rid = officer_with_a_task(phone, live, client, conn, citizen, operator, on_duty=True)
    phone.wait_for_selector(f"button[data-start='{rid}']")
    assert phone.locator("#r-status").input_value() == "task" and phone.locator("#r-msg").inner_text() == ""
    phone.select_option("#r-status", "off")
    wait_until(phone, f"document.getElementById('r-msg').textContent.includes('masih ditugaskan kepada Anda: #{rid}.')")
    phone.tap("#lang")
    assert f"still assigned to you: #{rid}." in phone.locator("#r-msg").inner_text()
    # It stays until put away (it covered the map and the list's foot with no way to close it) ...
    phone.tap("#r-msg-close")
    assert phone.locator("#r-msg").is_hidden()
    phone.reload()  # ... and is said again when the page opens off duty with the task still theirs
    wait_until(phone, f"document.getElementById('r-msg').textContent.includes('still assigned to you: #{rid}.')")

    ops = watch_errors(phone.context.browser.new_page(viewport={"width": 1000, "height": 800}))
    _staff_login(ops, live + "/ops", "operator@example.id")
    # the queue says so too, before the report is opened (only its detail did)
    assert ops.locator(f"#queue li[data-id='{rid}'] .off-duty").inner_text().strip() == "(tidak bertugas)"
    ops.click(f"#queue li[data-id='{rid}']")
    wait_until(ops, "!!document.getElementById('d-assignee')")
    assert ops.locator("#d-assignee").inner_text() == "Ditugaskan ke: Petugas (tidak bertugas)"
    assert phone.errors == [] and ops.errors == []


def test_an_officer_standing_at_a_task_sees_both_dots(live: str, responder_phone, client, conn) -> None:
    """Arrived: the officer's own dot drew over the task's, so the task was gone from the map
    where it stood (a staff walk). Looked at in the rendered map: the task's colour in the middle,
    the officer's dark dot around it."""
    phone = responder_phone
    phone.context.set_geolocation({"longitude": LLBK[0], "latitude": LLBK[1], "accuracy": 8})
    _, citizen = make_user(conn, "warga")
    _, operator = make_user(conn, "operator", "operator")
    officer_with_a_task(phone, live, client, conn, citizen, operator, on_duty=True)
    both = (f"sigapMap.queryRenderedFeatures(sigapMap.project({list(LLBK)}), {{layers: ['tasks-point', 'me-point']}})"
            ".map(f => f.layer.id).sort().join()")
    wait_until(phone, f"{both} === 'me-point,tasks-point' && sigapMap.loaded()")
    phone.locator("#map").scroll_into_view_if_needed()  # as she scrolls to it
    x, y = phone.evaluate(f"(() => {{ const p = sigapMap.project({list(LLBK)}), r = sigapMap.getCanvas()"
                          ".getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; })()")
    shot = phone.screenshot(clip={"x": x - 20, "y": y - 20, "width": 40, "height": 40}, scale="css")
    from PIL import Image
    with Image.open(io.BytesIO(shot)) as img:
        rgb = img.convert("RGB")
        assert rgb.size == (40, 40), (rgb.size, x, y)
        centre, ring = rgb.getpixel((20, 20)), rgb.getpixel((20 + 12, 20))  # the task's edge is 10 px out
    assert centre == pytest.approx((0x94, 0x67, 0xbd), abs=12), centre  # assigned: the task's purple
    assert max(ring) < 60, ring  # the officer's dark dot, around it
    phone.screenshot(path=str(ARTIFACTS / "petugas-at-the-task.png"))
