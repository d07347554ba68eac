"""The whole loop in real Chromium: a citizen's report (sent through the API here; the form
itself is driven in test_web_map) is in the operator's queue with its SLA badge; the operator
verifies it and assigns the nearest responder, the responder starts and resolves it with an
after-photo on their phone view, and the public map shows it resolved."""
from __future__ import annotations

import time
from typing import Any

from tests.e2e.conftest import ARTIFACTS, PICKED_IN_SIGHT, wait_until, watch_errors
from tests.helpers import LLBK, auth, east_of, jpeg, make_user, submit

CITIZEN_POINT = LLBK
RESPONDER_POINT = east_of(LLBK, 120)


def _staff_login(pg: Any, url: str, email: str) -> None:
    pg.goto(url)
    pg.wait_for_selector("#staff-login")
    pg.fill("#s-login", email)
    pg.fill("#s-password", "rahasia-123")
    pg.click("#s-submit")
    wait_until(pg, "window.sigapReady === true")


def test_operator_verifies_and_assigns_and_responder_resolves(live: str, page, client, conn, run_jobs,
                                                              tmp_path) -> None:
    _, citizen = make_user(conn, "warga")
    make_user(conn, "operator", "operator")
    officer_id, _ = make_user(conn, "petugas", "responder", "DLH")
    photo = tmp_path / "sudah-bersih.jpg"
    photo.write_bytes(jpeg(size=(640, 480)))
    report_id = submit(client, citizen, point=CITIZEN_POINT, description="Sampah di depan pasar").get_json()["id"]
    late_id = submit(client, citizen, point=east_of(LLBK, 900), category="lampu_rambu").get_json()["id"]
    conn.execute("UPDATE reports SET due_at = now() - interval '3 hours' WHERE id = %s", (late_id,))
    conn.commit()
    run_jobs()  # photos published; nobody is on duty yet, so no automatic offer
    browser = page.context.browser

    # The operator's queue: the overdue report first, with its red badge.
    ops = watch_errors(browser.new_page(viewport={"width": 1280, "height": 900}))
    _staff_login(ops, live + "/ops", "operator@example.id")
    ops.wait_for_selector(f"#queue li[data-id='{report_id}']")
    first = ops.locator("#queue li").first
    assert first.get_attribute("data-id") == str(late_id) and "Terlambat" in first.inner_text()
    mine = ops.locator(f"#queue li[data-id='{report_id}']")
    assert "sisa" in mine.locator(".sla").inner_text() and "Diterima" in mine.inner_text()
    ops.screenshot(path=str(ARTIFACTS / "ops-queue.png"))
    mine.click()
    ops.wait_for_selector("#a-verify")
    wait_until(ops, PICKED_IN_SIGHT)  # the detail made the map smaller: the report is still in its middle
    assert "Sampah di depan pasar" in ops.locator("#detail").inner_text()
    ops.click("#a-verify")
    ops.wait_for_selector("#detail-msg.ok")
    assert conn.execute("SELECT status FROM reports WHERE id = %s", (report_id,)).fetchone()["status"] == "verified"
    # nobody was on duty to be offered it: said, with the way on (it said only "Tersimpan")
    assert ops.locator("#d-offer").inner_text().startswith("Belum ditawarkan: tidak ada petugas Siap")

    # The responder comes on duty; the phone reports its position.
    ctx = browser.new_context(viewport={"width": 400, "height": 800}, geolocation={
        "longitude": RESPONDER_POINT[0], "latitude": RESPONDER_POINT[1], "accuracy": 8}, permissions=["geolocation"])
    phone = watch_errors(ctx.new_page())
    _staff_login(phone, live + "/petugas", "petugas@example.id")
    phone.select_option("#r-status", "available")
    phone.wait_for_selector("#r-msg.ok")
    # The position line names the place the responder stands in, and the fix's accuracy.
    wait_until(phone, "document.getElementById('r-where').textContent.includes('Kel. Bonipoi')")
    assert "(±8 m)" in phone.locator("#r-where").inner_text()
    wait_until(phone, f"!!document.querySelector(\"#tasks [data-task='{report_id}']\")")

    # The operator assigns the nearest responder.
    ops.click("#a-find")
    ops.wait_for_selector(f"button[data-assign='{officer_id}']")
    assert "120 m" in ops.locator("#responders").inner_text()
    assert ops.locator("#detail-msg").inner_text() == ""  # the verification's "Tersimpan." is not about this list
    ops.screenshot(path=str(ARTIFACTS / "ops-assign.png"))
    ops.click(f"button[data-assign='{officer_id}']")
    wait_until(ops, "document.querySelector('#detail-msg').className === 'msg ok' && "
                    "document.querySelector('#detail').textContent.includes('Ditugaskan')")
    wait_until(ops, "document.getElementById('d-assignee')?.textContent === 'Ditugaskan ke: Petugas'")
    assert "Pelapor: Warga" in ops.locator("#detail").inner_text()
    row = conn.execute("SELECT status, assignee_id FROM reports WHERE id = %s", (report_id,)).fetchone()
    assert row == {"status": "assigned", "assignee_id": officer_id}

    # The responder starts the work and resolves it with an after-photo.
    phone.click("#r-locate")
    phone.wait_for_selector(f"button[data-start='{report_id}']")
    assert "Tugas saya" in phone.locator(f"[data-task='{report_id}']").inner_text()
    phone.click(f"button[data-start='{report_id}']")
    phone.wait_for_selector(f"button[data-resolve='{report_id}']")
    phone.click(f"button[data-resolve='{report_id}']")  # without the photo: refused on the phone
    wait_until(phone, "document.getElementById('r-msg').textContent.includes('Foto sesudah wajib')")
    phone.set_input_files(f"input[data-photo='{report_id}']", str(photo))
    phone.fill(f"textarea[data-note='{report_id}']", "Sudah diangkut truk DLH")
    phone.screenshot(path=str(ARTIFACTS / "petugas-task.png"))
    phone.click(f"button[data-resolve='{report_id}']")
    wait_until(phone, f"!document.querySelector(\"button[data-resolve='{report_id}']\")")
    assert conn.execute("SELECT status FROM reports WHERE id = %s", (report_id,)).fetchone()["status"] == "resolved"
    event = conn.execute("SELECT note, photo_id FROM report_events WHERE report_id = %s AND to_status = 'resolved'",
                         (report_id,)).fetchone()
    assert event["note"] == "Sudah diangkut truk DLH" and event["photo_id"] is not None
    run_jobs()  # the after-photo published
    # The operator tells the two photos apart at a glance, each named under it (it was hover text only).
    ops.reload()
    wait_until(ops, "window.sigapReady === true")
    wait_until(ops, f"[...document.querySelectorAll('#detail .photos figcaption')].map(c => c.textContent).join()"
                    f" === 'Foto laporan,Foto sesudah' && document.getElementById('detail').dataset.id === '{report_id}'")

    # Anyone sees it resolved on the public map.
    page.goto(live + "/")
    wait_until(page, "!!(window.sigapMap && window.sigapMap.loaded())")
    page.evaluate(f"window.sigapMap.jumpTo({{center: [{LLBK[0]}, {LLBK[1]}], zoom: 16}})")
    wait_until(page, "window.sigapMap.areTilesLoaded() && window.sigapMap.queryRenderedFeatures("
                     f"{{layers: ['reports-point']}}).some(f => f.id === {report_id} && f.properties.status === 'resolved')")
    page.screenshot(path=str(ARTIFACTS / "map-resolved.png"))

    # Statistics with charts.
    ops.click("#tab-stats")
    ops.wait_for_selector("#chart-agency svg")
    bars = ops.locator("#chart-agency rect title").all_text_contents()
    assert sorted(bars) == ["Dinas Lingkungan Hidup — Selesai: 1", "Dinas Perhubungan — Belum selesai: 1"]
    assert "Dinas Lingkungan Hidup" in ops.locator("#table-agency").inner_text()
    assert ops.locator("#table-agency + .swipe").is_hidden()  # it fits a desk's screen: nothing to swipe
    # Per kecamatan too (camat coordinate their kelurahan): the two reports' kecamatan, added up.
    kec = ops.locator("#chart-kecamatan rect title").all_text_contents()
    assert sum(int(t.rsplit(": ", 1)[1]) for t in kec) == 2, kec
    # Every kelurahan in a table that opens with a tap, busiest first.
    ops.click("#st-kelurahan-all summary")
    rows = ops.locator("#table-kelurahan tr").all_inner_texts()
    assert rows[0].startswith("Kelurahan") and len(rows) == 3, rows
    ops.screenshot(path=str(ARTIFACTS / "ops-stats.png"), full_page=True)
    # The period is said and can be chosen: a report of two months ago counts in "all time", not
    # in the last 30 days.
    from datetime import UTC, datetime, timedelta

    from tests.helpers import plant_reports
    assert plant_reports(conn, [{"lng": LLBK[0], "lat": LLBK[1], "category": "sampah",
                                 "created": datetime.now(UTC) - timedelta(days=60)}]) == 1

    def dlh_total() -> int:
        row = ops.locator("#table-agency tr", has_text="Dinas Lingkungan Hidup").inner_text()
        return int(row.split("\t")[1])

    ops.select_option("#st-period", "")
    assert "sejak laporan pertama" in ops.locator("#st-range").inner_text()
    ops.select_option("#st-period", "30")
    wait_until(ops, "document.getElementById('st-range').textContent.includes('WITA')")
    wait_until(ops, "!document.getElementById('table-agency').textContent.includes('Dinas Lingkungan Hidup2')")
    assert "30 hari terakhir" in ops.locator("#st-period").inner_text() and dlh_total() == 1
    # The period's reports as a file, named after it (the report of two months ago is not in it).
    with ops.expect_download() as dl:
        ops.click("#st-csv")
    assert dl.value.suggested_filename.startswith("sigap_kupang_reports_from-"), dl.value.suggested_filename
    lines = dl.value.path().read_text().splitlines()
    assert len(lines) == 1 + 2, lines  # the header and this test's two reports
    ops.select_option("#st-period", "")
    wait_until(ops, "document.getElementById('st-range').textContent.includes('sejak laporan pertama')")
    wait_until(ops, "document.getElementById('table-agency').textContent.includes('Dinas Lingkungan Hidup2')")
    assert dlh_total() == 2
    for pg in (ops, phone, page):
        assert pg.errors == [], pg.url


