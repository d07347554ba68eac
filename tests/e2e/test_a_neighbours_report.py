"""A report someone else filed, opened from a shared link on a phone: when it was filed, a way to
back it ("Dukung") and its link to pass on. A phone walk found none of the three (supporting was
possible only from the form's suggestions while filing a new report). Taps at phone size."""
from __future__ import annotations

import psycopg
import pytest

from tests.e2e.conftest import ARTIFACTS, wait_until
from tests.e2e.test_phone_app import PHONES, open_app, phone, sign_in  # noqa: F401
from tests.helpers import LLBK, east_of, make_user, submit


def test_a_neighbour_supports_and_shares_a_report(live: str, phone, client, conn: psycopg.Connection,  # noqa: F811
                                                  run_jobs) -> None:
    _, maria = make_user(conn, "maria")
    make_user(conn, "yosef")
    rid = submit(client, maria, point=LLBK).get_json()["id"]
    run_jobs()
    context, page = phone(PHONES[1])
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live)
    page.goto(f"{live}/kupang/?report={rid}")  # the link Maria sent round
    wait_until(page, "!document.getElementById('info').hidden && !!document.getElementById('share-this')")
    info = page.locator("#info")
    assert "Dilaporkan " in info.inner_text() and "WITA" in info.inner_text()  # when: it said nowhere
    # Signed out: "Dukung" is to sign in first (rather than a button that fails)
    assert page.locator("#support-this").count() == 0
    assert page.locator("#support-sign-in").inner_text() == "Masuk untuk mendukung"
    page.tap("#share-this")
    wait_until(page, "!document.getElementById('toast').hidden")
    link = page.evaluate("navigator.clipboard.readText()")
    assert link == f"{live}/kupang/?report={rid}", link
    assert "Tautan disalin" in page.locator("#toast").inner_text()

    # which dot it is: a ring round it on the map (nothing said so), gone with the sheet
    # (a point near a tile's edge is in both tiles' features)
    wait_until(page, "window.sigapMap.loaded() && window.sigapMap.querySourceFeatures('picked').length > 0")
    ring = page.evaluate("window.sigapMap.querySourceFeatures('picked')[0].geometry.coordinates")
    assert ring == [pytest.approx(LLBK[0], abs=1e-6), pytest.approx(LLBK[1], abs=1e-6)]
    page.tap("#info .close")
    wait_until(page, "window.sigapMap.querySourceFeatures('picked').length === 0")
    # Backing it when signed out: the sign-in is for it, and it is backed once in. The hint sent
    # her to "Laporkan", whose sign-in led to a report form, with the report gone from sight.
    page.goto(link)
    page.wait_for_selector("#support-sign-in")
    page.locator("#support-sign-in").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "phone-neighbours-report.png"))
    page.tap("#support-sign-in")
    page.wait_for_selector("#f-login")
    assert page.locator("#report-title").inner_text() == f"Dukung laporan #{rid}"
    assert "laporan ini langsung Anda dukung" in page.locator("#f-login-hint").inner_text()
    page.locator("#f-login").fill("yosef@example.id")
    page.locator("#f-password").fill("rahasia-123")
    page.tap("#f-login-btn")
    page.wait_for_selector("#support-done")
    assert page.locator("#info").is_visible() and page.locator("#report-panel").is_hidden()
    assert page.locator("#report-form").count() == 0  # no report form in its place
    assert "Dukungan warga: 1" in info.inner_text()
    assert conn.execute("SELECT support_count FROM reports WHERE id = %s", (rid,)).fetchone()["support_count"] == 1
    conn.commit()
    page.tap("#lang")  # said again in English, as it now is
    wait_until(page, "document.getElementById('support-done')?.textContent.startsWith('You support this report')")
    assert "Residents' support: 1" in info.inner_text() and "Filed " in info.inner_text()
    # While it is open the address is its link (the browser's own share took the bare map), and
    # once put away the address forgets it: after ✕ a reload opened it again (a walk).
    assert page.url == link
    page.goto(link)  # and a backer opening it again is not offered "Dukung" a second time
    page.wait_for_selector("#support-done")
    assert page.locator("#support-this").count() == 0
    page.tap("#info .close")
    wait_until(page, f"location.href === '{live}/kupang/'")
    page.reload()
    wait_until(page, "!!(window.sigapMap && window.sigapMap.loaded())")
    assert page.locator("#info").is_hidden()
    page.tap("#report-open")  # and "Laporkan" is for a report again, signed in
    page.wait_for_selector("#report-form")
    assert page.locator("#report-title").inner_text() == "Report a problem"  # (English since the switch)
    assert page.errors == []
    context.close()


