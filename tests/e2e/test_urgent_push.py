"""A lurah hears of a fire in their kelurahan on their phone while the dashboard sits in a pocket.
The bell's panel offers the push to coordinators only (a city-wide operator watches the queue and
is told nothing); a push that arrives is shown as a system notification that stays until acted on
and opens the report in /ops, and an open dashboard's bell counts it at once (it looked once a
minute). Chromium's own Push API has no push service here (and none in a private window, which
is what Playwright opens), so the push the server would send is handed to the service worker by
Chromium's DevTools protocol: the payload is the server's own (geo.push.payload)."""
from __future__ import annotations

import time

import psycopg

from geo.db import query
from geo.push import payload
from tests.e2e.conftest import ARTIFACTS, wait_until
from tests.e2e.test_phone_app import PHONES, axe_clean, phone, staff_sign_in  # noqa: F401 - the fixture
from tests.helpers import LLBK, make_user, submit


def registration(page, cdp, scope: str, timeout_s: float = 20.0) -> str:
    """The id of the service worker registration for `scope`, as DevTools names it, once its worker
    is active: a push handed to one still installing (its precache, on a busy machine) was lost."""
    found: dict[str, str] = {}
    cdp.on("ServiceWorker.workerRegistrationUpdated",
           lambda e: found.update({r["scopeURL"]: r["registrationId"] for r in e["registrations"]}))
    cdp.send("ServiceWorker.enable")
    end = time.monotonic() + timeout_s
    while scope not in found and time.monotonic() < end:
        page.wait_for_timeout(200)  # (Playwright hands events over while it waits, not in a sleep)
    assert scope in found, found
    wait_until(page, "navigator.serviceWorker.ready.then(r => r.active.state === 'activated')", timeout_s)
    return found[scope]


def test_a_lurah_is_pushed_an_urgent_report_and_an_operator_is_not_offered_it(
        live: str, phone, client, conn: psycopg.Connection) -> None:  # noqa: F811
    _, citizen = make_user(conn, "warga")
    lurah_id, _ = make_user(conn, "lurah", "operator", kelurahan="Lahilai Bissi Kopan")
    make_user(conn, "operator", "operator")

    context, page = phone(PHONES[1])
    context.grant_permissions(["notifications"], origin=live)
    staff_sign_in(page, live + "/ops", "lurah@example.id")
    wait_until(page, "window.sigapReady === true")
    cdp = context.new_cdp_session(page)
    worker = registration(page, cdp, live + "/")
    assert page.locator("#bell-count").is_hidden()

    page.tap("#bell")
    offer = page.locator("#notes-push")
    offer.wait_for()
    assert offer.inner_text() == "Kirim notifikasi darurat ke perangkat ini"
    axe_clean(page, live, "the bell's panel with the push offer")
    offer.tap()
    # This browser cannot (a private window has no Push API): said so, and offered again.
    said = page.locator("#notes-push-said")
    said.wait_for()
    assert said.inner_text().startswith("Perangkat atau peramban ini tidak dapat menerima notifikasi.")
    assert offer.is_visible()
    page.screenshot(path=str(ARTIFACTS / "ops_push_offer_360x640.png"))
    page.tap("#notes .close")

    fire = submit(client, citizen, point=LLBK, category="kebakaran").get_json()["id"]
    note = conn.execute("SELECT id FROM notifications WHERE user_id = %s AND report_id = %s AND kind = 'urgent_report'",
                        (lurah_id, fire)).fetchone()
    assert note is not None
    row = conn.execute(query("notification_for_push"), {"id": note["id"], "city_id": 1}).fetchone()
    cdp.send("ServiceWorker.deliverPushMessage", {"origin": live, "registrationId": worker, "data": payload(row)})

    # On the lock screen: what and where, until it is dealt with; a tap opens it in the dashboard.
    shown = ("navigator.serviceWorker.ready.then(r => r.getNotifications()).then(ns => ns.map(n =>"
             " ({body: n.body, stays: n.requireInteraction, url: n.data.url})))")
    wait_until(page, f"{shown}.then(ns => ns.length === 1)", timeout_s=10)
    assert page.evaluate(shown) == [{
        "body": f"Laporan darurat #{fire} (Kebakaran) di Kel. Lahilai Bissi Kopan.\n"
                f"Urgent report #{fire} (Fire) in Kel. Lahilai Bissi Kopan.",
        "stays": True, "url": f"/kupang/ops#report={fire}"}]
    assert page.evaluate(shown.replace("body: n.body", "body: n.title")) [0]["body"] == (
        "Darurat: Kebakaran · Kel. Lahilai Bissi Kopan")
    # The open dashboard's bell counts it at once, not at its next look a minute on, and its queue
    # shows the fire (it looked every 30 s).
    wait_until(page, "document.getElementById('bell-count').textContent === '1'", timeout_s=15)
    wait_until(page, f"!!document.querySelector('#queue li[data-id=\"{fire}\"]')", timeout_s=15)
    page.screenshot(path=str(ARTIFACTS / "ops_urgent_push_360x640.png"))
    page.tap("#bell")
    notice = page.locator(f"#notes [data-notification='{note['id']}']")
    # What and where are in the message: the line under it gives only when (they were said twice).
    assert notice.locator("small").inner_text().endswith("WITA") and "Kebakaran" not in notice.locator("small").inner_text()
    notice.tap()
    wait_until(page, f"document.querySelector('#detail h3')?.textContent.startsWith('#{fire} ')")
    # Read here, it leaves the phone's notifications too (it stays there until acted on).
    wait_until(page, f"{shown}.then(ns => ns.length === 0)", timeout_s=10)

    # A city-wide operator is told of no report as it comes: nothing to turn on.
    context2, desk = phone(PHONES[0])
    staff_sign_in(desk, live + "/ops", "operator@example.id")
    wait_until(desk, "window.sigapReady === true")
    desk.tap("#bell")
    desk.locator("#notes .notes-head").wait_for()
    # A coordinator's offer is decided once the service worker is ready (it asks for its
    # subscription): past that, the panel drawn again (the language switch) still offers nothing.
    wait_until(desk, "navigator.serviceWorker.ready.then(r => !!r.active)")
    desk.wait_for_timeout(1000)
    desk.tap("#lang")
    assert desk.locator("#notes-push").count() == 0 and desk.locator("#notes-push-said").count() == 0

    # A camat whose browser blocks notifications for the site is told how to undo it, not offered a
    # button that cannot work (a refusal read "this device cannot": a walk).
    make_user(conn, "camat", "operator", kecamatan="Kota Lama")
    context3, camat = phone(PHONES[0])
    staff_sign_in(camat, live + "/ops", "camat@example.id")
    wait_until(camat, "window.sigapReady === true")
    assert camat.evaluate("Notification.permission") == "denied"  # (Playwright's, for one not granted)
    camat.tap("#bell")
    wait_until(camat, "document.getElementById('notes-push-said')?.textContent.startsWith('Notifikasi untuk SIGAP diblokir')")
    assert camat.locator("#notes-push").count() == 0
    camat.screenshot(path=str(ARTIFACTS / "ops_push_blocked_390x844.png"))