def test_a_citizen_account_cannot_use_the_dashboard(live: str, page, conn) -> None:
    make_user(conn, "warga", "citizen")
    page.goto(live + "/ops")
    page.fill("#s-login", "warga@example.id")
    page.fill("#s-password", "rahasia-123")
    page.click("#s-submit")
    page.wait_for_selector("#login-msg.error")
    assert "bukan operator" in page.locator("#login-msg").inner_text()
    assert page.locator("#queue-view").is_hidden()


def test_signing_out_of_the_dashboard_ends_the_session(live: str, page, client, conn) -> None:
    """An operator signs out on a shared office PC: the token the browser had stops working on the
    server, not just in that browser."""
    make_user(conn, "operator", "operator")
    _staff_login(page, live + "/ops", "operator@example.id")
    token = page.evaluate("localStorage.getItem('sigap.staff')")
    assert client.get("/api/v1/me", headers=auth(token)).status_code == 200
    page.click("#logout")
    page.wait_for_selector("#s-login")
    assert client.get("/api/v1/me", headers=auth(token)).status_code == 401


def test_the_operator_sees_how_the_reporter_rated_the_work(live: str, page, client, conn) -> None:
    """The reporter closed a fixed report with 4 stars: the operator's detail says so (it was only
    on the reporter's phone, and the timeline ended at "Ditutup")."""
    from tests.helpers import move, resolved_by

    _, citizen = make_user(conn, "warga")
    _, operator = make_user(conn, "operator", "operator")
    officer_id, officer = make_user(conn, "petugas", "responder", "DLH")
    rid = submit(client, citizen).get_json()["id"]
    move(client, rid, [*resolved_by(operator, officer_id, officer), (citizen, {"to": "closed", "rating": "4"})])
    _staff_login(page, live + "/ops", "operator@example.id")
    page.locator("#q-number").fill(str(rid))
    page.click("#q-find button[type=submit]")
    wait_until(page, f"document.querySelector('#detail h3')?.textContent.startsWith('#{rid} ')")
    assert page.locator("#d-rating").inner_text() == "Nilai dari pelapor: ★★★★☆ 4/5"
    page.click("#lang")
    wait_until(page, "document.getElementById('d-rating')?.textContent.startsWith(\"The reporter's rating\")")


