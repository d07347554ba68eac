"""Two cities on one platform, at phone size with touch: a Jakarta resident opens Kupang's map,
switches to DKI Jakarta in the Filter sheet, and reports at Monas with "Lokasi saya". The
report is routed to Jakarta's agency; Kupang's map never shows it."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

import psycopg
import pytest

from bench.photos import phone_photo
from tests.conftest import serve
from tests.e2e.conftest import ARTIFACTS, wait_until
from tests.e2e.test_phone_app import PHONES, axe_clean, in_view, open_report_form, phone, staff_sign_in  # noqa: F401
from tests.helpers import KUPANG_TZ, LLBK, east_of, make_user, plant_reports

MONAS = (106.8272, -6.1754)


def _report_form_on(phone, url: str, gps: tuple[float, float], login: str, category: str):  # noqa: F811
    """A 390x844 phone whose GPS is at `gps` opens `url`, signs in from "Laporkan" and picks a category."""
    context, page = phone(PHONES[1])
    context.set_geolocation({"longitude": gps[0], "latitude": gps[1], "accuracy": 20})
    page.goto(url)
    wait_until(page, "!!(window.sigapMap && window.sigapMap.loaded())")
    open_report_form(page, login)
    page.select_option("#f-category", category)
    return page


@pytest.fixture
def two_live(two_app):
    yield from serve(two_app)


@pytest.mark.parametrize("size", PHONES, ids=["390x844", "360x640"])
def test_a_jakarta_resident_switches_city_and_reports(two_live: str, phone, two_db: psycopg.Connection,  # noqa: F811
                                                      tmp_path, size) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    make_user(two_db, "budi")
    context, page = phone(size)
    context.set_geolocation({"longitude": MONAS[0], "latitude": MONAS[1], "accuracy": 20})
    page.goto(two_live + "/kupang/")
    wait_until(page, "!!(window.sigapMap && window.sigapMap.loaded())")
    assert "Kota Kupang" in page.locator(".subtitle").inner_text()

    page.tap("#filters-open")
    page.wait_for_selector("#city-switch option[value=jakarta]", state="attached")
    assert in_view(page, "#city-switch")
    axe_clean(page, two_live, "filter sheet with the city switcher")
    page.select_option("#city-switch", "jakarta")
    page.wait_for_url(two_live + "/jakarta/")
    wait_until(page, "!!(window.sigapMap && window.sigapMap.loaded())")
    assert "DKI Jakarta" in page.locator(".subtitle").inner_text()
    lng, lat = page.evaluate("window.sigapMap.getCenter().toArray()")
    assert 106.6 < lng < 107.1 and -6.4 < lat < -6.0, "the map opens on Jakarta"
    assert page.locator("#performance-link").get_attribute("href") == "/jakarta/transparansi"

    open_report_form(page, "budi@example.id")
    page.select_option("#f-category", "sampah")
    page.locator("#f-photo").set_input_files(str(phone_photo(tmp_path / "IMG_monas.jpg", MONAS)))
    wait_until(page, "!document.getElementById('f-preview').hidden", 30)
    page.tap("#f-locate")
    wait_until(page, "document.getElementById('f-where').textContent.includes('Kel.')")
    assert "Gambir" in page.locator("#f-where").inner_text() and "DKI Jakarta" in page.locator("#f-where").inner_text()
    assert page.locator("#f-other-city").count() == 0  # this page's city: nothing to warn of
    wait_until(page, "window.sigapMap.areTilesLoaded() && !window.sigapMap.isMoving()")
    assert page.evaluate("window.sigapMap.queryRenderedFeatures({layers: ['kelurahan-fill']})"
                         ".some(f => f.properties.name === 'Gambir')"), "Jakarta's kelurahan are drawn"
    page.screenshot(path=str(ARTIFACTS / f"phone-jakarta-{size['width']}.png"))
    page.tap("#f-send")
    page.wait_for_selector("#form-msg.ok", timeout=20000)
    row = two_db.execute("SELECT r.city_id, a.code AS agency, a.city_id AS agency_city, k.name AS kelurahan"
                         " FROM reports r JOIN agencies a ON a.id = r.agency_id"
                         " JOIN kelurahan k ON k.id = r.kelurahan_id").fetchone()
    two_db.commit()
    assert (row["city_id"], row["agency"], row["agency_city"], row["kelurahan"]) == (2, "DLH", 2, "Gambir")

    # Kupang's list, and its map page, do not show it; Jakarta's does.
    assert page.evaluate("fetch('/api/v1/reports?city=kupang').then(r => r.json()).then(f => f.features.length)") == 0
    assert page.evaluate("fetch('/api/v1/reports').then(r => r.json()).then(f => f.features.length)") == 1


def test_staff_on_another_citys_dashboard_are_taken_to_theirs(two_live: str, phone,  # noqa: F811
                                                                two_db: psycopg.Connection) -> None:
    make_user(two_db, "op.jakarta", "operator", city_id=2)
    context, page = phone(PHONES[0])
    staff_sign_in(page, two_live + "/kupang/ops", "op.jakarta@example.id")
    page.wait_for_url(two_live + "/jakarta/ops")
    wait_until(page, "window.sigapReady === true")
    lng, lat = page.evaluate("window.sigapMap.getCenter().toArray()")
    assert 106.6 < lng < 107.1 and -6.4 < lat < -6.0
    # The page says which city it is (taken there silently, the operator could not tell).
    assert page.locator("#page-city").inner_text() == "DKI Jakarta" and in_view(page, "#page-city")
    assert page.title() == "SIGAP — Dasbor Staf — DKI Jakarta"
    page.tap("#lang")
    assert page.title() == "SIGAP — Staff dashboard — DKI Jakarta"


def test_a_pin_in_another_city_is_said_before_sending(two_live: str, phone, two_db: psycopg.Connection,  # noqa: F811
                                                      tmp_path) -> None:
    """On Jakarta's page, a GPS fix in Kupang (a stale fix, a phone just off a plane): the form
    says the report goes to Kota Kupang, not DKI Jakarta, before the tap on "Kirim", and the
    receipt says so again; "Laporan saya" names the city of such a report."""
    make_user(two_db, "budi")
    page = _report_form_on(phone, two_live + "/jakarta/", LLBK, "budi@example.id", "sampah")
    page.locator("#f-photo").set_input_files(str(phone_photo(tmp_path / "IMG_kupang.jpg", LLBK)))
    wait_until(page, "!document.getElementById('f-preview').hidden", 30)
    page.tap("#f-locate")
    page.wait_for_selector("#f-other-city")
    assert page.locator("#f-other-city").inner_text() == (
        "Titik ini berada di Kota Kupang, bukan DKI Jakarta: laporan akan masuk ke Kota Kupang. Periksa pin bila keliru.")
    assert "Akurasi" in page.locator("#f-gps").inner_text()
    page.screenshot(path=str(ARTIFACTS / "phone-jakarta-pin-in-kupang.png"))
    page.tap("#f-send")
    page.wait_for_selector("#form-msg.ok", timeout=20000)
    assert "Kota Kupang)" in page.locator("#form-msg").inner_text()
    assert page.locator("#f-gps").inner_text() == ""  # no pin now: no accuracy either
    assert two_db.execute("SELECT city_id FROM reports").fetchone()["city_id"] == 1
    two_db.commit()
    page.tap("#mine-open")
    page.wait_for_selector("#mine-list button[data-report]")
    assert "Kota Kupang" in page.locator("#mine-list").inner_text()
    # Its time in its own city's zone, as its page and the exports give it (WIB was an hour off).
    assert "WITA" in page.locator("#mine-list").inner_text() and "WIB" not in page.locator("#mine-list").inner_text()
    page.tap("#mine-list button[data-report]")
    page.wait_for_selector(".timeline li")
    assert "WITA" in page.locator(".timeline").inner_text() and "WIB" not in page.locator(".timeline").inner_text()


def test_an_admin_of_two_cities_switches_dashboards(two_live: str, phone,  # noqa: F811
                                                   two_db: psycopg.Connection) -> None:
    """The platform's admin works for Kupang and Jakarta: the dashboard's header has a city
    picker, and picking DKI Jakarta opens Jakarta's dashboard on Jakarta's map."""
    from geo.accounts import add_staff_city

    admin_id, _ = make_user(two_db, "admin.both", "admin", city_id=1)
    add_staff_city(two_db, admin_id, 2)
    two_db.commit()
    context, page = phone(PHONES[1])
    staff_sign_in(page, two_live + "/kupang/ops", "admin.both@example.id")
    wait_until(page, "window.sigapReady === true")
    page.wait_for_selector("#staff-city option[value=jakarta]", state="attached")
    assert page.locator("#staff-city option:checked").inner_text() == "Kota Kupang"
    assert in_view(page, "#staff-city")
    axe_clean(page, two_live, "dashboard with the city picker")
    assert page.locator("#staff-city").get_attribute("aria-label") == "Kota"
    page.tap("#lang")
    assert page.locator("#staff-city").get_attribute("aria-label") == "City"
    page.select_option("#staff-city", "jakarta")
    page.wait_for_url(two_live + "/jakarta/ops")
    wait_until(page, "window.sigapReady === true")
    assert page.locator("#staff-city option:checked").inner_text() == "DKI Jakarta"
    lng, lat = page.evaluate("window.sigapMap.getCenter().toArray()")
    assert 106.6 < lng < 107.1 and -6.4 < lat < -6.0
    page.screenshot(path=str(ARTIFACTS / "ops-city-picker.png"))


def test_last_seven_days_are_the_citys_days_whatever_the_phones_zone(live: str, phone,  # noqa: F811
                                                                      conn: psycopg.Connection) -> None:
    """A phone set to WIB (or left on UTC) opens Kupang's map and picks "7 hari terakhir": the
    filter starts at midnight WITA six days back (today is the seventh: it spanned eight calendar
    days), so a report from half past midnight that day shows and one from the evening before does
    not (with UTC days one of them is always wrong)."""
    first_day = datetime.now(KUPANG_TZ).date() - timedelta(days=6)
    inside = datetime.combine(first_day, time(0, 30), KUPANG_TZ)
    before = datetime.combine(first_day - timedelta(days=1), time(23, 30), KUPANG_TZ)
    assert plant_reports(conn, [
        {"lng": LLBK[0], "lat": LLBK[1], "category": "sampah", "created": inside},
        {"lng": east_of(LLBK, 400)[0], "lat": LLBK[1], "category": "fasilitas_anak", "created": before}]) == 2
    # A point carries its category; a hexagon its counts per category (cat_<code>).
    shown = ("[...new Set(window.sigapMap.queryRenderedFeatures({layers: ['reports-point', 'reports-hex']})"
             ".flatMap(f => f.properties.category ? [f.properties.category]"
             " : Object.keys(f.properties).filter(k => k.startsWith('cat_')).map(k => k.slice(4))))].sort()")
    for zone in ("Asia/Jakarta", "UTC"):
        context, page = phone(PHONES[1], timezone=zone)
        page.goto(live + "/")
        wait_until(page, "!!(window.sigapMap && window.sigapMap.loaded() && window.sigapMap.areTilesLoaded())")
        wait_until(page, f"JSON.stringify({shown}) === JSON.stringify(['fasilitas_anak', 'sampah'])")
        page.tap("#filters-open")
        page.select_option("#period", "7")
        # and names the day it starts, the city's (the map's filter named none; /ops's did)
        months = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
        label = page.locator("#period option:checked").inner_text()
        assert label == f"7 hari terakhir (sejak {first_day.day} {months[first_day.month - 1]} {first_day.year})", label
        page.tap("#filters .close")
        wait_until(page, f"window.sigapMap.areTilesLoaded() && JSON.stringify({shown}) === JSON.stringify(['sampah'])")
        context.close()


def test_the_period_list_moves_on_at_midnight_with_the_page_open(live: str, phone) -> None:  # noqa: F811
    """A phone left on the map overnight: opening the filters after midnight names the new first
    day, and the map filters from it (the labels were named once, at load)."""
    day = datetime.now(KUPANG_TZ).date()
    months = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]

    def label(first: date) -> str:
        return f"7 hari terakhir (sejak {first.day} {months[first.month - 1]} {first.year})"

    context, page = phone(PHONES[1])
    page.clock.install(time=datetime.combine(day, time(23, 58), KUPANG_TZ))  # time runs on from there
    page.goto(live + "/")
    wait_until(page, "!!(window.sigapMap && window.sigapMap.loaded())")
    page.tap("#filters-open")
    page.select_option("#period", "7")
    assert page.locator("#period option:checked").inner_text() == label(day - timedelta(days=6))
    page.tap("#filters .close")
    page.clock.fast_forward("05:00")  # past midnight, the page still open
    page.tap("#filters-open")
    assert page.locator("#period option:checked").inner_text() == label(day - timedelta(days=5))
    wait_until(page, f"window.sigapMap.getSource('reports').tiles[0].includes('since={day - timedelta(days=5)}')")
    context.close()


def test_my_jakarta_report_opens_and_closes_from_kupangs_map(two_app, two_live: str, phone,  # noqa: F811
                                                             two_db: psycopg.Connection) -> None:
    """One account reports anywhere: a Kupang resident who reported at Monas on a trip finds it
    in "Laporan saya" on Kupang's map at 360×640, opens it (the app asks Jakarta for it, not
    Kupang) and closes it with a rating once Jakarta's team has fixed it. Back at Monas, the
    form on Kupang's page offers another resident's open report there, and "Dukung" counts."""
    from tests.helpers import move, resolved_by, submit

    c = two_app.test_client()
    _, citizen = make_user(two_db, "sari")
    jid = submit(c, citizen, point=MONAS).get_json()["id"]
    _, neighbour = make_user(two_db, "budi")
    lamp = submit(c, neighbour, category="lampu_rambu", point=east_of(MONAS, 20)).get_json()["id"]
    _, operator = make_user(two_db, "op.jakarta", "operator", city_id=2)
    petugas_id, petugas = make_user(two_db, "petugas.jakarta", "responder", "DLH", city_id=2)
    move(c, jid, [(operator, {"to": "verified"}), *resolved_by(operator, petugas_id, petugas)], city="jakarta")

    page = _report_form_on(phone, two_live + "/kupang/", MONAS, "sari@example.id", "lampu_rambu")
    page.tap("#f-locate")
    page.wait_for_selector(f"#similar button[data-support='{lamp}']")
    page.tap("#lang")  # the form drawn anew in English still offers it (it was gone until the pin moved)
    wait_until(page, f"document.querySelector(\"#similar button[data-support='{lamp}']\")?.textContent"
                     f".startsWith('Support #{lamp}')")
    page.tap("#lang")
    page.wait_for_selector(f"#similar button[data-support='{lamp}']")
    page.tap(f"#similar button[data-support='{lamp}']")
    wait_until(page, "document.getElementById('report-panel').hidden")  # supported instead: the form is put away
    assert page.locator("#toast").inner_text() == (
        f"Terima kasih: dukungan Anda untuk laporan #{lamp} tercatat, laporan baru tidak perlu dikirim. "
        "Kabarnya ada di “Laporan saya”.")
    assert two_db.execute("SELECT support_count FROM reports WHERE id = %s", (lamp,)).fetchone()["support_count"] == 1
    two_db.commit()
    page.tap("#report-open")  # at the same lamp again: said so, not thanked again
    page.select_option("#f-category", "lampu_rambu")
    page.tap("#f-locate")
    page.wait_for_selector(f"#similar button[data-support='{lamp}']")
    page.tap(f"#similar button[data-support='{lamp}']")
    wait_until(page, f"document.getElementById('toast').textContent.startsWith('Anda sudah mendukung laporan #{lamp}')")
    assert two_db.execute("SELECT support_count FROM reports WHERE id = %s", (lamp,)).fetchone()["support_count"] == 1
    two_db.commit()
    page.tap("#mine-open")
    page.wait_for_selector(f"#mine-list button[data-report='{jid}']")
    page.tap(f"#mine-list button[data-report='{jid}']")
    page.wait_for_selector("#follow-up")
    assert "Gambir" in page.locator("#mine").inner_text()
    axe_clean(page, two_live, "a Jakarta report in Kupang's my reports")
    page.tap("button[data-star='5']")
    page.tap("#rate-close")
    wait_until(page, "!document.getElementById('follow-up')")
    got = two_db.execute("SELECT status, rating, city_id FROM reports WHERE id = %s", (jid,)).fetchone()
    two_db.commit()
    assert (got["status"], got["rating"], got["city_id"]) == ("closed", 5, 2)
    page.screenshot(path=str(ARTIFACTS / "phone-mine-other-city.png"))
    # Kupang's map cannot show it: the report offers Jakarta's map, which opens at it.
    page.tap("#mine-on-map")
    page.wait_for_url(f"{two_live}/jakarta/?report={jid}")
    wait_until(page, f"document.getElementById('info-title')?.textContent.startsWith('#{jid} ')")
    wait_until(page, "window.sigapMap && !window.sigapMap.isMoving() && window.sigapMap.getZoom() >= 15")
    centre = page.evaluate("window.sigapMap.getCenter().toArray()")
    assert abs(centre[0] - MONAS[0]) < 0.01 and abs(centre[1] - MONAS[1]) < 0.01, centre


def test_a_link_to_a_report_on_the_wrong_citys_page_goes_on_to_its_city(two_app, two_live: str, phone,  # noqa: F811
                                                                        two_db: psycopg.Connection) -> None:
    """/kupang/?report=N for Jakarta's report N (an old or hand-made link) opened Kupang's bare map,
    and Kupang's operator following /ops#report=N saw nothing at all (a second-city walk): the
    resident's phone goes on to Jakarta's map with the report open, and /ops says where it is."""
    from tests.helpers import submit

    _, citizen = make_user(two_db, "sari")
    jid = submit(two_app.test_client(), citizen, point=MONAS).get_json()["id"]
    context, page = phone(PHONES[0])
    page.goto(f"{two_live}/kupang/?report={jid}")
    wait_until(page, f"location.pathname === '/jakarta/' && document.getElementById('info-title')?.textContent"
                     f".startsWith('#{jid} ')")
    assert "DKI Jakarta" in page.locator(".subtitle").inner_text() and in_view(page, "#info-title")
    context.close()

    make_user(two_db, "op.kupang", "operator", city_id=1)
    context, page = phone(PHONES[0])
    staff_sign_in(page, f"{two_live}/kupang/ops#report={jid}", "op.kupang@example.id")
    wait_until(page, "window.sigapReady === true")
    page.wait_for_selector("#q-find-msg.error")
    assert page.locator("#q-find-msg").inner_text() == f"Laporan #{jid} ada di DKI Jakarta, bukan di kota ini."
    assert in_view(page, "#q-find-msg") and page.locator("#detail").is_hidden()
    page.screenshot(path=str(ARTIFACTS / "ops-report-of-another-city.png"))
