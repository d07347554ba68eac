"""The citizen app at phone size with touch, as a resident of Kupang uses it: every step is a
tap (Playwright's touchscreen), never a call into the page. Open → sign up → pin by GPS (with
its accuracy circle) → a real-size 4 MB phone photo, resized in the browser → send; offline:
compose, send, "menunggu sinyal", back online, exactly one report; GPS denied; the operator
verifies → the bell; resolved → the citizen rates and closes; a waiting report listed and
discarded; an expired sign-in waits for its author; signing out ends the session on the server. Screenshots in test-artifacts/,
and axe-core finds no serious or critical accessibility problem on any screen."""
from __future__ import annotations

import io
import re
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

import psycopg
import pytest

from bench.photos import phone_photo
from tests.e2e.conftest import ARGS, ARTIFACTS, CHROMIUM, wait_until, watch_errors
from tests.helpers import LLBK, auth, east_of, jpeg, make_user, submit

PHONES = [{"width": 390, "height": 844}, {"width": 360, "height": 640}]
IPHONE_UA = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
             " Version/17.5 Mobile/15E148 Safari/604.1")
AXE = "/static/node_modules/axe-core/axe.min.js"


@pytest.fixture
def phone():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)

        def make(size: dict[str, int] = PHONES[0], gps: bool = True,
                 timezone: str | None = None, **more: Any):
            context = browser.new_context(
                viewport=size, has_touch=True, is_mobile=True, device_scale_factor=2, locale="id-ID",
                geolocation={"longitude": LLBK[0], "latitude": LLBK[1], "accuracy": 35},
                permissions=["geolocation"] if gps else [], timezone_id=timezone, **more)
            return context, watch_errors(context.new_page())

        yield make
        browser.close()