def _load_drawn(pg: Any, drawn: str | None) -> None:
    """Wait until the queue has drawn a load after the one numbered `drawn` (its data-loads)."""
    wait_until(pg, f"document.getElementById('queue').dataset.loads !== {drawn!r}")


def test_the_queue_reaches_past_its_200_most_urgent(live: str, page, client, conn) -> None:
    """After a long weekend 205 late reports fill the queue's first 200 and a new one was out of
    reach but by its number. On a phone, the operator taps "Tampilkan 200 berikutnya" at the foot
    of the queue and the new report is there; made Darurat, it leads the queue; a refresh keeps
    all 206 there. A late one that moves up into the first 200 is not marked new; one sent while
    the queue is open is, below the first 200 too."""
    from datetime import UTC, datetime, timedelta

    from tests.helpers import plant_reports

    _, citizen = make_user(conn, "warga")
    _, operator = make_user(conn, "operator", "operator")
    weekend = datetime.now(UTC) - timedelta(days=10)
    late = [{"lng": LLBK[0] + i * 1e-5, "lat": LLBK[1], "category": "sampah", "created": weekend + timedelta(minutes=i)}
            for i in range(205)]
    assert plant_reports(conn, late) == 205
    fresh = submit(client, citizen, point=east_of(LLBK, 900), category="lampu_rambu").get_json()["id"]
    phone = watch_errors(page.context.browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True).new_page())
    _staff_login(phone, live + "/ops", "operator@example.id")
    phone.wait_for_selector("#queue li[data-id]")
    assert phone.locator("#queue li[data-id]").count() == 200
    assert phone.locator(f"#queue li[data-id='{fresh}']").count() == 0
    assert "200 laporan paling mendesak" in phone.locator("#q-more").inner_text()
    # One of them is dealt with elsewhere: the 201st moves up into view, and is not "Baru".
    gone = phone.locator("#queue li[data-id]").first.get_attribute("data-id")
    rejected = client.post(f"/api/v1/reports/{gone}/transitions", json={"to": "rejected", "reason": "Sudah diangkut"},
                           headers=auth(operator))
    assert rejected.status_code == 200, rejected.get_json()
    # And a citizen sends one now: it lands below the first 200, and is still counted as new.
    later = submit(client, citizen, point=east_of(LLBK, 1500), category="lampu_rambu").get_json()["id"]
    drawn = phone.locator("#queue").get_attribute("data-loads")
    phone.locator("#q-refresh").tap()  # as the 30 s refresh does
    _load_drawn(phone, drawn)
    assert phone.locator("#queue li[data-id]").count() == 200 and phone.locator("#queue li.arrived").count() == 0
    assert phone.title().startswith("(1) SIGAP")
    more = phone.locator("#q-next")
    more.scroll_into_view_if_needed()
    assert more.inner_text() == "Tampilkan 200 berikutnya" and more.bounding_box()["height"] >= 44
    more.tap()
    phone.wait_for_selector(f"#queue li[data-id='{fresh}']")
    assert phone.locator("#queue li[data-id]").count() == 206
    # only the one made while the queue was open is "Baru" (not the one sent before it was opened)
    assert [li.get_attribute("data-id") for li in phone.locator("#queue li.arrived").all()] == [str(later)]
    assert more.is_hidden() and phone.locator("#q-more").inner_text() == ""
    phone.locator(f"#queue li[data-id='{fresh}']").tap()
    wait_until(phone, f"document.querySelector('#detail h3')?.textContent.startsWith('#{fresh} ')")
    assert phone.locator("#d-not-listed").count() == 0
    # Made Darurat, it leads the queue (a priority changed nothing in the queue's order before).
    phone.locator("#a-priority").select_option("urgent")
    phone.wait_for_selector("#detail-msg.ok")
    wait_until(phone, f"document.querySelector('#queue li[data-id]')?.dataset.id === '{fresh}'")
    drawn = phone.locator("#queue").get_attribute("data-loads")
    phone.locator("#q-refresh").tap()
    _load_drawn(phone, drawn)
    assert phone.locator("#queue li[data-id]").count() == 206 and phone.locator("#queue li.arrived").count() == 1
    # Newest first, on the operator's word: what came in overnight leads (it sat below the late ones).
    phone.locator("#q-choices > summary").tap()  # folded on a phone
    phone.select_option("#q-order", "newest")
    wait_until(phone, f"document.querySelector('#queue li[data-id]')?.dataset.id === '{later}'")
    assert [li.get_attribute("data-id") for li in phone.locator("#queue li[data-id]").all()[:2]] == [str(later), str(fresh)]
    assert "200 laporan terbaru ditampilkan" in phone.locator("#q-more").inner_text()
    phone.reload()  # kept, as the other choices are
    wait_until(phone, f"document.querySelector('#queue li[data-id]')?.dataset.id === '{later}'")
    assert phone.locator("#q-order").input_value() == "newest"
    assert phone.errors == []