def test_the_reporter_is_not_offered_to_support_her_own_report(live: str, phone, client,  # noqa: F811
                                                                conn: psycopg.Connection) -> None:
    """"Dukung laporan ini" on one's own report was refused with a toast (a walk): not offered."""
    _, maria = make_user(conn, "maria")
    rid = submit(client, maria, point=LLBK).get_json()["id"]
    context, page = phone(PHONES[0])
    open_app(page, live)
    page.tap("#report-open")
    sign_in(page, "maria@example.id")
    page.goto(f"{live}/kupang/?report={rid}")
    page.wait_for_selector("#share-this")
    assert page.locator("#support-this, #support-done, #support-sign-in").count() == 0
    assert page.errors == []
    context.close()


def test_a_backer_follows_the_report_in_my_reports(live: str, phone, client, conn: psycopg.Connection,  # noqa: F811
                                                   run_jobs) -> None:
    """After "Dukung" nothing more was heard, and "Laporan saya" did not list it: it is listed
    under "Yang saya dukung", the bell says when work starts, and a backer is not asked to rate
    the work (that is the reporter's)."""
    import io

    from tests.helpers import auth, jpeg

    _, maria = make_user(conn, "maria")
    _, yosef = make_user(conn, "yosef")
    _, op = make_user(conn, "op", "operator")
    officer_id, officer = make_user(conn, "petugas", "responder", "DLH")
    rid = submit(client, maria, point=LLBK).get_json()["id"]
    own = submit(client, yosef, point=east_of(LLBK, 600), category="parkir_liar").get_json()["id"]
    for far in (1000, 1400):  # four in all: "Akun saya ↓" joins "Yang saya dukung ↓" on top
        submit(client, yosef, point=east_of(LLBK, far), category="parkir_liar")
    run_jobs()
    context, page = phone(PHONES[0])
    open_app(page, live)
    page.tap("#report-open")
    sign_in(page, "yosef@example.id")
    page.goto(f"{live}/kupang/?report={rid}")
    page.wait_for_selector("#support-this")
    page.tap("#support-this")
    page.wait_for_selector("#support-done")
    assert "Kami kabari saat mulai dikerjakan" in page.locator("#support-done").inner_text()
    page.tap("#info .close")
    page.tap("#mine-open")
    page.wait_for_selector("#backed-list")
    assert page.locator("#backed-title").inner_text() == "Yang saya dukung"
    assert f"#{own} " in page.locator("#mine-list").inner_text()  # his own first
    assert f"#{rid} Sampah" in page.locator("#backed-list").inner_text()
    backs, account = page.locator("#to-backed").bounding_box(), page.locator("#to-account").bounding_box()
    assert account["x"] - (backs["x"] + backs["width"]) >= 16 or account["y"] >= backs["y"] + backs["height"], (
        backs, account)  # two ways down, told apart ("… (2) ↓Akun saya ↓" read as one link: a phone walk)
    page.tap("#to-backed")  # the way down to them, on top (below eight of his own they were off screen)
    wait_until(page, "document.activeElement?.id === 'backed-title'")
    page.tap("#mine .close")

    def move(token: str, to: str, **form) -> None:
        r = client.post(f"/api/v1/reports/{rid}/transitions", data={"to": to, **form}, headers=auth(token),
                        content_type="multipart/form-data")
        assert r.status_code == 200, r.get_json()

    move(op, "assigned", assignee_id=officer_id)
    move(officer, "in_progress")
    page.goto(f"{live}/kupang/?report={rid}")  # he opens it later: his backing is said of work under way
    page.wait_for_selector("#support-done")  # ("we will tell you when work starts" read as if nothing had: a walk)
    assert "Laporan ini sedang dikerjakan; kami kabari saat selesai" in page.locator("#support-done").inner_text()
    wait_until(page, "document.getElementById('bell-count').textContent === '1'", 30)
    page.tap("#bell")
    page.wait_for_selector("#notif-list")
    assert f"Laporan yang Anda dukung #{rid} (Sampah): Dikerjakan" in page.locator("#notif-list").inner_text()
    move(officer, "resolved", photo=(io.BytesIO(jpeg((20, 160, 20))), "sesudah.jpg"))
    run_jobs()
    page.tap("#bell")  # put away, and opened again: the news of the work done
    wait_until(page, "document.getElementById('notifs').hidden")
    page.tap("#bell")
    wait_until(page, f"document.getElementById('notif-list')?.textContent.includes('#{rid} (Sampah): Selesai')", 30)
    page.tap("#notif-list button")  # the newest: opens the report in "Laporan saya"
    wait_until(page, "!!document.getElementById('mine-back')")
    assert "Selesai" in page.locator("#mine").inner_text()
    assert page.locator("#follow-up").count() == 0  # no stars for a backer
    page.screenshot(path=str(ARTIFACTS / "phone-backer-follows.png"))
    assert page.errors == []
    context.close()