def axe_clean(page, live: str, what: str) -> None:
    if not page.evaluate("!!window.axe"):
        page.add_script_tag(url=live + AXE)
    found = page.evaluate("axe.run(document, {resultTypes: ['violations']}).then(r => r.violations"
                          ".filter(v => ['serious', 'critical'].includes(v.impact))"
                          ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')))")
    assert found == [], f"{what}: {found}"
    assert small_tap_targets(page) == [], what


def small_tap_targets(page) -> list[str]:
    """Visible buttons, links and form fields smaller than 44x44 CSS px (WCAG 2.5.5; links inline in
    a sentence, like the map's attribution, are the criterion's own exception). A checkbox inside
    its label is tapped anywhere on the label: the label is its target. A skip link unseen until a
    keyboard focuses it (/ops) is no tap target; focused, it is measured."""
    return page.evaluate("""[...document.querySelectorAll(
            'button, a[href], select, input:not([type=file]), textarea, label.photo-pick')]
        .filter(e => e.offsetParent !== null && !e.closest('label.photo-pick input')
                     && !e.closest('.maplibregl-ctrl-attrib-inner') && !e.matches('.skip:not(:focus)'))
        .map(e => [e, (e.type === 'checkbox' && e.closest('label') || e).getBoundingClientRect()])
        .filter(([e, r]) => r.width > 0 && (r.width < 44 || r.height < 44))
        .map(([e, r]) => (e.id || e.className || e.tagName) + ' ' + Math.round(r.width) + 'x' + Math.round(r.height))""")


def in_view(page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    vp = page.viewport_size
    return bool(box) and box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= vp["width"] \
        and box["y"] + box["height"] <= vp["height"]


def screen_point(page, lng: float, lat: float) -> tuple[float, float]:
    return page.evaluate(f"(() => {{ const p = window.sigapMap.project([{lng}, {lat}]);"
                         f" const r = document.getElementById('map').getBoundingClientRect();"
                         f" return [p.x + r.left, p.y + r.top]; }})()")


def sign_in(page, login: str, password: str = "rahasia-123") -> None:
    """In the report sheet's sign-in, log in as an existing citizen (make_user's password), wait for the form."""
    page.locator("#f-login").fill(login)
    page.locator("#f-password").fill(password)
    page.tap("#f-login-btn")
    page.wait_for_selector("#report-form")


def open_report_form(page, login: str, password: str = "rahasia-123") -> None:
    """Tap "Laporkan" and sign in."""
    page.tap("#report-open")
    sign_in(page, login, password)


def staff_sign_in(page, url: str, email: str, password: str = "rahasia-123") -> None:
    """Open a staff page on the phone and sign in by typing and tapping, as a person does."""
    page.goto(url)
    page.wait_for_selector("#s-login")
    page.locator("#s-login").fill(email)
    page.locator("#s-password").fill(password)
    page.tap("#s-submit")


def open_app(page, live: str) -> None:
    page.goto(live + "/")
    wait_until(page, "!!(window.sigapMap && window.sigapMap.loaded())")
    wait_until(page, "document.getElementById('category').options.length > 1")


def test_citizen_journey_on_a_phone(live: str, phone, client, conn: psycopg.Connection, tmp_path, run_jobs,
                                    settings) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    context, page = phone()
    open_app(page, live)
    assert in_view(page, "#report-open") and in_view(page, "#filters-open") and in_view(page, "#lang")
    axe_clean(page, live, "public map")
    page.screenshot(path=str(ARTIFACTS / "phone-map.png"))

    # Filters live in a sheet that closes again. The heatmap says what its colours mean, and the
    # report hexagons' fill steps aside while it is on.
    page.tap("#filters-open")
    assert page.locator("#filters").is_visible()
    page.tap("#heat")
    assert page.locator("#heat-legend").is_visible() and "Laporan per km²" in page.locator("#heat-legend").inner_text()
    assert page.evaluate("window.sigapMap.getLayoutProperty('reports-hex', 'visibility')") == "none"
    page.tap("#filters .close")
    assert not page.locator("#filters").is_visible()
    assert in_view(page, "#heat-legend")
    page.screenshot(path=str(ARTIFACTS / "phone-heatmap.png"))
    page.tap("#filters-open")
    page.tap("#heat")
    assert page.locator("#heat-legend").is_hidden()
    assert page.evaluate("window.sigapMap.getLayoutProperty('reports-hex', 'visibility')") == "visible"
    page.tap("#filters .close")

    # Sign up from the report sheet: "Daftar" asks for a name and the password once more, and a
    # typo in the second makes no account.
    page.tap("#report-open")
    page.locator("#f-login").fill("maria@example.id")
    page.locator("#f-password").fill("kupang-2026")
    page.tap("#f-register-btn")
    assert page.locator("#f-password2").is_visible() and page.locator("#f-register-btn").inner_text() == "Buat akun"
    # each field named above it (a placeholder alone was gone once she typed)
    assert page.get_by_label("Ulangi kata sandi").is_visible() and page.get_by_label("E-mail atau No. HP").is_visible()
    # the rule is said before a refusal (it came only after a failed try: a walk)
    assert page.get_by_label("Kata sandi (min. 8 karakter)").get_attribute("id") == "f-password"
    # that tap only opened sign-up: it did not also send it ("Kedua kata sandi tidak sama" at once)
    assert page.locator("#form-msg").inner_text() == "" and page.evaluate("document.activeElement.id") == "f-password2"
    page.locator("#f-name").fill("Maria Nenobais")
    page.locator("#f-password2").fill("kupang-2062")
    page.tap("#f-register-btn")
    page.wait_for_selector("#form-msg.error")
    assert page.locator("#form-msg").inner_text() == "Kedua kata sandi tidak sama."
    wait_until(page, "(() => { const r = document.getElementById('form-msg').getBoundingClientRect();"
                     " return r.top >= 0 && r.bottom <= innerHeight + 1; })()", 5)  # not below the sheet's fold
    assert conn.execute("SELECT count(*) AS n FROM users WHERE email = 'maria@example.id'").fetchone()["n"] == 0
    conn.commit()
    # The language switch draws the sheet anew: what she typed, the sign-up and the message stay.
    page.tap("#lang")
    assert page.locator("#f-register-btn").inner_text() == "Create account"
    assert page.locator("#form-msg").inner_text() == "The two passwords differ."
    assert (page.locator("#f-login").input_value(), page.locator("#f-name").input_value()) == (
        "maria@example.id", "Maria Nenobais")
    page.tap("#lang")
    # The keyboard's "Go" after the second password makes the account (it signed in, and failed).
    page.locator("#f-password2").fill("kupang-2026")
    page.locator("#f-password2").press("Enter")
    page.wait_for_selector("#report-form")
    # said, and the form from its top: it opened scrolled past the category (a walk at 360×640)
    wait_until(page, "document.getElementById('toast').textContent === 'Akun dibuat. Selamat datang!'")
    assert page.evaluate("document.getElementById('report-panel').scrollTop") == 0 and in_view(page, "#f-category")
    assert conn.execute("SELECT full_name FROM users WHERE email = 'maria@example.id'").fetchone()["full_name"] \
        == "Maria Nenobais"
    conn.commit()
    sheet = page.locator("#report-panel").bounding_box()
    assert sheet and sheet["y"] > 0.4 * 844, "the sheet leaves the upper half of the map visible"
    send = page.locator("#f-send")
    assert send.is_disabled()
    axe_clean(page, live, "report form")

    page.select_option("#f-category", "sampah")
    page.locator("#f-photo").set_input_files(str(phone_photo(tmp_path / "IMG_20261201.jpg", east_of(LLBK, 200))))
    wait_until(page, "!document.getElementById('f-preview').hidden", 30)
    assert int(page.locator("#f-preview").get_attribute("data-bytes")) <= 400 * 1024
    assert send.is_disabled(), "no location yet: the map's centre is never taken for one"
    assert page.locator("#f-photo-gps").is_visible()  # the photo knows where it was taken
    # the picker says a photo is in (it still offered "Ambil / pilih foto"), and the words' box is named above it
    assert page.locator("#f-photo-label").inner_text() == "Ganti foto"
    assert page.get_by_label("Keterangan (opsional)").get_attribute("id") == "f-description"

    # The citizen scrolls the sheet just far enough to see "Lokasi saya" at its bottom edge, and taps it.
    page.locator("#f-locate").evaluate("e => e.scrollIntoView({ block: 'end' })")
    page.tap("#f-locate")
    wait_until(page, "document.getElementById('f-where').textContent.includes('Kel.')")
    where = page.locator("#f-where").inner_text()
    assert "Lahilai Bissi Kopan" in where and "Kota Lama" in where
    # The answer to "Lokasi saya" is shown, not left below the sheet's fold (the photo preview fills it).
    wait_until(page, "(() => { const r = document.getElementById('f-where').getBoundingClientRect();"
                     " return r.top >= 0 && r.bottom <= innerHeight + 1; })()", 5)  # sub-pixel layout
    wait_until(page, "window.sigapMap.queryRenderedFeatures({layers: ['accuracy-fill']}).length > 0")  # the circle
    assert page.locator("#f-pin-hint").inner_text().startswith("Pin terpasang.")  # no more "Ketuk peta…"
    wait_until(page, "window.sigapMap.areTilesLoaded() && !window.sigapMap.isMoving()")
    pin = page.locator(".maplibregl-marker").bounding_box()
    assert pin and pin["y"] + pin["height"] < sheet["y"] + 5, "the pin is visible above the sheet"
    page.screenshot(path=str(ARTIFACTS / "phone-form-gps.png"))
    assert send.is_enabled()
    page.tap("#f-send")
    page.wait_for_selector("#form-msg.ok", timeout=20000)
    # The receipt is in view, and the emptied form does not read as an error ("Tambahkan foto.").
    wait_until(page, "(() => { const r = document.getElementById('form-msg').getBoundingClientRect();"
                     " return r.top >= 0 && r.bottom <= innerHeight + 1; })()", 5)
    assert page.locator("#f-missing").inner_text() == ""
    receipt = page.locator("#form-msg").inner_text()
    assert receipt.startswith("Laporan terkirim: #") and receipt.endswith(", Dinas Lingkungan Hidup). Ikuti kabarnya di"
                                                                      " Laporan saya")
    page.tap("#lang")  # the receipt stays, in English (the sheet drawn anew had lost it)
    assert page.locator("#form-msg").inner_text() == receipt.replace("Laporan terkirim", "Report sent").replace(
        "Dinas Lingkungan Hidup", "Environment Agency").replace("Ikuti kabarnya di Laporan saya", "Follow it in My reports")
    page.tap("#lang")
    row = conn.execute("SELECT r.id, ST_X(r.geom) AS lng, ST_Y(r.geom) AS lat, r.accuracy_m, p.media_key FROM reports r"
                       " JOIN photos p ON p.report_id = r.id").fetchone()
    assert (row["lng"], row["lat"]) == pytest.approx(LLBK, abs=1e-6)
    assert row["accuracy_m"] == 35  # the GPS accuracy the form showed, stored with the report
    conn.commit()
    first = row["id"]
    uploaded = conn.execute("SELECT media_key, width, height FROM photos WHERE report_id = %s", (first,)).fetchone()
    original = next((settings.media_dir / "photos" / uploaded["media_key"]).glob("original.*"))
    assert original.stat().st_size <= 400 * 1024 and (uploaded["width"], uploaded["height"]) == (1200, 1600)

    # No signal: the report waits on the phone and goes out once, when the signal returns.
    page.select_option("#f-category", "lampu_rambu")
    page.locator("#f-photo").set_input_files(str(tmp_path / "IMG_20261201.jpg"))
    wait_until(page, "!document.getElementById('f-preview').hidden", 30)
    context.set_offline(True)
    x, y = screen_point(page, *east_of(LLBK, 120))
    page.touchscreen.tap(x, y)
    wait_until(page, "!document.getElementById('f-send').disabled")
    page.tap("#f-send")
    page.wait_for_selector("#form-msg.warn")
    assert page.locator("#pending").is_visible() and "menunggu sinyal" in page.locator("#pending").inner_text()
    assert page.locator("#f-missing").inner_text() == ""  # kept to send: the empty form lacks nothing yet
    page.screenshot(path=str(ARTIFACTS / "phone-offline-queued.png"))
    assert conn.execute("SELECT count(*) AS n FROM reports").fetchone()["n"] == 1
    conn.commit()
    page.tap("#mine-open")  # "Laporan saya" says it waits, and stops saying so once it is out (it went on)
    page.wait_for_selector("#mine-waiting")
    context.set_offline(False)
    wait_until(page, "document.getElementById('pending').hidden", 40)
    wait_until(page, "!document.getElementById('mine-waiting') && document.querySelectorAll('#mine-list li').length === 2")
    page.tap("#mine .close")
    page.wait_for_selector("#report-form")  # back to the form it was opened over
    rows = conn.execute("SELECT c.code FROM reports r JOIN categories c ON c.id = r.category_id ORDER BY r.id").fetchall()
    assert [r["code"] for r in rows] == ["sampah", "lampu_rambu"]
    conn.commit()

    # The operator verifies: the citizen's bell says so.
    _, operator = make_user(conn, "op", "operator")
    assert client.post(f"/api/v1/reports/{first}/transitions", json={"to": "verified"},
                       headers=auth(operator)).status_code == 200
    page.tap("#top .brand")  # anything; the bell refreshes on its own within 20 s
    wait_until(page, "document.getElementById('bell-count').textContent === '1'", 60)  # a 20 s poll, on a loaded machine
    page.tap("#bell")
    page.wait_for_selector("#notif-list")
    assert "Diverifikasi" in page.locator("#notif-list").inner_text()
    # the time chip keeps to its line's top, its own height (it stretched to the whole row)
    # (read in one go: the bell's own refresh may draw the list again meanwhile)
    wait_until(page, "(() => { const h = document.querySelector('#notif-list .chip')?.getBoundingClientRect().height;"
                     " return h > 0 && h < 30; })()")
    axe_clean(page, live, "notifications")
    page.screenshot(path=str(ARTIFACTS / "phone-bell.png"))

    # Resolved by the field team: the citizen rates it and closes it from "Laporan saya".
    responder_id, responder = make_user(conn, "petugas", "responder", "DLH")
    for body in ({"to": "assigned", "assignee_id": str(responder_id)},):
        assert client.post(f"/api/v1/reports/{first}/transitions", data=body, headers=auth(operator),
                           content_type="multipart/form-data").status_code == 200
    assert client.post(f"/api/v1/reports/{first}/transitions", data={"to": "in_progress"}, headers=auth(responder),
                       content_type="multipart/form-data").status_code == 200
    assert client.post(f"/api/v1/reports/{first}/transitions", headers=auth(responder),
                       data={"to": "resolved", "note": "Sudah diangkut", "photo": (io.BytesIO(jpeg((20, 160, 20))), "s.jpg")},
                       content_type="multipart/form-data").status_code == 200
    run_jobs()
    # The list she saw before stays while the new one comes, saying so: its "Diterima" is old.
    held: list = []
    page.route(re.compile(r"/api/v1/reports\?mine=1"), lambda route: held.append(route))
    page.tap("#mine-open")
    page.wait_for_selector("#mine-updating")
    assert page.locator("#mine-updating").inner_text() == "Memperbarui…"
    assert page.locator("#mine-list").get_attribute("aria-busy") == "true"
    assert page.locator(f"#mine-list button[data-report='{first}'] .chip").inner_text() == "Diterima"
    for _ in range(200):  # the list's request, held back (10 s at most)
        if held:
            break
        page.wait_for_timeout(50)
    held[0].continue_()
    page.unroute(re.compile(r"/api/v1/reports\?mine=1"))
    wait_until(page, "!document.getElementById('mine-list').hasAttribute('aria-busy')")
    assert page.locator("#mine-updating").count() == 0
    assert page.locator(f"#mine-list button[data-report='{first}'] .chip").inner_text() == "Selesai"
    # The report with news stands out in the list; opening it reads its news, and the bell stops counting.
    assert "kabar baru" in page.locator(f"#mine-list button[data-report='{first}']").inner_text()
    # where and when, to the minute in the city's zone: two reports of one morning are told apart
    assert re.search(r"Kel\. Lahilai Bissi Kopan · \d{1,2} \w{3},? \d{2}\.\d{2} WITA",
                     page.locator(f"#mine-list button[data-report='{first}']").inner_text())
    assert "kabar baru" not in page.locator("#mine-list").inner_text().replace(
        page.locator(f"#mine-list button[data-report='{first}']").inner_text(), "")
    assert not page.locator("#bell-count").is_hidden()
    page.evaluate("window.sigapMap.jumpTo({ zoom: 11 })")  # the citizen had pinched out to the whole city
    page.tap(f"#mine-list button[data-report='{first}']")
    page.wait_for_selector("#follow-up")
    # Asked under its status, with the officer's photo named: it sat after the whole timeline, three
    # swipes down a 360x640 sheet, and the after-photo looked like her own (a walk).
    wait_until(page, "(() => { const r = document.querySelector('#follow-up p').getBoundingClientRect();"
                     " return r.top > 0 && r.bottom <= innerHeight; })()")
    assert page.locator("#follow-up figcaption").inner_text() == "Foto sesudah dari petugas"
    assert page.locator("#mine figure.after").count() == 1  # not again in the timeline
    wait_until(page, "document.getElementById('bell-count').hidden")
    # The map shows the report opened, above the sheet.
    wait_until(page, "window.sigapMap.getZoom() >= 15 && !window.sigapMap.isMoving()")
    y, sheet_top = page.evaluate(f"[window.sigapMap.project([{row['lng']}, {row['lat']}]).y"
                                 " + window.sigapMap.getContainer().getBoundingClientRect().top,"
                                 " document.getElementById('mine').getBoundingClientRect().top]")
    assert 60 < y < sheet_top - 20, (y, sheet_top)
    axe_clean(page, live, "my report")
    # one star, four stars, as a screen reader says them ("1 stars" before)
    assert page.locator("button[data-star='1']").get_attribute("aria-label") == "1 bintang"
    page.tap("button[data-star='4']")
    page.locator("#not-fixed-note").fill("Masih ada sisa di got")
    page.tap("#lang")  # drawn anew in English: the stars given and the words typed stay
    wait_until(page, "document.getElementById('rate-close')?.textContent === 'Rate and close'")
    assert page.locator("button[data-star='4']").get_attribute("aria-pressed") == "true"
    assert page.locator("#not-fixed-note").input_value() == "Masih ada sisa di got"
    assert page.locator("#rate-close").is_enabled()
    page.tap("#lang")
    wait_until(page, "document.getElementById('rate-close')?.textContent === 'Beri nilai lalu tutup'")
    page.tap("#rate-close")
    wait_until(page, "!document.getElementById('follow-up')")
    got = conn.execute("SELECT status, rating FROM reports WHERE id = %s", (first,)).fetchone()
    assert (got["status"], got["rating"]) == ("closed", 4)
    wait_until(page, "document.getElementById('d-rating')?.textContent === 'Nilai Anda: ★★★★☆ 4/5'")  # hers, kept
    # and its dot on the map is closed too (it stayed "Selesai" green until a reload: a walk)
    wait_until(page, "window.sigapMap.queryRenderedFeatures({layers: ['reports-point']})"
                     f".some(f => f.id === {first} && f.properties.status === 'closed')")
    page.screenshot(path=str(ARTIFACTS / "phone-closed.png"))

    # English, remembered: every visible string changes.
    page.tap("#lang")
    wait_until(page, "document.getElementById('mine-title').textContent.includes('Garbage')"
                     " && document.getElementById('mine').textContent.includes('Timeline')")
    assert "Routed to Environment Agency" in page.locator("#mine").inner_text()  # the routing note too
    assert page.locator("#report-open").inner_text() == "Report"
    page.reload()
    wait_until(page, "!!(window.sigapMap && window.sigapMap.loaded())")
    assert page.locator("#report-open").inner_text() == "Report" and page.locator("#mine-open").inner_text() == "My reports"
    # Only the loads that failed while the phone was offline.
    assert all("ERR_INTERNET_DISCONNECTED" in e for e in page.errors), page.errors


@pytest.mark.parametrize("size", PHONES, ids=["390x844", "360x640"])
def test_gps_denied_says_so_and_a_tap_places_the_pin(live: str, phone, conn: psycopg.Connection, size) -> None:
    make_user(conn, "yosef")
    context, page = phone(size, gps=False)
    open_app(page, live)
    open_report_form(page, "yosef@example.id")
    for sel in ("#report-open", "#filters-open", "#lang", "#bell", "#mine-open"):
        assert in_view(page, sel), sel
    page.tap("#f-locate")
    page.wait_for_selector("#f-gps.warn")
    assert "Izin lokasi ditolak" in page.locator("#f-gps").inner_text()
    page.tap("#filters-open")  # a look at the filters before any pin: closing them returns to the form
    page.tap("#filters .close")
    assert page.locator("#report-panel").is_visible()
    x, y = screen_point(page, *LLBK)
    # Every step still to do is said at once (one at a time, each seemed the last).
    assert page.locator("#f-missing").inner_text() == "Sebelum mengirim: pilih kategori, tambahkan foto, tandai lokasi."
    # The city at a glance, a fingertip a few hundred metres wide: the first tap zooms in there.
    assert page.evaluate("window.sigapMap.getZoom()") < 15
    page.touchscreen.tap(x, 110)  # well above the sheet, on the map
    wait_until(page, "document.getElementById('f-pin-hint').textContent.startsWith('Peta diperbesar')")
    # said over the map too, where she looks (the sheet's hint was below a 360x640 screen: a walk)
    assert page.locator("#toast").inner_text().startswith("Peta diperbesar") and in_view(page, "#toast")
    wait_until(page, "!window.sigapMap.isMoving() && window.sigapMap.getZoom() >= 16.9")
    assert page.locator(".maplibregl-marker").count() == 0
    page.touchscreen.tap(x, 110)  # ... and the next one places the pin
    wait_until(page, "document.getElementById('f-where').textContent.includes('Kel.') "
                     "|| document.getElementById('f-where').className.includes('bad')")
    assert page.locator(".maplibregl-marker").count() == 1
    assert page.locator("#f-pin-hint").inner_text().startswith("Pin terpasang")
    assert page.locator("#f-missing").inner_text() == "Sebelum mengirim: pilih kategori, tambahkan foto."
    assert "Izin lokasi ditolak" not in page.locator("#f-gps").inner_text()  # answered by the pin
    page.tap("#filters-open")  # a look at the filters while writing the report ...
    assert page.locator("#report-panel").is_hidden() and page.locator("#filters").is_visible()
    page.tap("#filters .close")  # ... and back to the form, its pin where it was
    assert page.locator("#report-panel").is_visible() and page.locator(".maplibregl-marker").count() == 1
    url = page.url
    page.go_back()  # the phone's back button puts the form away (it left the site), keeping what is in it
    wait_until(page, "document.getElementById('report-panel').hidden")
    assert page.url == url
    page.tap("#filters-open")  # put away, it is not reopened by the next sheet's closing
    page.tap("#filters .close")
    assert page.locator("#report-panel").is_hidden()
    page.tap("#report-open")
    assert page.locator(".maplibregl-marker").count() == 1 and page.locator("#f-where").is_visible()
    page.tap("#filters-open")
    page.go_back()  # a sheet over the form: back to the form
    wait_until(page, "!document.getElementById('report-panel').hidden && document.getElementById('filters').hidden")
    page.tap("#report-panel .close")
    assert page.locator(".maplibregl-marker").count() == 0
    page.screenshot(path=str(ARTIFACTS / f"phone-gps-denied-{size['width']}.png"))


def test_responder_view_on_a_phone(live: str, phone, client, conn: psycopg.Connection, run_jobs) -> None:
    """A field officer's phone: the shift status is the server's (it survives a reload), an offer
    names the category in words, and a link opens the phone's map app at the place."""
    make_user(conn, "petugas", "responder", "DLH")
    _, citizen = make_user(conn, "ani")
    context, page = phone()
    page.goto(live + "/petugas")
    page.wait_for_selector("#staff-login")
    axe_clean(page, live, "responder login")
    page.locator("#s-login").fill("petugas@example.id")
    page.locator("#s-password").fill("rahasia-123")
    page.tap("#s-submit")
    wait_until(page, "window.sigapReady === true")
    page.select_option("#r-status", "available")
    wait_until(page, "document.getElementById('r-where').textContent.includes('Lokasi terkirim')")  # the fix went out
    rid = client.post("/api/v1/reports", headers=auth(citizen), content_type="multipart/form-data", data={
        "category": "sampah", "lng": str(east_of(LLBK, 80)[0]), "lat": str(east_of(LLBK, 80)[1]),
        "description": "Sampah menumpuk di depan toko", "photo": (io.BytesIO(jpeg()), "f.jpg")}).get_json()["id"]
    run_jobs()  # dispatch offers it to the nearest available responder: this phone
    page.reload()
    wait_until(page, "window.sigapReady === true")
    assert page.locator("#r-status").input_value() == "available", "the server's shift status, not a default"
    page.wait_for_selector(f"[data-offer] a[data-navigate='#{rid}']")
    offer = page.locator("[data-offer]").first.inner_text()
    assert f"#{rid} Sampah" in offer and "menit lagi" in offer  # how long the offer stands
    # where and what, to accept or decline it in the two minutes it stands
    assert "Kel. Fontein" in offer and "Sampah menumpuk di depan toko" in offer
    # and what the reporter photographed (the officer saw only words), opened whole by a tap
    wait_until(page, "document.querySelector('[data-offer] .before-photo img')?.naturalWidth > 0")
    assert page.locator("[data-offer] .before-photo img").get_attribute("alt") == "Foto dari pelapor"
    assert page.locator("[data-offer] .before-photo").get_attribute("href").endswith("/public.jpg")
    href = page.locator(f"[data-offer] a[data-navigate='#{rid}']").get_attribute("href")
    lng, lat = east_of(LLBK, 80)
    assert href.startswith(f"geo:{lat:.5f}"[:12])
    axe_clean(page, live, "responder view")
    page.screenshot(path=str(ARTIFACTS / "phone-responder-offer.png"))
    # The same officer on an iPhone, which opens nothing for geo:: the link is Apple Maps' own.
    _, iphone = phone(PHONES[0], storage_state=context.storage_state(), user_agent=IPHONE_UA)
    iphone.goto(live + "/petugas")
    wait_until(iphone, "window.sigapReady === true")
    iphone.wait_for_selector(f"[data-offer] a[data-navigate='#{rid}']")
    href = iphone.locator(f"[data-offer] a[data-navigate='#{rid}']").get_attribute("href")
    asked = parse_qs(urlsplit(href).query)
    assert href.startswith("https://maps.apple.com/?") and asked["q"] == [f"#{rid}"], href
    assert [round(float(v), 5) for v in asked["daddr"][0].split(",")] == [round(lat, 5), round(lng, 5)], href


def test_operator_dashboard_passes_axe(live: str, phone, conn: psycopg.Connection) -> None:
    make_user(conn, "operator", "operator")
    context, page = phone({"width": 1280, "height": 800})
    page.goto(live + "/ops")
    page.wait_for_selector("#staff-login")
    axe_clean(page, live, "operator login")
    page.locator("#s-login").fill("operator@example.id")
    page.locator("#s-password").fill("rahasia-123")
    page.locator("#s-submit").click()
    wait_until(page, "window.sigapReady === true")
    axe_clean(page, live, "operator dashboard")


def test_search_an_address_places_the_pin(live: str, phone, conn: psycopg.Connection, env, tmp_path) -> None:
    """With the city's OpenStreetMap loaded, a citizen types a street with a typo and the usual
    abbreviation, taps the result, and the pin is there with its kelurahan; send is allowed."""
    from click.testing import CliRunner

    from api.cli import main
    from tests.osm_extract import write_extract

    assert CliRunner().invoke(main, ["load-osm", str(write_extract(tmp_path / "k.osm.pbf"))]).exit_code == 0
    make_user(conn, "maria")
    context, page = phone({"width": 360, "height": 640}, gps=False)  # no GPS: a line on it above the field
    open_app(page, live)
    open_report_form(page, "maria@example.id")
    page.locator("#f-search").fill("Jl. Sudirmn")
    page.wait_for_selector("#f-search-results button[data-place='Jalan Jenderal Sudirman']")
    # in sight under the field, not below the sheet's fold (typing seemed to do nothing: a walk)
    wait_until(page, "(() => { const r = document.querySelector('#f-search-results button').getBoundingClientRect();"
                     " return r.top >= 0 && r.bottom <= innerHeight; })()")
    page.locator("#f-search-results button[data-place='Jalan Jenderal Sudirman']").first.tap()
    wait_until(page, "document.getElementById('f-where').textContent.includes('Kel.')")
    assert "Jalan Jenderal Sudirman, Kel." in page.locator("#f-where").inner_text()  # the street, when known
    assert page.locator(".maplibregl-marker").count() == 1
    axe_clean(page, live, "report form with search")
    wait_until(page, "window.sigapMap.areTilesLoaded() && !window.sigapMap.isMoving()")
    page.screenshot(path=str(ARTIFACTS / "phone-search.png"))
    # The pin moved by a tap elsewhere: the box no longer names the street (it kept "Oebobo": a walk)
    assert page.locator("#f-search").input_value() == "Jalan Jenderal Sudirman"
    page.touchscreen.tap(180, 110)  # on the map, above the sheet
    wait_until(page, "document.getElementById('f-search').value === ''")
    assert page.locator(".maplibregl-marker").count() == 1
    # Without signal the search says so, and what to do instead (the list stayed empty, silent).
    context.set_offline(True)
    page.locator("#f-search").fill("Jl. Sudirman")
    page.wait_for_selector("#f-search-failed")
    assert "Ketuk peta untuk menaruh titik" in page.locator("#f-search-failed").inner_text()
    assert in_view(page, "#f-search-failed")


def test_the_map_opens_without_signal_after_one_visit(live: str, phone, client, conn: psycopg.Connection, env,
                                                      tmp_path) -> None:
    """A resident opens SIGAP once, on /kupang/ (the page an installed app starts on), and signs
    in; the next time there is no signal: the app, the kelurahan, the streets of the city's
    OpenStreetMap basemap and the reports with their counts are drawn from the phone's cache, and
    the report form still offers every category (the report then waits for the signal, as the
    journey test shows)."""
    from click.testing import CliRunner

    from api.cli import main
    from tests.osm_extract import write_extract

    assert CliRunner().invoke(main, ["load-osm", str(write_extract(tmp_path / "k.osm.pbf"))]).exit_code == 0
    _, citizen = make_user(conn, "ani")
    assert client.post("/api/v1/reports", headers=auth(citizen), content_type="multipart/form-data", data={
        "category": "sampah", "lng": str(LLBK[0]), "lat": str(LLBK[1]),
        "photo": (io.BytesIO(jpeg()), "f.jpg")}).status_code == 201
    context, page = phone()
    drawn = ("['kelurahan-fill', 'osm-roads', 'reports-hex', 'reports-hex-label'].map(id =>"
             " window.sigapMap.queryRenderedFeatures({layers: [id]}).length > 0)")
    page.goto(live + "/kupang/")
    wait_until(page, "!!(window.sigapMap && window.sigapMap.loaded())")
    open_report_form(page, "ani@example.id")
    page.tap("#report-panel .close")
    # The service worker arrives after the first render and keeps what this visit loaded before it.
    wait_until(page, "performance.getEntriesByName('sigap:kept-offline').length > 0", 30)
    assert page.evaluate(drawn) == [True] * 4, "online"
    context.set_offline(True)
    page.reload()
    wait_until(page, "performance.getEntriesByName('sigap:map-ready').length > 0", 30)
    assert page.evaluate(drawn) == [True] * 4, "offline: boundaries, streets, reports and their counts"
    page.screenshot(path=str(ARTIFACTS / "phone-offline-map.png"))
    page.tap("#report-open")
    page.wait_for_selector("#report-form")
    kupang = conn.execute("SELECT count(*) AS n FROM categories c JOIN cities ON cities.id = c.city_id"
                          " WHERE cities.slug = 'kupang'").fetchone()["n"]
    assert page.locator("#f-category option").count() == kupang + 1  # and "Pilih kategori"
    page.select_option("#f-category", "sampah")
    x, y = screen_point(page, *east_of(LLBK, 120))
    page.touchscreen.tap(x, 110)  # above the sheet: the map zooms in there ...
    wait_until(page, "!window.sigapMap.isMoving() && window.sigapMap.getZoom() >= 16.9")
    page.touchscreen.tap(x, 110)  # ... and the pin goes down
    wait_until(page, "document.getElementById('f-where').textContent.includes('tidak ada sinyal')")
    # What needs the server says so, instead of an empty sheet or "no notifications".
    page.tap("#mine-open")
    wait_until(page, "document.getElementById('mine').textContent.includes('Tidak ada sinyal')")
    page.tap("#bell")
    wait_until(page, "document.getElementById('notifs').textContent.includes('Tidak ada sinyal')")
    assert "Belum ada notifikasi" not in page.locator("#notifs").inner_text()


def test_a_report_queued_offline_goes_out_as_its_author(live: str, phone, client, conn: psycopg.Connection,
                                                        tmp_path) -> None:
    """A shared phone: Maria sends a report with no signal and signs out; the signal returns and
    Budi signs in. The report is Maria's, not Budi's."""
    maria, _ = make_user(conn, "maria")
    make_user(conn, "budi")
    context, page = phone()
    open_app(page, live)
    open_report_form(page, "maria@example.id")
    maria_token = page.evaluate("localStorage.getItem('sigap.token')")
    queue_offline(page, context, tmp_path)  # the phone's GPS works without signal
    page.tap("#f-logout")
    page.wait_for_selector("#f-login")
    # Whoever holds the phone now sees that a signed-out account's report waits (Maria herself, or
    # the next person), not Maria's photo, and cannot discard it.
    page.tap("#pending")
    page.wait_for_selector("#outbox-list li")
    row = page.locator("#outbox-list li").first
    assert "Laporan dari akun yang sudah keluar" in row.inner_text() and "Sampah" not in row.inner_text()
    assert row.locator("img").count() == 0 and row.locator("[data-discard]").count() == 0
    page.tap("#outbox .close")
    page.tap("#report-open")
    context.set_offline(False)
    sign_in(page, "budi@example.id")
    wait_until(page, "document.getElementById('pending').hidden", 40)
    rows = conn.execute("SELECT reporter_id FROM reports").fetchall()
    assert [r["reporter_id"] for r in rows] == [maria]
    # Her sign-in was kept only for that report: once it is out, it ends on the server.
    signed_out(client, page, maria_token, 40)


def signed_out(client, page, token: str, timeout_s: float = 20) -> None:
    """Wait until the server refuses `token`, as it must once its owner has signed out."""
    deadline = time.monotonic() + timeout_s
    while client.get("/api/v1/me", headers=auth(token)).status_code != 401:
        assert time.monotonic() < deadline, "signing out left the session working on the server"
        page.wait_for_timeout(100)


def queue_offline(page, context, tmp_path, name: str = "IMG_1.jpg") -> None:
    """With the form open: choose "sampah", a photo, lose the signal, the pin by GPS, tap send."""
    page.select_option("#f-category", "sampah")
    page.locator("#f-photo").set_input_files(str(phone_photo(tmp_path / name, east_of(LLBK, 60))))
    wait_until(page, "!document.getElementById('f-preview').hidden", 30)
    context.set_offline(True)
    page.tap("#f-locate")
    wait_until(page, "!document.getElementById('f-send').disabled")
    page.tap("#f-send")
    page.wait_for_selector("#form-msg.warn")


def test_a_report_that_waited_on_a_slow_link_is_listed_at_the_minute_it_was_sent(live: str, phone, conn: psycopg.Connection,
                                                                                  tmp_path) -> None:
    """Maria taps "Kirim" on a link that answers only minutes later, and then "try again" (503):
    the waiting list gave the minute of that answer, not the one she sent it in."""
    make_user(conn, "maria")
    context, page = phone()
    page.clock.install()  # time runs as usual; fast_forward stands for the slow link's minutes
    open_app(page, live)
    open_report_form(page, "maria@example.id")
    held: list[Any] = []

    def slow(route: Any) -> None:  # the report's post waits; the rest of the app goes as usual
        if route.request.method == "POST":
            held.append(route)
        else:
            route.fallback()
    page.route(re.compile(r"/api/v1/reports(\?|$)"), slow)
    page.select_option("#f-category", "sampah")
    page.locator("#f-photo").set_input_files(str(phone_photo(tmp_path / "IMG_1.jpg", east_of(LLBK, 60))))
    wait_until(page, "!document.getElementById('f-preview').hidden", 30)
    page.tap("#f-locate")
    wait_until(page, "!document.getElementById('f-send').disabled")
    minute = ("(t) => new Date(t).toLocaleTimeString('id-ID', {timeZone: 'Asia/Makassar', hour: '2-digit',"
              " minute: '2-digit'})")
    sent = page.evaluate("Date.now()")
    page.tap("#f-send")
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(100)
    page.clock.fast_forward("05:00")
    held.pop().fulfill(status=503, json={"code": "unavailable", "message": "Coba lagi.", "message_en": "Try again."})
    page.wait_for_selector("#form-msg.warn")  # kept, to go out when the link answers
    page.tap("#pending")
    page.wait_for_selector("#outbox-list li")
    row = page.locator("#outbox-list li").first.inner_text()
    assert any(page.evaluate(minute, sent + d) in row for d in (0, 60_000)), row
    assert page.evaluate(minute, sent + 300_000) not in row, row


def test_a_waiting_report_is_listed_and_can_be_discarded(live: str, phone, conn: psycopg.Connection,
                                                         tmp_path) -> None:
    """Maria changes her mind about a report that waits for signal: the chip opens the list, she
    discards it (asked once more), and when the signal returns nothing is sent."""
    make_user(conn, "maria")
    context, page = phone()
    open_app(page, live)
    page.add_script_tag(url=live + AXE)  # loaded while there is signal
    open_report_form(page, "maria@example.id")
    queue_offline(page, context, tmp_path)
    # "Laporan saya" says it waits (it was in the chip only: she thought it lost), and leads to it
    page.tap("#mine-open")
    page.wait_for_selector("#mine-waiting")
    assert page.locator("#mine-waiting").inner_text() == "1 laporan belum terkirim: lihat"
    page.tap("#mine-waiting")
    page.wait_for_selector("#outbox-list li")
    row = page.locator("#outbox-list li").first
    assert "Sampah" in row.inner_text() and "menunggu sinyal" in row.inner_text()
    assert row.locator("img.thumb").count() == 1  # her photo, to know which report it is
    axe_clean(page, live, "waiting reports")
    page.screenshot(path=str(ARTIFACTS / "phone-outbox.png"))
    row.locator("[data-discard]").tap()
    page.tap("text=Batal")  # not yet: the report stays
    assert page.locator("#outbox-list li").count() == 1
    page.locator("#outbox-list [data-discard]").tap()
    page.tap("#lang")  # the list is drawn again (in English): she is still asked, and answers
    page.wait_for_selector("#outbox-list >> text=Discard this report?")
    page.locator("#outbox-list [data-discard-yes]").tap()
    wait_until(page, "document.getElementById('pending').hidden")
    page.tap("#lang")
    wait_until(page, "document.getElementById('outbox').textContent.includes('Tidak ada laporan yang menunggu')")
    context.set_offline(False)
    # Something sent online after it arrives; the discarded one never does.
    page.tap("#outbox .close")  # the list was opened over the form: back to the form
    page.wait_for_selector("#report-form")
    assert page.locator("#report-panel").is_visible()
    page.select_option("#f-category", "lampu_rambu")
    page.locator("#f-photo").set_input_files(str(phone_photo(tmp_path / "IMG_2.jpg", east_of(LLBK, 90))))
    wait_until(page, "!document.getElementById('f-preview').hidden", 30)
    page.tap("#f-locate")
    wait_until(page, "!document.getElementById('f-send').disabled")
    page.tap("#f-send")
    page.wait_for_selector("#form-msg.ok")
    cats = conn.execute("SELECT c.code FROM reports r JOIN categories c ON c.id = r.category_id").fetchall()
    assert [c["code"] for c in cats] == ["lampu_rambu"]


def test_an_expired_sign_in_waits_for_its_author(live: str, phone, client, conn: psycopg.Connection,
                                                 tmp_path) -> None:
    """Maria's report waited days for signal and her sign-in expired meanwhile: the report waits
    for her, is not uploaded again and again, and goes out as hers when she signs in again. Then
    she signs out, and that sign-in stops working on the server at once."""
    maria, _ = make_user(conn, "maria")
    context, page = phone()
    open_app(page, live)
    open_report_form(page, "maria@example.id")
    queue_offline(page, context, tmp_path)
    conn.execute("UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE user_id = %s", (maria,))
    conn.commit()
    context.set_offline(False)
    wait_until(page, "document.getElementById('pending').textContent.includes('menunggu pengirimnya masuk lagi')", 40)
    page.tap("#pending")
    page.wait_for_selector("#outbox-list li")
    assert "menunggu pengirimnya masuk lagi" in page.locator("#outbox-list li").first.inner_text()
    page.tap("#outbox .close")  # back to the form it was opened over
    page.tap("#f-logout")
    sign_in(page, "maria@example.id")
    wait_until(page, "document.getElementById('pending').hidden", 40)
    rows = conn.execute("SELECT reporter_id FROM reports").fetchall()
    assert [r["reporter_id"] for r in rows] == [maria]
    token = page.evaluate("localStorage.getItem('sigap.token')")
    assert client.get("/api/v1/me", headers=auth(token)).status_code == 200
    page.tap("#f-logout")
    page.wait_for_selector("#f-login")
    signed_out(client, page, token)


def test_a_reopened_map_draws_the_newer_reports_by_itself(live: str, phone, client, conn: psycopg.Connection,
                                                          tmp_path) -> None:
    """The service worker answers report tiles from its cache (no wait on a weak link) and fetches
    newer ones behind them: when they differ, the map redraws without anyone touching it."""
    _, token = make_user(conn, "warga")
    assert submit(client, token, point=LLBK).status_code == 201
    context, page = phone()
    page.add_init_script("window.__updates = 0; navigator.serviceWorker?.addEventListener('message', (e) => {"
                         " if (e.data?.meta === 'workbox-broadcast-update') window.__updates++; });")
    open_app(page, live)
    wait_until(page, "performance.getEntriesByName('sigap:kept-offline').length > 0", 30)
    # The service worker's own requests for report tiles: the revalidations behind the cached answers.
    behind = {"asked": 0, "done": 0}
    context.on("request", lambda r: behind.update(asked=behind["asked"] + 1)
               if r.service_worker and "/tiles/reports/" in r.url else None)
    context.on("requestfinished", lambda r: behind.update(done=behind["done"] + 1)
               if r.service_worker and "/tiles/reports/" in r.url else None)
    page.reload()  # nothing changed: the cached tiles are the current ones, nothing to redraw
    wait_until(page, "performance.getEntriesByName('sigap:map-ready').length > 0", 30)
    for _ in range(300):  # every tile asked again has its answer (a 3 s pause passed before any had)
        if behind["done"] and behind["done"] == behind["asked"]:
            break
        page.wait_for_timeout(100)
    assert behind["done"] and behind["done"] == behind["asked"], behind
    page.wait_for_timeout(500)  # compared with the cached one; a difference is posted at once
    assert page.evaluate("window.__updates") == 0
    shown = ("Math.max(0, ...window.sigapMap.queryRenderedFeatures({layers: ['reports-hex', 'reports-point']})"
             ".map(f => f.properties.count || 1))")
    wait_until(page, f"{shown} === 1")
    for name, category in (("ani", "lampu_rambu"), ("budi", "kemacetan")):  # neighbours, other problems
        assert submit(client, make_user(conn, name)[1], point=east_of(LLBK, 5), category=category).status_code == 201
    page.reload()
    wait_until(page, "performance.getEntriesByName('sigap:map-ready').length > 0", 30)
    wait_until(page, f"{shown} === 3", 20)
    assert page.evaluate("window.__updates") >= 1  # the redraw came from the announcement


# Whether the phone's storage holds the kept draft `d` as `test` says (read, not changed).
DRAFT = ("new Promise((done) => {{ const r = indexedDB.open('sigap-draft'); r.onsuccess = () => {{"
         " const g = r.result.transaction('draft').objectStore('draft').get('report'); g.onsuccess = () => {{"
         " const d = g.result; r.result.close(); done({test}); }}; }}; }})")


def test_a_half_written_report_survives_a_reload(live: str, phone, conn: psycopg.Connection, tmp_path) -> None:
    """Android often reloads the tab when the camera app opens. The category, the words, the pin
    and a photo already taken came back empty (a phone walk); now the form opens again as it was
    left, says so, and sends. Put away (the sheet closed), nothing comes back."""
    ani, _ = make_user(conn, "ani")
    context, page = phone()
    open_app(page, live)
    open_report_form(page, "ani@example.id")
    page.select_option("#f-category", "sampah")
    page.locator("#f-photo").set_input_files(str(phone_photo(tmp_path / "IMG_2.jpg", east_of(LLBK, 60))))
    wait_until(page, "!document.getElementById('f-preview').hidden", 30)
    page.tap("#f-locate")  # the pin where the phone's GPS puts it
    wait_until(page, "document.getElementById('f-where').textContent.includes('Kel.')")
    wait_until(page, DRAFT.format(test="!!d && !!d.pin && !!d.photo"))  # kept, as a moment's pause would let it be
    # The words typed last, the field still in use (it was kept only once left): kept as typed.
    page.locator("#f-description").fill("Tumpukan sampah di depan sekolah")
    assert page.evaluate("document.activeElement.id") == "f-description"
    wait_until(page, DRAFT.format(test="d.description === 'Tumpukan sampah di depan sekolah'"))
    page.reload()
    wait_until(page, "document.getElementById('form-msg')?.textContent === 'Laporan yang belum terkirim dipulihkan.'", 30)
    assert page.locator("#f-category").input_value() == "sampah"
    assert page.locator("#f-description").input_value() == "Tumpukan sampah di depan sekolah"
    assert page.locator("#f-preview").is_visible()
    assert page.locator("#f-photo-gps").is_visible()  # the photo's own place is still offered
    wait_until(page, "document.getElementById('f-where').textContent.includes('Kel.')")
    page.screenshot(path=str(ARTIFACTS / "phone-draft-restored.png"))
    page.tap("#f-send")
    wait_until(page, "!!document.getElementById('report-form').dataset.sent", 30)
    row = conn.execute("SELECT description, (SELECT count(*) FROM photos p WHERE p.report_id = r.id) AS photos"
                       " FROM reports r WHERE reporter_id = %s", (ani,)).fetchone()
    assert row == {"description": "Tumpukan sampah di depan sekolah", "photos": 1}
    # Sent: no draft any more. A new one put away by closing the sheet does not come back either,
    # opened again at once (its category, photo and words did) or after a reload.
    page.select_option("#f-category", "sampah")
    page.locator("#f-photo").set_input_files(str(phone_photo(tmp_path / "IMG_3.jpg", east_of(LLBK, 60))))
    wait_until(page, "!document.getElementById('f-preview').hidden", 30)
    page.locator("#f-description").fill("Salah kategori")
    page.tap("#report-panel .close")
    # Said, with a way back for a while: a walk closed the sheet to look at the map and lost a report.
    wait_until(page, "document.getElementById('toast').textContent.startsWith('Laporan yang belum dikirim dibuang.')")
    page.tap("#toast-action")
    page.wait_for_selector("#report-form")
    assert (page.locator("#f-category").input_value(), page.locator("#f-description").input_value()) == (
        "sampah", "Salah kategori")
    assert page.locator("#f-preview").is_visible()
    page.tap("#report-panel .close")
    wait_until(page, "!document.getElementById('toast').hidden && !!document.getElementById('toast-action')")
    page.tap("#filters-open")  # another sheet: the "Urungkan" message went on covering its title (a phone walk)
    assert page.locator("#toast").is_hidden()
    page.tap("#filters .close")
    page.tap("#report-open")
    assert (page.locator("#f-category").input_value(), page.locator("#f-description").input_value()) == ("", "")
    assert page.locator("#f-preview").is_hidden()
    page.tap("#report-panel .close")
    # A person's pause: the draft is gone from the phone's storage before the reload (IndexedDB
    # writes take their time on a loaded machine, and a reload at once can cut one short).
    wait_until(page, DRAFT.format(test="!d"))
    page.reload()
    wait_until(page, "performance.getEntriesByName('sigap:draft-checked').length > 0")  # it looked, and found none
    assert page.locator("#report-panel").is_hidden()


def test_sheets_take_the_focus_and_a_bad_photo_is_not_shown_as_attached(live: str, phone, conn: psycopg.Connection,
                                                                          tmp_path) -> None:
    """A keyboard and screen-reader walk: opening a sheet left the focus on the header button, its
    ✕ dropped it on <body>, and Escape did nothing. A phone walk: an unreadable photo chosen after a
    good one left the good one on show as if attached, and its error stayed after a good one."""
    make_user(conn, "ani")
    context, page = phone(PHONES[1])
    open_app(page, live)
    page.tap("#filters-open")  # what the dots' colours mean, beside the status choice (there was no key)
    legend = page.locator("#status-legend")
    assert "Warna titik" in legend.inner_text() and "Selesai" in legend.inner_text() and "Ditutup, ditolak" in legend.inner_text()
    assert "Segi enam bernomor: jumlah laporan" in legend.inner_text()  # the hexagons had no key (a phone walk)
    page.tap("#lang")
    assert "Report dot colours" in legend.inner_text() and "Resolved" in legend.inner_text()
    assert "Numbered hexagons" in legend.inner_text()
    page.tap("#lang")
    page.tap("#filters .close")
    page.focus("#report-open")
    page.keyboard.press("Enter")
    wait_until(page, "document.getElementById('report-panel').contains(document.activeElement)")
    sign_in(page, "ani@example.id")
    page.select_option("#f-category", "orang_hilang")  # told before sending what the public will see
    assert "publik hanya melihat perkiraan wilayahnya" in page.locator("#f-private").inner_text()
    page.select_option("#f-category", "lampu_rambu")
    assert page.locator("#f-private").is_hidden()
    page.locator("#f-description").fill("Lampu mati sejak minggu lalu")
    page.locator("#f-search").fill("jalan")
    page.keyboard.press("Escape")  # clears the search box, and only that (it closed the whole form)
    wait_until(page, "document.getElementById('f-search').value === ''")
    page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")  # (its handlers ran)
    assert page.locator("#report-panel").is_visible()
    page.locator("#f-description").focus()
    page.keyboard.press("End")
    page.locator("#f-description").blur()
    page.locator("#report-title").focus()
    page.keyboard.press("Escape")  # put away as the back button does: what was written stays
    wait_until(page, "document.getElementById('report-panel').hidden")
    assert page.evaluate("document.activeElement.id") == "report-open"
    page.tap("#report-open")
    assert page.locator("#f-description").input_value() == "Lampu mati sejak minggu lalu"
    assert page.locator("#f-desc-count").is_hidden()
    page.locator("#f-description").fill("Lampu mati. " * 300)  # near the limit the count shows (it stopped silently)
    assert page.locator("#f-desc-count").text_content() == "3600 / 4000"
    page.keyboard.insert_text("Tiangnya miring. " * 40)  # pasted past the limit: cut, and said
    assert len(page.locator("#f-description").input_value()) == 4000
    assert page.locator("#f-desc-count").text_content() == (
        "Batas 4000 karakter tercapai: teks sesudahnya tidak masuk. Periksa akhir deskripsi Anda.")
    assert "error" in page.locator("#f-desc-count").get_attribute("class")  # a warning, not a grey hint (a walk)
    page.locator("#f-description").fill("Lampu mati sejak minggu lalu")
    page.tap("#filters-open")  # a look at Filter over the form: the form comes back, and still belongs to "Laporkan"
    wait_until(page, "document.getElementById('filters').contains(document.activeElement)")
    page.keyboard.press("Escape")
    wait_until(page, "!document.getElementById('report-panel').hidden")
    good = phone_photo(tmp_path / "IMG_5.jpg", east_of(LLBK, 60))
    broken = tmp_path / "IMG_6.jpg"
    broken.write_bytes(good.read_bytes()[:20_000])
    page.locator("#f-photo").set_input_files(str(broken))
    wait_until(page, "document.getElementById('form-msg').textContent === 'Foto tidak dapat dibaca.'", 30)
    page.locator("#f-photo").set_input_files(str(good))
    wait_until(page, "!document.getElementById('f-preview').hidden", 30)
    assert page.locator("#form-msg").text_content() == ""  # the old error went with the old photo
    page.locator("#f-photo").set_input_files(str(broken))
    wait_until(page, "document.getElementById('form-msg').textContent === 'Foto tidak dapat dibaca.'", 30)
    assert page.locator("#f-preview").is_hidden() and page.locator("#f-photo-gps").is_hidden()
    assert page.locator("#f-send").is_disabled()
    page.tap("#report-panel .close")
    wait_until(page, "document.activeElement.id === 'report-open'")
    # "Laporan saya" draws its list after it opens: the focus stays in it, the second time too (it fell to <body>)
    for _ in range(2):
        page.focus("#mine-open")
        page.keyboard.press("Enter")
        page.wait_for_selector("#mine #mine-title")
        wait_until(page, "document.activeElement.id === 'mine-title'")  # its heading, not the bare sheet
        page.keyboard.press("Escape")
        wait_until(page, "document.activeElement.id === 'mine-open'")
    context.close()


def test_an_open_report_shows_its_news_by_itself(live: str, phone, client, conn: psycopg.Connection) -> None:
    """Ani reads her report in "Laporan saya" while the city works on it: the bell's news also
    redraws the report she has open (it still said "Diterima" after it moved on)."""
    _, ani = make_user(conn, "ani")
    _, operator = make_user(conn, "op", "operator")
    rid = submit(client, ani).get_json()["id"]
    context, page = phone()
    open_app(page, live)
    open_report_form(page, "ani@example.id")
    page.tap("#mine-open")
    page.tap(f"#mine-list button[data-report='{rid}']")
    wait_until(page, "document.getElementById('mine').textContent.includes('Status: Diterima')")
    assert client.post(f"/api/v1/reports/{rid}/transitions", json={"to": "verified"},
                       headers=auth(operator)).status_code == 200
    wait_until(page, "document.getElementById('mine').textContent.includes('Status: Diverifikasi')", 60)  # a 20 s poll
    wait_until(page, "document.getElementById('bell-count').hidden")  # opened as it changed: its news is read
    # She reads her notifications with a keyboard: the bell's refresh draws the list anew when
    # news comes, and the focus stays on the notification she was on (it fell to the heading).
    page.tap("#mine .close")
    page.tap("#bell")
    page.wait_for_selector("#notif-list button")
    on = page.locator("#notif-list button").first.get_attribute("data-notification")
    wait_until(page, "document.activeElement.id === 'notifs-title'")
    page.keyboard.press("Tab")  # past the sheet's ✕
    page.keyboard.press("Tab")
    wait_until(page, f"document.activeElement.dataset.notification === '{on}'")
    responder_id, _ = make_user(conn, "petugas", "responder", "DLH")
    assert client.post(f"/api/v1/reports/{rid}/transitions", json={"to": "assigned", "assignee_id": responder_id},
                       headers=auth(operator)).status_code == 200
    wait_until(page, "document.querySelectorAll('#notif-list button').length === 2", 60)  # a 20 s poll, on a loaded machine
    assert page.evaluate("document.activeElement.dataset.notification") == on