def test_a_report_that_comes_in_while_the_queue_is_open_is_marked_new(live: str, page, client, conn) -> None:
    """The city's operator keeps /ops open all day, and nothing said a report had come in (the bell
    is for coordinators' late-report notices: a staff walk). One that arrives is marked "Baru" until
    opened, and the tab's title counts them."""
    _, citizen = make_user(conn, "warga")
    make_user(conn, "operator", "operator")
    first = submit(client, citizen).get_json()["id"]
    _staff_login(page, live + "/ops", "operator@example.id")
    page.wait_for_selector(f"#queue li[data-id='{first}']")
    assert page.locator("#queue li.arrived").count() == 0 and page.title().startswith("SIGAP")
    fresh = submit(client, citizen, point=east_of(LLBK, 900), category="lampu_rambu").get_json()["id"]
    page.click("#q-refresh")  # as the queue's 30 s refresh does
    page.wait_for_selector(f"#queue li.arrived[data-id='{fresh}']")
    assert page.locator(f"#queue li[data-id='{fresh}'] .arrived-mark").inner_text() == "Baru"
    assert page.title().startswith("(1) SIGAP") and page.locator("#queue li.arrived").count() == 1
    for order in ("newest", "due"):  # the same reports in another order: still new (the mark went)
        drawn = page.locator("#queue").get_attribute("data-loads")
        page.select_option("#q-order", order)
        _load_drawn(page, drawn)
        assert page.locator(f"#queue li.arrived[data-id='{fresh}']").count() == 1 and page.title().startswith("(1) SIGAP")
    page.click(f"#queue li[data-id='{fresh}']")
    wait_until(page, "!document.querySelector('#queue li.arrived') && document.title.startsWith('SIGAP')")
    drawn = page.locator("#queue").get_attribute("data-loads")
    page.click("#q-refresh")
    _load_drawn(page, drawn)
    assert page.locator("#queue li.arrived").count() == 0
    # The queue chosen outlasts a reload (it went back to the defaults; Statistik's choices did not).
    page.select_option("#q-status", "submitted")
    page.reload()
    wait_until(page, "window.sigapReady === true")
    assert page.locator("#q-status").input_value() == "submitted"
    assert page.errors == []