def test_reports_on_one_spot_are_each_opened(live: str, phone, client, conn: psycopg.Connection,  # noqa: F811
                                             run_jobs) -> None:
    """A second report filed on the very spot of another: a tap opened the top one only, so the
    second could not be opened or backed from the map (a phone walk). And a hexagon's counts at
    the city's zoom led nowhere ("+" zoomed on the city's centre, away from them)."""
    _, maria = make_user(conn, "maria")
    _, yosef = make_user(conn, "yosef")
    first = submit(client, maria, point=LLBK).get_json()["id"]
    second = submit(client, yosef, point=LLBK, category="lampu_rambu").get_json()["id"]
    run_jobs()
    context, page = phone(PHONES[0])
    open_app(page, live)

    def tap_at(lng: float, lat: float) -> None:
        x, y = page.evaluate(f"(() => {{ const p = window.sigapMap.project([{lng}, {lat}]);"
                             " const r = document.getElementById('map').getBoundingClientRect();"
                             " return [p.x + r.left, p.y + r.top]; })()")
        page.touchscreen.tap(x, y)

    # at the city's zoom: the hexagon's counts, and a way in
    wait_until(page, "window.sigapMap.queryRenderedFeatures({layers: ['reports-hex']}).length > 0", 30)
    tap_at(*LLBK)
    page.wait_for_selector("#zoom-here")
    page.tap("#zoom-here")
    wait_until(page, "!window.sigapMap.isMoving() && window.sigapMap.loaded()", 30)
    assert page.locator("#info").is_hidden()
    # the whole hexagon in view (zoomed on the tap, a walk saw 1½ of its 8 reports), close enough for points
    hexagon = page.evaluate("window.sigapMap.getZoom()")
    assert hexagon >= 14, hexagon
    wait_until(page, "window.sigapMap.queryRenderedFeatures({layers: ['reports-point']}).length >= 2", 30)
    tap_at(*LLBK)
    page.wait_for_selector("#here-list")
    assert page.locator("#info-title").inner_text() == "2 laporan di titik ini"
    listed = page.locator("#here-list").inner_text()
    assert f"#{first} Sampah" in listed and f"#{second} Lampu" in listed, listed
    page.tap(f"#here-list [data-report='{second}']")
    wait_until(page, f"document.getElementById('info-title').textContent.startsWith('#{second} ')")
    assert page.errors == []
    context.close()