def test_the_operator_works_the_queue_with_the_keyboard(live: str, page, client, conn) -> None:
    """An operator at a PC without a mouse (or who prefers keys): the queue's entries could not be
    reached with Tab, one ArrowDown on the priority saved it at once (Normal → Darurat went through
    Tinggi, saved), focus fell to the page after each action, and a typed rejection reason was lost
    when the priority changed or the language switched (a control-room walk)."""
    from tests.e2e.test_phone_app import axe_clean

    _, citizen = make_user(conn, "warga")
    make_user(conn, "operator", "operator")
    first = submit(client, citizen).get_json()["id"]
    second = submit(client, make_user(conn, "warga2")[1], point=east_of(LLBK, 400)).get_json()["id"]
    page.clock.install()  # the queue's 30 s refresh, when the test says
    _staff_login(page, live + "/ops", "operator@example.id")
    wait_until(page, "document.querySelectorAll('#queue li[data-id]').length === 2")
    page.focus("#q-refresh")
    for _ in range(12):  # Tab from the queue's own buttons reaches its entries
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('#queue')"):
            break
    order = page.evaluate("[...document.querySelectorAll('#queue li[data-id]')].map((li) => Number(li.dataset.id))")
    assert page.evaluate("Number(document.activeElement.dataset.id)") == order[0]
    page.keyboard.press("ArrowDown")
    assert page.evaluate("Number(document.activeElement.dataset.id)") == order[1]
    page.keyboard.press("Enter")
    wait_until(page, f"document.querySelector('#detail h3')?.textContent.startsWith('#{order[1]} ')")
    assert set(order) == {first, second}
    # and goes to it, the entry saying which is open (it was drawn only; a keyboard walk)
    wait_until(page, "document.activeElement === document.querySelector('#detail h3')")
    assert page.locator(f"#queue li[data-id='{order[1]}']").get_attribute("aria-current") == "true"
    # Back up the queue, then its refresh: the keyboard stays where it was, the queue one Tab stop
    # (the refresh gave the stop back to the open report: two stops)
    page.focus(f"#queue li[data-id='{order[1]}']")
    page.keyboard.press("ArrowUp")
    drawn = page.evaluate("document.getElementById('queue').dataset.loads")
    page.clock.fast_forward("00:31")
    _load_drawn(page, drawn)
    assert page.evaluate("Number(document.activeElement.dataset.id)") == order[0]
    assert page.evaluate("[...document.querySelectorAll('#queue li[tabindex=\"0\"]')].map((li) => Number(li.dataset.id))") \
        == [order[0]]
    page.focus(f"#queue li[data-id='{order[1]}']")

    page.locator("#a-reason").fill("Di luar wilayah kota")
    page.focus("#a-priority")
    page.keyboard.press("ArrowDown")  # Tinggi: on the way, not a choice
    page.keyboard.press("ArrowDown")  # Darurat
    conn.commit()
    assert conn.execute("SELECT priority FROM reports WHERE id = %s", (order[1],)).fetchone()["priority"] == "normal"
    page.keyboard.press("Enter")
    wait_until(page, "document.getElementById('detail-msg').textContent === 'Prioritas diubah: Darurat.'")
    conn.commit()
    assert conn.execute("SELECT priority FROM reports WHERE id = %s", (order[1],)).fetchone()["priority"] == "urgent"
    assert conn.execute("SELECT count(*) AS n FROM report_events WHERE report_id = %s AND event = 'priority'",
                        (order[1],)).fetchone()["n"] == 1
    assert page.evaluate("document.activeElement.id") == "a-priority"  # where the keyboard was
    assert page.locator("#a-reason").input_value() == "Di luar wilayah kota"  # what was typed stays
    # who changed it is named (an office shares a dashboard: "who raised this?" had no answer)
    assert "Normal → Darurat (oleh Operator)" in page.locator("#detail .timeline").inner_text()
    page.click("#lang")
    wait_until(page, "document.getElementById('a-reject').textContent === 'Reject'")
    assert "Normal → Urgent (by Operator)" in page.locator("#detail .timeline").inner_text()
    assert page.locator("#a-reason").input_value() == "Di luar wilayah kota"
    page.reload()  # the report opens again, the reason still there (a reload lost it: a staff walk)
    wait_until(page, f"window.sigapReady === true && document.getElementById('detail').dataset.id === '{order[1]}'")
    wait_until(page, "document.getElementById('a-reason')?.value === 'Di luar wilayah kota'")
    page.focus("#a-reject")
    page.keyboard.press("Enter")
    wait_until(page, "document.getElementById('detail-msg').textContent === 'Rejected; the reporter is told.'")
    conn.commit()
    assert conn.execute("SELECT status, reject_reason FROM reports WHERE id = %s", (order[1],)).fetchone() == {
        "status": "rejected", "reject_reason": "Di luar wilayah kota"}
    # the button is gone with the report's new state: the keyboard goes to the report's heading
    assert page.evaluate("document.activeElement === document.querySelector('#detail h3')")
    axe_clean(page, live, "/ops worked by keyboard")
    assert page.errors == []


def _team_on_a_phone(page: Any, live: str, email: str) -> Any:
    """`email`'s /ops at 360x640 with touch, signed in, on the Petugas tab."""
    phone = watch_errors(page.context.browser.new_context(
        viewport={"width": 360, "height": 640}, has_touch=True, is_mobile=True).new_page())
    _staff_login(phone, live + "/ops", email)
    phone.tap("#tab-team")
    phone.wait_for_selector("#team-list")
    return phone


def test_an_agency_admin_sees_the_field_team_on_a_phone(live: str, page, conn) -> None:
    """A staff walk found no view of the field team in /ops: who is on shift, whose phone gives
    a position, who holds how many tasks. DLH's admin, at 360 px, sees their own officers only,
    each with their shift and last position, and finds one on the map."""
    from tests.e2e.test_phone_app import axe_clean

    make_user(conn, "admin.dlh", "agency_admin", "DLH")
    near, _ = make_user(conn, "yakob", "responder", "DLH")
    make_user(conn, "maria", "responder", "DLH")  # never signed in on a phone
    make_user(conn, "dpu1", "responder", "DPU")  # another agency's: not theirs to see
    conn.execute("UPDATE responders SET status = 'available', team = 'Regu 2', location_at = now(),"
                 " geom = ST_SetSRID(ST_MakePoint(%s, %s), 4326) WHERE user_id = %s", (*RESPONDER_POINT, near))
    conn.commit()
    phone = _team_on_a_phone(page, live, "admin.dlh@example.id")
    assert phone.locator("#team-view h2").inner_text() == "Petugas OPD Anda"
    assert phone.locator("#team-summary").inner_text() == \
        "2 petugas: 1 siap, 0 sibuk, 1 tidak bertugas; 1 tanpa lokasi terkini."
    rows = phone.locator("#team-list tbody tr")
    assert rows.count() == 2 and "Dpu1" not in phone.locator("#team-list").inner_text()
    yakob = phone.locator(f"#team-list tr[data-responder='{near}']").inner_text()
    assert "(Regu 2)" in yakob and "Siap" in yakob and "WITA" in yakob, yakob
    assert "belum pernah" in phone.locator("#team-list").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth <= innerWidth"), "the page scrolls sideways"
    # the table does: said so (nothing showed that columns lay past the box's edge)
    assert phone.locator("#team-scroll").inner_text() == "Geser tabel ke samping untuk kolom lainnya ⇢"
    axe_clean(phone, live, "field team")
    phone.screenshot(path=str(ARTIFACTS / "ops-team-360.png"), full_page=True)
    phone.tap("#lang")
    wait_until(phone, "document.getElementById('team-summary').textContent.startsWith('2 responders: 1 available')")
    phone.tap("#lang")
    show = phone.locator(f"#team-list button[data-show='{near}']")
    show.scroll_into_view_if_needed()  # the last column: the table slid sideways, as a thumb does
    sideways, down = phone.evaluate("[document.querySelector('#team-view .table-wrap').scrollLeft, scrollY]")
    assert sideways > 0
    show.tap()
    phone.wait_for_selector("#officer-pop")
    # below the sticky header, not under it (its top 105 px and zoom buttons were)
    wait_until(phone, "document.getElementById('map').getBoundingClientRect().top"
                      " >= document.querySelector('header').getBoundingClientRect().bottom - 1")
    assert "(Regu 2)" in phone.locator("#officer-pop").inner_text() and phone.locator("#queue-view").is_visible()
    wait_until(phone, "!window.sigapMap.isMoving()")
    lng, lat = phone.evaluate("window.sigapMap.getCenter().toArray()")
    assert abs(lng - RESPONDER_POINT[0]) < 1e-4 and abs(lat - RESPONDER_POINT[1]) < 1e-4
    phone.go_back()  # the phone's Back: to the team, where they were (it left /ops)
    wait_until(phone, "!document.getElementById('team-view').hidden && document.getElementById('queue-view').hidden")
    assert phone.url.endswith("/ops#petugas")
    # as they left it: slid sideways, the page where it was, on the officer's button (it came back
    # at the table's start and the page's top, the focus on nothing)
    wait_until(phone, f"document.activeElement?.dataset?.show === '{near}'")
    assert phone.evaluate("[document.querySelector('#team-view .table-wrap').scrollLeft, scrollY]") == [sideways, down]
    assert phone.errors == []
    # An operator's table has every agency's officers, with their OPD: at 360 px the shift is
    # still in sight beside the name (the OPD column pushed it past the edge).
    make_user(conn, "operator", "operator")
    conn.execute("UPDATE users SET full_name = 'Yohanes Fransiskus Bria Seran' WHERE id = %s", (near,))  # a real length
    conn.commit()
    ops = _team_on_a_phone(page, live, "operator@example.id")
    assert ops.locator("#team-list tbody tr").count() == 3 and "DPU" in ops.locator("#team-list").inner_text()
    box = ops.locator(f"#team-list tr[data-responder='{near}'] td.shift").bounding_box()
    assert box["x"] + box["width"] <= 360, box
    assert ops.locator("#team-scroll").is_visible()
    ops.set_viewport_size({"width": 1366, "height": 768})  # the office's screen: the whole table, no hint
    wait_until(ops, "document.getElementById('team-scroll').hidden")
    assert ops.errors == []


def test_the_offer_made_while_a_report_is_open_shows_without_losing_the_list(live: str, page, client, conn,
                                                                               run_jobs) -> None:
    """Opened before dispatch has offered it, a report said "Belum ditawarkan"; the offer made a
    moment later is shown in its place, without a tap. The look again drew the whole detail anew
    and took with it the nearest officers the operator was choosing from."""
    _, citizen = make_user(conn, "warga")
    make_user(conn, "operator", "operator")
    officer_id, officer = make_user(conn, "petugas", "responder", "DLH")
    assert client.post("/api/v1/responders/me/location", json={"lng": RESPONDER_POINT[0], "lat": RESPONDER_POINT[1],
                       "accuracy": 8}, headers=auth(officer)).status_code == 200
    assert client.put("/api/v1/responders/me/status", json={"status": "available"}, headers=auth(officer)).status_code == 200
    rid = submit(client, citizen, point=CITIZEN_POINT).get_json()["id"]
    ops = watch_errors(page.context.browser.new_page(viewport={"width": 1280, "height": 900}))
    _staff_login(ops, f"{live}/ops#report={rid}", "operator@example.id")
    wait_until(ops, "document.getElementById('d-offer')?.textContent.startsWith('Belum ditawarkan')")
    ops.click("#a-find")
    ops.wait_for_selector(f"button[data-assign='{officer_id}']")
    time.sleep(5)  # a worker busy with photos: the offer comes after the first look again (it was the only one)
    run_jobs()  # dispatch offers it to the officer
    wait_until(ops, "document.getElementById('d-offer')?.textContent.startsWith('Ditawarkan ke Petugas')", 25)
    assert ops.locator(f"button[data-assign='{officer_id}']").is_visible()  # still there to choose from
    assert ops.errors == []
    ops.close()


def test_a_laptop_shows_a_report_s_actions_without_scrolling(live: str, page, client, conn) -> None:
    """At 1366x768 the detail sat under a 45vh map: its title and the top edge of "Verifikasi" in
    sight, every other action below the fold, for every report (a staff walk). It stands beside
    the map on a laptop."""
    _, citizen = make_user(conn, "warga")
    make_user(conn, "operator", "operator")
    make_user(conn, "petugas", "responder", "DLH")  # DLH has a field team: "Cari petugas terdekat" is offered
    rid = submit(client, citizen, point=CITIZEN_POINT, description="Sampah di depan pasar").get_json()["id"]
    ops = watch_errors(page.context.browser.new_page(viewport={"width": 1366, "height": 768}))
    _staff_login(ops, live + "/ops", "operator@example.id")
    ops.click(f"#queue li[data-id='{rid}']")
    ops.wait_for_selector("#a-verify")
    wait_until(ops, PICKED_IN_SIGHT)  # and the report is still in sight on the map
    for action in ("#a-verify", "#a-reject", "#a-priority", "#a-find"):
        box = ops.locator(action).bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= 768, (action, box)
    ops.screenshot(path=str(ARTIFACTS / "ops-laptop-detail.png"))
    assert ops.errors == []
    ops.close()


def test_the_busiest_places_are_ranked_by_real_problems(live: str, page, conn) -> None:
    """A run of rejected spam ranked a kelurahan among the "10 terbanyak" with nothing real in it
    (a planner's walk): the charts and tables rank by reports neither rejected nor duplicates; the
    rejected still show, grey, in the bar and in the total."""
    from datetime import UTC, datetime, timedelta

    from tests.helpers import plant_reports

    make_user(conn, "operator", "operator")
    alak = conn.execute("SELECT ST_X(p) AS lng, ST_Y(p) AS lat, k.name FROM kelurahan k"
                        " JOIN kecamatan kc ON kc.id = k.kecamatan_id AND kc.city_id = k.city_id,"
                        " LATERAL ST_PointOnSurface(k.geom) p WHERE kc.name = 'Alak' ORDER BY k.name LIMIT 1").fetchone()
    made = datetime.now(UTC) - timedelta(days=2)
    assert plant_reports(conn, [*({"lng": alak["lng"], "lat": alak["lat"], "category": "pkl_liar", "created": made,
                                   "status": "rejected"} for _ in range(3)),
                                {"lng": LLBK[0], "lat": LLBK[1], "category": "sampah", "created": made}]) == 4
    _staff_login(page, live + "/ops", "operator@example.id")
    page.click("#tab-stats")
    page.wait_for_selector("#chart-kelurahan svg")
    page.click("#st-kelurahan-all summary")
    rows = page.locator("#table-kelurahan tr").all_inner_texts()
    assert rows[1].startswith("Lahilai Bissi Kopan\t") and rows[2].startswith(f"{alak['name']}\t"), rows
    assert rows[2].split("\t")[2] == "3"  # the rejected still in the total
    # Every kecamatan in its chart, those without reports too (Kelapa Lima was left out).
    chart = page.locator("#chart-kecamatan").text_content()
    assert all(name in chart for name in ("Alak", "Kota Lama", "Kelapa Lima", "Maulafa", "Oebobo", "Kota Raja")), chart
